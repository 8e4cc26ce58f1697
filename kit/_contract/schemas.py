"""JSON Schema validation of everything that crosses the adapter contract.

jsonschema is the authority and writes the error messages. A valid instance, the common case,
is first recognised by jsonschema-rs from the same schemas, far faster than jsonschema (under a
microsecond for a valid instance, against tens): validation is in every action
and every query, and at volume it would otherwise cost more than the sync itself. Only what the
fast check rejects goes to jsonschema, so the fast check can only ever be stricter, never more
lenient, on JSON values; a differential test (``tests/test_contract.py``) holds it to that.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs
from referencing import Registry, Resource

if TYPE_CHECKING:  # imported when first needed: for an error message (it takes 50 ms)
    import jsonschema

from p2c_kit._resources import schemas_dir
from p2c_kit._text import shortened

CONTRACT_VERSION = 2
_PREFIX = f"tag:p2c-kit,2026:v{CONTRACT_VERSION}:"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@cache
def _documents() -> dict[str, Any]:
    """Every schema of the contract, by its ``$id``."""
    documents = {}
    for path in sorted((schemas_dir() / f"v{CONTRACT_VERSION}").glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        documents[document["$id"]] = document
    return documents


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (uri, Resource.from_contents(document)) for uri, document in _documents().items()
    )


def bundled_schema(name: str) -> dict[str, Any]:
    """Schema ``name`` (``results``, ``records``, ...) with every schema it refers to, however
    indirectly, embedded under ``$defs`` with its own ``$id`` (a JSON Schema 2020-12 compound
    document): any validator resolves its ``$ref``s from it alone, with nothing to register.
    ``schemas/v2/bundled/`` holds them, published with the kit."""
    root_id = _PREFIX + name
    bundle: dict[str, Any] = json.loads(json.dumps(_documents()[root_id]))
    embedded: set[str] = set()
    pending = _referred(bundle)
    while pending:
        uri = pending.pop()
        if uri not in embedded and uri != root_id:
            embedded.add(uri)
            pending |= _referred(_documents()[uri])
    definitions = bundle.setdefault("$defs", {})
    for uri in sorted(embedded):
        # an embedded resource takes the root's dialect: no $schema of its own
        definitions[f"p2c-kit:{uri.removeprefix(_PREFIX)}"] = {
            key: value for key, value in _documents()[uri].items() if key != "$schema"
        }
    return bundle


def _referred(node: Any) -> set[str]:
    """The schemas ``node`` refers to, by ``$id``."""
    if isinstance(node, list):
        return set().union(*map(_referred, node))
    if not isinstance(node, dict):
        return set()
    found = set().union(*map(_referred, node.values()))
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith(_PREFIX):
        found.add(reference.partition("#")[0])
    return found


def write_bundled() -> None:
    """Write ``schemas/v2/bundled/``: after a change to a schema (a test says when)."""
    folder = schemas_dir() / f"v{CONTRACT_VERSION}" / "bundled"
    folder.mkdir(exist_ok=True)
    for uri in _documents():
        name = uri.removeprefix(_PREFIX)
        text = json.dumps(bundled_schema(name), indent=2) + "\n"
        (folder / f"{name}.json").write_text(text, encoding="utf-8")


@cache
def _validator(ref: str) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = {"$ref": _PREFIX + ref}
    return jsonschema.Draft202012Validator(schema, registry=_registry())


@cache
def _fast_check(ref: str) -> jsonschema_rs.Validator:
    """jsonschema-rs' validator of ``ref``: a schema referring to it, with every schema of the
    contract embedded under its own ``$id`` (a compound document, as the bundles are)."""
    embedded = {
        uri: {key: value for key, value in document.items() if key != "$schema"}
        for uri, document in _documents().items()
    }
    schema = {"$schema": _DIALECT, "$ref": _PREFIX + ref, "$defs": embedded}
    return jsonschema_rs.Draft202012Validator(schema)


def schema_errors(ref: str, instance: Any) -> list[str]:
    """Every violation of schema ``ref`` (e.g. ``records`` or ``actions#/$defs/x``) by
    ``instance``, each as one line naming the path of the offending value.

    ``instance`` is a JSON value (dicts, lists, strings, numbers, booleans, None). A tuple is
    taken for the array it becomes in JSON, as the fast check takes it (jsonschema alone would
    reject it).
    """
    try:
        if _fast_check(ref).is_valid(instance):
            return []
    except ValueError:  # no JSON value (a set, a key that is no string): jsonschema explains
        pass
    errors = sorted(
        (_specific(error) for error in _validator(ref).iter_errors(instance)),
        key=lambda e: [str(part) for part in e.absolute_path],
    )
    return [f"{_path(error)}: {shortened(error.message, 300)}" for error in errors]


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


def _path(error: jsonschema.ValidationError) -> str:
    return "$" + "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
    )
