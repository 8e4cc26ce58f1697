"""The reference's rules against the requirements trace: `p2c lint` checks that every requirement
id a rule implements exists, and that every requirement is implemented by some rule."""

from __future__ import annotations

import dataclasses
import shutil

from p2c_kit import features_dir
from p2c_kit._commands.lint import lint, rule_problems
from p2c_reference import RULES


def test_every_rule_implements_requirements_of_the_trace_and_every_requirement_has_a_rule():
    assert rule_problems() == []


def test_a_rule_citing_an_unknown_requirement_is_reported():
    name = "sales_lead_created"
    rules = {**RULES, name: dataclasses.replace(RULES[name], implements=("DEF-03", "DEF-99"))}
    assert rule_problems(rules=rules) == [
        f"rules/_sync.py: rule {name} implements DEF-99, which requirements.toml does not have"
    ]


def test_a_requirement_no_rule_implements_is_reported():
    rules = {name: rule for name, rule in RULES.items() if "NUM-02" not in rule.implements}
    assert rule_problems(rules=rules) == [
        "requirements.toml: requirement NUM-02 is implemented by no rule of the reference "
        "(rules/_sync.py)"
    ]


def test_p2c_lint_reports_both_of_a_requirement_renamed_in_the_trace(tmp_path):
    """NUM-02 renamed NUM-98 in a copy of the features: the rule citing NUM-02 cites what the
    trace does not have, and NUM-98 has no rule."""
    copy = tmp_path / "features"
    shutil.copytree(features_dir(), copy)
    trace = copy / "requirements.toml"
    trace.write_text(trace.read_text().replace('id = "NUM-02"', 'id = "NUM-98"'))
    problems = lint(copy)
    assert (
        "rules/_sync.py: rule conversion_refused_when_the_customer_account_exists implements "
        "NUM-02, which requirements.toml does not have"
    ) in problems
    assert (
        "requirements.toml: requirement NUM-98 is implemented by no rule of the reference "
        "(rules/_sync.py)"
    ) in problems
