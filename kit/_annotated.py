"""Stub (replaced by the helper's module)."""

from collections.abc import Callable
from typing import Any

ANNOTATED_CSS = ""


def annotated_document(document: dict[str, Any], scenario_link: Callable[[str], str]) -> str:
    return "<p>(annotated document)</p>"
