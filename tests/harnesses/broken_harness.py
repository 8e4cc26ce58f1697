"""An adapter process that breaks the protocol in one way, chosen by its first argument.

It serves the reference implementation over the stdio protocol, as ``python -m kit.serve`` does,
except for the breakage (a mode that takes no further argument ignores any: a test may name the
process by one):

- ``crash_on_start``: exits with status 3 before answering anything.
- ``hang``: answers start and reset, then never answers an action.
- ``garbage``: answers start, then writes a line that is not JSON.
- ``wrong_seq``: answers start, then answers every request with another seq.
- ``violates_schema``: answers start, then adds an unknown field to every response.
- ``dies_mid_run``: serves 40 requests well, then exits with status 1 (every time it is started).
- ``writes_stderr``: writes a warning to stderr when it performs an action.
- ``empty_refusal_rule``: refuses as the reference does, but names no rule.
- ``refuses_queries``: answers every query with a refusal.
- ``endless_line``: answers start and reset, then writes a line without end to every action, at
  about 30 MB/s, forever: more than a kit that buffers quadratically can read, short of
  ``MAX_LINE`` within a second.
- ``floods_stderr``: answers start and reset, then writes to stderr as fast as it can, forever,
  instead of answering an action.
- ``long_line``: answers start and reset, then answers every action with a line longer than the
  kit reads.
"""

import json
import sys
import time

from kit._protocol import answer
from kit._subprocess import MAX_LINE
from rules import ReferenceAdapter

mode = sys.argv[1]
if mode == "crash_on_start":
    print("cannot connect to the middleware", file=sys.stderr)
    sys.exit(3)

adapter = ReferenceAdapter()
for count, line in enumerate(sys.stdin, start=1):
    request = json.loads(line)
    response = answer(adapter, request)
    if response is None:
        break
    if request["cmd"] != "start":
        if mode == "hang" and request["cmd"] == "perform":
            time.sleep(3600)
        if mode == "endless_line" and request["cmd"] == "perform":
            while True:
                sys.stdout.write("x" * 65536)
                sys.stdout.flush()
                time.sleep(0.002)
        if mode == "floods_stderr" and request["cmd"] == "perform":
            while True:
                print("warning " * 1000, file=sys.stderr, flush=True)
        if mode == "long_line" and request["cmd"] == "perform":
            print("x" * (MAX_LINE + 1), flush=True)
            continue
        if mode == "garbage":
            print("Listening on port 8080", flush=True)
            continue
        if mode == "wrong_seq":
            response["seq"] = request["seq"] + 1000
        if mode == "violates_schema":
            response["status"] = "ok"
        if mode == "dies_mid_run" and count > 40:
            sys.exit(1)
        if mode == "refuses_queries" and request["cmd"] == "query":
            response = {"seq": request["seq"], "refused": {"rule": "x", "reason": "no"}}
        if mode == "empty_refusal_rule" and "refused" in response:
            response["refused"]["rule"] = ""
        if mode == "writes_stderr" and request["cmd"] == "perform":
            print("DeprecationWarning: something", file=sys.stderr, flush=True)
    print(json.dumps(response), flush=True)
