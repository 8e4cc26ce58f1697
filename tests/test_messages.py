"""p2c certify --messages and p2c report --format messages: Cucumber Messages of a run, valid
against Cucumber's own schema and rendered by Cucumber's own HTML formatter (both from npm,
installed in tests/node by .ci/run)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from tests_support import NODE, chromium, node_tool

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
P2C = str(Path(sys.executable).parent / "p2c")
STATUSES = {"passed": "PASSED", "failed": "FAILED", "skipped": "SKIPPED", "not reached": "SKIPPED"}
FAILING_STEP = "the quote in Sales is Won"


def p2c(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(TESTS)}  # for fake_adapters
    return subprocess.run(
        [P2C, *args], capture_output=True, text=True, cwd=cwd, env=environment, check=False
    )


def node_ids(node: Any) -> list[str]:
    """Every id in a Gherkin document: its nodes'."""
    if isinstance(node, list):
        return [found for item in node for found in node_ids(item)]
    if isinstance(node, dict):
        own = [node["id"]] if isinstance(node.get("id"), str) else []
        return own + [found for value in node.values() for found in node_ids(value)]
    return []


def envelopes(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def of_kind(messages: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [envelope[kind] for envelope in messages if kind in envelope]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Results files and the messages ``p2c certify --messages`` wrote beside them: a failing
    run, a run of skips, a run that does not apply, a run of adapter errors, and a run edited to
    fail before its first step."""
    folder = tmp_path_factory.mktemp("messages")
    javascript = f"node {ROOT / 'examples/javascript/adapter.mjs'}"
    for name, adapter, selection in (
        ("failing", ["--adapter", "p2c_reference.mutants:quote_not_marked_won"], "p2c_s5"),
        ("skips", ["--adapter-cmd", javascript], "p2c_s5"),
        ("not_applicable", ["--adapter", "fake_adapters:gab_only_core"], "p2c_s5"),
        ("adapter_error", ["--adapter", "fake_adapters:wrong_shape"], "p2c_s1_0"),
    ):
        result = p2c(
            folder,
            "certify",
            *adapter,
            "-k",
            selection,
            "--output",
            f"{name}.json",
            "--messages",
            f"{name}.ndjson",
        )
        assert (folder / f"{name}.ndjson").exists(), result.stderr
    results = json.loads((folder / "failing.json").read_text())
    entry = next(entry for entry in results["scenarios"] if entry["outcome"] == "failed")
    entry.update(
        outcome="adapter error",
        step=None,
        expected=None,
        actual=None,
        records=None,
        message="reset() raised ConnectionError: the sandbox is down",
    )
    for step in entry["steps"]:
        step.update(status="not reached", duration=0.0)
    results["totals"]["failed"] -= 1
    results["totals"]["adapter error"] += 1
    (folder / "set_up.json").write_text(json.dumps(results))
    rendered = p2c(folder, "report", "set_up.json", "--format", "messages")
    assert rendered.returncode == 0, rendered.stderr
    (folder / "set_up.ndjson").write_text(rendered.stdout)
    return folder


def all_messages(runs: Path) -> dict[str, list[dict[str, Any]]]:
    return {path.stem: envelopes(path) for path in sorted(runs.glob("*.ndjson"))}


def test_every_envelope_validates_against_the_cucumber_messages_schema(runs):
    schema = json.loads(
        (node_tool("@cucumber/messages") / "messages.schema.json").read_text(encoding="utf-8")
    )
    validator = Draft202012Validator(schema)
    for name, messages in all_messages(runs).items():
        assert len(messages) > 10, name
        for envelope in messages:
            errors = [error.message for error in validator.iter_errors(envelope)]
            assert not errors, (name, list(envelope), errors)


def test_every_id_an_envelope_refers_to_exists_and_no_id_is_given_twice(runs):
    for name, messages in all_messages(runs).items():
        nodes = node_ids(of_kind(messages, "gherkinDocument"))
        pickles = {pickle["id"]: pickle for pickle in of_kind(messages, "pickle")}
        pickle_steps = {step["id"]: step for pickle in pickles.values() for step in pickle["steps"]}
        hooks = {hook["id"] for hook in of_kind(messages, "hook")}
        test_cases = {test_case["id"]: test_case for test_case in of_kind(messages, "testCase")}
        test_steps = {step["id"] for case in test_cases.values() for step in case["testSteps"]}
        started = {started["id"]: started for started in of_kind(messages, "testCaseStarted")}
        run_started = of_kind(messages, "testRunStarted")[0]["id"]
        ids = [*nodes, *pickles, *pickle_steps, *hooks, *test_cases, *test_steps, *started]
        assert len(ids) == len(set(ids)), name
        sources = {source["uri"] for source in of_kind(messages, "source")}
        assert sources == {document["uri"] for document in of_kind(messages, "gherkinDocument")}
        for pickle in pickles.values():
            assert pickle["uri"] in sources
            assert set(pickle["astNodeIds"]) <= set(nodes), name
            assert {tag["astNodeId"] for tag in pickle["tags"]} <= set(nodes), name
            for step in pickle["steps"]:
                assert set(step["astNodeIds"]) <= set(nodes), name
        for test_case in test_cases.values():
            assert test_case["testRunStartedId"] == run_started
            pickle = pickles[test_case["pickleId"]]
            own = {step["id"] for step in pickle["steps"]}
            for step in test_case["testSteps"]:
                assert step.get("pickleStepId") in own or step.get("hookId") in hooks, name
        for case_started in started.values():
            assert case_started["testCaseId"] in test_cases
        for kind in ("testStepStarted", "testStepFinished", "attachment"):
            for message in of_kind(messages, kind):
                assert message["testCaseStartedId"] in started
                steps = test_cases[started[message["testCaseStartedId"]]["testCaseId"]]["testSteps"]
                assert message["testStepId"] in {step["id"] for step in steps}
        finished = [
            message["testCaseStartedId"] for message in of_kind(messages, "testCaseFinished")
        ]
        assert sorted(finished) == sorted(started), name


def executed(messages: list[dict[str, Any]]) -> dict[tuple[Any, ...], list[tuple[str, dict]]]:
    """Each test case by the run it is of (scenario id, case, deployment, seed), with each of its
    steps: the pickle step's text or the hook's name, and the step's result."""
    cases = {  # an outline's Examples rows: the case column
        row["id"]: row["cells"][0]["value"]
        for document in of_kind(messages, "gherkinDocument")
        for child in document["feature"]["children"]
        for examples in child.get("scenario", {}).get("examples", [])
        for row in examples["tableBody"]
    }
    pickles = {pickle["id"]: pickle for pickle in of_kind(messages, "pickle")}
    hooks = {hook["id"]: hook["name"] for hook in of_kind(messages, "hook")}
    started = {
        started["id"]: started["testCaseId"] for started in of_kind(messages, "testCaseStarted")
    }
    results = {
        (started[finished["testCaseStartedId"]], finished["testStepId"]): finished["testStepResult"]
        for finished in of_kind(messages, "testStepFinished")
    }
    runs = {}
    for test_case in of_kind(messages, "testCase"):
        pickle = pickles[test_case["pickleId"]]
        deployment, seed, _ = pickle["uri"].split("/")
        scenario_id = next(
            tag["name"][1:] for tag in pickle["tags"] if re.match(r"@p2c_\w+_\d\d$", tag["name"])
        )
        texts = {step["id"]: step["text"] for step in pickle["steps"]}
        key = (scenario_id, cases.get(pickle["astNodeIds"][-1]), deployment, int(seed[5:]))
        runs[key] = [
            (
                texts.get(step.get("pickleStepId")) or hooks[step["hookId"]],
                results[test_case["id"], step["id"]],
            )
            for step in test_case["testSteps"]
        ]
    return runs


def test_each_scenario_run_is_a_test_case_with_the_step_statuses_of_the_results(runs):
    for name in ("failing", "skips", "not_applicable", "adapter_error"):
        results = json.loads((runs / f"{name}.json").read_text())
        test_cases = executed(envelopes(runs / f"{name}.ndjson"))
        assert len(test_cases) == len(results["scenarios"]), name
        for entry in results["scenarios"]:
            steps = test_cases[entry["id"], entry["case"], entry["deployment"], entry["seed"]]
            assert [text for text, _ in steps] == [step["text"] for step in entry["steps"]]
            assert [result["status"] for _, result in steps] == [
                STATUSES[step["status"]] for step in entry["steps"]
            ], (name, entry["id"])
            messages = [result.get("message", "") for _, result in steps]
            if entry["outcome"] == "failed":
                failing = messages[[step["status"] for step in entry["steps"]].index("failed")]
                assert f"expected: {entry['expected']}\nactual: {entry['actual']}" in failing
                assert f"-k {entry['id']} --seed {entry['seed']}" in failing
            if entry["outcome"] == "adapter error":
                assert "adapter error: query('scm') returned records of the wrong shape" in "".join(
                    messages
                )
            if entry["outcome"] == "not applicable":
                assert messages[0].startswith("not applicable: the implementation does not")
            if entry["outcome"] == "skipped by adapter":
                assert messages[0].startswith("skipped by the adapter: quotations are not")


def test_a_failure_records_the_records_it_concerns_as_an_attachment(runs):
    attachments = of_kind(envelopes(runs / "failing.ndjson"), "attachment")
    assert len(attachments) == 2  # the failing scenario, in each deployment
    assert attachments[0]["mediaType"] == "application/json"
    assert "Sales quotes" in json.loads(attachments[0]["body"])


def test_a_run_that_failed_before_its_first_step_fails_on_the_kit_s_set_up_hook(runs):
    results = json.loads((runs / "set_up.json").read_text())
    entry = next(entry for entry in results["scenarios"] if entry["outcome"] == "adapter error")
    steps = executed(envelopes(runs / "set_up.ndjson"))[
        entry["id"], entry["case"], entry["deployment"], entry["seed"]
    ]
    (hook, failure), *rest = steps
    assert hook == "p2c-kit: the scenario run's set-up" and failure["status"] == "FAILED"
    assert failure["message"].startswith("adapter error: reset() raised ConnectionError")
    assert [result["status"] for _, result in rest] == ["SKIPPED"] * len(entry["steps"])


def test_the_run_succeeds_in_the_messages_exactly_when_its_results_pass(runs):
    for name, success in (("failing", False), ("skips", True), ("not_applicable", True)):
        (finished,) = of_kind(envelopes(runs / f"{name}.ndjson"), "testRunFinished")
        assert finished["success"] is success, name
    (finished,) = of_kind(envelopes(runs / "failing.ndjson"), "testRunFinished")
    assert finished["message"] == "2 failed"


def test_the_same_results_give_byte_identical_messages(runs):
    first = p2c(runs, "report", "failing.json", "--format", "messages")
    second = p2c(runs, "report", "failing.json", "--format", "messages")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout == (runs / "failing.ndjson").read_text(encoding="utf-8")


def test_the_timestamps_start_at_the_run_s_start_and_never_go_back(runs):
    results = json.loads((runs / "failing.json").read_text())
    messages = envelopes(runs / "failing.ndjson")
    stamps = [
        message["timestamp"]["seconds"] * 10**9 + message["timestamp"]["nanos"]
        for envelope in messages
        for message in envelope.values()
        if "timestamp" in message
    ]
    started = datetime.fromisoformat(results["run"]["started_at"]).timestamp()
    assert stamps[0] == int(started) * 10**9
    assert stamps == sorted(stamps)


def test_cucumber_s_html_formatter_shows_each_deployment_s_run_of_a_scenario(runs, tmp_path):
    """Cucumber's page shows one test case per scenario of a document: each deployment's runs
    are a document of their own, and the failing scenario fails in both."""
    page = tmp_path / "page.html"
    node_tool("@cucumber/html-formatter")
    subprocess.run(
        ["node", str(NODE / "html.mjs"), str(runs / "failing.ndjson"), str(page)],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert "Confirming the quotation updates the quote in Sales to Won" in page.read_text()
    dom = chromium(
        "--dump-dom", "--virtual-time-budget=5000", page.as_uri(), profile=tmp_path / "profile"
    )
    dom = re.sub(r"<script.*?</script>", "", dom, flags=re.DOTALL)  # the messages themselves
    for deployment in ("gab", "no_gab"):
        assert f">{deployment}/seed-0/s5_quotation_from_scm.feature<" in dom
    # each step is an item with its status: the failing one, failed once in each deployment
    items = [re.sub(r"<[^>]+>", " ", item) for item in dom.split('<li data-status="')[1:]]
    failed = [item for item in items if item.startswith('FAILED"') and FAILING_STEP in item]
    assert len(failed) == 2
    assert all(FAILING_STEP not in item for item in items if item.startswith('PASSED"'))


def test_messages_into_a_missing_folder_is_a_one_line_usage_error_and_nothing_is_written(tmp_path):
    result = p2c(
        tmp_path,
        "certify",
        "-k",
        "p2c_s5_01",
        "--output",
        "results.json",
        "--messages",
        "missing/run.ndjson",
    )
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "--messages missing/run.ndjson" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_results_made_by_another_kit_version_are_refused_with_one_line(runs, tmp_path):
    results = json.loads((runs / "failing.json").read_text())
    results["kit"]["version"] = "0.2.9"
    (tmp_path / "old.json").write_text(json.dumps(results))
    result = p2c(tmp_path, "report", "old.json", "--format", "messages")
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "another p2c-kit" in result.stderr and "feature files" in result.stderr


def test_messages_are_made_from_one_results_file_at_a_time(runs):
    result = p2c(runs, "report", "failing.json", "skips.json", "--format", "messages")
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "one results file" in result.stderr


def test_a_duration_beyond_a_float_s_nanoseconds_still_gives_messages(runs, tmp_path):
    """1e300 seconds is a JSON number the schema takes; in nanoseconds it is beyond a float."""
    results = json.loads((runs / "failing.json").read_text())
    results["scenarios"][0]["duration"] = 1e300
    results["scenarios"][0]["steps"][0]["duration"] = 1e300
    (tmp_path / "long.json").write_text(json.dumps(results))
    result = p2c(tmp_path, "report", "long.json", "--format", "messages")
    assert result.returncode == 0, result.stderr
    assert all(json.loads(line) for line in result.stdout.splitlines())
