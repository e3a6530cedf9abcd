"""Every example of the document is valid against its schema.

Examples feed mocks, the schemathesis examples phase and the documentation, so an invalid one
misleads every user at once. Redocly checks them too; this test adds the strict reading (no
property the schema does not declare, except under `x-dynamic-keys`) and uses an independent
validator (openapi-schema-validator's OAS 3.0 dialect).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator
from referencing.exceptions import Unresolvable

from openapi_document import resolve
from tests.spec.conftest import SPEC_PATH, iter_operations, operation_parameters

Example = tuple[str, dict[str, Any], Any, bool]  # (where, schema, value, is_request)


def _media_examples(media: dict[str, Any], document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in media:
        yield "example", media["example"]
    for name, example in media.get("examples", {}).items():
        yield f"examples/{name}", resolve(document, example)["value"]


def collect_examples(document: dict[str, Any]) -> list[Example]:
    """Every example, once: one in a shared component is named by its reference, not once per use."""
    examples: dict[str, Example] = {}

    def add(where: str, schema: dict[str, Any], value: Any, is_request: bool) -> None:
        examples.setdefault(where, (where, schema, value, is_request))

    for method, path, operation in iter_operations(document):
        for parameter in operation_parameters(document, path, operation):
            if "example" in parameter:
                add(f"{method} {path} parameter {parameter['name']}", parameter["schema"], parameter["example"], True)
        body = resolve(document, operation.get("requestBody", {}))
        for media_type, media in body.get("content", {}).items():
            for name, value in _media_examples(media, document):
                add(f"{method} {path} request {media_type} {name}", media["schema"], value, True)
        for status, reference in operation["responses"].items():
            owner = reference.get("$ref") or f"{method} {path} {status}"
            response = resolve(document, reference)
            for media_type, media in response.get("content", {}).items():
                for name, value in _media_examples(media, document):
                    add(f"{owner} {media_type} {name}", media["schema"], value, False)
            for name, header_reference in response.get("headers", {}).items():
                header = resolve(document, header_reference)
                if "example" in header:
                    where = header_reference.get("$ref") or f"{owner} header {name}"
                    add(where, header["schema"], header["example"], False)
    return list(examples.values())


def _closed(node: Any) -> Any:
    """A copy of a schema tree in which objects admit only their declared properties."""
    if isinstance(node, dict):
        closed = {key: _closed(value) for key, value in node.items()}
        if "properties" in node and "x-dynamic-keys" not in node:
            closed["additionalProperties"] = False
        return closed
    if isinstance(node, list):
        return [_closed(item) for item in node]
    return node


def validation_errors(document: dict[str, Any], schema: dict[str, Any], value: Any, is_request: bool) -> list[str]:
    # `components` travels along so that the schema's local references resolve.
    rooted = {**schema, "components": document["components"]}
    validator_class = OAS30WriteValidator if is_request else OAS30ReadValidator
    try:
        errors: list[ValidationError] = sorted(validator_class(rooted).iter_errors(value), key=str)
    except Unresolvable as error:  # its message holds the whole document; the reference is enough
        return [f"cannot check it: {getattr(error, 'ref', 'a reference')!r} does not resolve"]
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}" for error in errors]


def test_the_document_has_an_example_everywhere_it_matters(document: dict[str, Any]) -> None:
    examples = collect_examples(document)
    operations = {" ".join(where.split(" ")[:2]) for where, *_ in examples if not where.startswith("#")}
    assert len(operations) == 24, "every operation has examples"
    assert len(examples) >= 40


@pytest.mark.parametrize("closed", [False, True], ids=["as-declared", "declared-properties-only"])
def test_every_example_is_valid_against_its_schema(document: dict[str, Any], closed: bool) -> None:
    target = _closed(document) if closed else document
    problems = []
    for where, schema, value, is_request in collect_examples(target):
        problems += [f"{where}: {error}" for error in validation_errors(target, schema, value, is_request)]
    assert not problems, f"invalid examples in {SPEC_PATH.name}:\n" + "\n".join(problems)


def test_the_validation_catches_a_broken_example() -> None:
    tag = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    contact = {"type": "object", "properties": {"id": {"type": "integer"}, "tags": {"type": "array", "items": tag}}}
    remaining = {"type": "integer", "minimum": 0}
    broken = {
        "components": {"schemas": {"Contact": contact}},
        "paths": {
            "/v1/contacts/{contactId}": {
                "get": {
                    "responses": {
                        "200": {
                            "headers": {"X-Rate-Limit": {"schema": remaining, "example": -5}},
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Contact"},
                                    "example": {"id": "1001", "tags": [{"id": 31, "colour": "red"}]},
                                }
                            },
                        }
                    }
                }
            }
        },
    }
    found = [
        f"{where}: {error}"
        for where, schema, value, is_request in collect_examples(_closed(broken))
        for error in validation_errors(_closed(broken), schema, value, is_request)
    ]
    assert found == [
        "GET /v1/contacts/{contactId} 200 application/json example: id: '1001' is not of type 'integer'",
        "GET /v1/contacts/{contactId} 200 application/json example: tags/0: Additional properties are not allowed"
        " ('colour' was unexpected)",
        "GET /v1/contacts/{contactId} 200 header X-Rate-Limit: (root): -5 is less than the minimum of 0",
    ]
