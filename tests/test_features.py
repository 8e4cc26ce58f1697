"""The specification's own hygiene: ids, citations, tags, titles and tables."""

from __future__ import annotations

import re

from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner
from tests_support import SOURCE, quotations

from kit._features import ID_TAG, feature_files, scenarios
from kit.plugin import MARKERS

VOCABULARY = {marker.split("(")[0] for marker in MARKERS}


def parsed(path):
    return Parser().parse(TokenScanner(path.read_text(encoding="utf-8")))["feature"]


def all_scenarios():
    for path in feature_files():
        for child in parsed(path)["children"]:
            if "scenario" in child:
                yield path, child["scenario"]


def test_there_is_one_feature_per_documented_scenario_and_one_for_the_general_rules():
    names = [path.name for path in feature_files()]
    assert len(names) == 7
    assert "general_rules.feature" in names
    for number in range(1, 7):
        assert any(name.startswith(f"s{number}_") for name in names)


def test_every_scenario_has_exactly_one_id_tag_and_ids_are_unique():
    ids = []
    for path, scenario in all_scenarios():
        tags = [tag["name"].lstrip("@") for tag in scenario["tags"]]
        own = [tag for tag in tags if ID_TAG.match(tag)]
        assert len(own) == 1, f"{path.name}: {scenario['name']}"
        ids.append(own[0])
    assert len(ids) == len(set(ids)) == len(scenarios())


def test_every_tag_comes_from_the_documented_vocabulary():
    for path in feature_files():
        feature = parsed(path)
        tags = [tag["name"].lstrip("@") for tag in feature["tags"]]
        for _, scenario in (
            (path, child["scenario"]) for child in feature["children"] if "scenario" in child
        ):
            tags += [tag["name"].lstrip("@") for tag in scenario["tags"]]
            for examples in scenario["examples"]:
                tags += [tag["name"].lstrip("@") for tag in examples["tags"]]
        unknown = {tag for tag in tags if not ID_TAG.match(tag)} - VOCABULARY
        assert not unknown, f"{path.name}: {unknown}"


def test_every_scenario_cites_a_source_section():
    for info in scenarios().values():
        assert info.description.startswith("Source:"), info.id


def test_scenario_titles_state_behaviour():
    for info in scenarios().values():
        assert not re.search(r"\bshould\b|\btest that\b", info.title, re.IGNORECASE), info.id


def test_every_examples_table_starts_with_a_unique_case_column():
    for path, scenario in all_scenarios():
        cases = []
        for examples in scenario["examples"]:
            assert examples["tableHeader"]["cells"][0]["value"] == "case", scenario["name"]
            cases += [row["cells"][0]["value"] for row in examples["tableBody"]]
        assert len(cases) == len(set(cases)), f"{path.name}: {scenario['name']}"


def test_ids_carry_the_code_of_their_feature():
    for info in scenarios().values():
        code = info.id.split("_")[1]
        expected = "general" if code == "gen" else code
        assert info.path.name.startswith(expected), info.id


def test_a_scenario_names_at_most_one_deployment():
    for info in scenarios().values():
        assert not {"gab", "no_gab"} <= info.tags, info.id


def test_every_quotation_in_a_scenario_is_verbatim_from_the_document():
    for info in scenarios().values():
        assert quotations(info.description), f"{info.id} quotes nothing"
        for quote in quotations(info.description):
            assert quote in SOURCE, f"{info.id} quotes what the document does not say: {quote}"
