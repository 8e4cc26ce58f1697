"""Hostile adapters and files: each tries to earn an exit status 0, a green badge or a certificate
it should not get, and each test asserts the verdict it gets instead.

The numbers are the items of the issue "No false verdicts" that found these attacks; the
adapters are in ``fake_adapters.py`` with the others.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
from tests_support import SharedRun, harness, shared_run

from p2c_kit._specification.features import scenarios
from p2c_kit._transports.stdio import MAX_LINE, MAX_STDERR

P2C = str(Path(sys.executable).parent / "p2c")
TESTS = Path(__file__).resolve().parent
#: Scenario runs of the specification per seed (outline rows and deployments counted one by one).
RUNS = sum(len(info.runs) for info in scenarios().values())


def p2c(*args: str, cwd: Path = TESTS) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [P2C, *args], capture_output=True, text=True, cwd=cwd, check=False, timeout=300
    )


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """A refusal: exit status 2 and one line naming what was wrong."""
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("p2c: error: "), result.stderr
    for word in words:
        assert word in lines[0]


def verdicts(results: Path) -> tuple[dict[str, Any], str]:
    """The badge and the certificate's heading for a results file."""
    badge = json.loads(p2c("badge", str(results)).stdout)
    heading = p2c("certificate", str(results)).stdout.splitlines()[0]
    return badge, heading


@pytest.fixture(scope="session")
def runs(shared: Path, reference_certified: SharedRun) -> dict[str, Path]:
    """Certification runs to edit (each made once for the session): the reference's, and a
    mutant's that fails."""
    mutant = shared_run(
        shared,
        "certify",
        "--certify",
        "--adapter",
        "p2c_reference.mutants:quote_not_marked_won",
        "--output",
        "mutant.json",
    )
    return {"reference": reference_certified["certified.json"], "mutant": mutant["mutant.json"]}


def edited(runs: dict[str, Path], name: str, edit: Any, tmp_path: Path) -> Path:
    document = json.loads(runs[name].read_text())
    edit(document)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    return path


# -- 1. an adapter that skips, xfails or ends the run is never a pass --------------------------


@pytest.mark.parametrize("adapter", ["skips_with_pytest", "raises_unittest_skip", "xfails"])
def test_an_adapter_that_skips_or_xfails_fails_certification_and_earns_no_badge(adapter, tmp_path):
    output = tmp_path / "results.json"
    result = p2c(
        "certify", "--certify", "--adapter", f"fake_adapters:{adapter}", "--output", str(output)
    )
    assert result.returncode == 1, result.stdout
    assert "p2c-kit: certification refused" in result.stdout
    badge, heading = verdicts(output)
    assert badge["color"] != "brightgreen" and "not certified" in badge["message"]
    assert heading.startswith("# Results (not a certificate)")


@pytest.mark.parametrize("adapter", ["skips_with_pytest", "skips_in_the_kits_words", "xfails"])
def test_an_undeclared_skip_or_xfail_fails_a_plain_run_too(adapter):
    result = p2c("certify", "--adapter", f"fake_adapters:{adapter}", "-k", "p2c_s1_03")
    assert result.returncode == 1, result.stdout
    assert "p2c-kit: the run fails" in result.stdout


def test_an_adapter_s_xfail_shows_its_traceback_where_pytest_is_asked_for_it():
    """The kit leaves an xfail's traceback unformatted only where pytest would not show it."""
    arguments = ("certify", "--adapter", "fake_adapters:xfails", "-k", "p2c_s1_03")
    plain, shown = p2c(*arguments), p2c(*arguments, "--", "--xfail-tb")
    assert plain.returncode == shown.returncode == 1, plain.stdout + shown.stdout
    assert "XFAILURES" not in plain.stdout and "XFailed" not in plain.stdout
    assert shown.stdout.count('>       pytest.xfail("addresses are expected to fail")') == 2
    assert "_pytest.outcomes.XFailed: addresses are expected to fail" in shown.stdout


@pytest.mark.parametrize("adapter", ["exits_early", "kills_itself"])
@pytest.mark.parametrize("certification", [[], ["--certify"]])
def test_an_adapter_that_ends_the_run_early_fails_it_and_leaves_no_results(
    adapter, certification, tmp_path
):
    output = tmp_path / "results.json"
    result = p2c(
        "certify", *certification, "--adapter", f"fake_adapters:{adapter}", "--output", str(output)
    )
    assert result.returncode == 1
    assert "the run ended before writing its results" in result.stderr
    assert not output.exists()


def test_an_adapter_raising_system_exit_is_an_adapter_error():
    result = p2c("certify", "--adapter", "fake_adapters:exits_with_system_exit", "-k", "p2c_s1_05")
    assert result.returncode == 1
    assert "2 adapter error" in result.stdout


# -- 2. options that would run nothing, or less, are refused in certification -----------------


@pytest.mark.parametrize(
    "option",
    [
        ["--co"],
        ["--collect-only"],
        ["--setup-only"],
        ["--setup-plan"],
        ["--fixtures"],
        ["-x"],
        ["--lf"],
        ["-p", "no:p2c_kit.plugin"],
        ["-o", "xfail_strict=false"],
        ["--deselect", "x"],
    ],
)
def test_a_certification_refuses_pytest_options_that_could_change_what_runs(option):
    one_line_error(p2c("certify", "--certify", "--", *option), "--certify", repr(option[0]))


def test_a_certification_passes_on_display_options(tmp_path):
    result = p2c(
        "certify",
        "--certify",
        "--",
        "-v",
        "--tb=short",
        "--junitxml",
        str(tmp_path / "junit.xml"),
        "--color=no",
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "junit.xml").exists()


@pytest.mark.parametrize("option", ["--co", "--setup-plan"])
def test_a_certification_through_plain_pytest_that_runs_nothing_fails(option, tmp_path):
    result = subprocess.run(
        [
            *(
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "p2c_kit.plugin",
                "--pyargs",
                "p2c_kit.conformance",
            ),
            *("--p2c-certify", option),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # the README's plain-pytest form, outside any project's configuration
        check=False,
    )
    assert result.returncode == 1
    assert "certification refused: incomplete" in result.stdout


# -- 3. a results file edited by hand is refused, or caught by p2c verify -----------------------


def _flip_totals(document: dict[str, Any]) -> None:
    document["totals"] = {"passed": len(document["scenarios"])}


def _flip_entries_and_totals(document: dict[str, Any]) -> None:
    for entry in document["scenarios"]:
        entry["outcome"] = "passed"
    _flip_totals(document)


def _flip_carefully(document: dict[str, Any]) -> None:
    for entry in document["scenarios"]:
        entry.update(outcome="passed", step=None, expected=None, actual=None, message=None)
        entry["records"] = None
        for step in entry["steps"]:
            step["status"] = "passed"
    _flip_totals(document)


def _empty(document: dict[str, Any]) -> None:
    document["scenarios"] = []


def _not_applicable_but_declared(document: dict[str, Any]) -> None:
    for entry in document["scenarios"]:
        if entry["outcome"] == "failed":
            entry.update(outcome="not applicable", step=None, expected=None, actual=None)
            entry["records"] = None
    document["totals"] = {
        "passed": sum(e["outcome"] == "passed" for e in document["scenarios"]),
        "not applicable": sum(e["outcome"] == "not applicable" for e in document["scenarios"]),
    }


def _one_seed(document: dict[str, Any]) -> None:
    first = document["run"]["seed"]
    document["scenarios"] = [e for e in document["scenarios"] if e["seed"] == first]
    document["run"]["seeds"] = [first]
    document["totals"] = {"passed": len(document["scenarios"])}


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (_flip_totals, "the totals say"),
        (_flip_entries_and_totals, "passed, yet records a failure"),
        (_empty, "the totals say"),
        (_not_applicable_but_declared, "declares every capability it needs"),
    ],
)
def test_an_edited_results_file_is_refused_by_every_command(runs, tmp_path, edit, words):
    path = edited(runs, "mutant", edit, tmp_path)
    for command in ("report", "badge", "certificate"):
        one_line_error(p2c(command, str(path)), "inconsistent results, refused", words)


def test_an_empty_results_file_claiming_a_complete_certification_is_refused(runs, tmp_path):
    path = edited(runs, "reference", lambda d: (_empty(d), d.update(totals={})), tmp_path)
    one_line_error(p2c("badge", str(path)), "have no entry")


def test_a_certification_under_one_seed_is_no_certificate(runs, tmp_path):
    path = edited(runs, "reference", _one_seed, tmp_path)
    badge, heading = verdicts(path)
    assert badge["color"] != "brightgreen"
    assert heading.startswith("# Results (not a certificate)")


def test_a_file_from_another_kit_gets_no_certificate_and_says_so(runs, tmp_path):
    def other_kit(document: dict[str, Any]) -> None:
        document["kit"].update(features_sha256="0" * 64, specification="2099.01.01")

    path = edited(runs, "reference", other_kit, tmp_path)
    one_line_error(p2c("certificate", str(path)), "no certificate", "another p2c-kit")
    badge = json.loads(p2c("badge", str(path)).stdout)
    assert badge["color"] != "brightgreen" and "not certified" in badge["message"]
    assert "made by another p2c-kit" in p2c("report", str(path)).stdout
    one_line_error(
        p2c("verify", str(path), "--adapter", "p2c_reference:ReferenceAdapter"), "cannot be"
    )


def test_verify_catches_a_carefully_edited_file_and_names_the_runs(runs, tmp_path):
    path = edited(runs, "mutant", _flip_carefully, tmp_path)
    badge, _ = verdicts(path)
    assert badge["color"] == "brightgreen"  # a consistent forgery: only a re-run can tell
    result = p2c("verify", str(path), "--adapter", "p2c_reference.mutants:quote_not_marked_won")
    assert result.returncode == 1, result.stdout
    assert "p2c_s5_07 (gab, seed 0)" in result.stdout and "failed" in result.stdout
    assert "the results are not reproduced" in result.stdout


@pytest.mark.parametrize("mode", ["watcher", "kill"])
def test_verify_is_not_fooled_by_an_adapter_process_that_forges_the_re_run(runs, tmp_path, mode):
    """The adapter process copies the forged file over the re-run's results: through a process
    left behind to wait for them, or by writing them and killing the kit's pytest."""
    path = edited(runs, "mutant", _flip_carefully, tmp_path)
    forger = TESTS / "harnesses" / "forging_adapter.py"
    command = f"{sys.executable} {forger} {mode} p2c_reference.mutants:quote_not_marked_won"
    result = p2c("verify", str(path), "--adapter-cmd", command)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the results are not reproduced" in result.stdout


def test_verify_confirms_an_honest_file(runs):
    result = p2c(
        "verify", str(runs["mutant"]), "--adapter", "p2c_reference.mutants:quote_not_marked_won"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"verified: {2 * RUNS} scenario runs" in result.stdout


# -- 4. a partial implementation gets a partial certificate, visibly ---------------------------


def test_an_implementation_of_one_deployment_is_certified_as_partial_not_full(tmp_path):
    output = tmp_path / "results.json"
    result = p2c(
        "certify", "--certify", "--adapter", "fake_adapters:gab_only_core", "--output", str(output)
    )
    assert result.returncode == 0, result.stdout
    badge, heading = verdicts(output)
    assert badge["color"] != "brightgreen"
    assert (
        badge["message"].startswith("partial: GAB only, ")
        and f" of {RUNS} runs" in badge["message"]
    )
    assert heading.startswith("# Certificate of partial conformance")


def test_only_every_capability_in_both_deployments_is_full_conformance(runs):
    badge, heading = verdicts(runs["reference"])
    assert badge == {**badge, "color": "brightgreen", "message": f"{RUNS}/{RUNS} runs"}
    assert heading.startswith("# Certificate of conformance")


# -- 5. an implementation that hard-codes master data fails, whatever the seed ----------------


def assert_not_certified(tmp_path: Path, factory: str, seed: int = 0) -> None:
    """A certification run of the fake adapter ``factory`` at ``seed`` fails: exit status 1 with
    conformance failures, a badge that is not green, a page that is not a certificate."""
    results = tmp_path / f"results-{seed}.json"
    run = p2c(
        "certify",
        "--certify",
        "--adapter",
        f"fake_adapters:{factory}",
        "--seed",
        str(seed),
        "--output",
        str(results),
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr
    outcomes = {scenario["outcome"] for scenario in json.loads(results.read_text())["scenarios"]}
    assert "failed" in outcomes  # conformance failures: the cheat is caught, not a crash
    badge, heading = verdicts(results)
    assert badge["color"] != "brightgreen"
    assert not heading.startswith("# Certificate")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_implementation_that_hard_codes_the_old_master_data_is_not_certified(tmp_path, seed):
    assert_not_certified(tmp_path, "ignores_configuration", seed)


# -- 6. state across prospects and runs: a conversion broken after the first ------------------


def test_an_implementation_that_breaks_every_conversion_after_the_first_is_not_certified(
    tmp_path,
):
    """p2c_gen_07 converts several prospects in one scenario, and checks each."""
    assert_not_certified(tmp_path, "breaks_conversions_after_the_first")


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_an_implementation_that_breaks_the_second_conversion_of_the_run_is_not_certified(
    tmp_path, seed
):
    """Wherever the second conversion falls in the shuffled order, the scenario run it falls in
    sees the customer account missing: every scenario that converts checks it, directly or on
    the Sales side."""
    assert_not_certified(tmp_path, "breaks_the_second_conversion_of_the_run", seed)


# -- 7. a contained adapter: nothing it writes or starts outlives a deadline or the run --------

#: Far longer than any of these runs takes: a run that hangs fails its test, not the suite.
RUN_TIME_LIMIT = 120


def p2c_read_to_the_end(
    directory: Path, *arguments: str, sleeper: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``p2c`` in ``directory``, with the tests' fake adapters importable, and read its
    output to the end, as ``p2c ... | reader`` does."""
    environment = {**os.environ, "PYTHONPATH": str(TESTS)}
    if sleeper is not None:
        environment["P2C_TEST_SLEEPER"] = str(sleeper)
    with subprocess.Popen(
        [P2C, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=directory,
        env=environment,
        start_new_session=True,
    ) as run:
        try:
            stdout, stderr = run.communicate(timeout=RUN_TIME_LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)  # the run and what it started: not left behind
            raise
    return subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr)


def certify_rows(directory: Path, command: str, *options: str) -> list[dict[str, object]]:
    """Certify the adapter process ``command`` on Scenario 1's first scenario; its result rows."""
    p2c_read_to_the_end(
        directory,
        "certify",
        "--adapter-cmd",
        command,
        "-k",
        "p2c_s1_01",
        "--output",
        "r.json",
        *options,
    )
    rows: list[dict[str, object]] = json.loads((directory / "r.json").read_text())["scenarios"]
    return rows


def running(marker: Path) -> list[psutil.Process]:
    """The processes with ``marker`` in their command line that have not ended."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        named = str(marker) in (process.info["cmdline"] or ())
        if named and process.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(process)
    return found


@pytest.fixture
def marker(tmp_path: Path):
    """A path that names the processes of one test; any left when it ends are killed."""
    path = tmp_path / "sleeper"
    yield path
    for process in running(path):
        process.kill()


def test_an_adapter_process_that_writes_a_line_without_end_is_an_adapter_error_at_the_timeout(
    tmp_path, marker
):
    """Output that keeps coming does not extend the deadline of a response, and the run ends."""
    rows = certify_rows(tmp_path, harness("endless_line", str(marker)), "--timeout", "1")
    assert [row["outcome"] for row in rows] == ["adapter error", "adapter error"]
    assert all("did not answer perform" in str(row["message"]) for row in rows)
    assert all("within 1 s" in str(row["message"]) for row in rows)
    assert not running(marker)


@pytest.mark.parametrize(
    ("mode", "limit"),
    [
        ("floods_stderr", f"wrote more than {MAX_STDERR >> 10} KiB to stderr, the limit"),
        ("long_line", f"wrote a line longer than {MAX_LINE >> 20} MiB, the limit"),
    ],
)
def test_an_adapter_process_past_an_output_limit_is_an_adapter_error_naming_the_limit(
    tmp_path, marker, mode, limit
):
    rows = certify_rows(tmp_path, harness(mode, str(marker)))
    assert [row["outcome"] for row in rows] == ["adapter error", "adapter error"]
    assert all(limit in str(row["message"]) for row in rows)
    assert not running(marker)


def test_ctrl_c_ends_the_run_as_interrupted_and_the_adapter_process_with_it(tmp_path, marker):
    """Ctrl-C at a terminal reaches p2c and its pytest: exit status 130, the partial results
    written, and no process of the adapter's left."""
    output = tmp_path / "r.json"
    command = harness("endless_line", str(marker))
    with subprocess.Popen(
        [P2C, "certify", "--adapter-cmd", command, "--timeout", "60", "--output", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        start_new_session=True,  # a terminal's process group, of its own
    ) as run:
        while not running(marker):  # the adapter is up
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
        time.sleep(2)  # and the kit is waiting for its answer to an action (no timing asserted)
        os.killpg(run.pid, signal.SIGINT)
        _, stderr = run.communicate(timeout=RUN_TIME_LIMIT)
    assert run.returncode == 130, stderr
    assert "p2c: interrupted" in stderr and "Traceback" not in stderr  # said, not a traceback
    assert json.loads(output.read_text())["run"]["partial"] is True
    assert not running(marker)


@pytest.mark.parametrize("mode", ["setsid_child", "daemon"])
def test_what_an_adapter_process_started_ends_with_the_run_even_if_it_left_its_group(
    tmp_path, marker, mode
):
    """A child that called setsid (out of the adapter's process group), a daemon that forked
    twice (out of its process tree too): both are gone when the run ends."""
    rows = certify_rows(tmp_path, harness(mode, str(marker)))
    assert [row["outcome"] for row in rows] == ["passed", "passed"]
    assert marker.exists()  # it ran
    assert not running(marker)


@pytest.mark.parametrize(
    "command",
    [
        ("certify", "-k", "p2c_s1_01"),
        ("smoke",),
        ("load", "--prospects", "1", "--samples", "0", "--deployment", "gab"),
    ],
    ids=["certify", "smoke", "load"],
)
def test_a_child_of_an_in_process_adapter_ends_with_the_run_and_lets_its_output_end(
    tmp_path, marker, command
):
    """The child sleeps holding the kit's stdout: the reader of ``p2c ... | reader`` gets the
    end of the output when the run ends, not when the child does."""
    run = p2c_read_to_the_end(
        tmp_path, *command, "--adapter", "fake_adapters:starts_a_sleeper", sleeper=marker
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert marker.exists()  # it ran
    assert not running(marker)


# -- 8. bad input is one line and exit status 2, and leaves nothing half-written ---------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'known_failing = ["a"]\n', "entry 1 is a str"),
        (b"\xff\xfe[[known_failing]]", "not UTF-8"),
        (
            b'[[known_failing]]\nid = "p2c_s1_01"\nreason = "a"\n'
            b'[[known_failing]]\nid = "p2c_s1_01"\nreason = "b"\n',
            "lists p2c_s1_01 a second time",
        ),
    ],
)
def test_a_bad_known_failing_file_is_one_line_and_writes_nothing(tmp_path, content, words):
    known = tmp_path / "known.toml"
    known.write_bytes(content)
    output = tmp_path / "results.json"
    result = p2c("certify", "--known-failing", str(known), "--output", str(output))
    one_line_error(result, words)
    assert not output.exists()


def test_a_deeply_nested_results_file_is_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000)
    for command in (["report"], ["badge"], ["certificate"], ["verify", "--adapter", "a:b"]):
        one_line_error(p2c(*command, str(path)), "nested too deeply")


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "cannot read it (No such file or directory)"), (b"\xff{}", "not UTF-8 text")],
    ids=["absent", "not_utf8"],
)
def test_a_results_file_that_cannot_be_read_is_one_line(tmp_path, content, words):
    path = tmp_path / "results.json"
    if content is not None:
        path.write_bytes(content)
    one_line_error(p2c("report", str(path)), f"{path}: {words}")


def test_an_implementation_name_cannot_forge_lines_of_the_pretty_report(runs, tmp_path):
    forged = "honest 1.0\np2c_s5_07  gab  passed"
    path = edited(runs, "mutant", lambda d: d["implementation"].update(name=forged), tmp_path)
    report = p2c("report", str(path)).stdout
    assert not any(line.startswith("p2c_s5_07  gab  passed") for line in report.splitlines())
    assert "honest 1.0 ⏎ p2c_s5_07" in report


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_results_file_with_a_number_json_has_not_is_one_line_in_every_format(
    runs, tmp_path, constant
):
    """Python's JSON reader takes NaN and Infinity, JSON has neither: a duration of NaN passed
    the schema (NaN < 0 is false) and crashed the messages, and made the JUnit time "nan"."""
    path = tmp_path / "constant.json"
    document = json.loads(runs["mutant"].read_text())
    document["scenarios"][0]["duration"] = float(constant.lower().removesuffix("inity"))
    path.write_text(json.dumps(document))  # (Python writes them as it reads them)
    assert constant in path.read_text()
    for output_format in ("pretty", "markdown", "html", "json", "junit", "messages"):
        one_line_error(p2c("report", str(path), "--format", output_format), "not JSON", constant)


@pytest.mark.parametrize(
    "steps",
    [lambda steps: steps[:1], lambda steps: [], list.copy],
    ids=["fewer", "none", "another text"],
)
def test_results_whose_steps_are_not_their_scenario_s_are_refused(runs, tmp_path, steps):
    """The steps of a run are its scenario's: a file that records others (fewer, none, or one
    of another text) is edited, and crashed the page and the messages."""

    def edit(document: dict[str, Any]) -> None:
        entry = next(e for e in document["scenarios"] if e["deployment"] == "no_gab")
        entry["steps"] = steps(entry["steps"])
        if entry["steps"]:
            entry["steps"][-1] = {**entry["steps"][-1], "text": "the quote is Won, honestly"}

    path = edited(runs, "mutant", edit, tmp_path)
    for output_format in ("html", "messages", "junit"):
        one_line_error(
            p2c("report", str(path), "--format", output_format),
            "inconsistent results, refused",
            "its steps are not its scenario's",
        )


def test_another_kit_s_version_is_said_short_and_printable_and_the_verdict_stays(runs, tmp_path):
    """What a file says of the kit that made it is a forger's: no terminal escapes, direction
    overrides or lone surrogates reach a report, and megabytes of it cannot push the verdict
    out of the Markdown report."""
    forged = "0.3.0\x1b[32m certified \u202e\ud800" + "9" * 2_000_000

    def edit(document: dict[str, Any]) -> None:
        document["kit"].update(version=forged, specification=forged)

    path = edited(runs, "mutant", edit, tmp_path)
    for output_format in ("pretty", "markdown", "html", "junit"):
        result = p2c("report", str(path), "--format", output_format)
        assert result.returncode == 0, result.stderr[-500:]
        assert not any(c in result.stdout for c in "\x1b\u202e\ufffd"), output_format
    [summary] = json.loads(p2c("report", str(path), "--format", "json").stdout)
    assert len(summary["verdict"]) < 1000 and "\x1b" not in summary["verdict"]
    markdown = p2c("report", str(path), "--format", "markdown").stdout
    assert markdown.splitlines()[2].startswith("**not certified: made by another p2c-kit")
    assert len(markdown.encode()) < 100_000
    messages = p2c("report", str(path), "--format", "messages")
    one_line_error(messages, "another p2c-kit")
    assert "\x1b" not in messages.stderr and "\u202e" not in messages.stderr
    assert len(messages.stderr) < 1000
