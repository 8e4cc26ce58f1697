"""The stdio protocol: the reference through it behaves as in-process, and every way an adapter
process can break is reported as an adapter error, never as a pass or a conformance failure."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
from tests_support import harness

from p2c_kit import Refused, Skipped
from p2c_kit._contract.protocol import answer
from p2c_kit._contract.schemas import schema_errors
from p2c_kit._specification.configuration import configuration
from p2c_reference import ReferenceAdapter

SERVE_REFERENCE = f"{shlex.quote(sys.executable)} -m p2c_kit.serve"


def outcomes(run) -> list[tuple[str, str | None, str, str]]:
    return sorted((row["id"], row["case"], row["deployment"], row["outcome"]) for row in run.rows)


def test_the_reference_through_the_protocol_has_the_outcomes_it_has_in_process(certify):
    """Scenario by scenario, certifying by --adapter-cmd gives what in-process gives."""
    in_process = certify()
    through_protocol = certify(command=SERVE_REFERENCE, validate_protocol=True)
    assert outcomes(through_protocol) == outcomes(in_process)
    assert {row["outcome"] for row in through_protocol.rows} == {"passed"}


def test_a_broken_implementation_fails_the_same_scenarios_through_the_protocol(certify):
    mutant = "p2c_reference.mutants:quote_not_marked_won"
    through_protocol = certify(command=f"{SERVE_REFERENCE} {mutant}")
    assert outcomes(through_protocol) == outcomes(certify(mutant))


def test_every_message_of_a_reference_run_conforms_to_the_protocol_schema():
    adapter = ReferenceAdapter()
    requests = [
        {"seq": 1, "cmd": "start", "version": 2},
        {"seq": "two", "cmd": "reset", "configuration": configuration("gab")},
        {
            "seq": [3],
            "cmd": "perform",
            "action": "scm_create_prospect",
            "arguments": {"party_type": "organization", "name": "Contoso"},
        },
        {
            "seq": 4,
            "cmd": "perform",
            "action": "scm_convert_prospect",
            "arguments": {"number": "NOPE"},
        },
        {"seq": 5, "cmd": "query", "system": "scm"},
    ]
    for request in requests:
        assert schema_errors("protocol#/$defs/request", request) == []
        response = answer(adapter, request)
        assert schema_errors("protocol#/$defs/response", response) == [], response
        assert response["seq"] == request["seq"]
    assert "refused" in answer(adapter, requests[3])
    assert answer(adapter, {"seq": 6, "cmd": "stop"}) is None


def test_an_adapter_s_refusal_skip_and_error_become_the_three_kinds_of_response():
    class Gaps:
        def start(self):
            return {"name": "gaps", "version": "1", "language": "python", "capabilities": ["gab"]}

        def scm_create_prospect(self, **arguments):
            raise Refused("numbering", "no number left", field="number")

        def scm_add_address(self, **arguments):
            raise Skipped("addresses come in version 2", "https://example.org/issues/7")

        def scm_create_contact(self, **arguments):
            raise KeyError("contacts")

    adapter = Gaps()
    perform = {"seq": 1, "cmd": "perform", "arguments": {}}
    assert answer(adapter, {**perform, "action": "scm_create_prospect"})["refused"] == {
        "rule": "numbering",
        "reason": "no number left",
        "field": "number",
    }
    assert answer(adapter, {**perform, "action": "scm_add_address"})["skipped"] == {
        "message": "addresses come in version 2",
        "issue_url": "https://example.org/issues/7",
    }
    errored = answer(adapter, {**perform, "action": "scm_create_contact"})["errored"]
    assert errored["message"] == "KeyError('contacts')" and "Traceback" in errored["traceback"]


@pytest.mark.parametrize(
    ("mode", "problem", "options"),
    [
        ("hang", "did not answer perform", {"timeout": 0.5}),
        ("garbage", "wrote a line that is not JSON", {}),
        ("wrong_seq", "answered seq", {}),
        ("violates_schema", "a response has seq and exactly one of", {}),
        ("writes_stderr", "wrote to stderr", {}),
        ("refuses_queries", "refused query: only an action can be refused", {}),
    ],
)
def test_a_broken_adapter_process_is_an_adapter_error_and_the_run_goes_on(
    certify, mode, problem, options
):
    """Each breakage is recorded against the scenarios it hits as an adapter error, with what the
    process wrote; the adapter is restarted for the next scenario; nothing is reported passed."""
    run = certify(command=harness(mode), k="p2c_s1_01 or p2c_s1_02", **options)
    assert run.exit_status != 0
    assert {row["outcome"] for row in run.rows} == {"adapter error"}
    assert len(run.rows) == 4  # the run went on after each breakage
    failure = str(next(report for report in run.reports if report.failed).longrepr)
    assert problem in failure
    if mode == "garbage":
        assert "offending line: 'Listening on port 8080" in failure
    if mode == "writes_stderr":
        assert "DeprecationWarning: something" in failure


def test_an_adapter_process_that_dies_mid_run_is_restarted_and_only_what_ran_passes(certify):
    run = certify(command=harness("dies_mid_run"), k="p2c_s1")
    assert run.exit_status != 0
    passed = run.count("passed")
    errors = run.count("adapter error")
    assert passed and errors and passed + errors == len(run.rows)
    failure = str(next(report for report in run.reports if report.failed).longrepr)
    assert "exit code 1" in failure


def test_an_adapter_process_that_crashes_on_start_stops_the_run_with_its_stderr(tmp_path):
    import subprocess

    p2c = Path(sys.executable).parent / "p2c"
    result = subprocess.run(
        [str(p2c), "certify", "--adapter-cmd", harness("crash_on_start")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "exited (exit code 3) instead of answering start" in output
    assert "cannot connect to the middleware" in output
    assert " passed" not in output


def test_smoke_reports_a_broken_harness_as_broken_not_as_non_conformant(tmp_path):
    import subprocess

    p2c = Path(sys.executable).parent / "p2c"
    result = subprocess.run(
        [str(p2c), "smoke", "--adapter-cmd", harness("garbage"), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert schema_errors("smoke", report) == []
    assert report["verdict"] == "adapter harness broken"
    assert report["probes"][0]["ok"] is True
    assert (
        "not JSON" in report["probes"][-2]["detail"] or "not JSON" in report["probes"][-1]["detail"]
    )


JAVASCRIPT_EXAMPLE = Path(__file__).parent.parent / "examples" / "javascript" / "adapter.mjs"


def test_the_javascript_example_certifies_with_its_passes_and_declared_skips(certify):
    """An adapter in another language, written from docs/protocol.md: Scenario 1 passes in both
    deployments, and the quotations it declares but does not implement show as its skips."""
    run = certify(command=f"node {shlex.quote(str(JAVASCRIPT_EXAMPLE))}", validate_protocol=True)
    passed = run.ids("passed")
    assert {f"p2c_s1_{n:02}" for n in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15)} <= passed
    assert run.outcomes("passed") >= {("p2c_s1_03", "gab"), ("p2c_s1_03", "no_gab")}
    assert run.ids("skipped by adapter") == {"p2c_gen_05", "p2c_gen_09"} | {
        f"p2c_s5_{n:02}" for n in range(1, 9)
    }
    assert not run.outcomes("failed") and not run.outcomes("adapter error")


@pytest.mark.parametrize("output_format", ["pretty", "markdown", "json"])
def test_smoke_passes_the_reference_through_the_protocol_in_every_format(tmp_path, output_format):
    import subprocess

    p2c = Path(sys.executable).parent / "p2c"
    result = subprocess.run(
        [str(p2c), "smoke", "--adapter-cmd", SERVE_REFERENCE, "--format", output_format],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if output_format == "json":
        report = json.loads(result.stdout)
        assert schema_errors("smoke", report) == []
        assert report["verdict"] == "adapter harness sound"
        assert {probe["probe"] for probe in report["probes"]} >= {
            "starts and describes itself",
            "resets (gab)",
            "resets (no_gab)",
            "answers an empty query of SCM (no_gab)",
            "answers an action of quotes_from_sales",
            "stops",
        }
    else:
        assert "adapter harness sound" in result.stdout
    if output_format == "markdown":
        assert "| probe" in result.stdout


def test_smoke_quiet_says_nothing_and_exits_by_the_verdict(tmp_path):
    import subprocess

    p2c = Path(sys.executable).parent / "p2c"
    sound = subprocess.run(
        [str(p2c), "smoke", "-q"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    broken = subprocess.run(
        [str(p2c), "smoke", "-q", "--adapter-cmd", harness("wrong_seq")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert (sound.returncode, sound.stdout) == (0, "")
    assert (broken.returncode, broken.stdout) == (1, "")


def test_an_error_the_adapter_caught_is_an_adapter_error_with_its_traceback(certify):
    tests = shlex.quote(str(Path(__file__).parent))
    command = f"env PYTHONPATH={tests} {SERVE_REFERENCE} fake_adapters:raises_on_contacts"
    run = certify(command=command, k="p2c_s1_04 or p2c_s1_02")
    assert run.outcomes("adapter error") == {("p2c_s1_04", "gab"), ("p2c_s1_04", "no_gab")}
    assert run.outcomes("passed") == {("p2c_s1_02", "gab"), ("p2c_s1_02", "no_gab")}
    failure = str(next(report for report in run.reports if report.failed).longrepr)
    assert "the adapter reported an error: KeyError('contact persons table')" in failure
    assert "its traceback:" in failure


def test_validate_protocol_names_the_exact_violation(certify):
    """Without --validate-protocol a refusal naming no rule is taken as a refusal; with it, the
    kit names the field and the rule it breaks."""
    lenient = certify(command=harness("empty_refusal_rule"), k="p2c_s1_14")
    assert {row["outcome"] for row in lenient.rows} == {"passed"}
    strict = certify(command=harness("empty_refusal_rule"), k="p2c_s1_14", validate_protocol=True)
    assert {row["outcome"] for row in strict.rows} == {"adapter error"}
    failure = str(next(report for report in strict.reports if report.failed).longrepr)
    assert "broke the protocol: $.refused.rule: '' should be non-empty" in failure


def test_a_process_that_closes_its_output_but_lives_on_is_reported_within_the_timeout(tmp_path):
    import subprocess
    import time

    p2c = Path(sys.executable).parent / "p2c"
    started = time.monotonic()
    result = subprocess.run(
        [str(p2c), "smoke", "--timeout", "2", "--adapter-cmd", "sh -c 'exec 1>&-; sleep 60'"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=30,
    )
    assert time.monotonic() - started < 15
    assert result.returncode == 1
    assert "closed its output instead of answering start" in result.stdout


def test_an_adapter_process_that_dies_before_its_start_request_is_reported_with_its_stderr():
    """The kit starts the process early; it may be gone before the first request is sent."""
    from p2c_kit import HarnessError
    from p2c_kit._transports.stdio import AdapterProcess

    process = AdapterProcess(harness("crash_on_start"))
    process.spawn()
    assert process._process is not None
    process._process.wait(timeout=10)
    with pytest.raises(HarnessError) as raised:
        process.start()
    assert "exited (exit code 3) instead of answering start" in str(raised.value)
    assert "cannot connect to the middleware" in str(raised.value)


@pytest.mark.parametrize(("written", "shown"), [(3, "'000'"), (600, f"'{'0' * 499}…'")])
def test_the_line_a_process_left_unfinished_is_shown_up_to_500_characters(written, shown):
    """What a process that does not answer was writing is its offending line: shown whole, or
    its first characters and an ellipsis."""
    from p2c_kit import HarnessError
    from p2c_kit._transports.stdio import AdapterProcess

    process = AdapterProcess(f"sh -c 'printf %0{written}d 0; exec sleep 60'", timeout=0.5)
    with pytest.raises(HarnessError) as raised:
        process.start()
    assert "did not answer start" in str(raised.value)
    assert f"offending line: {shown}" in str(raised.value).splitlines()
