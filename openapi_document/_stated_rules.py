"""Behaviour rules: what the descriptions state that no schema can, declared in `x-rules`.

An `x-rules` extension sits beside the description that states its rules (on `info`, an
operation, an inline response, or a component: a schema, a property, a parameter, a response, a
header). It maps each rule's name to what it says:

    x-rules:
      target-removed:
        rule: the merged target contact is removed; reading it afterwards answers 404
        quote: the target contact is removed (reading it afterwards answers 404)
        inferred: true

`quote` is words of the description beside it, which must hold them (so a rule cannot drift from
the text that states it); `inferred` (default false) marks a rule the document only infers. A
rule applies to the operations that reach the place it is declared at (an operation: itself; a
component: every operation whose parameters, body or answers refer to it; `info`: every
operation), or to the operations listed in `operations`; `scope: api` makes it one rule of the API
as a whole. Names are unique in the document: checks declare the rules they verify by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from openapi_document._errors import DocumentError
from openapi_document._operations import HTTP_METHODS
from openapi_document._pointers import resolve_pointer
from openapi_document._rules import API, Rule, escape

EXTENSION = "x-rules"
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")  # two words at least: never a structural rule's key
_FIELDS = {"rule", "quote", "inferred", "operations", "scope"}


def stated_rules(raw: Mapping[str, Any]) -> Iterator[Rule]:
    """The rules of every `x-rules` of the document, for each operation it applies to."""
    operations = _operations(raw)
    reached = {operation_id: _reached(raw, pointer) for operation_id, pointer in operations.items()}
    seen: dict[str, str] = {}
    for pointer, node in _declarations(raw, ""):
        declared = node[EXTENSION]
        if not isinstance(declared, Mapping) or not declared:
            raise DocumentError(f"{pointer}/{EXTENSION}: must map rule names to rules")
        for name, entry in declared.items():
            where = f"{pointer}/{EXTENSION}/{escape(str(name))}"
            _check_entry(where, name, entry, node, operations)
            if name in seen:
                raise DocumentError(f"{where}: the rule name {name!r} is also declared at {seen[name]}")
            seen[name] = where
            inferred = entry.get("inferred", False) is True
            statement = f"{pointer}/description"
            if entry.get("scope") == "api":
                yield _rule(None, name, entry, statement, inferred)
                continue
            applying = entry.get("operations") or [
                operation_id for operation_id, op_pointer in operations.items()
                if _applies(pointer, op_pointer, reached[operation_id])
            ]  # fmt: skip
            if not applying:
                raise DocumentError(f"{where}: no operation reaches this place (name them in `operations`)")
            for operation_id in applying:
                yield _rule(operation_id, name, entry, statement, inferred)


def _rule(operation_id: str | None, name: str, entry: Mapping[str, Any], pointer: str, inferred: bool) -> Rule:
    return Rule(
        id=f"{operation_id or API}: {name}",
        operation=operation_id,
        kind="behaviour",
        key=name,
        pointer=pointer,
        inferred=inferred,
        text=str(entry["rule"]),
    )


def normalised(text: str) -> str:
    """Text with every run of white space as one space (descriptions are wrapped YAML blocks)."""
    return " ".join(text.split())


def _check_entry(where: str, name: Any, entry: Any, node: Mapping[str, Any], operations: Mapping[str, str]) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise DocumentError(f"{where}: a rule name is words in lower case joined by '-', like 'target-removed'")
    if (
        not isinstance(entry, Mapping)
        or not isinstance(entry.get("rule"), str)
        or not isinstance(entry.get("quote"), str)
    ):
        raise DocumentError(f"{where}: a rule needs `rule` (what it says) and `quote` (words of the description)")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise DocumentError(
            f"{where}: unknown fields {', '.join(sorted(map(str, unknown)))} (known: {sorted(_FIELDS)})"
        )
    if not isinstance(entry.get("inferred", False), bool):
        raise DocumentError(f"{where}: `inferred` is true or false")
    if entry.get("scope", "api") != "api":
        raise DocumentError(f"{where}: the only `scope` is `api` (one rule of the API as a whole)")
    listed = entry.get("operations")
    if listed is not None:
        if not isinstance(listed, list) or not listed or not all(isinstance(item, str) for item in listed):
            raise DocumentError(f"{where}: `operations` is a list of operationIds")
        unknown_operations = [item for item in listed if item not in operations]
        if unknown_operations:
            raise DocumentError(f"{where}: {', '.join(unknown_operations)} is not an operation of the document")
    description = node.get("description")
    if not isinstance(description, str) or normalised(entry["quote"]) not in normalised(description):
        raise DocumentError(
            f"{where}: the description beside it does not hold its quote {entry['quote']!r}; quote the words that "
            "state the rule (or move the rule next to them)"
        )


def _declarations(node: Any, pointer: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(pointer, node) of every node that holds an `x-rules`, in document order."""
    if isinstance(node, Mapping):
        if EXTENSION in node:
            yield pointer, node
        for key, value in node.items():
            if key != EXTENSION and not str(key).startswith("x-"):
                yield from _declarations(value, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _declarations(value, f"{pointer}/{index}")


def _operations(raw: Mapping[str, Any]) -> dict[str, str]:
    """operationId -> the pointer of the operation."""
    found = {}
    for template, item in (raw.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if method in item and "operationId" in item[method]:
                found[str(item[method]["operationId"])] = f"/paths/{escape(template)}/{method}"
    return found


def _reached(raw: Mapping[str, Any], operation_pointer: str) -> set[str]:
    """The pointers of every component the operation refers to, directly or through others (and
    of the parameters of its path)."""
    path_pointer = operation_pointer.rsplit("/", 1)[0]
    path_item = resolve_pointer(raw, f"#{path_pointer}")
    pending: list[Any] = [resolve_pointer(raw, f"#{operation_pointer}"), path_item.get("parameters", [])]
    reached: set[str] = set()
    while pending:
        node = pending.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.removeprefix("#") not in reached:
                reached.add(ref.removeprefix("#"))
                pending.append(resolve_pointer(raw, ref))
            pending.extend(value for key, value in node.items() if not str(key).startswith("x-"))
        elif isinstance(node, list):
            pending.extend(node)
    return reached


def _applies(declared_at: str, operation_pointer: str, reached: set[str]) -> bool:
    """Whether a rule declared at `declared_at` concerns the operation at `operation_pointer`."""

    def within(pointer: str, place: str) -> bool:
        return pointer == place or pointer.startswith(f"{place}/")

    path_pointer = operation_pointer.rsplit("/", 1)[0]
    if declared_at in ("", "/info"):
        return True
    if within(declared_at, operation_pointer):
        return True
    if within(declared_at, path_pointer) and not any(
        within(declared_at, f"{path_pointer}/{method}") for method in HTTP_METHODS
    ):
        return True  # the path item's own (its parameters): every operation of the path
    return any(within(declared_at, place) for place in reached)
