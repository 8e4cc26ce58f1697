"""p2c load: the lifecycle at volume, run the way an implementer runs it."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from io import StringIO
from pathlib import Path

from kit._load import Progress, render_load, run_load
from kit._schemas import schema_errors
from rules import ReferenceAdapter

TESTS = Path(__file__).resolve().parent
P2C = str(Path(sys.executable).parent / "p2c")
LIFECYCLE_LENGTH = 5  # create, two addresses, a contact, the conversion


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
        assert run["actions"] == 40 * LIFECYCLE_LENGTH
        assert (run["abandoned"], run["checked"], run["checks_failed"]) == (0, 8, 0)
        assert all(entry["p50"] <= entry["p95"] <= entry["p99"] for entry in run["per_action"])
    summary = {e["action"]: e["count"] for e in figures["deployments"][1]["per_action"]}
    # without GAB the Sales-side addresses go on the Summary tab, as the document has it
    assert summary["sales_set_summary_address"] == 2 * 20 and "sales_add_address" not in summary


def test_the_reference_through_the_stdio_transport_gives_the_same_counts():
    serve = f"{shlex.quote(sys.executable)} -m kit.serve"
    result = p2c_load("--adapter-cmd", serve, "--prospects", "12", "--deployment", "no_gab")
    assert result.returncode == 0, result.stdout + result.stderr
    (run,) = json.loads(result.stdout)["deployments"]
    assert (run["deployment"], run["actions"], run["checks_failed"]) == ("no_gab", 60, 0)


def test_a_mutant_that_does_not_retire_converted_prospects_fails_the_sample_checks():
    result = p2c_load(
        "--adapter", "rules.mutants:conversion_does_not_retire_prospect", "--prospects", "8"
    )
    assert result.returncode == 1
    run = json.loads(result.stdout)["deployments"][0]
    assert run["checks_failed"] > 0
    assert all("is not retired after its conversion" in f for f in run["check_failures"])


def test_an_adapter_that_crashes_on_an_action_has_each_error_counted_and_the_run_goes_on():
    result = p2c_load("--adapter", "fake_adapters:raises_on_contacts", "--prospects", "6")
    assert result.returncode == 1
    run = json.loads(result.stdout)["deployments"][0]
    contacts = next(e for e in run["per_action"] if e["action"] == "scm_create_contact")
    assert contacts["errors"] == run["abandoned"] == 3  # the SCM-origin half of the prospects
    assert run["errors"][0] == ("prospect 0, scm_create_contact: KeyError: 'contact persons table'")


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
        Progress(stream, enabled=True).show("load gab", 5, 10, 1234.0, final=True)
    assert terminal.getvalue() == (
        "\rload gab [###############...............] 5/10 prospects, 1,234 actions/s\n"
    )
    assert pipe.getvalue() == ""


def test_the_pretty_report_has_a_summary_and_a_latency_table_per_deployment():
    figures = run_load(ReferenceAdapter, prospects_per_deployment=4, samples=1)
    text = render_load(figures, "pretty")
    assert "checks passed" in text and "1/1" in text
    assert text.count("latency per action") == 2 and "scm_convert_prospect" in text
