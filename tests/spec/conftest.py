"""Shared fixtures for the tests of the OpenAPI document itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openapi_document import DEFAULT_SPEC_PATH, HTTP_METHODS, parse, resolve

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = DEFAULT_SPEC_PATH

Operation = tuple[str, str, dict[str, Any]]


@pytest.fixture(scope="session")
def document() -> dict[str, Any]:
    # A copy of its own (not openapi_document.load's, which every reader shares): tests change it.
    return parse(SPEC_PATH.read_text(encoding="utf-8"), str(SPEC_PATH))


def iter_operations(document: dict[str, Any]) -> Iterator[Operation]:
    """Yields (METHOD, path, operation) for every operation of the document."""
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def operation_parameters(document: dict[str, Any], path: str, operation: dict[str, Any]) -> list[dict[str, Any]]:
    """The parameters of an operation, path-level ones included, with references resolved."""
    declared = document["paths"][path].get("parameters", []) + operation.get("parameters", [])
    return [resolve(document, parameter) for parameter in declared]
