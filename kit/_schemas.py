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
    errors = sorted(
        (_specific(error) for error in _validator(ref).iter_errors(instance)),
        key=lambda e: [str(part) for part in e.absolute_path],
    )
    return [f"{_path(error)}: {_shorten(error.message)}" for error in errors]


def _specific(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For "not valid under any of the given schemas", the error of the branch that came
    closest: it names the field."""
    while error.context:
        branches: dict[Any, list[jsonschema.ValidationError]] = {}
        for suberror in error.context:
            branches.setdefault(suberror.relative_schema_path[0], []).append(suberror)
        # the branch meant is the one whose discriminator (a const or an enum) matched
        meant = [
            errors
            for errors in branches.values()
            if not any(
                e.validator in ("const", "enum") and len(e.path) <= 1 and e.relative_path
                for e in errors
            )
        ]
        error = min(meant or list(branches.values()), key=len)[0]
    return error


def _shorten(message: str) -> str:
    return message if len(message) <= 300 else message[:297] + "..."


def _path(error: jsonschema.ValidationError) -> str:
    return "$" + "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
    )
