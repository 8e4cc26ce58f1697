"""The conformance page (``p2c report --format html``): what an implementation's vendor publishes.

One self-contained file: no script is needed to read it, nothing is fetched. The verdict and its
scope first, a bar of the outcomes, the failures (each linked from the bar, with its step, a diff
of expected against actual, the records and the command that reproduces it), then every scenario
by feature with its Gherkin steps marked in each deployment, the runs that do not apply folded
away, and the source document annotated with what was proven. Several results files make a
comparison: a matrix of scenario runs by implementation, worst first, each cell linking into that
implementation's page, which follows in the same file.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from typing import Any

from p2c_kit._reports.annotated import ANNOTATED_CSS, annotated_document
from p2c_kit._reports.explored import render_explored
from p2c_kit._reports.tables import (
    TOTAL_COLUMNS,
    Cell,
    ScenarioRow,
    by_feature,
    comparison_rows,
    expectation,
    implementation_name,
    readings_of,
    reproduce_command,
    scenario_rows,
    skip_reason,
    step_text,
    verdict_line,
)
from p2c_kit._reports.verdict import Outcome, StepStatus, judge, kit_difference, run_failure
from p2c_kit._specification.features import DEPLOYMENT_NAMES
from p2c_kit._text import printable, with_links

#: How each outcome shows: a sign that reads without colour, and its CSS class.
_SIGNS: dict[str, str] = {
    Outcome.PASSED: "✓",
    Outcome.NOT_APPLICABLE: "○",
    Outcome.SKIPPED_BY_ADAPTER: "↷",
    Outcome.SKIPPED: "↷",
    Outcome.FAILED: "✗",
    Outcome.ADAPTER_ERROR: "✗",
    Outcome.ERROR: "⚠",
}
_STEP_SIGNS = {
    StepStatus.PASSED: "✓",
    StepStatus.FAILED: "✗",
    StepStatus.SKIPPED: "↷",
    StepStatus.NOT_REACHED: "·",
}


def _slug(outcome: str) -> str:
    return outcome.replace(" ", "-")


def _text(text: object) -> str:
    """Text from a results file (an adapter's, possibly): printable and escaped."""
    return html.escape(printable(text))


def _linked(text: object) -> str:
    """Escaped text whose web addresses are links (an adapter's issue, say)."""
    return "".join(
        f'<a href="{html.escape(piece)}" rel="nofollow noopener">{html.escape(piece)}</a>'
        if link
        else html.escape(piece)
        for piece, link in with_links(printable(text))
    )


def page(documents: list[dict[str, Any]]) -> str:
    """The page of one results file, or the comparison of several."""
    if len(documents) == 1:
        title = f"p2c-kit conformance: {printable(implementation_name(documents[0]))}"
        body = _implementation(documents[0], prefix="", level=1)
    else:
        title = "p2c-kit comparison"
        body = _comparison(documents)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}{ANNOTATED_CSS}</style>"
        f"</head>\n<body>\n{body}\n</body></html>\n"
    )


# -- one implementation -------------------------------------------------------------------------


def _implementation(document: dict[str, Any], *, prefix: str, level: int) -> str:
    """One results file's page; ``prefix`` keeps its ids apart from other pages in one file,
    ``level`` is the level of its main heading."""
    rows = scenario_rows(document)
    h1, h2, h3 = (f"h{n}" for n in (level, level + 1, level + 2))
    attention = [
        (row, deployment, cell)
        for row in rows
        for deployment, cell in row.cells.items()
        if cell.needs_attention
    ]
    parts = [
        _headline(document, h1, prefix),
        _nav(prefix, attention),
        _summary_bar(document, prefix),
    ]
    if attention:
        parts.append(
            f'<section id="{prefix}failures"><{h2}>Failures ({len(attention)})</{h2}>\n'
            + "\n".join(
                _failure(document, row, deployment, cell, prefix, h3)
                for row, deployment, cell in attention
            )
            + "</section>"
        )
    skipped = [
        (row, deployment, cell)
        for row in rows
        for deployment, cell in row.cells.items()
        if cell.outcome in (Outcome.SKIPPED_BY_ADAPTER, Outcome.SKIPPED)
    ]
    if skipped:
        parts.append(_skipped(skipped, prefix, h2))
    parts.append(
        f'<section id="{prefix}scenarios"><{h2}>Scenarios by feature</{h2}>\n'
        + "\n".join(
            _feature(document, feature, feature_rows, prefix, h3)
            for feature, feature_rows in by_feature(rows).items()
        )
        + "</section>"
    )
    if document.get("explored"):
        parts.append(
            f'<section id="{prefix}explored"><{h2}>Explored (p2c explore)</{h2}>\n'
            + render_explored(document["explored"], "html")
            + "</section>"
        )
    parts.append(_document_section(document, prefix, h2))
    parts.append(_run_section(document, prefix, h2))
    return "\n".join(parts)


def _verdict_class(document: dict[str, Any]) -> str:
    if document["run"]["certification"]:
        verdict = judge(document)
        return "pass" if verdict.full else "partial" if verdict.certified else "fail"
    return "fail" if run_failure(document) is not None else "plain"


def _headline(document: dict[str, Any], h1: str, prefix: str) -> str:
    verdict = judge(document)
    scope = (
        "".join(f"<li>{html.escape(line)}</li>" for line in verdict.scope.long().splitlines())
        if document["implementation"] is not None
        else ""
    )
    note = kit_difference(document)
    return (
        f'<header class="headline v-{_verdict_class(document)}" id="{prefix}verdict">\n'
        f'<p class="kicker">p2c-kit {_text(document["kit"]["version"])} conformance report, '
        f"specification {_text(document['kit']['specification'])}</p>\n"
        f"<{h1}>{_text(implementation_name(document))}</{h1}>\n"
        f'<p class="verdict">{_text(verdict_line(document))}</p>\n'
        + (f'<ul class="scope">{scope}</ul>\n' if scope else "")
        + (f'<p class="note">{_text(note)}</p>\n' if note else "")
        + "</header>"
    )


def _nav(prefix: str, attention: list[Any]) -> str:
    links = [
        ("summary", "Summary"),
        *([("failures", f"Failures ({len(attention)})")] if attention else []),
        ("scenarios", "Scenarios"),
        ("document", "The document, annotated"),
        ("run", "The run"),
    ]
    return (
        '<nav class="toc">'
        + " · ".join(f'<a href="#{prefix}{target}">{label}</a>' for target, label in links)
        + "</nav>"
    )


def _summary_bar(document: dict[str, Any], prefix: str) -> str:
    totals = document["totals"]
    shown = [(outcome, totals.get(outcome, 0)) for outcome in Outcome if totals.get(outcome)]
    target = {
        Outcome.FAILED: "failures",
        Outcome.ADAPTER_ERROR: "failures",
        Outcome.ERROR: "failures",
        Outcome.SKIPPED_BY_ADAPTER: "skipped",
        Outcome.SKIPPED: "skipped",
    }
    segments = "".join(
        f'<a class="seg o-{_slug(outcome)}" style="flex-grow:{count}" '
        f'href="#{prefix}{target.get(outcome, "scenarios")}" title="{count} {outcome}">{count}</a>'
        for outcome, count in shown
    )
    legend = "".join(
        f'<li><span class="sign o-{_slug(outcome)}">{_SIGNS[outcome]}</span> {count} {outcome}</li>'
        for outcome, count in shown
    )
    return (
        f'<section id="{prefix}summary"><div class="bar" role="img" '
        f'aria-label="{html.escape(", ".join(f"{n} {o}" for o, n in shown))}">{segments}</div>\n'
        f'<ul class="bar-legend">{legend}</ul>\n'
        '<p class="counted">Each scenario run counts once per deployment and seed.</p></section>'
    )


def _cell_id(prefix: str, row: ScenarioRow, deployment: str) -> str:
    return f"{prefix}{row.anchor}-{deployment}"


def _failure(
    document: dict[str, Any],
    row: ScenarioRow,
    deployment: str,
    cell: Cell,
    prefix: str,
    h3: str,
) -> str:
    entry = cell.entry
    seed = f", seed {entry['seed']}" if len(document["run"]["seeds"]) > 1 else ""
    stale = expectation(entry["outcome"], entry["known_failure"])
    what = stale or entry["outcome"]
    parts = [
        f'<article class="failure" id="{_cell_id(prefix, row, deployment)}-failure">',
        f'<{h3}><span class="sign o-{_slug(cell.outcome)}">{_SIGNS[cell.outcome]}</span> '
        f'<a href="#{prefix}{row.anchor}">{_text(row.label())}</a> '
        f"({DEPLOYMENT_NAMES[deployment]}{seed}): {_text(row.title)}</{h3}>",
        f'<p class="what">{html.escape(what)}'
        + (
            f' at <span class="failing-step">{_text(step_text(entry["step"]))}</span>'
            if entry["step"]
            else ""
        )
        + "</p>",
    ]
    if entry["expected"] is not None:
        parts.append(_diff(entry["expected"], entry["actual"] or ""))
    elif entry["message"]:
        parts.append(f'<pre class="message">{_text(entry["message"])}</pre>')
    if entry["records"]:
        parts.append(_records(entry["records"], entry["actual"]))
    parts.append(
        f'<p class="reproduce">reproduce: <code>{_text(reproduce_command(document, entry))}'
        "</code></p></article>"
    )
    return "\n".join(parts)


def _diff(expected: str, actual: str) -> str:
    """Expected against actual, the words that differ marked (deleted from what was expected,
    inserted in what was found)."""
    old, new = re.split(r"(\s+)", printable(expected)), re.split(r"(\s+)", printable(actual))
    was, found = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        before, after = html.escape("".join(old[i1:i2])), html.escape("".join(new[j1:j2]))
        if tag == "equal":
            was.append(before)
            found.append(after)
            continue
        if before:
            was.append(f"<del>{before}</del>")
        if after:
            found.append(f"<ins>{after}</ins>")
    return (
        '<div class="diff"><div class="expected"><span class="label">expected</span>'
        f'<span class="value">{"".join(was)}</span></div>'
        '<div class="actual"><span class="label">actual</span>'
        f'<span class="value">{"".join(found)}</span></div></div>'
    )


def _records(records: dict[str, Any], actual: str | None) -> str:
    """The records the failure concerns, as the adapter returned them; the lines holding what
    was found are marked."""
    found = printable(actual or "")
    blocks = []
    for title, record in records.items():
        lines = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False).splitlines()
        shown = "\n".join(
            f"<mark>{_text(line)}</mark>" if len(found) > 1 and found in line else _text(line)
            for line in lines
        )
        blocks.append(f"<p class='record-title'>{_text(title)}</p><pre>{shown}</pre>")
    return (
        '<details class="records" open><summary>the records concerned</summary>'
        + "".join(blocks)
        + "</details>"
    )


def _skipped(skipped: list[tuple[ScenarioRow, str, Cell]], prefix: str, h2: str) -> str:
    reasons: dict[str, list[tuple[ScenarioRow, str]]] = {}
    for row, deployment, cell in skipped:
        reasons.setdefault(skip_reason(cell.entry["message"]), []).append((row, deployment))
    items = "".join(
        f"<li><p>{_linked(reason)}</p><p class='runs'>"
        + ", ".join(
            f'<a href="#{prefix}{row.anchor}">{_text(row.label())}</a> '
            f"({DEPLOYMENT_NAMES[deployment]})"
            for row, deployment in runs
        )
        + "</p></li>"
        for reason, runs in reasons.items()
    )
    return (
        f'<section id="{prefix}skipped"><{h2}>Skipped ({len(skipped)})</{h2}>\n'
        f'<ul class="reasons">{items}</ul></section>'
    )


def _feature(
    document: dict[str, Any], feature: str, rows: list[ScenarioRow], prefix: str, h3: str
) -> str:
    not_applicable = [row for row in rows if _not_applicable(row)]
    applicable = [row for row in rows if not _not_applicable(row)]
    parts = [
        f'<section class="feature"><{h3}>{_text(feature)}</{h3}>',
        *([_header_row()] if applicable else []),
        *(_scenario(document, row, prefix) for row in applicable),
    ]
    if not_applicable:
        parts.append(
            f'<details class="not-applicable"><summary>{len(not_applicable)} '
            f"{'scenario' if len(not_applicable) == 1 else 'scenarios'} not applicable: the "
            "implementation does not declare what they need</summary>"
            + "".join(_scenario(document, row, prefix) for row in not_applicable)
            + "</details>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def _not_applicable(row: ScenarioRow) -> bool:
    """Whether no run of the row applies: only then is it folded away."""
    return all(cell.outcome == Outcome.NOT_APPLICABLE for cell in row.cells.values())


def _header_row() -> str:
    return (
        '<div class="grid head" aria-hidden="true"><span>scenario</span><span>title</span>'
        + "".join(f"<span>{name}</span>" for name in DEPLOYMENT_NAMES.values())
        + "</div>"
    )


def _cell(row: ScenarioRow, deployment: str, prefix: str) -> str:
    cell = row.cells.get(deployment)
    if cell is None:  # the scenario (case) has no run in this deployment, or it was not selected
        return '<span class="cell none">no run</span>'
    return (
        f'<span class="cell o-{_slug(cell.outcome)}" id="{_cell_id(prefix, row, deployment)}">'
        f'<span class="sign">{_SIGNS[cell.outcome]}</span> {html.escape(cell.text())}</span>'
    )


def _scenario(document: dict[str, Any], row: ScenarioRow, prefix: str) -> str:
    trouble = row.outcome not in (Outcome.PASSED, Outcome.NOT_APPLICABLE)
    summary = (
        f'<summary class="grid"><span class="id">{_text(row.label())}</span>'
        f'<span class="title">{_text(row.title)}</span>'
        + "".join(_cell(row, deployment, prefix) for deployment in DEPLOYMENT_NAMES)
        + "</summary>"
    )
    body = [_steps(row, prefix)]
    for deployment, cell in row.cells.items():
        name = DEPLOYMENT_NAMES[deployment]
        if cell.needs_attention:
            body.append(
                f'<p class="see"><a href="#{_cell_id(prefix, row, deployment)}-failure">'
                f"{name}: {cell.outcome}, the failure in full</a></p>"
            )
        elif cell.outcome in (Outcome.SKIPPED_BY_ADAPTER, Outcome.SKIPPED, Outcome.NOT_APPLICABLE):
            reason = _linked(skip_reason(cell.entry["message"]))
            body.append(f'<p class="reason">{name}: {cell.outcome}: {reason}</p>')
        if cell.entry["known_failure"]:
            body.append(
                f'<p class="reason">{name}: on the known-failures list: '
                f"{_linked(cell.entry['known_failure'])}</p>"
            )
    if row.reading:
        body.append(
            '<p class="reading">Rests on the kit\'s reading: '
            + "; ".join(f"<code>{_text(reading)}</code>" for reading in row.reading)
            + "</p>"
        )
    return (
        f'<details class="scenario o-{_slug(row.outcome)}" id="{prefix}{row.anchor}"'
        f"{' open' if trouble else ''}>{summary}<div class='body'>{''.join(body)}</div></details>"
    )


def _steps(row: ScenarioRow, prefix: str) -> str:
    """The scenario's Gherkin steps, each marked in each deployment it ran in."""
    # the deployments the scenario ran in: a run that does not apply has no steps to mark
    recorded = {
        deployment: cell.entry.get("steps")
        for deployment, cell in row.cells.items()
        if cell.outcome != Outcome.NOT_APPLICABLE
    } or {deployment: cell.entry.get("steps") for deployment, cell in row.cells.items()}
    steps = next((steps for steps in recorded.values() if steps), None)
    if steps is None:
        return (
            '<p class="reason">The results file does not record the steps (a kit before 0.3).</p>'
        )
    # another kit's file may record fewer steps in one deployment: those show unmarked
    padded = {
        deployment: [*(recorded[deployment] or ()), *[{}] * len(steps)] for deployment in recorded
    }
    lines = []
    for index, step in enumerate(steps):
        marks = []
        for deployment in recorded:
            status = padded[deployment][index].get("status")
            if status is None:
                marks.append('<td class="st none"></td>')
                continue
            mark = f'<span class="sign">{_STEP_SIGNS[status]}</span> {status}'
            if status == StepStatus.FAILED and row.cells[deployment].needs_attention:
                target = f"{_cell_id(prefix, row, deployment)}-failure"
                mark = f'<a href="#{target}">{mark}</a>'
            marks.append(f'<td class="st st-{_slug(status)}">{mark}</td>')
        failing = any(
            steps_of[index].get("status") == StepStatus.FAILED for steps_of in padded.values()
        )
        lines.append(
            ('<tr class="failing">' if failing else "<tr>") + "<td class='step'>"
            f'<span class="kw">{_text(step["keyword"])}</span> {_text(step["text"])}'
            f' <span class="line">line {step["line"]}</span></td>{"".join(marks)}</tr>'
        )
    return (
        '<table class="steps"><thead><tr><th>step</th>'
        + "".join(f"<th>{DEPLOYMENT_NAMES[deployment]}</th>" for deployment in recorded)
        + f"</tr></thead><tbody>{''.join(lines)}</tbody></table>"
    )


def _document_section(document: dict[str, Any], prefix: str, h2: str) -> str:
    heading = f'<section id="{prefix}document"><{h2}>The document, annotated</{h2}>\n'
    difference = kit_difference(document)
    if difference is not None:  # only the kit that made the results knows what they prove
        return (
            f"{heading}<p>Not shown: the requirements these results prove are those of the kit "
            f"that made them, and this file was {_text(difference)}.</p></section>"
        )
    anchors: dict[tuple[str, str | None], str] = {}
    # a scenario as a whole: its first case that applies, else its first
    for row in sorted(
        scenario_rows(document), key=lambda row: row.outcome == Outcome.NOT_APPLICABLE
    ):
        anchors[(row.id, row.case)] = f"#{prefix}{row.anchor}"
        anchors.setdefault((row.id, None), f"#{prefix}{row.anchor}")

    def link(scenario_id: str, case: str | None) -> str:
        return anchors.get((scenario_id, case), f"#{prefix}scenarios")

    return heading + annotated_document(document, link, prefix) + "</section>"


def _run_section(document: dict[str, Any], prefix: str, h2: str) -> str:
    run, kit = document["run"], document["kit"]
    selection = ", ".join(f"-{name} {value!r}" for name, value in run["selection"].items() if value)
    facts = [
        ("implementation", implementation_name(document)),
        ("adapter", document["adapter"]),
        (
            "kit",
            f"{kit['version']} (specification {kit['specification']}, adapter contract "
            f"v{kit['contract']}, features {kit['features_sha256'][:12]})",
        ),
        ("seeds", " and ".join(str(seed) for seed in run["seeds"])),
        ("selection", selection or "every scenario"),
        ("partial", "yes" if run["partial"] else "no"),
        ("certification run", "yes" if run["certification"] else "no"),
        ("started", run["started_at"]),
        ("finished", run["finished_at"]),
        ("environment", f"Python {run['python']}, pytest {run['pytest']}, {run['platform']}"),
    ]
    readings = readings_of(document)
    return (
        f'<section id="{prefix}run"><{h2}>The run</{h2}>\n<table class="facts">'
        + "".join(f"<tr><th>{name}</th><td>{_text(value)}</td></tr>" for name, value in facts)
        + "</table>\n"
        + (
            "<p>The kit's readings the scenarios rest on (where the document is silent or "
            'ambiguous; <code>-m "not assumption_NAME"</code> leaves one out):</p><ul>'
            + "".join(
                f"<li><code>{_text(name)}</code>: {_text(text)}</li>"
                for name, text in readings.items()
            )
            + "</ul>"
            if readings
            else "<p>No scenario of the run rests on a reading of the kit.</p>"
        )
        + "</section>"
    )


# -- several implementations --------------------------------------------------------------------


def _comparison(documents: list[dict[str, Any]]) -> str:
    names = [printable(implementation_name(document)) for document in documents]
    totals = "".join(
        f'<tr><th><a href="#i{n}-verdict">{html.escape(name)}</a></th>'
        f"<td>{_text(verdict_line(document))}</td>"
        + "".join(
            f"<td>{sum(document['totals'].get(o, 0) for o in outcomes)}</td>"
            for outcomes in TOTAL_COLUMNS.values()
        )
        + f"<td>{'yes' if document['run']['partial'] else 'no'}</td></tr>"
        for n, (name, document) in enumerate(zip(names, documents, strict=True), start=1)
    )
    rows = "".join(
        f"<tr><td>{_text(row.label())}: {_text(row.title)}</td>"
        f"<td>{DEPLOYMENT_NAMES[deployment]}</td>"
        + "".join(
            f'<td class="o-{_slug(cell.outcome)}">'
            f'<a href="#{_cell_id(f"i{n}-", row, deployment)}">'
            f"{_SIGNS[cell.outcome]} {html.escape(cell.text())}</a></td>"
            if cell is not None
            else '<td class="none">no such run</td>'
            for n, cell in enumerate(cells, start=1)
        )
        + "</tr>"
        for row, deployment, cells in comparison_rows(documents)
    )
    pages = "\n".join(
        f'<section class="implementation" id="i{n}">'
        + _implementation(document, prefix=f"i{n}-", level=2)
        + "</section>"
        for n, document in enumerate(documents, start=1)
    )
    head = "".join(f"<th>{html.escape(name)} ({n})</th>" for n, name in enumerate(names, start=1))
    return (
        '<header class="headline v-plain"><p class="kicker">p2c-kit comparison</p>'
        f"<h1>{len(documents)} implementations</h1></header>\n"
        '<section id="totals"><h2>By implementation</h2><table class="totals"><thead><tr>'
        "<th>implementation</th><th>verdict</th>"
        + "".join(f"<th>{column}</th>" for column in TOTAL_COLUMNS)
        + f"<th>partial</th></tr></thead><tbody>{totals}</tbody></table></section>\n"
        '<section id="matrix"><h2>Scenario runs by implementation, worst first</h2>'
        f'<table class="matrix"><thead><tr><th>scenario</th><th>deployment</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></section>\n{pages}"
    )


_STYLE = """
:root { --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --na: #57606a; --na-bg: #f6f8fa; --skip: #9a6700; --skip-bg: #fff8c5; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 76rem;
  color: #1b1f24; overflow-wrap: anywhere; }
h1 { font-size: 1.7rem; margin: .2rem 0; } h2 { font-size: 1.3rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
a { color: #0969da; }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { white-space: pre-wrap; background: var(--na-bg); padding: .5rem .7rem; border-radius: 6px;
  margin: .3rem 0; }
.headline { border-radius: 10px; padding: 1rem 1.3rem; border: 2px solid var(--line); }
.headline .kicker { margin: 0; color: var(--na); font-size: .85rem; }
.headline .verdict { font-size: 1.25rem; font-weight: 600; margin: .3rem 0; }
.headline .scope { margin: .3rem 0 0; padding-left: 1.2rem; }
.headline .note { color: var(--skip); }
.v-pass { border-color: var(--pass); background: var(--pass-bg); }
.v-pass .verdict { color: var(--pass); }
.v-partial { border-color: #0969da; background: #ddf4ff; }
.v-fail { border-color: var(--fail); background: var(--fail-bg); }
.v-fail .verdict { color: var(--fail); }
.toc { margin: .8rem 0; }
.bar { display: flex; height: 2rem; border-radius: 6px; overflow: hidden; margin-top: 1rem;
  border: 1px solid var(--line); }
.bar .seg { display: flex; align-items: center; justify-content: center; min-width: 2.2rem;
  color: #fff; font-weight: 600; text-decoration: none; }
.seg.o-passed { background: var(--pass); }
.seg.o-failed, .seg.o-adapter-error, .seg.o-error { background: var(--fail); }
.seg.o-not-applicable { background: #8c959f; }
.seg.o-skipped-by-adapter, .seg.o-skipped { background: #bf8700; }
.bar-legend { display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; list-style: none; padding: 0;
  margin: .5rem 0 0; }
.counted { color: var(--na); font-size: .85rem; margin: .2rem 0; }
.sign { display: inline-block; width: 1.1em; text-align: center; font-weight: 700; }
.o-passed > .sign, .sign.o-passed, .st-passed { color: var(--pass); }
.o-failed > .sign, .sign.o-failed, .o-adapter-error > .sign, .sign.o-adapter-error,
.o-error > .sign, .sign.o-error, .st-failed { color: var(--fail); }
.o-not-applicable > .sign, .sign.o-not-applicable, .st-not-reached { color: var(--na); }
.o-skipped-by-adapter > .sign, .sign.o-skipped-by-adapter, .o-skipped > .sign,
.sign.o-skipped, .st-skipped { color: var(--skip); }
.failure { border: 1px solid var(--fail); border-left-width: 5px; border-radius: 6px;
  padding: .2rem 1rem .6rem; margin: .8rem 0; }
.failure h3 { margin-top: .6rem; }
.failing-step { font-weight: 600; }
.diff { display: grid; grid-template-columns: 1fr; gap: .2rem; margin: .4rem 0; }
.diff > div { display: grid; grid-template-columns: 5.5rem 1fr; padding: .3rem .6rem;
  border-radius: 4px; font: 13px/1.4 ui-monospace, monospace; white-space: pre-wrap; }
.diff .expected { background: #e6ffec; } .diff .actual { background: var(--fail-bg); }
.diff .label { color: var(--na); }
del { background: #abf2bc; text-decoration: none; font-weight: 700; }
ins { background: #ff8182; text-decoration: none; font-weight: 700; }
.records pre mark { background: #ffd8b5; }
.record-title { margin: .4rem 0 0; font-weight: 600; }
.grid { display: grid; grid-template-columns: 10rem minmax(0, 1fr) 9.5rem 9.5rem; gap: .6rem;
  align-items: baseline; padding: .35rem .6rem; }
.grid.head { font-weight: 600; color: var(--na); border-bottom: 1px solid var(--line); }
details.scenario { border-bottom: 1px solid var(--line); }
details.scenario > summary { cursor: pointer; }
details.scenario > summary .id::before { content: "▸ "; color: var(--na); }
details.scenario[open] > summary .id::before { content: "▾ "; }
details.scenario[open] > summary { background: var(--na-bg); }
details.scenario.o-failed > summary, details.scenario.o-adapter-error > summary,
details.scenario.o-error > summary { background: var(--fail-bg); }
.scenario .id { font: 13px ui-monospace, monospace; }
.cell .sign { margin-right: .15em; }
.body { padding: .3rem .6rem .8rem 1.5rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left;
  vertical-align: top; }
th { background: var(--na-bg); }
table.steps { width: 100%; }
table.steps td.st { white-space: nowrap; width: 9rem; }
table.steps tr.failing td { background: var(--fail-bg); }
.kw { font-weight: 700; } .line { color: var(--na); font-size: .8rem; }
details.not-applicable { margin: .4rem 0; color: var(--na); }
details.not-applicable > summary { cursor: pointer; padding: .35rem .6rem; }
.reasons li { margin-bottom: .5rem; } .reasons p { margin: 0; } .runs { font-size: .85rem; }
.facts th { width: 11rem; }
table.matrix td.o-failed, table.matrix td.o-adapter-error, table.matrix td.o-error {
  background: var(--fail-bg); }
table.matrix td.o-passed { background: var(--pass-bg); }
table.matrix td.o-skipped-by-adapter, table.matrix td.o-skipped { background: var(--skip-bg); }
table.matrix td:nth-child(2), table.matrix th:nth-child(2) { white-space: nowrap; }
table.matrix td a { color: inherit; text-decoration: none; }
section.implementation { border-top: 3px solid var(--line); margin-top: 3rem; padding-top: 1rem; }
"""
