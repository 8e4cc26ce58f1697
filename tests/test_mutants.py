"""The mutants are declared variations of the reference's rules, by failure mode."""

from __future__ import annotations

from collections import Counter

import pytest

from p2c_kit._specification.features import requirements
from p2c_reference._sync import RULES
from p2c_reference._variations import other_deployment, removed
from p2c_reference.mutants import FAILURE_MODES, MUTANTS, Mutant


def test_there_are_at_least_150_mutants_and_every_failure_mode_has_some():
    modes = Counter(mutant.mode for mutant in MUTANTS.values())
    assert len(MUTANTS) >= 150
    assert set(modes) == set(FAILURE_MODES)


def test_every_requirement_is_broken_by_some_mutant_and_every_mutant_names_known_ones():
    ids = {requirement["id"] for requirement in requirements()}
    broken = {id_ for mutant in MUTANTS.values() for id_ in mutant.breaks}
    assert broken <= ids
    assert ids <= broken, sorted(ids - broken)


def test_a_mutant_is_the_reference_but_for_the_rules_it_varies():
    for mutant in MUTANTS.values():
        rules = mutant.rules()
        unchanged = {name for name in RULES if rules.get(name) is RULES[name]}
        assert set(RULES) - unchanged == set(mutant.variations), mutant.name
        assert set(rules) <= set(RULES), mutant.name


def test_a_mutant_always_has_the_same_rules_in_one_process():
    """durable-rules declares a ruleset once a process: a mutant built twice must be the same."""
    mutant = next(iter(MUTANTS.values()))
    assert mutant.rules() is mutant.rules()


def test_an_unknown_failure_mode_is_refused_when_the_mutant_is_declared():
    with pytest.raises(ValueError, match="unknown failure mode 'sideways'"):
        Mutant("m", "sideways", ("S1.1-a",), "d", {"sales_lead_created": removed})


def test_a_mutant_naming_an_unknown_rule_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown rules: \\['no_such_rule'\\]"):
        Mutant("m", "not_done", ("S1.1-a",), "d", {"no_such_rule": removed})


def test_a_rule_of_both_deployments_has_no_other_deployment_to_move_to():
    with pytest.raises(ValueError, match="holds in both deployments"):
        other_deployment(RULES["sales_lead_created"])
