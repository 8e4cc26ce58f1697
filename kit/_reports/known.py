"""Known failures: scenarios an implementation fails on purpose, listed with a reason.

A TOML file, for ``p2c certify --known-failing FILE``::

    [[known_failing]]
    id = "p2c_s5_07"
    reason = "the quote's status reaches Sales in release 2.1"
    issue = "https://github.com/example/sync/issues/12"   # optional
    deployment = "gab"                                      # optional: fails in this one only

A listed scenario that fails is reported as a known failure and does not fail the run. A listed
scenario that passes fails the run: the list is stale, and must lose that entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from p2c_kit._contract.adapter import DEPLOYMENTS
from p2c_kit._contract.errors import UsageError
from p2c_kit._reports.results import read_given
from p2c_kit._specification.features import scenarios


@dataclass(frozen=True)
class KnownFailure:
    id: str
    reason: str
    issue: str | None = None
    #: the one deployment it fails in; None: both
    deployment: str | None = None

    def __str__(self) -> str:
        return self.reason + (f" ({self.issue})" if self.issue else "")


def load_known_failing(path: Path) -> dict[str, KnownFailure]:
    """The known failures of a file, by scenario id; a :class:`UsageError` names what is wrong."""
    where = f"--known-failing {path}"
    text = read_given(path, where)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{where}: not valid TOML ({error})") from error
    entries = document.get("known_failing")
    if not isinstance(entries, list) or set(document) != {"known_failing"}:
        raise UsageError(
            f"{where}: expected only [[known_failing]] tables, each with an id and a reason"
        )
    known: dict[str, KnownFailure] = {}
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise UsageError(
                f"{where}: entry {number} is a {type(entry).__name__}, not a "
                "[[known_failing]] table with an id and a reason"
            )
        if (
            not isinstance(entry.get("id"), str)
            or not isinstance(entry.get("reason"), str)
            or not isinstance(entry.get("issue", ""), str)
            or entry.get("deployment", "gab") not in DEPLOYMENTS
            or not set(entry) <= {"id", "reason", "issue", "deployment"}
        ):
            raise UsageError(
                f"{where}: entry {number} needs an id and a reason (and at most an issue, "
                f"and a deployment, gab or no_gab), each a string; has {sorted(entry)}"
            )
        if entry["id"] not in scenarios():
            raise UsageError(
                f"{where}: entry {number}: no scenario {entry['id']!r}; `p2c scenarios` lists them"
            )
        if not entry["reason"].strip():
            raise UsageError(f"{where}: entry {number} ({entry['id']}): the reason is empty")
        if entry["id"] in known:
            raise UsageError(f"{where}: entry {number} lists {entry['id']} a second time")
        known[entry["id"]] = KnownFailure(
            entry["id"], entry["reason"], entry.get("issue"), entry.get("deployment")
        )
    return known
