"""The adapter protocol: requests and responses, and how an in-process adapter answers them.

The in-process adapter (a Python object with the methods of :class:`p2c_kit.Adapter`) is the first
transport; an adapter process speaking JSON lines is the second (``kit/_transports/stdio.py``). Both
speak the same messages, specified by ``schemas/v2/protocol.json``.
"""

from __future__ import annotations

import traceback
from typing import Any

from p2c_kit._contract.adapter import ACTIONS, Adapter
from p2c_kit._contract.errors import Refused, Skipped
from p2c_kit._contract.schemas import CONTRACT_VERSION

#: The keys of the four kinds of response; a response has exactly one of them.
RESPONSE_KINDS = ("result", "refused", "skipped", "errored")


def answer(adapter: Adapter, request: dict[str, Any]) -> dict[str, Any] | None:
    """The response of an in-process adapter to one request (None for ``stop``)."""
    seq = request.get("seq")
    try:
        return {"seq": seq, "result": _carry_out(adapter, request)}
    except _Stopped:
        return None
    except Refused as refusal:
        return {
            "seq": seq,
            "refused": {"rule": refusal.rule, "reason": refusal.reason, "field": refusal.field},
        }
    except Skipped as skip:
        skipped: dict[str, Any] = {"message": skip.message}
        if skip.issue_url:
            skipped["issue_url"] = skip.issue_url
        return {"seq": seq, "skipped": skipped}
    except Exception as error:
        return {
            "seq": seq,
            "errored": {"message": repr(error), "traceback": traceback.format_exc()},
        }


class _Stopped(Exception):
    pass


def _carry_out(adapter: Adapter, request: dict[str, Any]) -> dict[str, Any]:
    command = request.get("cmd")
    if command == "start":
        if request.get("version") != CONTRACT_VERSION:
            raise ValueError(
                f"this adapter speaks protocol version {CONTRACT_VERSION}, "
                f"not {request.get('version')!r}"
            )
        return {"version": CONTRACT_VERSION, "implementation": dict(adapter.start())}
    if command == "reset":
        adapter.reset(request["configuration"])
        return {}
    if command == "perform":
        action = request["action"]
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        result: dict[str, Any] = getattr(adapter, action)(**request["arguments"])
        return result
    if command == "query":
        records: dict[str, Any] = adapter.query(request["system"])
        return records
    if command == "stop":
        adapter.stop()
        raise _Stopped
    raise ValueError(f"unknown command {command!r}")
