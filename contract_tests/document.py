"""Facts the checks take from the OpenAPI document rather than write down a second time: where
each operation lives, the documented ranges of its parameters, and the keys of the contact views."""

from __future__ import annotations

import functools
from typing import Any

from sandbox.openapi_document import DEFAULT_SPEC_PATH, load_document, load_operations


@functools.cache
def path_of(operation_id: str) -> str:
    """The path template of an operation, e.g. getContact -> /v1/contacts/{contactId}."""
    for operation in load_operations(DEFAULT_SPEC_PATH):
        if operation.operation_id == operation_id:
            return operation.path
    raise LookupError(f"the document has no operation {operation_id!r}")


@functools.cache
def parameter_range(operation_id: str, name: str) -> tuple[int | None, int | None]:
    """(minimum, maximum) of an integer parameter of an operation; None where the document sets none."""
    for operation in load_operations(DEFAULT_SPEC_PATH):
        if operation.operation_id == operation_id:
            for parameter in operation.parameters:
                if parameter.name == name:
                    return parameter.schema.get("minimum"), parameter.schema.get("maximum")
    raise LookupError(f"{operation_id} has no parameter {name!r}")


def in_range(operation_id: str, name: str, value: int) -> bool:
    low, high = parameter_range(operation_id, name)
    return (low is None or value >= low) and (high is None or value <= high)


@functools.cache
def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = load_document(DEFAULT_SPEC_PATH)["components"]["schemas"]
    return schemas


@functools.cache
def simple_view_fields() -> frozenset[str]:
    """The keys of the simple view that are not variables (SimpleContact's declared properties)."""
    return frozenset(_schemas()["SimpleContact"]["properties"])


def creation_field(name: str) -> dict[str, Any]:
    """The schema of a field of CreateGateRequest (the document's rules for a contact's fields)."""
    field: dict[str, Any] = _schemas()["CreateGateRequest"]["properties"][name]
    return field
