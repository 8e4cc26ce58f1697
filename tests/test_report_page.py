"""The reports people publish, looked at as their readers see them: the conformance page and the
comparison in headless Chromium (what the DOM holds, where its links go, that nothing overflows
1280 px), the Markdown within GitHub's job-summary limit, and results files of an older kit."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from tests_support import SharedRun, chromium, shared_run

P2C = str(Path(sys.executable).parent / "p2c")
EXAMPLES = Path(__file__).parent.parent / "examples"
FEATURES = Path(__file__).parent.parent / "features"
WIDTH = 1280
#: Every requirement of the specification, each marked once on a page.
REQUIREMENTS = len(tomllib.loads((FEATURES / "requirements.toml").read_text())["requirement"])

#: What the tests ask of a page in the browser, written into the DOM as JSON: measured once as
#: the page opens, and again with every folded part unfolded.
PROBE = """
<script>
function measure() {
  const inside = [...document.querySelectorAll('body *')];
  return {
    scrollWidth: document.documentElement.scrollWidth,
    overflowing: inside.filter(e => e.getBoundingClientRect().right > innerWidth + 1)
      .map(e => e.tagName + '.' + e.className).slice(0, 5),
  };
}
const every = [...document.querySelectorAll('[id]')].map(e => e.id);
const ids = new Set(every);
const local = [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'));
const probe = {
  viewport: innerWidth,
  folded: measure(),
  verdict: document.querySelector('.headline .verdict')?.textContent,
  headline: document.querySelector('header.headline')?.className,
  failingSteps: [...document.querySelectorAll('tr.failing')].map(tr => tr.textContent),
  failedStepLinks: [...document.querySelectorAll('td.st-failed a')]
    .map(a => a.getAttribute('href')),
  barFailed: document.querySelector('.bar a.o-failed')?.getAttribute('href'),
  failures: [...document.querySelectorAll('#failures article.failure')].map(a => a.id),
  failureLinks: [...document.querySelectorAll('#failures article.failure h3 a')]
    .map(a => a.getAttribute('href')),
  localLinks: local.length,
  brokenLinks: local.filter(href => !ids.has(decodeURIComponent(href.slice(1)))),
  notApplicableOpen: [...document.querySelectorAll('details.not-applicable')]
    .filter(d => d.open).length,
  notApplicable: document.querySelectorAll('details.not-applicable').length,
  openScenarios: [...document.querySelectorAll('details.scenario[open]')].map(d => d.id),
  webLinks: [...document.querySelectorAll('a[href^="http"]')].map(a => a.getAttribute('href')),
  implementations: document.querySelectorAll('section.implementation').length,
  matrixFirstRow: document.querySelector('table.matrix tbody tr')?.textContent,
  requirements: new Set([...document.querySelectorAll('mark.req[id]')].map(m => m.id)).size,
  failedRequirements: [...document.querySelectorAll('mark.req.v-failed[id]')].map(m => m.id),
  duplicateIds: every.length - ids.size,
};
document.querySelectorAll('details').forEach(d => d.open = true);
probe.unfolded = measure();
document.body.setAttribute('data-probe', JSON.stringify(probe));
</script>
"""


def p2c(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [P2C, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, **env},
    )


def in_browser(page: str, folder: Path) -> dict[str, Any]:
    """What the probe found in ``page`` rendered by headless Chromium at 1280 px wide."""
    probed = folder / "probed.html"
    probed.write_text(page.replace("</body>", PROBE + "</body>"))
    dom = chromium(
        "--virtual-time-budget=5000", "--dump-dom", probed.as_uri(), profile=folder / "profile"
    )
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, "the probe did not run: " + dom[:300]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


def screenshot(page: str, folder: Path, name: str) -> bytes:
    """A screenshot of the page's first screen (kept in the test's folder to look at)."""
    path = folder / f"{name}.html"
    path.write_text(page)
    picture = folder / f"{name}.png"
    chromium(f"--screenshot={picture}", path.as_uri(), profile=folder / "profile", width=WIDTH)
    return picture.read_bytes()


@pytest.fixture(scope="session")
def runs(shared: Path, reference_certified: SharedRun) -> dict[str, Path]:
    """The issue's failing run (the minimal example, its customer group changed), a complete
    certification of the reference, and the JavaScript example (skips with an issue link); each
    made once for the session."""
    broken = (EXAMPLES / "minimal_adapter.py").read_text()
    broken = broken.replace(
        'scm["sales_and_marketing_parameters"]["prospect_customer_group"]', '"WRONG"'
    )
    assert '"WRONG"' in broken
    failing = shared_run(
        shared,
        "certify",
        "--adapter",
        "broken_minimal:MinimalAdapter",
        "-q",
        "--output",
        "failing.json",
        files={"broken_minimal.py": broken},
        env={"PYTHONPATH": "{folder}"},
    )
    skipping = shared_run(
        shared,
        "certify",
        "--adapter-cmd",
        f"node {EXAMPLES / 'javascript' / 'adapter.mjs'}",
        "-q",
        "-k",
        "p2c_s1 or p2c_s5",
        "--output",
        "skipping.json",
    )
    return {
        "failing": failing["failing.json"],
        "certified": reference_certified["certified.json"],
        "skipping": skipping["skipping.json"],
    }


def report(runs: dict[str, Path], *names: str, output_format: str = "html") -> str:
    result = p2c(
        runs["failing"].parent,
        "report",
        *(str(runs[name]) for name in names),
        "--format",
        output_format,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def fits(probe: dict[str, Any]) -> bool:
    """Nothing wider than the window, folded or unfolded."""
    return all(
        probe[state]["scrollWidth"] <= probe["viewport"] == WIDTH
        and not probe[state]["overflowing"]
        for state in ("folded", "unfolded")
    )


def test_the_page_of_a_failing_run_leads_with_its_verdict_and_marks_the_failing_step(
    runs, tmp_path
):
    probe = in_browser(report(runs, "failing"), tmp_path)
    assert probe["verdict"] == "fails: 2 failed" and "v-fail" in probe["headline"]
    # the failing step, in place, in the scenario's steps, linked to the failure in full
    assert len(probe["failingSteps"]) == 2
    assert all("customer group" in step and "failed" in step for step in probe["failingSteps"])
    assert sorted(href.lstrip("#") for href in probe["failedStepLinks"]) == sorted(
        probe["failures"]
    )
    # the failures come first, linked from the summary bar, and each links to its scenario
    assert probe["barFailed"] == "#failures" and len(probe["failures"]) == 2
    assert len(probe["failureLinks"]) == 2
    assert sorted(id.removesuffix("-gab-failure") for id in probe["failures"]) == sorted(
        href.lstrip("#") for href in probe["failureLinks"]
    )
    assert probe["localLinks"] > 10 and probe["brokenLinks"] == [] and probe["duplicateIds"] == 0
    # the document, annotated: every requirement marked, those the failures concern failed
    assert probe["requirements"] == REQUIREMENTS
    assert "req-S1.3-d" in probe["failedRequirements"]
    # the failing scenarios open, the runs that do not apply folded away
    assert sorted(probe["openScenarios"]) == sorted(
        href.lstrip("#") for href in probe["failureLinks"]
    )
    assert probe["notApplicable"] > 0 and probe["notApplicableOpen"] == 0
    assert fits(probe), probe


def test_the_page_of_a_complete_certification_says_certified_and_opens_nothing(runs, tmp_path):
    probe = in_browser(report(runs, "certified"), tmp_path)
    assert probe["verdict"] == "certified: full conformance" and "v-pass" in probe["headline"]
    assert probe["failures"] == [] and probe["openScenarios"] == [] and probe["failingSteps"] == []
    assert probe["brokenLinks"] == [] and fits(probe), probe
    assert probe["requirements"] == REQUIREMENTS and probe["failedRequirements"] == []


def test_a_skip_s_issue_link_is_a_working_link_on_the_page(runs, tmp_path):
    page = report(runs, "skipping")
    probe = in_browser(page, tmp_path)
    assert "https://github.com/example/js-p2c-adapter/issues/1" in probe["webLinks"]
    assert 'id="skipped"' in page and probe["brokenLinks"] == [] and fits(probe), probe


def test_the_comparison_links_each_cell_into_that_implementation_s_page(runs, tmp_path):
    probe = in_browser(report(runs, "certified", "skipping", "failing"), tmp_path)
    assert probe["implementations"] == 3 and probe["duplicateIds"] == 0
    assert probe["requirements"] == 3 * REQUIREMENTS
    assert probe["matrixFirstRow"].count("failed") == 1  # worst first
    assert probe["localLinks"] > 100 and probe["brokenLinks"] == []
    assert fits(probe), probe


def test_each_page_renders_in_chromium(runs, tmp_path):
    """Screenshots of the three pages (look at them: they stay in the test's folder)."""
    for name, page in (
        ("failing", report(runs, "failing")),
        ("certified", report(runs, "certified")),
        ("comparison", report(runs, "certified", "skipping", "failing")),
    ):
        png = screenshot(page, tmp_path, name)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (
            WIDTH,
            900,
        )
        assert len(png) > 30_000  # a verdict, a bar and text: not a blank page


def test_results_record_each_step_with_what_it_did(runs):
    failing = json.loads(runs["failing"].read_text())["scenarios"]
    failed = next(entry for entry in failing if entry["outcome"] == "failed")
    statuses = [step["status"] for step in failed["steps"]]
    at = statuses.index("failed")
    assert set(statuses[:at]) == {"passed"} and set(statuses[at + 1 :]) <= {"not reached"}
    assert failed["steps"][at]["line"] == failed["step"]["line"]
    assert failed["steps"][at]["text"] == failed["step"]["text"]
    not_applicable = next(entry for entry in failing if entry["outcome"] == "not applicable")
    assert {step["status"] for step in not_applicable["steps"]} == {"not reached"}
    skipping = json.loads(runs["skipping"].read_text())["scenarios"]
    skipped = next(entry for entry in skipping if entry["outcome"] == "skipped by adapter")
    assert [step["status"] for step in skipped["steps"]][:2] == ["skipped", "not reached"]


def test_a_passed_run_with_a_step_that_did_not_pass_is_refused(runs, tmp_path):
    document = json.loads(runs["certified"].read_text())
    document["scenarios"][0]["steps"][-1]["status"] = "failed"
    (tmp_path / "edited.json").write_text(json.dumps(document))
    result = p2c(tmp_path, "report", "edited.json")
    assert result.returncode == 2
    assert "passed, yet a step of it did not" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_results_file_of_the_kit_before_steps_were_recorded_still_reports(runs, tmp_path):
    document = json.loads(runs["failing"].read_text())
    document["kit"]["version"] = "0.2.0"
    for entry in document["scenarios"]:
        del entry["steps"]
    (tmp_path / "old.json").write_text(json.dumps(document))
    for output_format in ("pretty", "markdown", "html", "json"):
        result = p2c(tmp_path, "report", "old.json", "--format", output_format)
        assert result.returncode == 0, result.stderr
    page = p2c(tmp_path, "report", "old.json", "--format", "html").stdout
    assert "made by another p2c-kit than the installed one: version 0.2.0" in page
    assert "does not record the steps" in page


def test_the_markdown_report_has_the_page_s_structure(runs):
    markdown = report(runs, "failing", output_format="markdown")
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings[:3] == [
        "## Failures (2)",
        "## Requirements of the source document",
        "## Scenarios by feature",
    ]
    assert "\n- S1.3-d (Scenario 1, step 3): Customer group is defaulted" in markdown
    assert markdown.splitlines()[2] == "**fails: 2 failed**"
    assert "```diff\n- customer group " in markdown and "\n+ WRONG\n```" in markdown
    assert "p2c certify --adapter broken_minimal:MinimalAdapter -k p2c_s1_08 --seed 0" in markdown
    assert "<details><summary>" in markdown  # not-applicable runs folded away
    skipping = report(runs, "skipping", output_format="markdown")
    assert "<https://github.com/example/js-p2c-adapter/issues/1>" in skipping


def test_a_large_comparison_in_markdown_stays_within_github_s_job_summary_limit(runs, tmp_path):
    """Forty implementations, each failing every applicable run with large records: the report
    keeps the worst rows that fit in 1 MiB and says how many it left out."""
    document = json.loads(runs["certified"].read_text())
    for entry in document["scenarios"]:
        entry.update(
            outcome="failed",
            step={"keyword": "Then", "text": "x", "file": "f.feature", "line": 1},
            expected="e" * 2000,
            actual="a" * 2000,
            message="m",
            records={"record": {"field": "r" * 5000}},
        )
        entry["steps"][-1]["status"] = "failed"
    document["totals"] = {"failed": len(document["scenarios"])}
    files = []
    for n in range(40):
        document["implementation"]["name"] = f"implementation {n:02d} " + "n" * 100
        files.append(tmp_path / f"{n:02d}.json")
        files[-1].write_text(json.dumps(document))
    comparison = p2c(tmp_path, "report", *map(str, files), "--format", "markdown")
    assert comparison.returncode == 0, comparison.stderr
    size = len(comparison.stdout.encode())
    assert 900 * 1024 < size <= 1024 * 1024
    assert "Left out to stay within GitHub's 1 MiB job summary limit: " in comparison.stdout
    assert comparison.stdout.rstrip().endswith("the results file hold everything.")
    single = p2c(tmp_path, "report", str(files[0]), "--format", "markdown")
    assert len(single.stdout.encode()) <= 1024 * 1024
    assert "failures" in single.stdout.split("Left out to stay within")[1]


#: What an adapter (its skip reasons) or a forger can put in a results file's explored section.
MARKUP = "<img src=x onerror=alert(1)> | [click](javascript:alert(1)) ` **bold**"


def _explored(document: dict[str, Any], gherkin: str) -> None:
    document["explored"] = [
        {
            "deployment": "gab",
            "shard": MARKUP,
            "max_examples": 1,
            "steps": 1,
            "seed": 0,
            "derandomize": False,
            "skipped": {MARKUP: MARKUP},
            "markexpr": None,
            "sequences": 1,
            "actions": 1,
            "properties": [MARKUP],
            "properties_checked": 1,
            "seconds": 1.0,
            "failure": {
                "kind": "property",
                "property": MARKUP,
                "implements": [MARKUP],
                "reading": None,
                "message": "```\n" + MARKUP,
                "gherkin": gherkin,
                "reproduce": "p2c explore ``` " + MARKUP,
            },
        }
    ]


def test_what_an_adapter_said_in_the_explored_section_is_text_in_every_format(runs, tmp_path):
    """The adapter's skip reasons of p2c explore went into the page as HTML, and into the
    Markdown as raw HTML and table cells; a gherkin block without a last newline never closed."""
    from markdown_it import MarkdownIt

    document = json.loads(runs["failing"].read_text())
    _explored(document, "Scenario: found\n  Given a step ```")  # no newline at its end
    (tmp_path / "explored.json").write_text(json.dumps(document))
    page = p2c(tmp_path, "report", "explored.json", "--format", "html").stdout
    assert "<img" not in page and "&lt;img src=x" in page
    markdown = p2c(tmp_path, "report", "explored.json", "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    inline = [child for token in tokens for child in token.children or ()]
    assert not [t for t in tokens + inline if t.type.startswith("html") and "<img" in t.content]
    assert not [t for t in inline if t.type == "link_open"]
    # the explored table keeps its seven columns, and the sections after it are headings
    explored_table = next(
        tokens[i + 1 :] for i, t in enumerate(tokens) if t.content == "Explored (p2c explore)"
    )
    header = next(i for i, t in enumerate(explored_table) if t.type == "thead_close")
    assert sum(t.type == "th_open" for t in explored_table[:header]) == 7
    assert [t for t in tokens if t.type == "inline" and t.content == "The run"]
    pretty = p2c(tmp_path, "report", "explored.json").stdout
    assert "onerror" in pretty  # the terminal shows it as it is


def test_steps_recorded_differently_in_each_deployment_still_render(runs, tmp_path):
    """Another kit's file (its steps cannot be checked against the installed features) whose
    deployments record different numbers of steps: a page, not an IndexError."""
    document = json.loads(runs["failing"].read_text())
    document["kit"]["version"] = "0.2.9"
    for entry in document["scenarios"]:
        if entry["deployment"] == "no_gab":
            entry["steps"] = entry["steps"][:1]
        else:
            entry["steps"] = entry["steps"] + entry["steps"][:1]
    (tmp_path / "steps.json").write_text(json.dumps(document))
    result = p2c(tmp_path, "report", "steps.json", "--format", "html")
    assert result.returncode == 0, result.stderr


def test_a_seed_thousands_of_digits_long_does_not_widen_the_page(runs, tmp_path):
    """Python reads integers of up to 4300 digits; the seed a cell shows when the seeds
    disagree sat in a cell that never wraps."""
    document = json.loads(runs["failing"].read_text())
    seed = int("9" * 4000)
    second = [{**entry, "seed": seed} for entry in document["scenarios"]]
    for entry in document["scenarios"]:
        if entry["outcome"] == "failed":  # the first seed passed where the second failed
            entry.update(outcome="passed", step=None, expected=None, actual=None, records=None)
            entry["message"] = None
            entry["steps"] = [{**step, "status": "passed"} for step in entry["steps"]]
    document["scenarios"] += second
    document["run"]["seeds"].append(seed)
    document["totals"] = {
        outcome: sum(entry["outcome"] == outcome for entry in document["scenarios"])
        for outcome in {entry["outcome"] for entry in document["scenarios"]}
    }
    (tmp_path / "seed.json").write_text(json.dumps(document))
    page = p2c(tmp_path, "report", "seed.json", "--format", "html")
    assert page.returncode == 0, page.stderr
    assert f"seed {seed})" in page.stdout  # a cell says which seed failed
    probe = in_browser(page.stdout, tmp_path)
    assert fits(probe), probe
