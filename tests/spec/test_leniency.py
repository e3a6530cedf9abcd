"""Responses are lenient: what the evidence does not establish, the document does not promise.

A field of a response object may be non-nullable only when it is required (every source shows it)
or an id; every other scalar or object field must accept null, so that a client generated from the
document does not break on a real answer. Lists stay non-nullable (an empty list is `[]`).
Nullability is checked by validating `null` with openapi-schema-validator's OAS 3.0 dialect, which
reads `nullable` strictly (OpenAPI 3.0.3): `nullable` next to `$ref` or an `allOf` of one reference
does not admit null there, hence the `anyOf: [{$ref: ...}, <null>]` spelling of nullable objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30ReadValidator

from openapi_document import resolve
from tests.spec.conftest import iter_operations

SCHEMA_PREFIX = "#/components/schemas/"


def response_schema_names(document: dict[str, Any]) -> set[str]:
    """The component schemas that a response body reaches, directly or through other schemas."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
                name = ref.removeprefix(SCHEMA_PREFIX)
                if name not in found:
                    found.add(name)
                    walk(document["components"]["schemas"][name])
            for key, value in node.items():
                if key != "example":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for _, _, operation in iter_operations(document):
        for reference in operation["responses"].values():
            for media in resolve(document, reference).get("content", {}).values():
                walk(media["schema"])
    return found


def is_identifier(name: str) -> bool:
    return name == "id" or name.endswith("Id")


def accepts_null(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    return bool(OAS30ReadValidator({**schema, "components": document["components"]}).is_valid(None))


def response_fields(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], bool]]:
    """(schema, field, field schema, may be non-nullable) for every field of every response schema."""
    for name in sorted(response_schema_names(document)):
        schema = document["components"]["schemas"][name]
        required = set(schema.get("required", []))
        for field, field_schema in schema.get("properties", {}).items():
            is_list = resolve(document, field_schema).get("type") == "array"
            yield name, field, field_schema, field in required or is_identifier(field) or is_list


def test_the_response_schemas_are_the_expected_ones(document: dict[str, Any]) -> None:
    names = response_schema_names(document)
    assert {"Contact", "SimpleContact", "Tag", "Note", "User", "Chat", "Gate", "Channel"} <= names
    assert not names & {"UpdateContactRequest", "FireEventRequest", "CreateGateRequest"}, "requests stay strict"


def test_every_optional_field_of_a_response_accepts_null(document: dict[str, Any]) -> None:
    problems = [
        f"{name}.{field} is optional and not an id, but does not accept null"
        for name, field, field_schema, may_be_strict in response_fields(document)
        if not may_be_strict and not accepts_null(document, field_schema)
    ]
    assert not problems, "\n".join(problems)


def test_ids_and_required_fields_stay_non_nullable(document: dict[str, Any]) -> None:
    """Leniency is not carelessness: what the evidence shows always present is promised."""
    problems = [
        f"{name}.{field} is required or an id, but accepts null"
        for name, field, field_schema, may_be_strict in response_fields(document)
        if may_be_strict
        and (field in document["components"]["schemas"][name].get("required", []) or is_identifier(field))
        and accepts_null(document, field_schema)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("Tag", "color"),
        ("Note", "user"),
        ("Note", "createdAt"),
        ("Variable", "createdAt"),
        ("Variable", "updatedAt"),
        ("Chat", "contact"),
        ("Chat", "createdAt"),
        ("Chat", "updatedAt"),
        ("Channel", "createdAt"),
        ("Channel", "updatedAt"),
        ("Gate", "contact"),
        ("Funnel", "serviceKey"),
    ],
)
def test_fields_the_review_found_too_strict_accept_null(document: dict[str, Any], schema: str, field: str) -> None:
    field_schema = document["components"]["schemas"][schema]["properties"][field]
    assert accepts_null(document, field_schema)


def test_a_nullable_object_still_rejects_a_wrong_object(document: dict[str, Any]) -> None:
    """The null branch admits only null: a user must still be a User, a contact a ServiceContact."""
    note_user = document["components"]["schemas"]["Note"]["properties"]["user"]
    chat_contact = document["components"]["schemas"]["Chat"]["properties"]["contact"]
    validate = {**note_user, "components": document["components"]}
    assert OAS30ReadValidator(validate).is_valid({"id": 12, "fullName": "Iryna Bondar"})
    assert not OAS30ReadValidator(validate).is_valid({"id": "12"})
    assert not OAS30ReadValidator(validate).is_valid("Iryna Bondar")
    assert not OAS30ReadValidator({**chat_contact, "components": document["components"]}).is_valid({"originalId": "x"})


def test_the_strict_reading_of_nullable_is_what_the_check_uses() -> None:
    """`nullable` beside an `allOf` of one reference admits no null under OpenAPI 3.0.3: the check
    above would catch a field written that way."""
    components = {"schemas": {"User": {"type": "object", "properties": {"id": {"type": "integer"}}}}}
    document = {"components": components}
    all_of = {"nullable": True, "allOf": [{"$ref": "#/components/schemas/User"}]}
    any_of = {"anyOf": [{"$ref": "#/components/schemas/User"}, {"type": "object", "nullable": True, "enum": [None]}]}
    assert not accepts_null(document, all_of)
    assert accepts_null(document, any_of)


def test_gate_creation_documents_200_and_201_alike(document: dict[str, Any]) -> None:
    """The vendor does not document the status of a created gate: 201 Created must not fail the
    contract, and must give clients the same Gate, with the same links, as 200."""
    responses = document["paths"]["/v1/channels/{channelId}/gates"]["post"]["responses"]
    assert responses["200"] == responses["201"] == {"$ref": "#/components/responses/ChannelGate"}
    created = resolve(document, responses["201"])
    assert created["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Gate"}
    assert set(created["links"]) == {"GetCreatedContact", "ListCreatedContactGates"}
    assert "*(inferred)*" in created["description"]
    successes = {
        method: sorted(status for status in operation["responses"] if str(status).startswith("2"))
        for method, _, operation in iter_operations(document)
        if operation["operationId"] == "createChannelGate"
    }
    assert successes == {"POST": ["200", "201"]}
