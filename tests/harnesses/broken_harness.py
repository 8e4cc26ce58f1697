"""An adapter process that breaks the protocol in one way, chosen by its first argument.

It serves the reference implementation over the stdio protocol, as ``python -m kit.serve`` does,
except for the breakage:

- ``crash_on_start``: exits with status 3 before answering anything.
- ``hang``: answers start and reset, then never answers an action.
- ``garbage``: answers start, then writes a line that is not JSON.
- ``wrong_seq``: answers start, then answers every request with another seq.
- ``violates_schema``: answers start, then adds an unknown field to every response.
- ``dies_mid_run``: serves 40 requests well, then exits with status 1 (every time it is started).
- ``writes_stderr``: writes a warning to stderr when it performs an action.
- ``empty_refusal_rule``: refuses as the reference does, but names no rule.
- ``refuses_queries``: answers every query with a refusal.
"""

import json
import sys
import time

from kit._protocol import answer
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
