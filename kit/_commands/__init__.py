"""The ``p2c`` command (:mod:`.cli`) and the commands that are more than a pytest run: load,
explore, kill-matrix (and its workers), smoke and lint."""
