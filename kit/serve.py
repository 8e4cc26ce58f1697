"""Serve a Python adapter over the stdio protocol: ``python -m p2c_kit.serve [module:factory]``.

With no argument it serves the reference implementation, so that
``p2c certify --adapter-cmd "python -m p2c_kit.serve"`` certifies the reference through the
protocol. Anything the adapter prints is discarded: stdout carries protocol messages only, and the
kit takes output on stderr for an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys

from p2c_kit._contract.errors import KitError
from p2c_kit._contract.protocol import answer
from p2c_kit._transports.driver import DEFAULT_ADAPTER, load_adapter


def serve(spec: str) -> None:
    protocol = sys.stdout
    with open(os.devnull, "w") as discard, contextlib.redirect_stdout(discard):
        try:
            adapter = load_adapter(spec)
        except KitError as error:  # said in one line, which the kit shows as the process's stderr
            print(f"p2c_kit.serve: error: {error}", file=sys.stderr)
            sys.exit(2)
        for line in sys.stdin:
            if not line.strip():
                continue
            response = answer(adapter, json.loads(line))
            if response is None:  # stop
                return
            protocol.write(json.dumps(response) + "\n")
            protocol.flush()


if __name__ == "__main__":
    serve(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_ADAPTER)
