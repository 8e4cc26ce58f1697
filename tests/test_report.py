"""p2c report: tables in every format people read, from results files, safely escaped."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from p2c_kit import __version__

P2C = str(Path(sys.executable).parent / "p2c")
HOSTILE = "<script>alert(1)</script> | \x1b[31mred\x1b[0m"


def p2c(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([P2C, *args], capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A failing and a passing run, and the failing one with hostile strings from its adapter."""
    folder = tmp_path_factory.mktemp("results")
    p2c(
        folder,
        "certify",
        "--adapter",
        "p2c_reference.mutants:quote_not_marked_won",
        "-k",
        "p2c_s5",
        "--output",
        "mutant.json",
    )
    p2c(folder, "certify", "-k", "p2c_s5", "--output", "reference.json")
    hostile = json.loads((folder / "mutant.json").read_text())
    hostile["implementation"]["name"] = HOSTILE
    for scenario in hostile["scenarios"]:
        if scenario["outcome"] == "failed":
            scenario["actual"] = HOSTILE
            scenario["message"] = "```\n<script>alert(2)</script>"
    (folder / "hostile.json").write_text(json.dumps(hostile))
    return {name: folder / f"{name}.json" for name in ("mutant", "reference", "hostile")}


def test_a_report_shows_the_summary_and_each_failure_with_its_reproduce_command(results):
    output = p2c(results["mutant"].parent, "report", str(results["mutant"])).stdout
    assert "mutant quote_not_marked_won" in output
    assert "what happened" in output
    assert "was it expected" not in output  # no known-failures list: nothing to say there
    assert "Confirming the quotation updates the quote in Sales to Won" in output  # the title
    assert "Then the quote in Sales is Won" in output
    assert (
        "p2c certify --adapter p2c_reference.mutants:quote_not_marked_won -k p2c_s5_07 --seed 0"
        in output
    )


def test_several_results_files_make_a_matrix_worst_first(results):
    output = p2c(
        results["mutant"].parent,
        "report",
        str(results["reference"]),
        str(results["mutant"]),
        "--format",
        "markdown",
    ).stdout
    matrix = output.split("## Scenario runs by implementation, worst first")[1]
    rows = [line for line in matrix.splitlines() if line.startswith("| p2c_")]
    assert rows[0].startswith("| p2c_s5_07") and "failed" in rows[0]
    assert (
        f"| mutant quote_not_marked_won {__version__} (1)" in output.splitlines()[4]
    )  # worst first


def test_the_markdown_report_is_github_tables(results):
    output = p2c(
        results["mutant"].parent, "report", str(results["mutant"]), "--format", "markdown"
    ).stdout
    assert "## Scenarios" in output
    assert "|------------|" in output


def test_the_html_report_is_one_self_contained_page(results):
    page = p2c(
        results["mutant"].parent, "report", str(results["mutant"]), "--format", "html"
    ).stdout
    assert page.startswith("<!doctype html>") and "</html>" in page
    # nothing fetched: no script or style from elsewhere, no image, no frame
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page)
    assert "url(" not in page and "@import" not in page


def test_every_string_from_an_adapter_is_escaped_in_every_format(results):
    folder, hostile = results["hostile"].parent, str(results["hostile"])
    page = p2c(folder, "report", hostile, "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;" in page
    markdown = p2c(folder, "report", hostile, "--format", "markdown").stdout
    # in a fenced code block it is text (and no backticks of the adapter's close the fence)
    prose = re.sub(r"^(`{3,})[a-z]*\n.*?^\1$", "", markdown, flags=re.S | re.M)
    assert "<script>" not in prose and "\\|" in prose
    assert "\n+ <script>alert(1)</script> | red\n```" in markdown
    for output_format in ("pretty", "markdown", "html"):
        assert "\x1b" not in p2c(folder, "report", hostile, "--format", output_format).stdout
    report = json.loads(p2c(folder, "report", hostile, "--format", "json").stdout)
    assert report[0]["implementation"]["name"] == HOSTILE  # JSON carries it, quoted


def test_a_file_that_is_not_a_results_file_is_a_usage_error(tmp_path):
    (tmp_path / "other.json").write_text('{"hello": 1}')
    result = p2c(tmp_path, "report", "other.json")
    assert result.returncode == 2
    assert result.stderr.startswith("p2c: error: other.json: not a p2c-kit results file")


def test_a_complete_certification_gets_a_green_badge_and_a_certificate(
    tmp_path, reference_certified
):
    # p2c certify --certify --output certified.json, made once for the session
    shutil.copy(reference_certified["certified.json"], tmp_path / "certified.json")
    badge = json.loads(p2c(tmp_path, "badge", "certified.json").stdout)
    assert badge["schemaVersion"] == 1 and badge["color"] == "brightgreen"
    assert badge["label"] == "P2C spec 2024.03.19"
    runs = {
        (entry["id"], entry["case"], entry["deployment"])
        for entry in json.loads((tmp_path / "certified.json").read_text())["scenarios"]
    }
    assert badge["message"] == f"{len(runs)}/{len(runs)} runs"
    page = p2c(tmp_path, "certificate", "certified.json").stdout
    assert page.startswith("# Certificate of conformance: p2c-kit reference")
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in page.splitlines()
        if line.startswith("|")
    ]
    facts = {row[0]: row[1] for row in rows if len(row) == 2}
    assert facts["specification"] == "2024.03.19"
    assert re.fullmatch(r"`[0-9a-f]{64}`", facts["features (SHA-256)"])
    assert facts["environment"].startswith("Python ")
    assert re.fullmatch(r"`certified\.json`, SHA-256 `[0-9a-f]{64}`", facts["results file"])


def test_results_with_failures_are_no_certificate_and_say_why(results):
    folder = results["mutant"].parent
    badge = json.loads(p2c(folder, "badge", str(results["mutant"])).stdout)
    assert badge["color"] != "brightgreen" and badge["message"].endswith("not certified)")
    page = p2c(folder, "certificate", str(results["mutant"])).stdout
    assert page.startswith("# Results (not a certificate)")
    assert "Not certified: not a certification run" in page
