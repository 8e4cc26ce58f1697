"""JUnit XML from a results file, for the test reports of CI tools (``p2c certify --junit``,
``p2c report --format junit``).

One ``<testsuite>`` per feature and one ``<testcase>`` per scenario run, as Jenkins' junit-10.xsd
lays them out, with what CI tools read besides: each test case's own ``<properties>``, and the
scenario's feature file and line as ``file`` and ``line``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from p2c_kit._reports.tables import expectation, reproduce_command, step_text, verdict_line
from p2c_kit._reports.verdict import ACCEPTED, TOLERATED, Outcome, kit_difference, run_failure
from p2c_kit._specification.features import DEPLOYMENT_NAMES, ScenarioInfo, scenarios
from p2c_kit._text import clean, printable

#: What XML 1.0 cannot hold and printable() leaves: the noncharacters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\ufffe\uffff]")

#: The element each outcome but passed is: a conformance failure, an error, or a skip.
_ELEMENTS = {
    Outcome.FAILED: "failure",
    Outcome.ADAPTER_ERROR: "error",
    Outcome.ERROR: "error",
    Outcome.NOT_APPLICABLE: "skipped",
    Outcome.SKIPPED_BY_ADAPTER: "skipped",
    Outcome.SKIPPED: "skipped",
}


def render_junit(document: dict[str, Any]) -> str:
    """A results document (``schemas/v2/results.json``) as JUnit XML: a test suite per feature,
    a test case per scenario run, each outcome as JUnit has it, and a known failure as the
    known-failures list has it (a skip; a stale one, a failure)."""
    # the installed features say where a scenario is only when they are the ones that ran
    where = scenarios() if kit_difference(document) is None else {}
    seeds = len(document["run"]["seeds"]) > 1  # a certification run: say which seed
    by_feature: dict[str, list[dict[str, Any]]] = {}
    for entry in document["scenarios"]:
        by_feature.setdefault(entry["feature"], []).append(entry)
    root = ET.Element("testsuites", name="p2c-kit")
    for feature, entries in by_feature.items():
        suite = ET.SubElement(
            root, "testsuite", name=_text(feature), timestamp=_text(document["run"]["started_at"])
        )
        suite.extend(_testcase(document, entry, seeds, where.get(entry["id"])) for entry in entries)
        _count(suite, sum(entry["duration"] for entry in entries))
    if run_failure(document) is not None and not any(
        case.find("failure") is not None or case.find("error") is not None
        for case in root.iter("testcase")
    ):
        root.append(_verdict_suite(document))
    # junit-10.xsd gives <testsuites> no skipped count: each suite has its own
    _count(root, sum(entry["duration"] for entry in document["scenarios"]), skipped=False)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _verdict_suite(document: dict[str, Any]) -> ET.Element:
    """A suite of one failing test case, for a run whose verdict fails though none of its
    recorded runs does (it ended early, another kit made it, it is no certification): the file
    never looks greener than the verdict."""
    suite = ET.Element("testsuite", name="p2c-kit", timestamp=_text(document["run"]["started_at"]))
    case = ET.SubElement(
        suite, "testcase", name="the run's verdict", classname="p2c-kit", time="0.000"
    )
    verdict = verdict_line(document)
    ET.SubElement(case, "failure", type="verdict", message=_line(verdict)).text = _text(verdict)
    _count(suite, 0.0)
    return suite


def _count(element: ET.Element, duration: float, *, skipped: bool = True) -> None:
    """The totals of a suite (or of all), counted from the test cases as rendered."""
    cases = list(element.iter("testcase"))
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(case.find("failure") is not None for case in cases)))
    element.set("errors", str(sum(case.find("error") is not None for case in cases)))
    if skipped:
        element.set("skipped", str(sum(case.find("skipped") is not None for case in cases)))
    element.set("time", f"{duration:.3f}")


def _testcase(
    document: dict[str, Any], entry: dict[str, Any], seeds: bool, info: ScenarioInfo | None
) -> ET.Element:
    case = f" [{entry['case']}]" if entry["case"] else ""
    seed = f", seed {entry['seed']}" if seeds else ""
    testcase = ET.Element(
        "testcase",
        name=_line(
            f"{entry['id']}{case} ({DEPLOYMENT_NAMES[entry['deployment']]}{seed}): {entry['title']}"
        ),
        classname=_line(entry["feature"]),
        time=f"{entry['duration']:.3f}",
    )
    if info is not None:
        testcase.set("file", info.path.name)
        testcase.set("line", str(info.line))
    properties = ET.SubElement(testcase, "properties")
    for name, value in [
        ("p2c.id", entry["id"]),
        ("p2c.deployment", entry["deployment"]),
        ("p2c.seed", str(entry["seed"])),
        *([("p2c.case", entry["case"])] if entry["case"] else []),
        ("p2c.outcome", entry["outcome"]),
        *(("p2c.reading", reading) for reading in entry["reading"]),
        *([("p2c.known_failure", entry["known_failure"])] if entry["known_failure"] else []),
    ]:
        ET.SubElement(properties, "property", name=name, value=_text(value))
    result = _result(document, entry)
    if result is not None:
        tag, kind, message, text = result
        element = ET.SubElement(testcase, tag, type=kind, message=_line(message))
        element.text = _text(text) or None
    return testcase


def _result(document: dict[str, Any], entry: dict[str, Any]) -> tuple[str, str, str, str] | None:
    """How the run went, as JUnit says it: element, type, one-line message and text; None for a
    pass. A known failure, which does not fail a run, is no failure here either (but in a
    certification run, which takes no known-failures list, it is)."""
    outcome, known = entry["outcome"], entry["known_failure"]
    expected = expectation(outcome, known)
    if expected == "STALE known failure":
        return (
            "failure",
            "stale known failure",
            f"listed as a known failure, yet it passed: the list is stale ({known})",
            f"known failure: {known}\nreproduce: {reproduce_command(document, entry)}",
        )
    if outcome == Outcome.PASSED:
        return None
    if expected == "known failure" and not document["run"]["certification"]:
        return ("skipped", "known failure", f"known failure: {known}", _details(document, entry))
    tag = _ELEMENTS[outcome]
    reason = entry["message"] or outcome
    # A skip that fails the run (any skip in a certification run, a skip of no declared gap in
    # any run) is a failure here too: the file never looks greener than the run's verdict.
    accepted = ACCEPTED if document["run"]["certification"] else TOLERATED
    if tag == "skipped" and outcome not in accepted:
        return ("failure", outcome, f"{outcome}, which fails this run: {reason}", "")
    if tag == "skipped":  # the kit's or the adapter's reason says it all
        return (tag, outcome, reason, "")
    return (tag, outcome, _summary(entry), _details(document, entry))


def _summary(entry: dict[str, Any]) -> str:
    if entry["expected"] is not None:
        return f"expected {entry['expected']}, actual {entry['actual']}"
    # its first line that says something: an adapter's message may start with anything
    return printable(entry["message"] or entry["outcome"]).strip().partition("\n")[0]


def _details(document: dict[str, Any], entry: dict[str, Any]) -> str:
    """The failing step with its feature file and line, expected and actual (or the message),
    the records concerned, and the command that reproduces the run."""
    lines = [step_text(entry["step"])] if entry["step"] else []
    if entry["expected"] is not None:
        lines += [f"expected: {entry['expected']}", f"actual: {entry['actual']}"]
    elif entry["message"]:
        lines.append(entry["message"])
    for title, records in (entry["records"] or {}).items():
        lines.append(f"{title}:\n{json.dumps(records, indent=2, ensure_ascii=False)}")
    lines.append(f"reproduce: {reproduce_command(document, entry)}")
    return "\n".join(lines)


def _text(value: str) -> str:
    """A string that may come from an adapter, as XML 1.0 can hold it: no control characters or
    terminal escapes (printable), no noncharacters."""
    return _NOT_XML.sub("", printable(value))


def _line(value: str) -> str:
    """The same, on one line (names and messages)."""
    return _NOT_XML.sub("", clean(value, "pretty"))
