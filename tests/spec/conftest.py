"""Shared fixtures for the tests of the OpenAPI document itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sandbox.openapi_document import DEFAULT_SPEC_PATH

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = DEFAULT_SPEC_PATH
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")

Operation = tuple[str, str, dict[str, Any]]


@pytest.fixture(scope="session")
def document() -> dict[str, Any]:
    loaded = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{SPEC_PATH} does not hold a mapping"
    return loaded


def iter_operations(document: dict[str, Any]) -> Iterator[Operation]:
    """Yields (METHOD, path, operation) for every operation of the document."""
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def resolve(document: dict[str, Any], node: Any) -> Any:
    """Follows a local `$ref` (repeatedly) and returns the node it points to."""
    while isinstance(node, dict) and "$ref" in node:
        node = resolve_pointer(document, node["$ref"])
    return node


def resolve_pointer(document: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        raise LookupError(f"only local references are used in this document, not {ref!r}")
    node: Any = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise LookupError(f"{ref!r} does not resolve: no {part!r}")
        node = node[part]
    return node


def operation_parameters(document: dict[str, Any], path: str, operation: dict[str, Any]) -> list[dict[str, Any]]:
    """The parameters of an operation, path-level ones included, with references resolved."""
    declared = document["paths"][path].get("parameters", []) + operation.get("parameters", [])
    return [resolve(document, parameter) for parameter in declared]
