"""The annotated document: the source document, each requirement's sentence marked with what the
results prove of it and linked to the scenarios that check it (issue 15)."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from tests_support import SharedRun, shared_run

from p2c_kit._contract.errors import UsageError
from p2c_kit._reports.annotated import (
    SLUGS,
    VERDICTS,
    RequirementVerdict,
    annotated_document,
    annotated_source,
    requirement_verdicts,
)
from p2c_kit._reports.verdict import expected_runs, run_key
from p2c_kit._specification.features import requirements

ROOT = Path(__file__).resolve().parents[1]
TRACE = {entry["id"]: entry for entry in requirements()}
MARK = re.compile(r'<mark class="req v-(\w+)" id="req-([^"]+)">')


def link(scenario_id: str, case: str | None) -> str:
    return f"#s-{scenario_id}" + (f"-{case}" if case else "")


def certified(shared: Path, output: str, *args: str, cwd: Path | None = None) -> dict[str, Any]:
    """The results document of ``p2c certify``, run as a user runs it (once for the session)."""
    run = shared_run(shared, "certify", *args, "--output", output, cwd=cwd)
    document: dict[str, Any] = json.loads(run[output].read_text())
    return document


@pytest.fixture(scope="session")
def results(shared: Path, reference_run: SharedRun) -> dict[str, dict[str, Any]]:
    """A full passing run of the reference, a run of Scenario 5 against a mutant that fails
    some of it, and a run of an adapter that declares the GAB deployment only."""
    return {
        "reference": json.loads(reference_run["reference.json"].read_text()),
        "mutant": certified(
            shared,
            "mutant.json",
            "--adapter",
            "p2c_reference.mutants:quote_not_marked_won",
            "-k",
            "p2c_s5",
        ),
        "minimal": certified(
            shared,
            "minimal.json",
            "--adapter",
            "examples.minimal_adapter:MinimalAdapter",
            cwd=ROOT,
        ),
    }


def marks(page: str) -> dict[str, str]:
    """Each requirement marked, with the slug of its verdict."""
    return {requirement: slug for slug, requirement in MARK.findall(page)}


def badge(page: str, requirement: str) -> str:
    start = page.index(f'<sup class="req-tag">[{requirement} ')
    return page[start : page.index("</sup>", start)]


def with_outcome(document: dict[str, Any], scenario_id: str, outcome: str) -> dict[str, Any]:
    """The document with every run of one scenario given another outcome, as if edited by hand."""
    edited = copy.deepcopy(document)
    for entry in edited["scenarios"]:
        if entry["id"] == scenario_id:
            entry["outcome"] = outcome
    return edited


def verdict_of(
    requirement: str, section: str, quote: str, verdict: str = "passed"
) -> RequirementVerdict:
    """A requirement with a verdict, for a source document written for a test."""
    return RequirementVerdict(
        id=requirement,
        section=section,
        quote=quote,
        verdict=verdict,
        deployments={"gab": verdict},
        scenarios=("p2c_gen_01",),
        failed=(),
    )


class _Nesting(HTMLParser):
    """Fails on a closing tag that does not close the element open last."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes {self.open[-1:]}"


def assert_well_formed(fragment: str) -> None:
    checker = _Nesting()
    checker.feed(fragment)
    checker.close()
    assert checker.open == []


def test_every_requirement_of_the_trace_is_marked_once_with_one_badge(results):
    page = annotated_document(results["reference"], link)
    for requirement in TRACE:
        assert page.count(f'id="req-{requirement}"') == 1, requirement
        assert page.count(f'<sup class="req-tag">[{requirement} ') == 1, requirement
    assert set(marks(page)) == set(TRACE)
    assert_well_formed(page)


def test_a_passing_full_run_marks_every_requirement_passed(results):
    page = annotated_document(results["reference"], link)
    assert set(marks(page).values()) == {"passed"}
    assert f"{len(TRACE)} requirements: 0 failed, 0 not run, {len(TRACE)} passed" in page
    for requirement, entry in TRACE.items():
        for scenario_id in {s for ids in entry["cells"].values() for s in ids}:
            assert f'<a href="#s-{scenario_id}">{scenario_id}</a>' in badge(page, requirement)


def test_a_failing_scenario_marks_the_requirements_it_checks_failed_and_links_to_it(results):
    document = results["mutant"]
    failing = {
        (entry["id"], entry["deployment"])
        for entry in document["scenarios"]
        if entry["outcome"] == "failed"
    }
    assert failing  # the mutant does break Scenario 5
    checked_by_failing = {
        requirement
        for requirement, entry in TRACE.items()
        for cell, scenario_ids in entry["cells"].items()
        for scenario_id in scenario_ids
        if (scenario_id, cell.split(".")[1]) in failing
    }
    page = annotated_document(document, link)
    failed = {requirement for requirement, slug in marks(page).items() if slug == "failed"}
    assert failed == checked_by_failing
    for requirement in failed:
        for scenario_id, _ in failing:
            if scenario_id in requirement_verdicts(document)[requirement].scenarios:
                assert f'href="#s-{scenario_id}">{scenario_id}</a> (failed)' in badge(
                    page, requirement
                )
                assert f'<a href="#req-{requirement}">{requirement}</a>' in page  # summary


def test_a_selection_leaves_the_requirements_it_did_not_run_not_run_never_passed(results):
    verdicts = requirement_verdicts(results["mutant"])  # -k p2c_s5
    for requirement, verdict in verdicts.items():
        if verdict.verdict == "failed":
            continue
        ran_all = all(s.startswith("p2c_s5_") for s in verdict.scenarios)
        assert verdict.verdict == ("passed" if ran_all else "not run"), requirement
    assert sum(v.verdict == "not run" for v in verdicts.values()) > len(TRACE) // 2


def test_a_requirement_nothing_applies_to_is_marked_not_applicable(results):
    document = results["minimal"]  # declares GAB only
    verdicts = requirement_verdicts(document)
    page = annotated_document(document, link)
    without_gab = [r for r, entry in TRACE.items() if entry["deployments"] == ["no_gab"]]
    assert without_gab
    for requirement in without_gab:
        assert verdicts[requirement].verdict == "not applicable"
        assert marks(page)[requirement] == "na"
        assert "not applicable" in badge(page, requirement)
    # proven with GAB, not applicable without it: passed, and the badge says where it applied
    assert verdicts["DEF-01"].deployments == {"gab": "passed", "no_gab": "not applicable"}
    assert verdicts["DEF-01"].verdict == "passed"
    assert "passed (GAB: passed, no GAB: not applicable)" in badge(page, "DEF-01")
    assert "of the passed were not applicable in a deployment" in page  # the summary says so


@pytest.mark.parametrize(
    ("outcome", "verdict"),
    [
        ("passed", "passed"),
        ("not applicable", "not applicable"),
        ("skipped by adapter", "not run"),
        ("skipped", "not run"),
        ("failed", "failed"),
        ("adapter error", "failed"),
        ("error", "not run"),
    ],
)
def test_the_outcome_of_the_only_scenario_that_checks_a_requirement_is_its_verdict(
    results, outcome, verdict
):
    assert {s for ids in TRACE["NUM-02"]["cells"].values() for s in ids} == {"p2c_gen_04"}
    document = with_outcome(results["reference"], "p2c_gen_04", outcome)
    assert requirement_verdicts(document)["NUM-02"].verdict == verdict


def test_a_requirement_is_as_bad_as_its_worst_deployment(results):
    document = copy.deepcopy(results["reference"])
    for entry in document["scenarios"]:
        if entry["id"] == "p2c_gen_04" and entry["deployment"] == "no_gab":
            entry["outcome"] = "skipped by adapter"
    verdict = requirement_verdicts(document)["NUM-02"]
    assert verdict.deployments == {"gab": "passed", "no_gab": "not run"}
    assert verdict.verdict == "not run"
    document["scenarios"] = [e for e in document["scenarios"] if e["id"] != "p2c_gen_04"]
    assert requirement_verdicts(document)["NUM-02"].verdict == "not run"  # absent: not run


def test_a_known_failure_fails_the_requirement_and_a_stale_one_passes_it(results):
    known = with_outcome(results["reference"], "p2c_gen_04", "failed")
    stale = copy.deepcopy(results["reference"])
    for document in (known, stale):
        for entry in document["scenarios"]:
            if entry["id"] == "p2c_gen_04":
                entry["known_failure"] = "listed in known-failing.toml"
    assert requirement_verdicts(known)["NUM-02"].verdict == "failed"
    assert requirement_verdicts(stale)["NUM-02"].verdict == "passed"


def test_results_of_another_kit_are_refused(results):
    document = copy.deepcopy(results["reference"])
    document["kit"]["features_sha256"] = "0" * 64
    with pytest.raises(UsageError, match="made by another p2c-kit"):
        annotated_document(document, link)


def test_the_summary_counts_agree_with_the_marks(results):
    page = annotated_document(results["mutant"], link)
    counted = list(marks(page).values())
    summary = re.search(r"(\d+) requirements: ([^.]+)\.", page)
    assert summary is not None and int(summary[1]) == len(counted)
    stated = {verdict: int(n) for n, verdict in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", summary[2])}
    assert stated == {verdict: counted.count(SLUGS[verdict]) for verdict in VERDICTS}
    summary_part = page.split('<div class="annotated-source">')[0]
    for requirement, slug in marks(page).items():
        listed = f'<a href="#req-{requirement}">' in summary_part
        assert listed == (slug in ("failed", "notrun")), requirement


def test_the_fragment_is_self_contained_and_escapes_the_document(results):
    page = annotated_document(results["reference"], link)
    assert "<html" not in page and "<head" not in page and "<script" not in page
    assert "http" not in page and "src=" not in page and ".md" not in page  # links: text only
    assert "<strong>Sales and Marketing</strong> &gt; <strong>Relationships</strong>" in page
    assert "ms.author" not in page and "[!include" not in page  # front matter, includes
    assert '<blockquote class="note">' in page and "[!NOTE]" not in page
    assert "<h3>Work with prospects in prospect-to-cash with Dynamics 365 Sales</h3>" in page


def test_raw_html_in_the_source_is_shown_as_text():
    source = '<script>alert("x")</script>\n\nA & B <b>said</b> so.\n'
    verdict = verdict_of("X-1", "Top", "A & B <b>said</b> so")
    fragment = annotated_source("## Top\n\n" + source, [verdict], link)
    assert "<script" not in fragment and "<b>" not in fragment
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in fragment
    mark = '<mark class="req v-passed" id="req-X-1">A &amp; B &lt;b&gt;said&lt;/b&gt; so</mark>'
    assert mark in fragment


def test_a_topic_requirement_is_marked_where_a_scenario_says_its_sentence(results):
    # NUM-03 (Number sequences) quotes a result of Scenario 1, step 3, where S1.3-b quotes the
    # start of the same sentence: one mark inside the other
    page = annotated_document(results["reference"], link)
    outer = page.index('id="req-NUM-03"')
    inner = page.index('id="req-S1.3-b"')
    assert outer < inner < page.index('<sup class="req-tag">[NUM-03 ')
    assert page.index("Scenario 1: Prospect lifecycle") < outer < page.index("Scenario 2:")


def test_marks_stay_well_formed_across_emphasis_and_each_other():
    source = "## Top\n\nOne *two three* four **five six** seven eight.\n"
    verdicts = [
        verdict_of("A", "Top", "One *two"),  # ends inside emphasis
        verdict_of("B", "Top", "three* four **five", "failed"),  # crosses A's end and strong
        verdict_of("C", "Top", "five six** seven eight", "not run"),  # crosses B's end
        verdict_of("D", "Top", "five six** seven eight", "not applicable"),  # the same as C
    ]
    fragment = annotated_source(source, verdicts, link)
    assert_well_formed(fragment)
    for requirement in "ABCD":
        assert fragment.count(f'id="req-{requirement}"') == 1
        assert fragment.count(f'<sup class="req-tag">[{requirement} ') == 1
    text = re.sub(r"<sup .*?</sup>|<[^>]+>", "", fragment)
    assert text.strip() == "Top\nOne two three four five six seven eight."


def test_a_quote_its_section_does_not_say_once_is_an_error():
    source = "## Scenario 1: x\n\n1. Alpha beta.\n1. Gamma. Gamma.\n"
    annotated_source(source, [verdict_of("A", "Scenario 1, step 1", "alpha beta")], link)
    with pytest.raises(ValueError, match="occurs 0 times"):
        annotated_source(source, [verdict_of("A", "Scenario 1, step 2", "alpha beta")], link)
    with pytest.raises(ValueError, match="occurs 2 times"):
        annotated_source(source, [verdict_of("A", "Scenario 1, step 2", "gamma")], link)


def test_a_case_of_other_prospects_does_not_fail_a_requirement_about_persons(results):
    """The mutant fails Scenario 5 only; a GAB-only adapter that fails a case of organizations of
    a general scenario (that also has cases of persons) leaves the person requirements alone."""
    document = copy.deepcopy(results["reference"])
    document["implementation"]["capabilities"] = ["gab"]
    for entry in document["scenarios"]:
        needs = expected_runs([entry["seed"]])[run_key(entry)]
        if not needs <= {"gab"}:
            entry.update(outcome="not applicable")
        elif entry["id"] == "p2c_gen_07":
            entry.update(outcome="failed", message="m", expected="e", actual="a")
    document["totals"] = dict(Counter(entry["outcome"] for entry in document["scenarios"]))
    verdicts = requirement_verdicts(document)
    assert verdicts["S1.3-a"].verdict == "failed"  # organizations in SCM: gen_07's case checks it
    assert verdicts["S3.3-a"].verdict == "not applicable"  # persons: no case that ran checks it
    page = annotated_document(document, link)
    assert '<a href="#s-p2c_gen_07-scm_orgs_gab">p2c_gen_07</a> (failed)' in page
