"""JUnit XML from certify (--junit) and report (--format junit), read with a third-party reader."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from junitparser import Attr, Error, Failure, IntAttr, JUnitXml, Properties, Skipped, TestCase

from p2c_kit._specification.features import scenarios

P2C = str(Path(sys.executable).parent / "p2c")
JAVASCRIPT = Path(__file__).parent.parent / "examples" / "javascript" / "adapter.mjs"
#: Jenkins' JUnit schema (see its header): the common layout of JUnit XML.
JUNIT_XSD = Path(__file__).parent / "junit-10.xsd"
#: Every C0 control character, a CDATA end, markup, terminal escapes, an XML noncharacter.
HOSTILE = "".join(map(chr, range(32))) + "]]> <script>alert(1)</script> \x1b[31mred\x1b[0m \ufffe"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x1b\ufffe\uffff]")
SKIPS = ("not applicable", "skipped by adapter", "skipped")
QUOTE_WON = """
[[known_failing]]
id = "p2c_s5_07"
reason = "the quote status reaches Sales in release 2.1"
"""


class FeatureCase(TestCase):
    """A test case with the feature file and line the kit gives it."""

    file = Attr()
    line = IntAttr()


def p2c(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([P2C, *args], capture_output=True, text=True, cwd=cwd, check=False)


def cases(path: Path) -> list[FeatureCase]:
    suites = JUnitXml.fromfile(str(path))
    return [case for suite in suites for case in suite.iterchildren(FeatureCase)]


def properties(case: TestCase) -> list[tuple[str, str]]:
    return [(prop.name, prop.value) for prop in case.child(Properties)]


def entries(results: Path) -> list[dict]:
    return json.loads(results.read_text())["scenarios"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run that fails (a mutant), and one an adapter skips in part where the rest does not
    apply to it; each with its results and JUnit XML."""
    folder = tmp_path_factory.mktemp("junit")
    for name, adapter, selection in (
        ("mutant", ["--adapter", "p2c_reference.mutants:quote_not_marked_won"], "p2c_s5"),
        ("node", ["--adapter-cmd", f"node {JAVASCRIPT}"], "p2c_s5_07 or p2c_gen_11"),
    ):
        p2c(
            folder,
            "certify",
            *adapter,
            "-k",
            selection,
            "--output",
            f"{name}.json",
            "--junit",
            f"{name}.xml",
        )
    return folder


def test_each_scenario_run_is_a_test_case_named_by_id_and_title_in_its_feature(runs):
    read = cases(runs / "mutant.xml")
    results = entries(runs / "mutant.json")
    assert len(read) == len(results) == 16
    for case, entry in zip(read, results, strict=True):
        deployment = {"gab": "GAB", "no_gab": "no GAB"}[entry["deployment"]]
        assert case.name == f"{entry['id']} ({deployment}): {entry['title']}"
        assert case.classname == entry["feature"]
        assert (case.file, case.line) == (
            "s5_quotation_from_scm.feature",
            scenarios()[entry["id"]].line,  # its Scenario: line
        )


def test_an_outline_case_is_in_the_name_and_the_properties(runs):
    outline = next(case for case in cases(runs / "node.xml") if case.name.startswith("p2c_gen_11"))
    assert outline.name.startswith("p2c_gen_11 [gab] (GAB): Adding addresses to a prospect")
    assert ("p2c.case", "gab") in properties(outline)


def test_the_properties_give_the_deployment_seed_outcome_and_each_reading(runs):
    confirmed_twice = next(
        case for case in cases(runs / "mutant.xml") if case.name.startswith("p2c_s5_08 (no GAB)")
    )
    assert properties(confirmed_twice) == [
        ("p2c.id", "p2c_s5_08"),
        ("p2c.deployment", "no_gab"),
        ("p2c.seed", "0"),
        ("p2c.outcome", "passed"),
        ("p2c.reading", "quotation_confirmed_once"),
    ]


def test_a_failure_holds_the_step_at_its_feature_line_expected_actual_and_the_reproduce_command(
    runs,
):
    failed = [case for case in cases(runs / "mutant.xml") if case.is_failure]
    assert len(failed) == 2
    for case in failed:
        [failure] = case.result
        assert isinstance(failure, Failure) and failure.type == "failed"
        summary = r"expected the quote for \S+ won, actual status active"
        assert re.fullmatch(summary, failure.message)
        lines = failure.text.splitlines()
        assert lines[0] == "Then the quote in Sales is Won  (s5_quotation_from_scm.feature:82)"
        assert lines[1].startswith("expected: the quote for ")
        assert lines[2] == "actual: status active"
        assert "Sales quotes:" in lines and '    "status": "active",' in lines  # the records
        assert lines[-1] == (
            "reproduce: p2c certify --adapter p2c_reference.mutants:quote_not_marked_won "
            "-k p2c_s5_07 --seed 0"
        )


def test_the_counts_of_each_suite_are_those_of_the_results(runs):
    for name in ("mutant", "node"):
        results = json.loads((runs / f"{name}.json").read_text())
        suites = list(JUnitXml.fromfile(str(runs / f"{name}.xml")))
        for suite in suites:
            outcomes = [e["outcome"] for e in results["scenarios"] if e["feature"] == suite.name]
            assert suite.tests == len(outcomes)
            assert suite.failures == outcomes.count("failed")
            assert suite.errors == outcomes.count("adapter error") + outcomes.count("error")
            assert suite.skipped == sum(outcome in SKIPS for outcome in outcomes)
        totals = results["totals"]
        assert sum(suite.tests for suite in suites) == sum(totals.values())
        assert sum(suite.failures for suite in suites) == totals["failed"]


def test_not_applicable_and_an_adapter_skip_are_skipped_with_their_reason(runs):
    reasons = {case.name.split(" ")[0]: case.result for case in cases(runs / "node.xml")}
    [not_applicable] = reasons["p2c_gen_11"]
    assert isinstance(not_applicable, Skipped)
    assert not_applicable.message == (
        "not applicable: the implementation does not declare prospects_from_sales"
    )
    [skipped] = reasons["p2c_s5_07"]
    assert isinstance(skipped, Skipped) and skipped.type == "skipped by adapter"
    assert skipped.message == (
        "skipped by the adapter: quotations are not implemented yet "
        "(https://github.com/example/js-p2c-adapter/issues/1)"
    )


def test_a_known_failure_is_no_failure_and_a_stale_one_is(tmp_path):
    (tmp_path / "known.toml").write_text(QUOTE_WON)
    known = ["-k", "p2c_s5_07", "--known-failing", "known.toml"]
    mutant = ["--adapter", "p2c_reference.mutants:quote_not_marked_won"]
    assert p2c(tmp_path, "certify", *mutant, *known, "--junit", "known.xml").returncode == 0
    assert p2c(tmp_path, "certify", *known, "--junit", "stale.xml").returncode == 1
    for case in cases(tmp_path / "known.xml"):
        [known_failure] = case.result
        assert isinstance(known_failure, Skipped) and known_failure.type == "known failure"
        assert known_failure.message == (
            "known failure: the quote status reaches Sales in release 2.1"
        )
        assert "expected: the quote for " in known_failure.text  # what failed, still said
        assert ("p2c.known_failure", "the quote status reaches Sales in release 2.1") in (
            properties(case)
        )
    for case in cases(tmp_path / "stale.xml"):
        [stale] = case.result
        assert isinstance(stale, Failure) and stale.type == "stale known failure"
        assert stale.message.startswith("listed as a known failure, yet it passed")


@pytest.fixture(scope="module")
def hostile(runs: Path) -> Path:
    """The failing run's results with hostile strings where an adapter's (or a forger's) go:
    titles, messages, expected and actual values, records; one failure made an adapter error."""
    document = json.loads((runs / "mutant.json").read_text())
    document["adapter"] = f"--adapter-cmd {HOSTILE}"
    for entry in document["scenarios"]:
        entry["title"] = HOSTILE
        if entry["outcome"] == "failed":
            entry.update(expected=HOSTILE, actual=HOSTILE, records={HOSTILE: [{HOSTILE: HOSTILE}]})
    error = next(entry for entry in document["scenarios"] if entry["outcome"] == "failed")
    error.update(outcome="adapter error", expected=None, actual=None, message=f"{HOSTILE}\n2nd")
    document["totals"].update({"failed": 1, "adapter error": 1})
    (runs / "hostile.json").write_text(json.dumps(document))
    return runs / "hostile.json"


def test_hostile_adapter_strings_still_give_well_formed_xml(hostile):
    output = p2c(hostile.parent, "report", str(hostile), "--format", "junit").stdout
    assert not NOT_XML.search(output) and "<script>" not in output
    root = ET.fromstring(output)  # well-formed: the standard library parses it
    assert "]]> <script>alert(1)</script>" in root.find(".//failure").text  # as text, intact
    (hostile.parent / "hostile.xml").write_text(output)
    read = cases(hostile.parent / "hostile.xml")
    assert all(case.name.endswith("]]> <script>alert(1)</script> red ") for case in read)
    [error] = [case.result[0] for case in read if case.is_error]
    assert isinstance(error, Error) and error.type == "adapter error"
    assert error.message == "]]> <script>alert(1)</script> red "  # the message's first line


def test_the_xml_fits_jenkins_junit_schema_but_for_the_properties_and_places_of_test_cases(
    runs, hostile
):
    """junit-10.xsd has no per-test-case <properties>, ``file`` or ``line`` (pytest's xunit2
    family leaves them out for that reason); CI tools read them, so the kit gives them. All
    else fits the schema."""
    schema = xmlschema.XMLSchema(JUNIT_XSD)
    for xml in (
        (runs / "node.xml").read_text(),  # skips
        p2c(runs, "report", str(hostile), "--format", "junit").stdout,  # a failure, an error
    ):
        root = ET.fromstring(xml)
        for case in root.iter("testcase"):
            case.remove(case.find("properties"))
            case.attrib.pop("file")
            case.attrib.pop("line")
        schema.validate(root)


def test_report_format_junit_gives_what_certify_junit_wrote(runs):
    output = p2c(runs, "report", "mutant.json", "--format", "junit").stdout
    assert output == (runs / "mutant.xml").read_text()


def test_the_seed_is_in_the_name_when_the_run_has_several(runs, tmp_path):
    document = json.loads((runs / "mutant.json").read_text())
    document["run"]["seeds"] = [0, 7]
    document["scenarios"] += [{**entry, "seed": 7} for entry in document["scenarios"]]
    document["totals"] = {outcome: 2 * n for outcome, n in document["totals"].items()}
    (tmp_path / "two.json").write_text(json.dumps(document))
    output = p2c(tmp_path, "report", "two.json", "--format", "junit").stdout
    names = [case.get("name") for case in ET.fromstring(output).iter("testcase")]
    won = "Confirming the quotation updates the quote in Sales to Won"
    assert f"p2c_s5_07 (GAB, seed 0): {won}" in names
    assert any(name.startswith("p2c_s5_07 (no GAB, seed 7): ") for name in names)


def test_junit_to_a_missing_folder_is_a_usage_error_before_the_run(tmp_path):
    result = p2c(tmp_path, "certify", "-k", "p2c_s5_07", "--junit", "missing/junit.xml")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--junit missing/junit.xml" in result.stderr
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


def test_report_format_junit_takes_one_results_file(runs):
    result = p2c(runs, "report", "mutant.json", "node.json", "--format", "junit")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "p2c: error: --format junit: one results file at a time, not several\n"
    )


def test_a_skip_that_fails_the_run_is_a_failure_in_the_xml(runs, tmp_path):
    """In a certification run any skip fails it: the XML is never greener than the verdict."""
    document = json.loads((runs / "node.json").read_text())
    document["run"]["certification"] = True
    (tmp_path / "certification.json").write_text(json.dumps(document))
    result = p2c(tmp_path, "report", "certification.json", "--format", "junit")
    assert result.returncode == 0, result.stderr
    (tmp_path / "certification.xml").write_text(result.stdout)
    results = {
        case.name.split(" ")[0]: case.result for case in cases(tmp_path / "certification.xml")
    }
    [skipped] = results["p2c_s5_07"]
    assert isinstance(skipped, Failure) and skipped.type == "skipped by adapter"
    assert skipped.message.startswith("skipped by adapter, which fails this run: ")
    [not_applicable] = results["p2c_gen_11"]
    assert isinstance(not_applicable, Skipped)


def test_a_known_failure_in_a_certification_run_is_a_failure_in_the_xml(runs, tmp_path):
    """A certification takes no known-failures list: a file that says it had one still fails
    certification, and its XML must say so."""
    document = json.loads((runs / "mutant.json").read_text())
    document["run"]["certification"] = True
    for entry in document["scenarios"]:
        if entry["outcome"] == "failed":
            entry["known_failure"] = "we know"
    (tmp_path / "known.json").write_text(json.dumps(document))
    result = p2c(tmp_path, "report", "known.json", "--format", "junit")
    assert result.returncode == 0, result.stderr
    (tmp_path / "known.xml").write_text(result.stdout)
    failed = [case for case in cases(tmp_path / "known.xml") if case.is_failure]
    assert len(failed) == 2


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["run"].update(scheduled=d["run"]["scheduled"] + 5),  # ended early
        lambda d: (  # another kit's: no certificate
            d["kit"].update(version="0.0.1"),
            d["run"].update(certification=True),
        ),
    ],
    ids=["ended early", "another kit"],
)
def test_a_run_that_fails_with_no_failing_scenario_run_fails_in_the_xml(runs, tmp_path, edit):
    """The verdict can fail with every recorded run passed (the run ended early, another kit
    made it): the XML says so in a test case of its own, never all green."""
    document = json.loads((runs / "node.json").read_text())
    for entry in document["scenarios"]:  # every run passed or did not apply
        if entry["outcome"] == "skipped by adapter":
            entry.update(outcome="passed", message=None, step=None)
            for step in entry["steps"]:
                step["status"] = "passed"
    document["totals"] = {
        outcome: sum(e["outcome"] == outcome for e in document["scenarios"])
        for outcome in ("passed", "not applicable")
    }
    edit(document)
    (tmp_path / "green.json").write_text(json.dumps(document))
    verdict = json.loads(p2c(tmp_path, "report", "green.json", "--format", "json").stdout)
    assert verdict[0]["verdict"].startswith(("fails: ", "not certified: "))
    result = p2c(tmp_path, "report", "green.json", "--format", "junit")
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(result.stdout)
    assert int(root.get("failures")) >= 1
    [failure] = root.iter("failure")
    assert failure.get("message") == verdict[0]["verdict"]
