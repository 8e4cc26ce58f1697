"""``p2c report``, ``p2c badge`` and ``p2c certificate``: a results file rendered."""

from __future__ import annotations

import argparse
import sys

from p2c_kit._reports.certificate import badge_json, certificate
from p2c_kit._reports.formats import render_report
from p2c_kit._reports.tables import load_results


def report_command(options: argparse.Namespace) -> int:
    documents = [load_results(path) for path in options.results]
    sys.stdout.write(render_report(documents, options.format))
    return 0


def badge_command(options: argparse.Namespace) -> int:
    sys.stdout.write(badge_json(load_results(options.results)))
    return 0


def certificate_command(options: argparse.Namespace) -> int:
    sys.stdout.write(certificate(load_results(options.results), options.results))
    return 0
