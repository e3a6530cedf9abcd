"""Facts the checks take from the run's OpenAPI document rather than write down a second time: the
documented ranges of parameters, the rules of a contact's fields, and the keys of the simple view."""

from __future__ import annotations

import re
from typing import Any

from openapi_document import Document


def parameter_range(document: Document, operation_id: str, name: str) -> tuple[int | None, int | None]:
    """(minimum, maximum) of an integer parameter of an operation; None where the document sets none."""
    schema = document.operation(operation_id).parameter(name).schema
    return schema.get("minimum"), schema.get("maximum")


def in_range(document: Document, operation_id: str, name: str, value: int) -> bool:
    low, high = parameter_range(document, operation_id, name)
    return (low is None or value >= low) and (high is None or value <= high)


def simple_view_fields(document: Document) -> frozenset[str]:
    """The keys of the simple view that are not variables (SimpleContact's declared properties)."""
    return frozenset(document.schema("SimpleContact")["properties"])


def creation_field(document: Document, name: str) -> dict[str, Any]:
    """The schema of a field of CreateGateRequest (the document's rules for a contact's fields)."""
    field: dict[str, Any] = document.schema("CreateGateRequest")["properties"][name]
    return field


def phone_pattern(document: Document) -> re.Pattern[str]:
    return re.compile(str(creation_field(document, "phone")["pattern"]))


def longest_name(document: Document) -> int:
    return int(creation_field(document, "firstName")["maxLength"])
