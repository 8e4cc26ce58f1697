"""Hostile implementations that a fixed data set or a fixed scenario order would let through.

Each adapter wraps the reference and cheats in one way an implementation could get away with if
every run looked alike; each test certifies it the way a user does (``p2c certify --certify``)
and asserts the verdict: no exit status 0, no green badge, no certificate.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kit import Configuration
from rules import RULES, ReferenceAdapter, Rule
from rules._engine import Action, Fact, Sync
from rules._sync import _customer, _customer_group, _open_prospect, create_customer

P2C = str(Path(sys.executable).parent / "p2c")
TESTS = Path(__file__).resolve().parent

# -- 5. master data hard-coded -------------------------------------------------------------------

#: The master data every run used to send, which an implementation could take for constants.
OLD_PROSPECT_SEQUENCE = {"format": "PR-#####", "next": 1}
OLD_CUSTOMER_SEQUENCE = {"format": "CU-#####", "next": 1}
OLD_PROSPECT_CUSTOMER_GROUP = "90"


class _IgnoresConfiguration(ReferenceAdapter):
    def reset(self, configuration: Configuration) -> None:
        hard_coded = copy.deepcopy(configuration)
        scm = hard_coded["scm"]
        scm["number_sequences"]["prospect"] = dict(OLD_PROSPECT_SEQUENCE)
        scm["number_sequences"]["customer"] = dict(OLD_CUSTOMER_SEQUENCE)
        scm["sales_and_marketing_parameters"]["prospect_customer_group"] = (
            OLD_PROSPECT_CUSTOMER_GROUP
        )
        if all(group["code"] != OLD_PROSPECT_CUSTOMER_GROUP for group in scm["customer_groups"]):
            scm["customer_groups"].append(
                {"code": OLD_PROSPECT_CUSTOMER_GROUP, "description": "from prospects"}
            )
        super().reset(hard_coded)


def ignores_configuration() -> ReferenceAdapter:
    """Numbers prospects from ``PR-#####`` at 1 and converts them into customer group 90, as the
    old fixture had it, whatever the configuration says."""
    return _IgnoresConfiguration(variant="ignores_configuration")


# -- 6. conversions broken after the first ---------------------------------------------------

#: Successful conversions so far: in this scenario (reset by the adapter), in this process (never).
CONVERSIONS = {"scenario": 0, "process": 0}


def _counted_conversion(counter: str, broken: int | None) -> Action:
    """The reference's conversion rule, counting conversions that succeed; the ``broken``-th
    (every one after the first when None) creates no customer account, yet the user's action
    reports success: S1.3 "A customer account is created" broken."""

    def scm_customer_created_with_prospect_number(sync: Sync, fact: Fact) -> None:
        number, group = fact["number"], fact["customer_group"]
        if (
            _open_prospect(sync.store, number) is not None
            and _customer(sync.store, number) is None
            and _customer_group(sync.store, group)
        ):
            CONVERSIONS[counter] += 1
            if CONVERSIONS[counter] == broken or (broken is None and CONVERSIONS[counter] > 1):
                return
        create_customer(sync, fact, account=number)

    return scm_customer_created_with_prospect_number


def _with_conversion(action: Action) -> dict[str, Rule]:
    name = "scm_customer_created_with_prospect_number"
    return {**RULES, name: Rule(name, RULES[name].condition, action)}


_EVERY_CONVERSION_AFTER_THE_FIRST = _with_conversion(_counted_conversion("scenario", None))
_SECOND_CONVERSION_OF_THE_PROCESS = _with_conversion(_counted_conversion("process", 2))


class _BreaksConversionsAfterTheFirst(ReferenceAdapter):
    def reset(self, configuration: Configuration) -> None:
        CONVERSIONS["scenario"] = 0
        super().reset(configuration)


def breaks_conversions_after_the_first() -> ReferenceAdapter:
    """Within each scenario, every conversion after the first creates no customer account."""
    return _BreaksConversionsAfterTheFirst(
        rules=_EVERY_CONVERSION_AFTER_THE_FIRST, variant="breaks_conversions_after_the_first"
    )


def breaks_the_second_conversion_of_the_run() -> ReferenceAdapter:
    """The second conversion this process carries out creates no customer account."""
    return ReferenceAdapter(
        rules=_SECOND_CONVERSION_OF_THE_PROCESS, variant="breaks_the_second_conversion_of_the_run"
    )


# -- the verdict ---------------------------------------------------------------------------------


def _p2c(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([P2C, *args], capture_output=True, text=True, cwd=cwd, check=False)


def assert_not_certified(tmp_path: Path, factory: str, seed: int = 0) -> None:
    """A certification run of this module's ``factory`` at ``seed`` fails: exit status 1 with
    conformance failures, a badge that is not green, a page that is not a certificate."""
    results = tmp_path / f"results-{seed}.json"
    run = _p2c(
        TESTS,
        "certify",
        "--certify",
        "--adapter",
        f"{Path(__file__).stem}:{factory}",
        "--seed",
        str(seed),
        "--output",
        str(results),
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr
    outcomes = {scenario["outcome"] for scenario in json.loads(results.read_text())["scenarios"]}
    assert "failed" in outcomes  # conformance failures: the cheat is caught, not a crash
    badge = json.loads(_p2c(tmp_path, "badge", str(results)).stdout)
    assert badge["color"] != "brightgreen"
    assert not _p2c(tmp_path, "certificate", str(results)).stdout.startswith("# Certificate")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_implementation_that_hard_codes_the_old_master_data_is_not_certified(tmp_path, seed):
    assert_not_certified(tmp_path, "ignores_configuration", seed)


def test_an_implementation_that_breaks_every_conversion_after_the_first_is_not_certified(
    tmp_path,
):
    """p2c_gen_07 converts several prospects in one scenario, and checks each."""
    assert_not_certified(tmp_path, "breaks_conversions_after_the_first")


def test_an_implementation_that_breaks_the_second_conversion_of_the_run_is_not_certified(
    tmp_path,
):
    """Wherever the second conversion falls, nearly every scenario that converts sees a customer
    account missing; in the file's order, the first run of p2c_gen_07 makes it."""
    assert_not_certified(tmp_path, "breaks_the_second_conversion_of_the_run")
