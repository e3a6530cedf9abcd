"""Local JSON pointers (`#/components/schemas/Contact`) and `$ref` objects: the toolkit's one resolver."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openapi_document._errors import DanglingReference, DocumentError


def resolve_pointer(document: Mapping[str, Any], ref: str) -> Any:
    """The node a local reference names; DanglingReference when there is none, DocumentError for a
    reference to another file."""
    if not ref.startswith("#/"):
        raise DocumentError(f"only local references (#/...) are supported, not {ref!r}")
    node: Any = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or part not in node:
            raise DanglingReference(f"{ref!r} does not resolve: no {part!r}")
        node = node[part]
    return node


def resolve(document: Mapping[str, Any], node: Any) -> Any:
    """`node` with its `$ref` followed, as often as the target is a reference again."""
    seen: set[str] = set()
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise DocumentError(f"reference cycle through {ref!r}")
        seen.add(ref)
        node = resolve_pointer(document, ref)
    return node
