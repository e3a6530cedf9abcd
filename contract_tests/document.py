"""Facts the checks take from the OpenAPI document rather than write down a second time: where
each operation lives, the documented ranges of its parameters, and the keys of the contact views."""

from __future__ import annotations

import functools
from typing import Any

import openapi_document


def path_of(operation_id: str) -> str:
    """The path template of an operation, e.g. getContact -> /v1/contacts/{contactId}."""
    return openapi_document.load().operation(operation_id).path


@functools.cache
def parameter_range(operation_id: str, name: str) -> tuple[int | None, int | None]:
    """(minimum, maximum) of an integer parameter of an operation; None where the document sets none."""
    schema = openapi_document.load().operation(operation_id).parameter(name).schema
    return schema.get("minimum"), schema.get("maximum")


def in_range(operation_id: str, name: str, value: int) -> bool:
    low, high = parameter_range(operation_id, name)
    return (low is None or value >= low) and (high is None or value <= high)


@functools.cache
def simple_view_fields() -> frozenset[str]:
    """The keys of the simple view that are not variables (SimpleContact's declared properties)."""
    return frozenset(openapi_document.load().schema("SimpleContact")["properties"])


def creation_field(name: str) -> dict[str, Any]:
    """The schema of a field of CreateGateRequest (the document's rules for a contact's fields)."""
    field: dict[str, Any] = openapi_document.load().schema("CreateGateRequest")["properties"][name]
    return field
