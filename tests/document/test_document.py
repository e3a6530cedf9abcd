"""The document package: one read per file version, one resolver, JSON Schema for validators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import openapi_document
from openapi_document import DanglingReference, DocumentError, resolve, resolve_pointer, to_json_schema


def test_the_document_is_read_once_per_version_of_its_file(tmp_path: Path) -> None:
    copy = tmp_path / "spec.yaml"
    copy.write_text(openapi_document.DEFAULT_SPEC_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    first = openapi_document.load(copy)
    assert openapi_document.load(copy) is first
    raw = yaml.safe_load(copy.read_text(encoding="utf-8"))
    raw["info"]["version"] = "99.0.0"
    copy.write_text(yaml.safe_dump(raw), encoding="utf-8")
    changed = openapi_document.load(copy)
    assert changed is not first
    assert changed.version == "99.0.0"


def test_operations_are_indexed_with_their_parameters_and_schemas() -> None:
    document = openapi_document.load()
    listing = document.operation("listContacts")
    assert (listing.method, listing.path, listing.label) == ("GET", "/v1/contacts", "GET /v1/contacts")
    assert listing.parameter("limitation").schema["maximum"] == 20
    assert listing.raw["x-evidence"]["confidence"] in {"high", "medium", "inferred"}
    update = document.operation("updateContact")
    assert update.body_media_types == ("application/json",)
    assert update.body_required
    assert update.body_schema is not None
    assert update.parameter("contactId").location == "path"  # a path item's own parameters count too
    with pytest.raises(LookupError, match="has no operation 'getContacts'"):
        document.operation("getContacts")
    with pytest.raises(LookupError, match="listContacts has no parameter 'size'"):
        listing.parameter("size")


def test_the_rate_limit_is_the_documents() -> None:
    limit = openapi_document.load().rate_limit
    assert limit.requests_per_minute == 180
    assert [limit.lockout_seconds(n) for n in (1, 2, 12, 13)] == [60, 120, 720, 720]


def test_a_file_that_is_not_an_openapi_3_0_document_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(DocumentError, match=r"cannot read the OpenAPI document .*missing\.yaml"):
        openapi_document.load(missing)
    other = tmp_path / "other.yaml"
    other.write_text("openapi: 3.1.0\npaths: {}\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"is not an OpenAPI 3\.0 document"):
        openapi_document.load(other)
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [3.0\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="cannot read the OpenAPI document"):
        openapi_document.load(broken)


def test_the_resolver_follows_chains_and_names_what_is_missing() -> None:
    document = {
        "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "string"}, "a/b": {}}}
    }
    assert resolve(document, {"$ref": "#/components/schemas/A"}) == {"type": "string"}
    assert resolve_pointer(document, "#/components/schemas/a~1b") == {}
    assert resolve(document, {"type": "integer"}) == {"type": "integer"}
    with pytest.raises(DanglingReference, match="'#/components/schemas/C' does not resolve: no 'C'"):
        resolve(document, {"$ref": "#/components/schemas/C"})
    with pytest.raises(DocumentError, match="only local references"):
        resolve_pointer(document, "other.yaml#/A")
    looped = {
        "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}
    }
    with pytest.raises(DocumentError, match="reference cycle"):
        resolve(looped, {"$ref": "#/components/schemas/A"})


def test_json_schema_inlines_references_and_spells_nullable_as_a_null_type() -> None:
    document = {"components": {"schemas": {"Colour": {"type": "string", "enum": ["red"], "nullable": True}}}}
    schema = {
        "type": "object",
        "description": "dropped",
        "x-evidence": {"confidence": "high"},
        "properties": {"colour": {"$ref": "#/components/schemas/Colour"}, "not_red": {"not": {"enum": ["red"]}}},
    }
    assert to_json_schema(document, schema) == {
        "type": "object",
        "properties": {
            "colour": {"type": ["string", "null"], "enum": ["red", None]},
            "not_red": {"not": {"enum": ["red"]}},
        },
    }
    recursive = {"components": {"schemas": {"Node": {"properties": {"next": {"$ref": "#/components/schemas/Node"}}}}}}
    with pytest.raises(DocumentError, match="deeper than 32 levels"):
        to_json_schema(recursive, {"$ref": "#/components/schemas/Node"})


_OPERATION = {"operationId": "listContacts", "responses": {"200": {"description": "ok"}}}


@pytest.mark.parametrize(
    ("paths", "problem"),
    [
        ([1, 2], "/paths: must be an object mapping path templates to path items, not list"),
        ({"/v1/contacts": "get"}, "/paths/~1v1~1contacts: must be an object mapping methods to operations"),
        ({"/v1/contacts": {"get": {"responses": {}}}}, "/paths/~1v1~1contacts/get: an operation needs an operationId"),
        ({"/v1/contacts": {"get": {"operationId": "listContacts"}}}, "/paths/~1v1~1contacts/get/responses: missing"),
        (
            {"/v1/contacts": {"get": {**_OPERATION, "responses": {"default": {"description": "any"}}}}},
            "/responses/default: the toolkit reads numbered status codes only (like 200 or 404), not 'default'",
        ),
        (
            {"/v1/contacts": {"get": {**_OPERATION, "parameters": [{"in": "query"}]}}},
            "/paths/~1v1~1contacts/get/parameters/0: each parameter needs a `name` and an `in`",
        ),
        (
            {"/v1/contacts": {"parameters": {"name": "page"}, "get": _OPERATION}},
            "/paths/~1v1~1contacts/parameters: must be a list of parameters",
        ),
        (
            {"/v1/contacts": {"get": {**_OPERATION, "responses": {"200": {"content": {"application/json": {}}}}}}},
            "/responses/200/content/application~1json: an application/json body needs a `schema`",
        ),
        (
            {"/v1/contacts": {"get": _OPERATION}, "/v1/contacts/search": {"get": _OPERATION}},
            "/paths/~1v1~1contacts~1search/get: the operationId 'listContacts' is already another operation's",
        ),
    ],
)
def test_a_document_missing_what_an_operation_needs_is_refused_naming_the_file_and_the_place(
    tmp_path: Path, paths: object, problem: str
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}))
    with pytest.raises(DocumentError) as refused:
        openapi_document.load(spec)
    assert str(refused.value).startswith(f"{spec}: /paths")
    assert problem in str(refused.value)


def test_a_malformed_x_rules_is_refused_naming_the_file(tmp_path: Path) -> None:
    raw = yaml.safe_load(openapi_document.DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    raw["info"]["x-rules"] = ["not", "a", "mapping"]
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(raw))
    with pytest.raises(DocumentError, match=f"^{re.escape(str(spec))}: /info/x-rules: must map rule names to rules"):
        openapi_document.load(spec).rules  # noqa: B018 (reading them checks them)


@pytest.mark.parametrize(
    ("contact", "problem"),
    [
        ({"type": 7}, "/components/schemas/Contact: `type` must be one of array, boolean, integer, number, object, "
                      "string, not 7"),
        ({"type": "object", "properties": ["id"]}, "/components/schemas/Contact: `properties` must map property names"),
        ({"type": "object", "required": "id"}, "/components/schemas/Contact: `required` must be a list of property"),
        ({"properties": {"id": {"type": "int"}}}, "/components/schemas/Contact/properties/id: `type` must be one of"),
        ({"allOf": {"type": "object"}}, "/components/schemas/Contact: `allOf` must be a list"),
    ],
)  # fmt: skip
def test_a_malformed_schema_is_refused_naming_its_place(tmp_path: Path, contact: object, problem: str) -> None:
    raw = yaml.safe_load(openapi_document.DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    raw["components"]["schemas"]["Contact"] = contact
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(raw))
    with pytest.raises(DocumentError) as refused:
        openapi_document.load(spec)
    assert str(refused.value).startswith(f"{spec}: {problem}")
