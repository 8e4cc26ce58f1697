"""The adapter contract: the shapes an implementation receives and returns
(:mod:`.adapter`), the exceptions that say whose fault an error is (:mod:`.errors`), the JSON
Schemas every message is checked against (:mod:`.schemas`), the wire protocol both transports
speak (:mod:`.protocol`) and SCM's number sequence formats (:mod:`.numbers`).

Users import all of it from ``p2c_kit``; nothing here depends on the rest of the kit."""
