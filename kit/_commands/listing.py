"""``p2c scenarios`` and ``p2c adapters``: what the specification holds, and what adapters the
installed packages name."""

from __future__ import annotations

import argparse

from tabulate import tabulate

from p2c_kit._specification.features import scenarios
from p2c_kit._transports.driver import ADAPTER_ENTRY_POINTS, installed_adapters


def scenarios_command(options: argparse.Namespace) -> int:
    rows = [
        (
            info.id,
            info.feature.split(" - ")[0],
            info.title,
            " ".join(sorted(tag for tag in info.tags if tag != info.id)),
        )
        for info in scenarios().values()
    ]
    headers = ("id", "section", "title", "tags")
    if options.format == "markdown":
        print(tabulate(rows, headers=headers, tablefmt="github"))
    else:
        print(tabulate(rows, headers=headers, maxcolwidths=[None, None, 60, 30]))
    return 0


def adapters_command(options: argparse.Namespace) -> int:
    rows = [
        (point.name, point.value, f"{point.dist.name} {point.dist.version}" if point.dist else "")
        for point in installed_adapters()
    ]
    print(tabulate(rows, headers=("name", "factory", "package")))
    print(
        f"\nCertify one with p2c certify --adapter NAME. A package names its own in the "
        f"entry-point group {ADAPTER_ENTRY_POINTS!r} (see README)."
    )
    return 0
