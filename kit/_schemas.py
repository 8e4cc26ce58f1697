"""JSON Schema validation of everything that crosses the adapter contract.

jsonschema is the authority and writes the error messages. A valid instance, the common case,
is first recognised by a fastjsonschema check compiled from the same schema (bundled with what
its ``$ref``s refer to into one document), about 50 times faster: validation is in every action
and every query, and at volume it would otherwise cost more than the sync itself. Only what the
fast check rejects goes to jsonschema, so the fast check can only ever be stricter, never more
lenient, on JSON values; a differential test (``tests/test_contract.py``) holds it to that.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema
from referencing import Registry, Resource
from referencing._core import Resolved, Resolver

if TYPE_CHECKING:  # imported when first needed: for an error message (it takes 50 ms)
    import jsonschema

from p2c_kit._resources import cache_dir, schemas_dir
from p2c_kit._text import shortened

CONTRACT_VERSION = 2
_PREFIX = f"tag:p2c-kit,2026:v{CONTRACT_VERSION}:"


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
def _fast_check(ref: str) -> Any:
    """The compiled fast check of ``ref``; None for a schema it cannot be trusted with."""
    resolved = _registry().resolver().lookup(_PREFIX + ref)
    try:
        schema = _Bundle().schema(resolved)
    except _Unsure:
        return None
    return _compiled(schema)


def _compiled(schema: Any) -> Any:
    """fastjsonschema's check for ``schema``. Compiling the contract's schemas takes a tenth of
    a second, as much as a tenth of a certification run, so the compiled code is kept in the
    user's cache directory, as Python keeps a module's bytecode, and loaded from there next time."""
    key = json.dumps([schema, fastjsonschema.VERSION, sys.version], sort_keys=True)
    path = _cache_dir() / f"{hashlib.sha256(key.encode()).hexdigest()}.marshal"
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        # use_default: fastjsonschema would write a schema's defaults into the instance
        source = fastjsonschema.compile_to_code(schema, use_formats=False, use_default=False)
        code = compile(source, "<p2c-kit fast check>", "exec")
        with contextlib.suppress(OSError):  # a cache that cannot be written is no cache
            path.parent.mkdir(parents=True, exist_ok=True)
            written = path.with_name(f"{path.name}.{os.getpid()}")
            written.write_bytes(marshal.dumps(code))
            os.replace(written, path)  # whole or not at all, whoever else writes it
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    return namespace["validate"]


def _cache_dir() -> Path:
    return cache_dir() / "fast-checks"


class _Unsure(Exception):
    """The schema has a ``const`` or ``enum`` of a number or boolean: Python has ``True == 1``,
    and fastjsonschema with it. Such a schema is left to jsonschema whole (only the protocol's
    start messages and the results file have one)."""


# Keywords that constrain nothing.
_ANNOTATIONS = ("$id", "$schema", "$defs", "description", "title")


class _Bundle:
    """One schema and, under ``definitions``, everything it refers to, each once: fastjsonschema
    compiles a referred schema into one function however often it is referred to."""

    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}
        self._names: dict[int, str] = {}

    def schema(self, resolved: Resolved[Any]) -> Any:
        root = self._rewrite(resolved.contents, resolved.resolver)
        if isinstance(root, dict):
            root["definitions"] = self.definitions
        return root

    def _rewrite(self, node: Any, resolver: Resolver[Any]) -> Any:
        if isinstance(node, list):
            return [self._rewrite(item, resolver) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            reference = {"$ref": "#/definitions/" + self._define(resolver.lookup(node["$ref"]))}
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if not set(siblings) - set(_ANNOTATIONS):
                return reference
            return {"allOf": [reference, self._rewrite(siblings, resolver)]}
        if any(_confusable(value) for value in [node.get("const"), *node.get("enum", [])]):
            raise _Unsure
        schema = {
            key: self._rewrite(value, resolver)
            for key, value in node.items()
            if key not in _ANNOTATIONS and key != "properties"
        }
        if "properties" in node:  # property names, not keywords: none is left out
            schema["properties"] = {
                name: self._rewrite(value, resolver) for name, value in node["properties"].items()
            }
        return schema

    def _define(self, target: Resolved[Any]) -> str:
        # the registry hands out the same object for the same schema: its identity names it
        name = self._names.get(id(target.contents))
        if name is None:
            name = self._names[id(target.contents)] = f"s{len(self._names)}"
            self.definitions[name] = self._rewrite(target.contents, target.resolver)
        return name


def _confusable(value: Any) -> bool:
    return isinstance(value, bool | int | float)


def schema_errors(ref: str, instance: Any) -> list[str]:
    """Every violation of schema ``ref`` (e.g. ``records`` or ``actions#/$defs/x``) by
    ``instance``, each as one line naming the path of the offending value.

    ``instance`` is a JSON value (dicts, lists, strings, numbers, booleans, None). A tuple is
    taken for the array it becomes in JSON, as the fast check takes it (jsonschema alone would
    reject it).
    """
    fast_check = _fast_check(ref)
    if fast_check is not None:
        try:
            fast_check(instance)
        except fastjsonschema.JsonSchemaException:
            pass  # invalid, or a case the fast check is unsure of: jsonschema decides and explains
        else:
            return []
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
