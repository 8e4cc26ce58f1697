"""What a check found against what the specification allows: the conformance failure a step or an
explored property raises (:class:`Mismatch`, through :func:`fail`), and the differences between
two states of the records that such a failure shows."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from p2c_kit._text import shortened


class Mismatch(AssertionError):
    """A check found what the specification does not allow: a conformance failure, with what was
    expected, what was found, and the records concerned."""

    def __init__(self, expected: str, actual: str, records: dict[str, Any]) -> None:
        self.expected = expected
        self.actual = actual
        self.records = records
        shown = "".join(
            f"\n{title}:\n{json.dumps(record, indent=2, sort_keys=True)}"
            for title, record in records.items()
        )
        super().__init__(f"expected: {expected}\nactual:   {actual}{shown}")


def fail(expected: str, actual: str, *records: tuple[str, Any]) -> NoReturn:
    """Fail the check with what was expected, what was found, and the records concerned."""
    __tracebackhide__ = True
    raise Mismatch(expected, actual, dict(records))


def canonical(value: Any) -> Any:
    """Records with every list sorted: the contract's lists are sets."""
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted(
            (canonical(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True)
        )
    return value


#: The fields that identify a record within its list, for naming it in a difference.
_IDENTITIES = ("id", "number", "account")


def differences(before: Any, after: Any, path: str) -> list[str]:
    """Each difference between two canonical values, as ``path: before -> after``."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            line
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key)
            for line in differences(before.get(key), after.get(key), f"{path}.{key}")
        ]
    if isinstance(before, list) and isinstance(after, list):
        identity = next(
            (key for key in _IDENTITIES if _identifies(key, before) and _identifies(key, after)),
            None,
        )
        if identity is not None:
            old = {record[identity]: record for record in before}
            new = {record[identity]: record for record in after}
            return [
                line
                for key in sorted(set(old) | set(new))
                if old.get(key) != new.get(key)
                for line in differences(old.get(key), new.get(key), f"{path}[{key}]")
            ]
        if len(before) == len(after):
            return [
                line
                for index, (old_item, new_item) in enumerate(zip(before, after, strict=True))
                for line in differences(old_item, new_item, f"{path}[{index}]")
            ]
    return [f"{path}: {_shown(before)} -> {_shown(after)}"]


def _identifies(key: str, records: list[Any]) -> bool:
    """Whether ``key`` names each record of the list: present, not null, no two the same (a
    contact person's number is null, say)."""
    values = [r.get(key) if isinstance(r, dict) else None for r in records]
    return None not in values and len(set(map(str, values))) == len(values)


def _shown(value: Any) -> str:
    return shortened(json.dumps(value, sort_keys=True), 200)
