"""The operations of a document, each with its parameters and body and answer schemas as JSON Schema."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openapi_document._json_schema import JsonSchema, to_json_schema
from openapi_document._pointers import resolve

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
JSON = "application/json"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path", "query", "header" or "cookie"
    required: bool
    schema: JsonSchema


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # the template, e.g. /v1/contacts/{contactId}
    parameters: tuple[Parameter, ...]  # the path item's and the operation's own
    body_media_types: tuple[str, ...]  # of the request body; () when it takes none
    body_schema: JsonSchema | None  # the application/json request body
    body_required: bool
    response_schemas: dict[int, JsonSchema | None]  # status -> its application/json body (None: no JSON body)
    raw: Mapping[str, Any]  # the operation object as written (tags, x-evidence, links, ...)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise LookupError(f"{self.operation_id} has no parameter {name!r}")


def operations_of(document: Mapping[str, Any]) -> tuple[Operation, ...]:
    """Every operation, in the document's order of paths and of methods."""
    operations = []
    for template, item in (document.get("paths") or {}).items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method in item:
                operations.append(_operation(document, template, method, item[method], shared))
    return tuple(operations)


def _operation(
    document: Mapping[str, Any], template: str, method: str, operation: Mapping[str, Any], shared: list[Any]
) -> Operation:
    parameters = []
    for raw in [*shared, *operation.get("parameters", [])]:
        parameter = resolve(document, raw)
        parameters.append(
            Parameter(
                name=parameter["name"],
                location=parameter["in"],
                required=bool(parameter.get("required", False)),
                schema=to_json_schema(document, parameter.get("schema", {})),
            )
        )
    body = resolve(document, operation.get("requestBody", {}))
    content = body.get("content", {}) if body else {}
    body_schema = to_json_schema(document, content[JSON]["schema"]) if JSON in content else None
    responses: dict[int, JsonSchema | None] = {}
    for status, raw_response in operation.get("responses", {}).items():
        media = resolve(document, raw_response).get("content", {}).get(JSON)
        responses[int(status)] = to_json_schema(document, media["schema"]) if media else None
    return Operation(
        operation_id=operation["operationId"],
        method=method.upper(),
        path=template,
        parameters=tuple(parameters),
        body_media_types=tuple(content),
        body_schema=body_schema,
        body_required=bool(body.get("required", False)) if body else False,
        response_schemas=responses,
        raw=operation,
    )
