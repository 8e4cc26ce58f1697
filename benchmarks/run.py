"""Every benchmark of the kit, in one command, printed as one table with the machine it ran on.

    python benchmarks/run.py            everything (about seven minutes on two cores)
    python benchmarks/run.py --quick    the same figures at small sizes (a minute), to try it

Where a figure compares two things, both are measured in this run, alternately where they can
be, and the figure is their ratio: this machine's absolute speed varies with its load, ratios
much less. Absolute times are for this machine only.

1. Reference engine: the bulk lifecycle of ``p2c load`` (prospects from both sides, organizations
   and persons, a delivery and an invoice address and a contact each, converted), through
   ``ReferenceAdapter.perform``, with and without GAB; against durable-rules' own ceiling (a
   one-rule ruleset that does nothing, posted one event per action, and one per fact), against
   the engine alone (the reference's own facts through its own conditions, actions doing
   nothing) and, for information, against a plain-dict sync of the same actions
   (``dict_sync.py``); and durable-rules' cost per fact and per further rule firing.
2. Linear cost: the lifecycle with GAB at 1,000, 10,000 and 100,000 prospects, each in a fresh
   process: time per action, peak memory, and resident memory after each tenth of the run
   against the size of the records.
3. Certification: ``p2c certify`` on the reference, whole process, serial and with ``-n 2``; and
   ``p2c kill-matrix`` with one worker and with two (``kill_matrix.py``).
4. Transports: the suite in-process and through the stdio protocol; ``p2c load`` both ways.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tabulate import tabulate

from p2c_kit import CAPABILITIES
from p2c_kit._commands.load import Mix, load_configuration, prospects, run_load
from p2c_kit._transports.stdio import AdapterProcess

BIN = Path(sys.executable).parent
SERVE = f"{shlex.quote(sys.executable)} -m p2c_kit.serve"
EVERY_KIND = Mix.for_capabilities(frozenset(CAPABILITIES))

Row = tuple[str, str, str, str, str]  # benchmark, figure, value, target, met


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = f" ({found.group(1).strip()})" if found else ""
    return (
        f"{platform.machine()}{model}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


def met(ok: bool) -> str:
    return "yes" if ok else "NO"


# -- 1. the reference engine -----------------------------------------------------------------


def lifecycle(
    perform: Callable[[str, dict[str, Any]], dict[str, Any]],
    count: int,
    deployment: str,
    every_tenth: Callable[[], None] = lambda: None,
) -> tuple[int, float]:
    """Drive ``count`` lifecycles through ``perform``; the actions and the seconds spent in them
    (drawing the incidental data is not timed). ``every_tenth`` is called after each tenth of
    the prospects."""
    config = load_configuration(deployment, count)  # type: ignore[arg-type]
    spent = [0, 0.0]  # actions, seconds
    clock = time.perf_counter

    def timed(action: str, arguments: dict[str, Any]) -> dict[str, Any]:
        started = clock()
        result = perform(action, arguments)
        spent[1] += clock() - started
        spent[0] += 1
        return result

    for prospect in prospects(count, EVERY_KIND, config, seed=0):
        if prospect.index and prospect.index % max(1, count // 10) == 0:
            every_tenth()
        prospect.carry_out(timed)
    every_tenth()
    return int(spent[0]), spent[1]


Changes = list[tuple[str, dict[str, Any]]]


def reference(deployment: str, count: int) -> tuple[int, float]:
    """Actions and seconds of the reference's bulk lifecycle."""
    from p2c_reference import ReferenceAdapter

    adapter = ReferenceAdapter()
    adapter.reset(load_configuration(deployment, count))  # type: ignore[arg-type]
    actions, seconds = lifecycle(adapter.perform, count, deployment)
    adapter.stop()
    return actions, seconds


def reference_changes(deployment: str, count: int) -> tuple[list[Changes], int]:
    """The changes each action of the same lifecycle went through, and how many rules fired
    in all (an untimed run)."""
    from p2c_reference import ReferenceAdapter

    adapter = ReferenceAdapter()
    adapter.reset(load_configuration(deployment, count))  # type: ignore[arg-type]
    recorded: list[Changes] = []
    firings = 0

    def perform(action: str, arguments: dict[str, Any]) -> dict[str, Any]:
        nonlocal firings
        result = adapter.perform(action, arguments)
        recorded.append(adapter.changes)
        firings += len(adapter.fired)
        return result

    lifecycle(perform, count, deployment)
    adapter.stop()
    return recorded, firings


@functools.cache
def engine_alone_ruleset() -> str:
    """The reference's conditions, each with an action that does nothing."""
    from p2c_reference import RULES
    from p2c_reference._durable import lang

    with lang.ruleset("p2c_benchmark_engine_alone"):
        for rule in RULES.values():
            lang.when_all(rule.when)(lambda c: None)
    return "p2c_benchmark_engine_alone"


def engine_alone(recorded: list[Changes], gab: bool) -> float:
    """Seconds durable-rules takes for the reference's own facts, through the reference's own
    conditions, with actions that do nothing: the engine's share of the work, without the sync
    (its store, its rules' code)."""
    from p2c_reference._durable import engine, lang

    ruleset = engine_alone_ruleset()
    host = lang.get_host()
    ids = iter(range(1, 1 << 62))
    started = time.perf_counter()
    for changes in recorded:
        facts = []
        for change, data in changes:
            fact = {**data, "sid": "alone", "id": next(ids), "change": change, "gab": gab}
            try:
                host.assert_fact(ruleset, fact)
            except engine.MessageNotHandledException:
                continue
            facts.append(fact)
        host.retract_facts(ruleset, facts)
    return time.perf_counter() - started


def dict_sync(deployment: str, count: int) -> float:
    from dict_sync import DictSync

    return lifecycle(DictSync(gab=deployment == "gab").perform, count, deployment)[1]


@functools.cache
def no_op_ruleset(rules: int) -> str:
    """A ruleset of ``rules`` rules over the same change, whose actions do nothing."""
    from p2c_reference._durable import lang, m

    name = f"p2c_benchmark_no_op_{rules}"
    with lang.ruleset(name):
        for _ in range(rules):
            lang.when_all(m.change == "nothing")(lambda c: None)
    return name


def ceiling(events: int) -> float:
    """Seconds durable-rules takes to post ``events`` events to a one-rule ruleset whose
    action does nothing: the fastest any sync on this engine can go per event."""
    from p2c_reference._durable import lang

    ruleset = no_op_ruleset(1)
    host = lang.get_host()
    started = time.perf_counter()
    for index in range(events):
        host.post(ruleset, {"sid": "ceiling", "id": index, "change": "nothing"})
    return time.perf_counter() - started


def fact_cost(rules: int, facts: int = 20_000) -> float:
    """Seconds per fact asserted and retracted, firing ``rules`` no-op rules."""
    from p2c_reference._durable import lang

    ruleset = no_op_ruleset(rules)
    host = lang.get_host()
    started = time.perf_counter()
    for index in range(facts):
        fact = {"sid": "cost", "id": index, "change": "nothing"}
        host.assert_fact(ruleset, fact)
        host.retract_fact(ruleset, fact)
    return (time.perf_counter() - started) / facts


def engine_rows(count: int) -> list[Row]:
    rows: list[Row] = []
    for deployment in ("gab", "no_gab"):
        recorded, firings = reference_changes(deployment, count)
        events = sum(len(changes) for changes in recorded)
        ceiling(2000)  # warm up
        actions, seconds = reference(deployment, count)
        # the ceiling is noisy on a shared machine: the median of three
        per_action = statistics.median(ceiling(actions) for _ in range(3))
        per_fact = statistics.median(ceiling(events) for _ in range(3))
        alone = engine_alone(recorded, deployment == "gab")
        plain = dict_sync(deployment, count)
        rows += [
            (
                f"engine, {deployment}",
                f"reference, {count:,} prospects",
                f"{actions / seconds:,.0f} actions/s ({seconds / actions * 1e6:.0f} µs)",
                "",
                "",
            ),
            (
                "",
                "durable-rules facts / rule firings per action",
                f"{events / actions:.2f} / {firings / actions:.2f}",
                "",
                "",
            ),
            ("", "ceiling: no-op events/s", f"{actions / per_action:,.0f}", "", ""),
            (
                "",
                "reference ÷ ceiling, one event per action",
                f"{per_action / seconds:.2f}",
                ">= 0.5",
                met(per_action / seconds >= 0.5),
            ),
            ("", "reference ÷ ceiling, one event per fact", f"{per_fact / seconds:.2f}", "", ""),
            (
                "",
                "engine alone (same facts and firings) ÷ reference",
                f"{alone / seconds:.2f}",
                "",
                "",
            ),
            ("", "reference ÷ plain-dict sync", f"{plain / seconds:.3f}", "(info)", ""),
        ]
    one, two = fact_cost(1), fact_cost(2)
    rows.append(
        (
            "durable-rules",
            "µs per fact (asserted, retracted), one firing / each further firing",
            f"{one * 1e6:.1f} / {(two - one) * 1e6:.1f}",
            "",
            "",
        )
    )
    return rows


# -- 2. linear cost ----------------------------------------------------------------------------


def resident_kib() -> int:
    """The process's resident memory now (Linux): unlike the peak, it shows each tenth's growth."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def linear_child(count: int) -> None:
    """In a fresh process: the GAB lifecycle at ``count``; prints its figures as JSON."""
    from p2c_reference import ReferenceAdapter

    adapter = ReferenceAdapter()
    adapter.reset(load_configuration("gab", count))
    resident = [resident_kib()]  # before, then after each tenth of the prospects
    actions, seconds = lifecycle(
        adapter.perform, count, "gab", lambda: resident.append(resident_kib())
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before the queries below
    data = sum(len(json.dumps(adapter.query(system))) for system in ("sales", "scm"))
    figures = {"actions": actions, "seconds": seconds, "resident_kib": resident, "peak_kib": peak}
    print(json.dumps(figures | {"data_bytes": data}))


def linear_rows(counts: tuple[int, ...]) -> list[Row]:
    figures = {}
    for count in counts:
        output = subprocess.run(
            [sys.executable, __file__, "--linear-child", str(count)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        figures[count] = json.loads(output)
    rows: list[Row] = []
    for count, f in figures.items():
        grown = (f["resident_kib"][-1] - f["resident_kib"][0]) / 1024
        rows.append(
            (
                "linear cost, GAB" if not rows else "",
                f"{count:,} prospects",
                f"{f['seconds'] / f['actions'] * 1e6:.0f} µs/action; "
                f"peak {f['peak_kib'] / 1024:.0f} MiB, +{grown:.0f} MiB resident "
                f"for {f['data_bytes'] / 2**20:.1f} MiB of records",
                "",
                "",
            )
        )
    small, large = figures[counts[0]], figures[counts[-1]]
    growth = large["seconds"] / large["actions"] / (small["seconds"] / small["actions"])
    rows.append(
        (
            "",
            f"µs/action at {counts[-1]:,} ÷ at {counts[0]:,}",
            f"{growth:.2f}",
            "<= 1.3",
            met(growth <= 1.3),
        )
    )
    # Every prospect brings the same records, so the data grows by the same amount in each tenth
    # of a run: memory that grows no faster adds no more in the late tenths than in the early
    # ones. From the second tenth: the first grows into memory the interpreter holds already.
    resident = large["resident_kib"]
    early, late = (resident[5] - resident[1]) / 4, (resident[10] - resident[6]) / 4
    if early >= 1024:
        value, ok = f"{late / early:.2f}", met(late / early <= 1.1)
    else:  # too little to measure in pages
        value, ok = "n/a (too small)", ""
    rows.append(
        (
            "",
            f"memory added per tenth, tenths 7-10 ÷ tenths 2-5 ({counts[-1]:,})",
            value,
            "<= 1.1",
            ok,
        )
    )
    grown = (resident[-1] - resident[0]) * 1024 / large["data_bytes"]
    rows.append(("", f"memory added ÷ records' JSON size ({counts[-1]:,})", f"{grown:.2f}", "", ""))
    return rows


# -- 3. certification ------------------------------------------------------------------------


def certify(*options: str) -> tuple[float, float, list[float]]:
    """Whole-process seconds, the pytest session's seconds, and each scenario run's seconds."""
    with tempfile.TemporaryDirectory() as elsewhere:
        results = Path(elsewhere) / "results.json"
        started = time.perf_counter()
        output = subprocess.run(
            [str(BIN / "p2c"), "certify", "--output", str(results), *options],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            check=True,
        ).stdout
        wall = time.perf_counter() - started
        durations = [run["duration"] for run in json.loads(results.read_text())["scenarios"]]
    session = re.search(r"p2c-kit: \d+ passed in ([\d.]+) s", output)
    if session is None:
        raise SystemExit(f"no timing in the output of p2c certify {' '.join(options)}:\n{output}")
    return wall, float(session.group(1)), durations


def interpreter_start() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pytest"], check=True)
    return time.perf_counter() - started


def certification_rows(repeat: int, mutants: list[str]) -> list[Row]:
    serial: list[tuple[float, float, list[float]]] = []
    parallel: list[tuple[float, float, list[float]]] = []
    for _ in range(repeat):
        serial.append(certify())
        parallel.append(certify("-n", "2"))
    start = statistics.median(interpreter_start() for _ in range(repeat))
    rows: list[Row] = []
    for label, runs, workers in (("serial", serial, 1), ("-n 2", parallel, 2)):
        wall = statistics.median(run[0] for run in runs)
        session = statistics.median(run[1] for run in runs)
        durations = runs[0][2]
        outside = 1 - sum(durations) / workers / wall
        rows += [
            (
                "certify" if not rows else "",
                f"{label}: whole process",
                f"{wall:.2f} s ({len(durations)} scenario runs)",
                "",
                "",
            ),
            (
                "",
                f"{label}: the suite's own work (pytest session)",
                f"{session:.2f} s",
                "< 1 s" if workers == 1 else "",
                met(session < 1) if workers == 1 else "",
            ),
            (
                "",
                f"{label}: median per scenario run",
                f"{statistics.median(durations) * 1000:.1f} ms",
                "",
                "",
            ),
            ("", f"{label}: share outside scenarios", f"{outside:.0%}", "", ""),
            (
                "",
                f"{label}: outside pytest's session (start-up, imports, teardown)",
                f"{wall - session:.2f} s",
                "",
                "",
            ),
        ]
    rows.append(("", "interpreter start-up with pytest imported", f"{start:.2f} s", "", ""))
    from kill_matrix import kill_matrix_rows  # it imports this module: not before it is loaded

    return rows + kill_matrix_rows(mutants, repeat)


# -- 4. transports ---------------------------------------------------------------------------


def transport_rows(repeat: int, prospects_count: int) -> list[Row]:
    in_process: list[float] = []
    protocol: list[float] = []
    for _ in range(repeat):
        in_process.append(certify("--adapter", "p2c_reference:ReferenceAdapter")[1])
        protocol.append(certify("--adapter-cmd", SERVE)[1])
    ratio = statistics.median(protocol) / statistics.median(in_process)
    from p2c_reference import ReferenceAdapter

    loads = {
        label: run_load(
            factory, prospects_per_deployment=prospects_count, deployments=("gab",), samples=0
        )["deployments"][0]["actions_per_second"]
        for label, factory in (
            ("in-process", ReferenceAdapter),
            ("stdio", lambda: AdapterProcess(SERVE)),
        )
    }
    return [
        (
            "transport",
            "suite through the protocol ÷ in-process (sessions)",
            f"{ratio:.2f}",
            "<= 1.5",
            met(ratio <= 1.5),
        ),
        (
            "",
            f"p2c load, {prospects_count:,} prospects, in-process",
            f"{loads['in-process']:,.0f} actions/s",
            "",
            "",
        ),
        (
            "",
            f"p2c load, {prospects_count:,} prospects, stdio",
            f"{loads['stdio']:,.0f} actions/s",
            "",
            "",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: to try the command")
    parser.add_argument("--linear-child", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.linear_child:
        linear_child(options.linear_child)
        return
    quick = options.quick
    print(f"machine: {machine()}", flush=True)
    rows: list[Row] = []
    sections: list[Callable[[], list[Row]]] = [
        lambda: engine_rows(200 if quick else 2000),
        lambda: linear_rows((100, 300, 1000) if quick else (1000, 10_000, 100_000)),
        lambda: certification_rows(
            1 if quick else 3,
            ["quote_not_marked_won", "lead_creates_business_relation"] if quick else [],
        ),
        lambda: transport_rows(1 if quick else 3, 100 if quick else 2000),
    ]
    for number, section in enumerate(sections, 1):
        print(f"running benchmark {number} of {len(sections)}...", file=sys.stderr, flush=True)
        rows += section()
    if quick:  # small sizes say whether the command works, not whether a target is met
        rows = [(*row[:4], "") for row in rows]
        print("--quick: small sizes, warm-up included; targets are judged on a full run")
    print(tabulate(rows, headers=("benchmark", "figure", "value", "target", "met")))


if __name__ == "__main__":
    main()
