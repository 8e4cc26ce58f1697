"""The kit's exceptions.

Every error the kit raises on purpose is a :class:`KitError`. Which one tells whose move it was:

- :class:`UsageError`: the person running the kit gave a bad option or argument (exit status 2).
- :class:`ContractError`: an adapter broke the adapter contract (a missing action, a record of the
  wrong shape). The kit reports it against the adapter, never as a conformance result.
- :class:`Refused`: the system under test refused an action. Adapters raise it; the kit's negative
  scenarios expect it, and every other scenario treats it as a failure.
- :class:`Skipped`: an adapter declares a known gap of its implementation (with an issue link,
  ideally). The scenario is reported as skipped by the adapter: neither passed nor failed.
- :class:`HarnessError`: an adapter process broke the protocol: it crashed, hung, wrote something
  that is not a protocol message, or reported an error of its own. A kind of ContractError.
- :class:`InternalError`: the kit could not finish its own work (a worker process of the kill
  matrix died): no verdict, exit status 3.
"""

from __future__ import annotations

from p2c_kit._text import printable, shortened


class KitError(Exception):
    """Base class of every error the kit raises on purpose."""


class UsageError(KitError):
    """A bad option, argument or file given to the kit by its user."""


class InternalError(KitError):
    """The kit could not finish its own work: what it would have decided is unknown."""


class ContractError(KitError):
    """An adapter broke the adapter contract."""


class Refused(KitError):
    """The implementation refused an action and changed neither system.

    ``rule`` names the rule that refused (in the implementation's own words), ``field`` the
    argument or record field at fault, if any.
    """

    def __init__(self, rule: str, reason: str, field: str | None = None) -> None:
        self.rule = rule
        self.reason = reason
        self.field = field
        where = f" (field {field!r})" if field else ""
        super().__init__(f"refused by rule {rule!r}{where}: {reason}")


class Skipped(KitError):
    """The adapter does not support this (yet): a known gap, declared honestly."""

    def __init__(self, message: str, issue_url: str | None = None) -> None:
        self.message = message
        self.issue_url = issue_url
        super().__init__(message + (f" ({issue_url})" if issue_url else ""))


#: How much of an offending line a HarnessError shows, in characters.
SHOWN_LINE = 500


class HarnessError(ContractError):
    """An adapter process broke the protocol; ``stderr`` is what it wrote there, ``line`` the
    offending line of its output, if any (shown up to :data:`SHOWN_LINE` characters)."""

    def __init__(self, problem: str, *, stderr: str = "", line: str | None = None) -> None:
        self.problem = problem
        self.stderr = stderr
        self.line = line
        details = [printable(problem)]
        if line is not None:
            details.append(f"offending line: {printable(shortened(line, SHOWN_LINE))!r}")
        if stderr:
            details.append("its stderr:\n" + printable(stderr[-2000:]))
        super().__init__("\n".join(details))
