"""p2c load: the lifecycle at volume, run the way an implementer runs it."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

from tests_support import harness

from p2c_kit._commands.load import LIFECYCLE_LENGTH, render_load, run_load, sample_indices
from p2c_kit._contract.schemas import schema_errors
from p2c_reference import ReferenceAdapter

TESTS = Path(__file__).resolve().parent
P2C = str(Path(sys.executable).parent / "p2c")


def p2c_load(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [P2C, "load", "--format", "json", *args],
        capture_output=True,
        text=True,
        cwd=TESTS,
        check=False,
    )


def test_the_reference_in_process_passes_every_check_of_every_lifecycle():
    """Both deployments, both origins, both party types; every sampled prospect is right."""
    result = p2c_load("--prospects", "40", "--samples", "8")
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout)
    assert schema_errors("load", figures) == []
    assert figures["mix"] == {
        "origins": ["scm", "sales"],
        "party_types": ["organization", "person"],
    }
    assert [run["deployment"] for run in figures["deployments"]] == ["gab", "no_gab"]
    for run in figures["deployments"]:
        assert run["actions"] == 40 * LIFECYCLE_LENGTH and run["completed"] == 40
        assert (run["abandoned"], run["checked"], run["checks_failed"]) == (0, 8, 0)
        assert all(entry["p50"] <= entry["p95"] <= entry["p99"] for entry in run["per_action"])
    summary = {e["action"]: e["count"] for e in figures["deployments"][1]["per_action"]}
    # without GAB the Sales-side addresses go on the Summary tab, as the document has it
    assert summary["sales_set_summary_address"] == 2 * 20 and "sales_add_address" not in summary


def test_the_reference_through_the_stdio_transport_gives_the_same_counts():
    serve = f"{shlex.quote(sys.executable)} -m p2c_kit.serve"
    result = p2c_load("--adapter-cmd", serve, "--prospects", "12", "--deployment", "no_gab")
    assert result.returncode == 0, result.stdout + result.stderr
    (run,) = json.loads(result.stdout)["deployments"]
    assert (run["deployment"], run["actions"], run["checks_failed"]) == ("no_gab", 60, 0)


def test_a_mutant_that_does_not_retire_converted_prospects_fails_the_sample_checks():
    """The default sampling checks prospects of every kind, SCM-origin ones among them."""
    result = p2c_load(
        "--adapter",
        "p2c_reference.mutants:conversion_does_not_retire_prospect",
        "--prospects",
        "200",
    )
    assert result.returncode == 1
    run = json.loads(result.stdout)["deployments"][0]
    assert run["checks_failed"] > 0
    assert all("is not retired after its conversion" in f for f in run["check_failures"])


def test_an_adapter_that_crashes_on_an_action_has_each_error_counted_and_the_run_goes_on():
    serve = f"{shlex.quote(sys.executable)} -m p2c_kit.serve fake_adapters:raises_on_contacts"
    for adapter in (("--adapter", "fake_adapters:raises_on_contacts"), ("--adapter-cmd", serve)):
        result = p2c_load(*adapter, "--prospects", "6", "--deployment", "gab")
        assert result.returncode == 1
        (run,) = json.loads(result.stdout)["deployments"]
        contacts = next(e for e in run["per_action"] if e["action"] == "scm_create_contact")
        # the SCM-origin half of the prospects fails; the others complete
        assert contacts["errors"] == run["abandoned"] == run["completed"] == 3, adapter
        assert run["aborted"] is None
        assert "prospect 0, scm_create_contact: " in run["errors"][0]
        assert "contact persons table" in run["errors"][0]


def test_an_adapter_process_that_breaks_the_protocol_ends_the_deployment_s_run():
    """The harness serves 40 requests (start, reset, 38 actions), then exits."""
    result = p2c_load(
        "--adapter-cmd",
        harness("dies_mid_run"),
        "--prospects",
        "20",
        "--samples",
        "0",
        "--deployment",
        "gab",
    )
    assert result.returncode == 1
    (run,) = json.loads(result.stdout)["deployments"]
    assert (run["completed"], run["abandoned"], run["actions"]) == (7, 1, 38)
    assert "exited (exit code 1)" in run["aborted"]


def test_ctrl_c_stops_the_run_and_keeps_what_was_measured():
    class Interrupted(ReferenceAdapter):
        calls = 0

        def perform(self, action: str, arguments: dict[str, object]) -> dict[str, object]:
            Interrupted.calls += 1
            if Interrupted.calls == 23:
                raise KeyboardInterrupt
            return super().perform(action, arguments)

    figures = run_load(Interrupted, prospects_per_deployment=10, samples=0)
    (run,) = figures["deployments"]  # no second deployment after Ctrl-C
    assert run["aborted"] == "interrupted (Ctrl-C)"
    assert run["completed"] == 4 and run["actions"] == 22


def test_checks_are_spread_over_the_run_and_take_every_kind_in_turn():
    for count, samples in ((1000, 10), (200, 10), (15, 10), (7, 10), (40, 4)):
        chosen = sample_indices(count, samples, kinds=4)
        assert len(chosen) == min(count, samples) and all(0 <= i < count for i in chosen)
        if count >= 4 * samples:
            assert {i % 4 for i in chosen} == {0, 1, 2, 3}, (count, samples)


def test_the_mix_follows_the_adapter_s_capabilities():
    result = p2c_load("--adapter", "fake_adapters:gab_only_core", "--prospects", "4")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["mix"] == {"origins": ["scm"], "party_types": ["organization"]}
    assert [run["deployment"] for run in figures["deployments"]] == ["gab"]


def test_bad_options_are_one_line_usage_errors():
    for args, message in (
        (("--prospects", "0"), "--prospects 0: at least one prospect"),
        (("--samples", "-1"), "--samples -1: a count"),
        (("--adapter", "no_such_module:factory"), "cannot import"),
        (
            ("--adapter", "fake_adapters:gab_only_core", "--deployment", "no_gab"),
            "--deployment no_gab: the adapter declares only gab",
        ),
    ):
        result = p2c_load(*args)
        assert result.returncode == 2, args
        assert result.stderr.startswith("p2c: error: ") and message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_the_same_seed_draws_the_same_prospects():
    """Reproducible: the data, hence every count and error, depends only on the seed."""

    def run(seed: int) -> list[dict[str, object]]:
        figures = run_load(ReferenceAdapter, prospects_per_deployment=6, seed=seed, samples=0)
        return [
            {k: v for k, v in r.items() if k not in ("seconds", "actions_per_second", "per_action")}
            for r in figures["deployments"]
        ]

    assert run(3) == run(3)


def test_the_progress_bar_is_drawn_on_a_terminal_only():
    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), StringIO()
    for stream in (terminal, pipe):
        run_load(ReferenceAdapter, prospects_per_deployment=3, samples=1, progress=stream)
    drawn = terminal.getvalue()
    assert "load gab" in drawn and "load no_gab" in drawn
    assert "3/3" in drawn and "100%" in drawn and "actions/s" in drawn
    assert pipe.getvalue() == ""


def test_the_pretty_report_has_a_summary_and_a_latency_table_per_deployment():
    figures = run_load(ReferenceAdapter, prospects_per_deployment=4, samples=1)
    text = render_load(figures, "pretty")
    assert "checks passed" in text and "1/1" in text
    assert text.count("latency per action") == 2 and "scm_convert_prospect" in text
    assert "prospects done" in text and "4/4" in text and "1/1" in text


class _BreaksOn(ReferenceAdapter):
    """The reference, raising on one of its methods."""

    method = ""

    def reset(self, configuration: Any) -> None:
        if self.method == "reset":
            raise RuntimeError("cannot reach the CRM")
        super().reset(configuration)

    def query(self, system: str) -> dict[str, Any]:
        if self.method == "query":
            raise RuntimeError("query timeout")
        return super().query(system)


def test_an_adapter_that_cannot_reset_or_query_is_reported_and_keeps_what_was_measured():
    class ResetBreaks(_BreaksOn):
        method = "reset"

    class QueryBreaks(_BreaksOn):
        method = "query"

    (run, _) = run_load(ResetBreaks, prospects_per_deployment=4)["deployments"]
    assert run["aborted"] == "reset: RuntimeError: cannot reach the CRM" and run["actions"] == 0
    run = run_load(QueryBreaks, prospects_per_deployment=8, samples=2)["deployments"][0]
    assert run["completed"] == 8 and run["checked"] == run["checks_failed"] == 2
    assert "could not be queried: RuntimeError: query timeout" in run["check_failures"][0]


def test_an_adapter_factory_that_raises_is_a_one_line_error():
    result = p2c_load("--adapter", "fake_adapters:crashes_on_start", "--prospects", "4")
    assert result.returncode == 2
    assert result.stderr.startswith("p2c: error: the adapter factory raised ConnectionError(")
    assert len(result.stderr.strip().splitlines()) == 1
