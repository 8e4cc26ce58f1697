"""JSON Schema validation of everything that crosses the adapter contract."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
from referencing import Registry, Resource

from kit._resources import schemas_dir

CONTRACT_VERSION = 1
_PREFIX = f"tag:p2c-kit,2026:v{CONTRACT_VERSION}:"


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted((schemas_dir() / f"v{CONTRACT_VERSION}").glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        resources.append((document["$id"], Resource.from_contents(document)))
    return Registry().with_resources(resources)


@cache
def _validator(ref: str) -> jsonschema.protocols.Validator:
    schema = {"$ref": _PREFIX + ref}
    return jsonschema.Draft202012Validator(schema, registry=_registry())


def schema_errors(ref: str, instance: Any) -> list[str]:
    """Every violation of schema ``ref`` (e.g. ``records`` or ``actions#/$defs/x``) by
    ``instance``, each as one line naming the path of the offending value."""
    errors = sorted(_validator(ref).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{_path(error)}: {error.message}" for error in errors]


def _path(error: jsonschema.ValidationError) -> str:
    return "$" + "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
    )
