"""How the kit reaches an implementation: the driver every step goes through (:mod:`.driver`),
over an in-process adapter or an adapter process speaking the protocol on stdio (:mod:`.stdio`),
and the ending of every process an adapter started (:mod:`.processes`)."""
