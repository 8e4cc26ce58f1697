"""The annotated document: the source document with every requirement's sentence marked by its
verdict for the implementation a results document is about, linked to the scenarios that check it
(issue 15): the page a reviewer reads to see what was proven and what was not.

Where a quote is marked: a requirement's ``section`` in ``features/requirements.toml`` names a
region of the document: ``Scenario N, step M`` is step M of the numbered list under the heading
``Scenario N:`` (up to the next step, so the notes that close a scenario belong to its last
step); any other section is the level-2 heading that contains its name (``Definition``,
``Number sequences``). The quote must occur exactly once in that region. A topic's requirement
may rest on a sentence the scenarios say (NUM-03): when its heading's region does not say it, its
first occurrence in the document is marked. Any other quote that cannot be placed so is a bug of
the kit, and raises.

Quotes are matched as ``p2c lint`` matches them, on :func:`p2c_kit._text.normalise`'d text; the
match is mapped back to the rendered text of its paragraph through the normalised prefixes of that
text, so no rule of normalising is repeated here. Marks may nest (one requirement's quote inside
another's) and may cross emphasis or each other: an element that must close inside a mark is
closed and opened again after it, so the HTML stays well formed and each requirement has one
``id="req-<ID>"`` and one badge.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from p2c_kit._contract.errors import UsageError
from p2c_kit._reports.verdict import (
    Outcome,
    RunKey,
    describe,
    expected_runs,
    kit_difference,
    run_key,
)
from p2c_kit._resources import features_dir
from p2c_kit._specification.features import DEPLOYMENT_NAMES, requirements
from p2c_kit._text import normalise

#: A requirement's verdicts, worst first (:func:`requirement_verdicts` says why this order).
VERDICTS = ("failed", "not run", "passed", "not applicable")

#: The verdict in a CSS class: ``v-<slug>``.
SLUGS = {"passed": "passed", "failed": "failed", "not applicable": "na", "not run": "notrun"}

#: What one scenario run's outcome says of the requirements it checks.
_RUN_VERDICTS = {
    Outcome.PASSED: "passed",
    Outcome.NOT_APPLICABLE: "not applicable",
    Outcome.SKIPPED_BY_ADAPTER: "not run",
    Outcome.SKIPPED: "not run",
    # a known failure too: the list expects it, but the requirement is not met
    Outcome.FAILED: "failed",
    Outcome.ADAPTER_ERROR: "failed",
    # the kit's own error says nothing of the implementation
    Outcome.ERROR: "not run",
}

#: The href of a scenario's outline case (None: the scenario, whichever case), for its links.
ScenarioLink = Callable[[str, str | None], str]

#: What each mark means, for the legend.
_MEANINGS = {
    "failed": "a scenario run that checks it failed, or its adapter broke the contract: it is not "
    "shown to hold (a scenario checks several requirements: its failing step says which one it "
    "failed on)",
    "not run": "a scenario run that checks it is not in these results (a -k or -m selection), "
    "was skipped, or ended in an error of the kit's own: NOT proven",
    "passed": "every scenario run that checks it and applies to the implementation passed",
    "not applicable": "no scenario run that checks it applies: the implementation does not "
    "declare what they need",
}

ANNOTATED_CSS = """
.v-passed { color: #1a7f37; background: #dafbe1; }
.v-failed { color: #cf222e; background: #ffebe9; }
.v-na { color: #57606a; background: #f6f8fa; }
.v-notrun { color: #9a6700; background: #fff8c5; }
mark.req { padding: 0 .1em; border-bottom: 2px solid currentColor; }
mark.req:target { outline: 2px solid currentColor; }
mark.req.v-failed, mark.req.v-notrun { border-bottom-style: dashed; }
.req-tag { font-size: .72em; color: #57606a; white-space: nowrap; }
.req-tag .verdict { font-weight: 600; padding: 0 .2em; }
.annotated-legend, .annotated-summary { border: 1px solid #d0d7de; padding: .3rem 1rem;
  margin: .5rem 0; }
blockquote.note { border-left: 4px solid #0969da; margin: .5rem 0; padding: .1rem 1rem;
  background: #f6f8fa; }
blockquote.note > p:first-child > strong:first-child { display: block; }
"""

_STEP = re.compile(r"Scenario (\d+), step (\d+)")
_FRONT_MATTER = re.compile(r"\A---\n.*?^---\n", re.DOTALL | re.MULTILINE)
_INCLUDE = re.compile(r"^[ \t]*\[!include\b.*$", re.IGNORECASE | re.MULTILINE)
_ALERT = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]")


@dataclass(frozen=True)
class RequirementVerdict:
    """What a results document proves of one requirement of ``features/requirements.toml``."""

    id: str
    section: str
    quote: str
    #: one of :data:`VERDICTS`: the worst of the deployments'
    verdict: str
    #: by each deployment the requirement holds in, its verdict there
    deployments: dict[str, str]
    #: every scenario that checks it, in the trace's order
    scenarios: tuple[str, ...]
    #: its scenario runs that failed or ended in an error
    failed: tuple[RunKey, ...]


def requirement_verdicts(document: dict[str, Any]) -> dict[str, RequirementVerdict]:
    """Every requirement's verdict from a results document, by id, in the trace's order.

    In each deployment it holds in, the runs of the scenarios its cells list for that deployment
    decide: a run that failed or ended in an error makes it failed, one that was skipped or is
    absent from the results makes it not run, and otherwise it passed if any run passed, and is
    not applicable if none applied. Overall, the worst deployment's verdict.

    Worst first: failed, not run, passed, not applicable. A failure is evidence the requirement
    is not met, whatever else passed. "not run" comes before "passed" so that a selection or a
    skip never reads as proof. "passed" comes before "not applicable": a requirement proven
    wherever the implementation claims to work is met by that implementation (its badge names the
    deployments where nothing applied); "not applicable" is left only where nothing that checks
    it applies, and says nothing was proven.
    """
    difference = kit_difference(document)
    if difference is not None:
        raise UsageError(f"cannot tell which requirements these results prove: {difference}")
    outcomes = {run_key(entry): entry["outcome"] for entry in document["scenarios"]}
    runs = expected_runs(document["run"]["seeds"])
    verdicts = {}
    for entry in requirements():
        by_deployment = {}
        failed: list[RunKey] = []
        for deployment in entry["deployments"]:
            checking = {
                scenario_id
                for system in entry["systems"]
                for scenario_id in entry["cells"].get(f"{system}.{deployment}", ())
            }
            keys = _checking_runs(
                [key for key in runs if key[0] in checking and key[2] == deployment], runs
            )
            # absent: a selection left it out
            seen = [_RUN_VERDICTS[outcomes[key]] if key in outcomes else "not run" for key in keys]
            by_deployment[deployment] = _worst(seen)
            failed += [key for key, verdict in zip(keys, seen, strict=True) if verdict == "failed"]
        verdicts[entry["id"]] = RequirementVerdict(
            id=entry["id"],
            section=entry["section"],
            quote=entry["quote"],
            verdict=_worst(by_deployment.values()),
            deployments=by_deployment,
            scenarios=tuple(
                dict.fromkeys(s for scenario_ids in entry["cells"].values() for s in scenario_ids)
            ),
            failed=tuple(sorted(failed, key=lambda key: (key[0], key[1] or "", key[2], key[3]))),
        )
    return verdicts


def _checking_runs(keys: list[RunKey], needs: dict[RunKey, frozenset[str]]) -> list[RunKey]:
    """The runs among ``keys`` (a requirement's checkers' runs in one deployment) that check it.

    An outline whose cases need different capabilities (prospects of several kinds, say) checks
    a requirement only in the cases that need what its other checkers all need: a case of
    organizations does not check what the document says of persons."""
    by_scenario: dict[str, set[frozenset[str]]] = {}
    for key in keys:
        by_scenario.setdefault(key[0], set()).add(needs[key])
    uniform = [next(iter(kinds)) for kinds in by_scenario.values() if len(kinds) == 1]
    common = frozenset.intersection(*uniform) if uniform else frozenset()
    return [key for key in keys if common <= needs[key]]


def _worst(verdicts: Iterable[str]) -> str:
    # nothing at all that checks it proves nothing
    return min(verdicts, key=VERDICTS.index, default="not run")


def annotated_document(
    document: dict[str, Any], scenario_link: ScenarioLink, prefix: str = ""
) -> str:
    """The source document as an HTML fragment, each requirement's sentence marked with its
    verdict from the results ``document`` and linked to its scenarios (``scenario_link(id,
    case)`` is the href of a scenario's outline case), under a legend and a summary. No script,
    no external resource. ``prefix`` starts each id it gives, to keep several in a page apart."""
    verdicts = requirement_verdicts(document)
    markdown = (features_dir() / "source_document.md").read_text(encoding="utf-8")
    return "\n".join(
        [
            '<div class="annotated">',
            _legend(),
            _summary(list(verdicts.values()), scenario_link, prefix),
            '<div class="annotated-source">',
            annotated_source(markdown, list(verdicts.values()), scenario_link, prefix),
            "</div>",
            "</div>",
        ]
    )


def _legend() -> str:
    items = "".join(
        f'<li><mark class="legend v-{SLUGS[verdict]}">{verdict}</mark>: '
        f"{html.escape(_MEANINGS[verdict])}</li>"
        for verdict in VERDICTS
    )
    return (
        '<div class="annotated-legend"><p>Each sentence of the source document that the kit checks '
        "is marked and followed by its requirement, the verdict in words and the scenarios that "
        f"check it:</p><ul>{items}</ul><p>A requirement that holds with and without the GAB "
        "solution gets the worse of its two verdicts, in the order above. Unmarked text states "
        "nothing observable that the kit asserts.</p></div>"
    )


def _summary(verdicts: list[RequirementVerdict], scenario_link: ScenarioLink, prefix: str) -> str:
    counts = ", ".join(
        f"{sum(v.verdict == verdict for v in verdicts)} {verdict}" for verdict in VERDICTS
    )
    partly = sum(
        v.verdict == "passed" and "not applicable" in v.deployments.values() for v in verdicts
    )
    where = (
        f" {partly} of the passed were not applicable in a deployment (their badges say which)."
        if partly
        else ""
    )
    parts = [
        f'<div class="annotated-summary"><p>{len(verdicts)} requirements: {counts}.{where}</p>'
    ]
    failed = [v for v in verdicts if v.verdict == "failed"]
    if failed:
        items = "".join(
            f"<li>{_anchor(v, prefix)} ({html.escape(v.section)})"
            + "".join(
                f'; <a href="{html.escape(scenario_link(key[0], key[1]))}">'
                f"{html.escape(describe(key))}</a> did not pass"
                for key in v.failed
            )
            + "</li>"
            for v in failed
        )
        parts.append(f'<p><span class="v-failed">Failed</span>:</p><ul>{items}</ul>')
    not_run = [v for v in verdicts if v.verdict == "not run"]
    if not_run:  # many after a selection: one line
        anchors = ", ".join(_anchor(v, prefix) for v in not_run)
        parts.append(f'<p><span class="v-notrun">Not run</span>: {anchors}</p>')
    parts.append("</div>")
    return "".join(parts)


def _anchor(requirement: RequirementVerdict, prefix: str) -> str:
    name = html.escape(requirement.id)
    return f'<a href="#{prefix}req-{name}">{name}</a>'


def annotated_source(
    markdown: str,
    verdicts: list[RequirementVerdict],
    scenario_link: ScenarioLink,
    prefix: str = "",
) -> str:
    """A source document in DocFX Markdown rendered to HTML, the quotes of ``verdicts`` marked:
    front matter and ``[!include]`` lines left out, ``> [!NOTE]`` rendered as a note, raw HTML
    shown as text, links as their text, headings two levels down (the page's title and this
    section's are above them)."""
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    markdown = _INCLUDE.sub("", _FRONT_MATTER.sub("", markdown, count=1))
    tokens = parser.parse(markdown)
    for token in tokens:
        if token.children is not None:
            # a relative link leads nowhere from the page, an absolute one away from it
            token.children = [
                c for c in token.children if c.type not in ("link_open", "link_close")
            ]
    _notes(tokens)
    for index, spans in _placements(tokens, verdicts).items():
        tokens[index].children = _marked(tokens[index].children or [], spans, scenario_link, prefix)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
    rendered: str = parser.renderer.render(tokens, parser.options, {})  # typed Any there
    return rendered


def _notes(tokens: list[Token]) -> None:
    """A blockquote that starts with ``[!NOTE]`` (a DocFX alert) becomes a note: its class, and
    the word in bold instead of the marker."""
    for index, token in enumerate(tokens[:-2]):
        inline = tokens[index + 2]
        if token.type != "blockquote_open" or not inline.children:
            continue
        first = inline.children[0]
        alert = _ALERT.match(first.content) if first.type == "text" else None
        if alert is None:
            continue
        token.attrSet("class", "note")
        rest = first.content[alert.end() :]
        inline.children[:1] = [
            Token("strong_open", "strong", 1, markup="**"),
            Token("text", "", 0, content=alert[1].capitalize()),
            Token("strong_close", "strong", -1, markup="**"),
            *([first.copy(content=rest)] if rest else []),
        ]


@dataclass(frozen=True)
class _Span:
    """Where a requirement's quote is, in the text of a paragraph."""

    start: int
    end: int
    requirement: RequirementVerdict


def _plain(children: list[Token]) -> str:
    return "".join(_text(child) for child in children)


def _text(token: Token) -> str:
    """What a token of a paragraph contributes to its text: nothing for a tag."""
    if token.nesting != 0:
        return ""
    return "\n" if token.type in ("softbreak", "hardbreak") else token.content


def _placements(tokens: list[Token], verdicts: list[RequirementVerdict]) -> dict[int, list[_Span]]:
    """Where each requirement's quote is marked: by the index of its paragraph's inline token."""
    regions = _regions(tokens)
    texts = {index: _plain(tokens[index].children or []) for index in regions}
    prefixes: dict[int, list[str]] = {}  # a paragraph's, once: several quotes may be in it
    placed: dict[int, list[_Span]] = {}
    for verdict in verdicts:
        region = {index: texts[index] for index in _region(regions, verdict.section)}
        found = _occurrences(region, verdict.quote, prefixes)
        if not found and not _STEP.fullmatch(verdict.section):
            found = _occurrences(texts, verdict.quote, prefixes)[:1]
        if len(found) != 1:
            raise ValueError(
                f"requirement {verdict.id}: its quote occurs {len(found)} times in "
                f"{verdict.section!r} of the source document, not once: {verdict.quote!r}"
            )
        index, start, end = found[0]
        placed.setdefault(index, []).append(_Span(start, end, verdict))
    return placed


def _regions(tokens: list[Token]) -> dict[int, tuple[str, int | None]]:
    """For each inline token, the level-2 heading it is under and the step of that heading's
    numbered list it is in (or after), if any."""
    regions: dict[int, tuple[str, int | None]] = {}
    heading, step, ordered = "", None, False
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            heading, step = tokens[index + 1].content, None
        elif token.level == 0 and token.type in ("ordered_list_open", "bullet_list_open"):
            ordered = token.type == "ordered_list_open"
        elif token.type == "list_item_open" and token.level == 1 and ordered:
            step = (step or 0) + 1
        elif token.type == "inline":
            regions[index] = (heading, step)
    return regions


def _region(regions: dict[int, tuple[str, int | None]], section: str) -> list[int]:
    step = _STEP.fullmatch(section)
    if step:
        return [
            index
            for index, (heading, number) in regions.items()
            if heading.startswith(f"Scenario {step[1]}:") and number == int(step[2])
        ]
    headings = {heading for heading, _ in regions.values() if section.lower() in heading.lower()}
    if len(headings) != 1:
        raise ValueError(f"section {section!r}: {len(headings)} headings of the document name it")
    return [index for index, (heading, _) in regions.items() if heading in headings]


def _occurrences(
    texts: dict[int, str], quote: str, prefixes: dict[int, list[str]]
) -> list[tuple[int, int, int]]:
    """Each place in the paragraphs ``texts`` (by index) that says the quote, normalised: the
    paragraph's index, and the start and end of the quote in its text. ``prefixes``: what each
    paragraph's text up to each position normalises to, as far as computed."""
    wanted = normalise(quote)
    found = []
    for index, text in texts.items():
        normalised = normalise(text)
        at = normalised.find(wanted)
        if at < 0:
            continue
        # the positions in the text whose normalised prefixes end where the match starts and ends
        if index not in prefixes:
            prefixes[index] = [normalise(text[:end]) for end in range(len(text) + 1)]
        known = prefixes[index]
        while at >= 0:
            before, through = normalised[:at].rstrip(), normalised[: at + len(wanted)]
            # (no such position: the check below says so)
            start = max((i for i, prefix in enumerate(known) if prefix == before), default=0)
            end = min(
                (i for i, prefix in enumerate(known) if i > start and prefix == through),
                default=len(text),
            )
            if normalise(text[start:end]) != wanted:
                raise ValueError(f"the quote {quote!r} maps to {text[start:end]!r}")
            found.append((index, start, end))
            at = normalised.find(wanted, at + 1)
    return found


@dataclass
class _Open:
    """An element open at this point of a paragraph: a Markdown tag or a requirement's mark;
    ``shown`` while its opening is in the output and its closing not yet."""

    token: Token | None
    span: _Span | None
    shown: bool


def _marked(
    children: list[Token], spans: list[_Span], scenario_link: ScenarioLink, prefix: str
) -> list[Token]:
    """A paragraph's tokens with a mark around each span and its badge after it.

    At one position, the Markdown tags closing there come first, then the marks that end, then
    those that start (the longer outside), then the tags opening there: so a quote of a whole
    emphasis holds it whole. An element that must close while another opened inside it is still
    open closes that one first, and the inner one opens again before the next text: no mark is
    left open across a tag that closes, and no tag across a mark.
    """
    cuts = {offset for span in spans for offset in (span.start, span.end)}
    pieces: list[Token] = []
    offset = 0
    for child in children:
        if child.type not in ("text", "code_inline"):
            pieces.append(child)
            offset += len(_text(child))
            continue
        inside = sorted(c - offset for c in cuts if offset < c < offset + len(child.content))
        for begin, finish in zip([0, *inside], [*inside, len(child.content)], strict=True):
            pieces.append(child.copy(content=child.content[begin:finish]))
        offset += len(child.content)
    ordered = sorted(spans, key=lambda span: (span.start, -span.end, span.requirement.id))
    output: list[Token] = []
    stack: list[_Open] = []
    identified: set[str] = set()

    def show() -> None:
        for element in stack:
            if element.shown:
                continue
            element.shown = True
            if element.token is not None:
                output.append(element.token)
            elif element.span is not None:
                output.append(_html(_mark_open(element.span.requirement, identified, prefix)))

    def close(element: _Open, closing: Token) -> None:
        position = stack.index(element)
        for above in reversed(stack[position + 1 :]):
            if above.shown:
                above.shown = False
                output.append(_closing(above))
        if element.shown:
            output.append(closing)
        stack.remove(element)

    def marks_at(offset: int) -> None:
        ending = [(e, e.span) for e in stack if e.span is not None and e.span.end == offset]
        for element, span in reversed(ending):
            close(element, _html("</mark>"))
            output.append(_html(_badge(span.requirement, scenario_link)))
        stack.extend(_Open(None, span, False) for span in ordered if span.start == offset)

    offset, handled = 0, -1
    for piece in pieces:
        if handled < offset and piece.nesting != -1:
            marks_at(offset)
            handled = offset
        if piece.nesting == -1:
            tag = next(e for e in reversed(stack) if e.token is not None)
            close(tag, piece)
            continue
        show()
        output.append(piece)
        if piece.nesting == 1:
            stack.append(_Open(piece, None, True))
        offset += len(_text(piece))
    if handled < offset:
        marks_at(offset)
    return output


def _closing(element: _Open) -> Token:
    if element.token is None:
        return _html("</mark>")
    opening = element.token
    return Token(opening.type.replace("_open", "_close"), opening.tag, -1, markup=opening.markup)


def _html(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)


def _mark_open(requirement: RequirementVerdict, identified: set[str], prefix: str) -> str:
    """A requirement's mark; the first piece of it carries its id."""
    name = html.escape(requirement.id)
    anchor = "" if requirement.id in identified else f' id="{prefix}req-{name}"'
    identified.add(requirement.id)
    return f'<mark class="req v-{SLUGS[requirement.verdict]}"{anchor}>'


def _badge(requirement: RequirementVerdict, scenario_link: ScenarioLink) -> str:
    """After a mark: the requirement, its verdict in words (by deployment when they differ),
    and a link to each scenario that checks it, the failing ones said to fail."""
    verdict = requirement.verdict
    deployments = requirement.deployments
    if len(set(deployments.values())) > 1:
        verdict += (
            " ("
            + ", ".join(f"{DEPLOYMENT_NAMES[name]}: {value}" for name, value in deployments.items())
            + ")"
        )
    failing: dict[str, str | None] = {}  # each failing scenario's first failing case
    for key in requirement.failed:
        failing.setdefault(key[0], key[1])
    links = " ".join(
        f'<a href="{html.escape(scenario_link(scenario_id, failing.get(scenario_id)))}">'
        f"{html.escape(scenario_id)}</a>" + (" (failed)" if scenario_id in failing else "")
        for scenario_id in requirement.scenarios
    )
    return (
        f'<sup class="req-tag">[{html.escape(requirement.id)} '
        f'<span class="verdict v-{SLUGS[requirement.verdict]}">{html.escape(verdict)}</span>'
        f" · {links}]</sup>"
    )
