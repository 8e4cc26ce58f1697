"""The ``p2c`` command (:mod:`.cli`), every option of it and of the pytest plugin
(:mod:`.options`), and the commands: certify and verify, report, the listings, and those that
are more than a pytest run: load, explore, kill-matrix (and its workers), smoke and lint."""
