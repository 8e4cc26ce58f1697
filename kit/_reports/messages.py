"""Cucumber Messages from a results file (``p2c certify --messages``, ``p2c report --format
messages``): NDJSON, one envelope a line, for Cucumber's own formatters (the HTML page of
@cucumber/html-formatter), Allure and the test-management tools that read Cucumber runs.

The envelopes are the official ``cucumber-messages`` package's dataclasses, written by its JSON
converter. The Gherkin documents and pickles are the official Gherkin parser's and pickle
compiler's, of the installed kit's feature files: only results the installed kit made have them.

Several runs of one scenario: each scenario runs in each deployment, and a certification run
under two seeds. @cucumber/html-formatter (24.x) shows, under each scenario and Examples row of a
document, the first test case whose pickle points there (``useTestCaseStarted`` of
@cucumber/react-components): several test cases of one pickle, or several pickles of one
scenario, would show one run and hide the others (a failure without GAB behind a pass with it),
while its summary counts them all. So each deployment and seed gets a copy of each feature file
it ran, as a source and Gherkin document of its own, ``uri`` ``gab/seed-0/s5_....feature``, and
the pickles are compiled from that copy: every run is the one test case of its pickle and of its
scenario or Examples row, shown in its own document, which the page heads with that uri. The
pickle's name also says the deployment and seed, for the tools that name a test by it.

Timestamps are the run's start plus the recorded durations, run after run in the order they ran:
the same results give the same messages.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from cucumber_messages import (
    Attachment,
    AttachmentContentEncoding,
    Duration,
    Envelope,
    GherkinDocument,
    Hook,
    HookType,
    Meta,
    Pickle,
    Product,
    Source,
    SourceMediaType,
    SourceReference,
    TestCase,
    TestCaseFinished,
    TestCaseStarted,
    TestRunFinished,
    TestRunStarted,
    TestStep,
    TestStepFinished,
    TestStepResult,
    TestStepResultStatus,
    TestStepStarted,
    Timestamp,
    message_converter,
)
from gherkin.ast_builder import AstBuilder
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler
from gherkin.stream.id_generator import IdGenerator
from gherkin.token_scanner import TokenScanner

from p2c_kit import __version__
from p2c_kit._contract.adapter import DEPLOYMENTS
from p2c_kit._contract.errors import UsageError
from p2c_kit._reports.tables import NOT_PASSED, reproduce_command
from p2c_kit._reports.verdict import (
    Outcome,
    RunKey,
    StepStatus,
    describe,
    kit_difference,
    run_failure,
    run_key,
)
from p2c_kit._specification.features import DEPLOYMENT_NAMES, ID_TAG, feature_files, scenarios
from p2c_kit._text import printable

_STATUSES = {
    StepStatus.PASSED: TestStepResultStatus.passed,
    StepStatus.FAILED: TestStepResultStatus.failed,
    StepStatus.SKIPPED: TestStepResultStatus.skipped,
    StepStatus.NOT_REACHED: TestStepResultStatus.skipped,
}


def render_messages(document: dict[str, Any]) -> str:
    """The run of a results document as Cucumber Messages, one JSON envelope a line."""
    difference = kit_difference(document)
    if difference is not None:
        raise UsageError(
            f"no Cucumber Messages from these results: they were {difference}, and the messages "
            "need the feature files that run used"
        )
    # results of p2c-kit 0.2 record no steps, but those are refused above as another kit's
    unrecorded = next((entry for entry in document["scenarios"] if "steps" not in entry), None)
    if unrecorded is not None:
        raise UsageError(
            f"no Cucumber Messages from these results: {describe(run_key(unrecorded))} records "
            "no steps"
        )
    ids = IdGenerator()
    run = _Run(document, ids)
    envelopes = [Envelope(meta=_meta(document))]
    pickles: dict[RunKey, Pickle] = {}
    for seed in document["run"]["seeds"]:
        for deployment in DEPLOYMENTS:
            for path in feature_files():
                envelopes += _feature(path, deployment, seed, run.entries, pickles, ids)
    envelopes += run.hooks()
    started = TestRunStarted(timestamp=run.timestamp(), id=ids.get_next_id())
    envelopes.append(Envelope(test_run_started=started))
    executions = [run.execute(entry, pickles[run_key(entry)], started) for entry in run.order()]
    envelopes += [Envelope(test_case=test_case) for test_case, _ in executions]
    envelopes += [envelope for _, execution in executions for envelope in execution]
    failure = run_failure(document)
    finished = TestRunFinished(
        success=failure is None,
        timestamp=run.finished(),
        message=failure,
        test_run_started_id=started.id,
    )
    envelopes.append(Envelope(test_run_finished=finished))
    return "".join(
        json.dumps(message_converter.to_dict(e), separators=(",", ":")) + "\n" for e in envelopes
    )


def _meta(document: dict[str, Any]) -> Meta:
    return Meta(
        protocol_version=version("cucumber-messages"),
        implementation=Product(name="p2c-kit", version=__version__),
        runtime=Product(name="Python", version=document["run"]["python"]),
        # the results keep the run's platform as platform.platform() gives it: one
        # human-readable string, that names the processor on some systems only
        os=Product(name=document["run"]["platform"]),
        cpu=Product(name="unknown"),
    )


def _feature(
    path: Path,
    deployment: str,
    seed: int,
    entries: dict[RunKey, dict[str, Any]],
    pickles: dict[RunKey, Pickle],
    ids: IdGenerator,
) -> list[Envelope]:
    """The source, Gherkin document and pickles of a feature file's copy for one deployment and
    seed (see the module's docstring), when any scenario run of the file was there; each pickle
    by the run it is of, in ``pickles``."""
    info = scenarios()
    if not any(key[2:] == (deployment, seed) and info[key[0]].path == path for key in entries):
        return []
    text = path.read_text(encoding="utf-8")
    uri = f"{deployment}/seed-{seed}/{path.name}"
    parsed: Any = {**Parser(AstBuilder(ids)).parse(TokenScanner(text)), "uri": uri}
    cases = {  # an outline's Examples rows, by node id: each row's case column
        row["id"]: row["cells"][0]["value"]
        for child in parsed["feature"]["children"]
        for examples in (child.get("scenario") or {}).get("examples", ())
        for row in examples["tableBody"]
    }
    envelopes = [
        Envelope(
            source=Source(
                data=text, media_type=SourceMediaType.text_x_cucumber_gherkin_plain, uri=uri
            )
        ),
        Envelope(gherkin_document=message_converter.from_dict(parsed, GherkinDocument)),
    ]
    for compiled in Compiler(ids).compile(parsed):
        tags = (tag["name"].lstrip("@") for tag in compiled["tags"])
        scenario_id = next(tag for tag in tags if ID_TAG.match(tag))
        key = (scenario_id, cases.get(compiled["astNodeIds"][-1]), deployment, seed)
        if key not in entries:
            continue  # not run here: a scenario of the other deployment, or not selected
        pickle = message_converter.from_dict(compiled, Pickle)
        pickle.name += f" ({DEPLOYMENT_NAMES[deployment]}, seed {seed})"
        pickles[key] = pickle
        envelopes.append(Envelope(pickle=pickle))
    return envelopes


class _Run:
    """The test cases of a results document, run after run on one clock: the run's start, plus
    each step's and each run's recorded duration."""

    def __init__(self, document: dict[str, Any], ids: IdGenerator) -> None:
        self.document = document
        self.ids = ids
        self.entries = {run_key(entry): entry for entry in document["scenarios"]}
        self.clock = _nanoseconds(document["run"]["started_at"])  # since the epoch
        # A failure no step recorded (the adapter's reset before the first step, a step the
        # kit found no definition for) is the kit's, outside the steps: a hook step says it.
        self.set_up = Hook(
            id=ids.get_next_id(),
            name="p2c-kit: the scenario run's set-up",
            type=HookType.before_test_case,
            source_reference=SourceReference(),
        )
        self.outside = Hook(
            id=ids.get_next_id(),
            name="p2c-kit: outside the steps",
            type=HookType.after_test_case,
            source_reference=SourceReference(),
        )

    def hooks(self) -> list[Envelope]:
        return [Envelope(hook=self.set_up), Envelope(hook=self.outside)]

    def order(self) -> list[dict[str, Any]]:
        """The entries in the order they ran: seed after seed, each in its shuffled order."""
        seeds = self.document["run"]["seeds"]
        return sorted(
            self.entries.values(), key=lambda entry: (seeds.index(entry["seed"]), entry["position"])
        )

    def timestamp(self) -> Timestamp:
        return Timestamp(seconds=self.clock // 10**9, nanos=self.clock % 10**9)

    def finished(self) -> Timestamp:
        """When the run finished: as recorded, or later when its runs took longer (in
        parallel, they overlap)."""
        self.clock = max(self.clock, _nanoseconds(self.document["run"]["finished_at"]))
        return self.timestamp()

    def execute(
        self, entry: dict[str, Any], pickle: Pickle, run: TestRunStarted
    ) -> tuple[TestCase, list[Envelope]]:
        """The test case of one scenario run, and its envelopes from started to finished."""
        steps = [
            (
                TestStep(id=self.ids.get_next_id(), pickle_step_id=pickle_step.id),
                TestStepResult(
                    duration=_duration(step["duration"]), status=_STATUSES[step["status"]]
                ),
            )
            for step, pickle_step in zip(entry["steps"], pickle.steps, strict=True)
        ]
        statuses = [step["status"] for step in entry["steps"]]
        if entry["outcome"] in NOT_PASSED:
            failing = self._failure(entry)
            if StepStatus.FAILED in statuses:
                steps[statuses.index(StepStatus.FAILED)][1].message = failing
            else:
                before = StepStatus.PASSED not in statuses  # no step ran: the set-up failed
                spent = sum(step["duration"] for step in entry["steps"])
                result = TestStepResult(
                    duration=_duration(max(0.0, entry["duration"] - spent)),
                    status=TestStepResultStatus.failed,
                    message=failing,
                )
                hook = self.set_up if before else self.outside
                step = (TestStep(id=self.ids.get_next_id(), hook_id=hook.id), result)
                steps.insert(0 if before else len(steps), step)
        elif entry["outcome"] != Outcome.PASSED and steps:  # not applicable, or skipped: say why
            reason = printable(entry["message"] or entry["outcome"])
            at = statuses.index(StepStatus.SKIPPED) if StepStatus.SKIPPED in statuses else 0
            steps[at][1].message = reason
        test_case = TestCase(
            id=self.ids.get_next_id(),
            pickle_id=pickle.id,
            test_steps=[test_step for test_step, _ in steps],
            test_run_started_id=run.id,
        )
        started = TestCaseStarted(
            attempt=0,
            id=self.ids.get_next_id(),
            test_case_id=test_case.id,
            timestamp=self.timestamp(),
        )
        envelopes = [Envelope(test_case_started=started)]
        began = self.clock
        for test_step, result in steps:
            envelopes.append(
                Envelope(
                    test_step_started=TestStepStarted(
                        test_case_started_id=started.id,
                        test_step_id=test_step.id,
                        timestamp=self.timestamp(),
                    )
                )
            )
            if result.status is TestStepResultStatus.failed and entry["records"] is not None:
                envelopes.append(Envelope(attachment=self._records(entry, started, test_step)))
            self.clock += result.duration.seconds * 10**9 + result.duration.nanos
            envelopes.append(
                Envelope(
                    test_step_finished=TestStepFinished(
                        test_case_started_id=started.id,
                        test_step_id=test_step.id,
                        test_step_result=result,
                        timestamp=self.timestamp(),
                    )
                )
            )
        self.clock = max(self.clock, began + _nanoseconds_of(entry["duration"]))
        finished = TestCaseFinished(
            test_case_started_id=started.id, timestamp=self.timestamp(), will_be_retried=False
        )
        envelopes.append(Envelope(test_case_finished=finished))
        return test_case, envelopes

    def _failure(self, entry: dict[str, Any]) -> str:
        """What went wrong, as the report says it, and the command that reproduces it."""
        if entry["expected"] is not None:
            lines = [f"expected: {entry['expected']}", f"actual: {entry['actual']}"]
        else:
            lines = [f"{entry['outcome']}: {entry['message'] or '(no message)'}"]
        if entry["known_failure"] is not None:
            lines.append(f"known failure: {entry['known_failure']}")
        lines.append(f"reproduce: {reproduce_command(self.document, entry)}")
        return printable("\n".join(lines))

    def _records(
        self, entry: dict[str, Any], started: TestCaseStarted, test_step: TestStep
    ) -> Attachment:
        """The records a failure concerns, as the adapter returned them."""
        return Attachment(
            body=json.dumps(entry["records"], indent=2),
            content_encoding=AttachmentContentEncoding.identity,
            media_type="application/json",
            file_name="records.json",
            test_case_started_id=started.id,
            test_step_id=test_step.id,
            timestamp=self.timestamp(),
        )


def _nanoseconds(moment: str) -> int:
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError as error:
        raise UsageError(
            f"no Cucumber Messages from these results: {moment!r} is no date and time"
        ) from error
    since = parsed.replace(tzinfo=parsed.tzinfo or UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return since // timedelta(microseconds=1) * 1000


def _nanoseconds_of(seconds: float) -> int:
    nanoseconds = seconds * 10**9
    # beyond 1.8e299 seconds (a file's claim, no run's) a float has no nanoseconds: whole seconds
    return round(nanoseconds) if math.isfinite(nanoseconds) else int(seconds) * 10**9


def _duration(seconds: float) -> Duration:
    nanoseconds = _nanoseconds_of(seconds)
    return Duration(seconds=nanoseconds // 10**9, nanos=nanoseconds % 10**9)
