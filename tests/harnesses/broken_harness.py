"""An adapter process that breaks the protocol in one way, chosen by its first argument.

It serves the reference implementation over the stdio protocol, as ``python -m p2c_kit.serve`` does,
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
- ``setsid_child MARKER``: serves well, but first starts a child that calls ``setsid`` (leaving
  the adapter's process group) and sleeps (``sleeper.py``: MARKER names it).
- ``daemon MARKER``: serves well, but first starts a sleeping daemon the classic way: fork,
  ``setsid``, fork again, and the middle process exits, so that the daemon leaves the adapter's
  process tree (``sleeper.py``: MARKER names it).
"""

import json
import os
import subprocess
import sys
import time

import sleeper

from p2c_kit._contract.protocol import answer
from p2c_kit._transports.stdio import MAX_LINE
from p2c_reference import ReferenceAdapter

mode = sys.argv[1]
if mode == "crash_on_start":
    print("cannot connect to the middleware", file=sys.stderr)
    sys.exit(3)

if mode == "setsid_child":
    subprocess.Popen(
        sleeper.command(sys.argv[2], setsid=True),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sleeper.wait_until_started(sys.argv[2])
if mode == "daemon":
    middle = os.fork()
    if middle == 0:
        os.setsid()
        if os.fork() == 0:
            devnull = os.open(os.devnull, os.O_RDWR)
            for descriptor in (0, 1, 2):
                os.dup2(devnull, descriptor)
            daemon = sleeper.command(sys.argv[2])
            os.execv(daemon[0], daemon)
        os._exit(0)
    os.waitpid(middle, 0)
    sleeper.wait_until_started(sys.argv[2])

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
