"""Time the whole suite through the stdio protocol against the same suite in-process.

    python benchmarks/transport.py [--repeat N]

Runs `p2c certify` on the reference implementation, in-process (`--adapter`) and as an adapter
process (`--adapter-cmd "python -m kit.serve"`), alternately, N times each (default 5), and
prints the median and the minimum of each and their ratios: the figures that matter, measured
within one run, since this machine's absolute speed varies with its load (the minimum is the
least disturbed by other work on the machine). The time is the test session's, as
pytest reports it (the suite's own work, without interpreter start-up).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET = 1.5


def session_seconds(*adapter: str) -> float:
    p2c = Path(sys.executable).parent / "p2c"
    with tempfile.TemporaryDirectory() as elsewhere:
        output = subprocess.run(
            [str(p2c), "certify", *adapter],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            check=True,
        ).stdout
    match = re.search(r"(\d+) passed in ([\d.]+)s", output)
    if match is None:
        raise SystemExit(f"no timing in the output of p2c certify {' '.join(adapter)}:\n{output}")
    return float(match.group(2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    serve = f"{shlex.quote(sys.executable)} -m kit.serve"
    in_process: list[float] = []
    through_protocol: list[float] = []
    for _ in range(repeat):
        in_process.append(session_seconds("--adapter", "rules:ReferenceAdapter"))
        through_protocol.append(session_seconds("--adapter-cmd", serve))
    ratio = statistics.median(through_protocol) / statistics.median(in_process)
    best_ratio = min(through_protocol) / min(in_process)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {platform.system()}"
    )
    print(
        f"whole suite in-process, median of {repeat}:        "
        f"{statistics.median(in_process):.2f} s  {in_process}"
    )
    print(
        f"whole suite through the protocol, median of {repeat}: "
        f"{statistics.median(through_protocol):.2f} s  {through_protocol}"
    )
    print(
        f"protocol / in-process: {ratio:.2f} (medians), {best_ratio:.2f} (minima); "
        f"target: at most {TARGET}"
    )
    sys.exit(0 if ratio <= TARGET else 1)


if __name__ == "__main__":
    main()
