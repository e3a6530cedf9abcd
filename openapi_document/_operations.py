"""The operations of a document, each with its parameters and body and answer schemas as JSON Schema."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openapi_document._errors import DocumentError
from openapi_document._json_schema import JsonSchema, to_json_schema
from openapi_document._pointers import resolve
from openapi_document._rules import escape

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
    """Every operation, in the document's order of paths and of methods. DocumentError, naming the
    place as a JSON pointer, for a part an operation needs that is missing or of the wrong kind."""
    operations: list[Operation] = []
    for template, raw_item in _mapping(document.get("paths") or {}, "/paths", "path templates to path items").items():
        pointer = f"/paths/{escape(str(template))}"
        item = _mapping(raw_item, pointer, "methods to operations")
        shared = _list(item.get("parameters", []), f"{pointer}/parameters")
        for method in HTTP_METHODS:
            if method in item:
                operation = _operation(document, str(template), method, item[method], shared)
                if any(other.operation_id == operation.operation_id for other in operations):
                    raise DocumentError(
                        f"{pointer}/{method}: the operationId {operation.operation_id!r} is already another operation's"
                    )
                operations.append(operation)
    return tuple(operations)


def _operation(document: Mapping[str, Any], template: str, method: str, raw: Any, shared: list[Any]) -> Operation:
    pointer = f"/paths/{escape(template)}/{method}"
    operation = _mapping(raw, pointer, "its keys (operationId, parameters, responses) to their values")
    operation_id = operation.get("operationId")
    if not isinstance(operation_id, str) or not operation_id:
        raise DocumentError(f"{pointer}: an operation needs an operationId (a name such as getContact)")
    parameters = []
    own = _list(operation.get("parameters", []), f"{pointer}/parameters")
    placed = [*((f"/paths/{escape(template)}/parameters/{i}", p) for i, p in enumerate(shared)),
              *((f"{pointer}/parameters/{i}", p) for i, p in enumerate(own))]  # fmt: skip
    for at, raw_parameter in placed:
        parameter = _mapping(resolve(document, raw_parameter), at, "name, in and schema to their values")
        if not isinstance(parameter.get("name"), str) or not isinstance(parameter.get("in"), str):
            raise DocumentError(f"{at}: each parameter needs a `name` and an `in` (path, query, header or cookie)")
        parameters.append(
            Parameter(
                name=parameter["name"],
                location=parameter["in"],
                required=bool(parameter.get("required", False)),
                schema=to_json_schema(document, parameter.get("schema", {}), pointer=f"{at}/schema"),
            )
        )
    body = _mapping(resolve(document, operation.get("requestBody", {})), f"{pointer}/requestBody", "content")
    content = _mapping(body.get("content", {}), f"{pointer}/requestBody/content", "media types to schemas")
    body_schema = _json_schema(document, content.get(JSON), f"{pointer}/requestBody/content/{escape(JSON)}")
    responses: dict[int, JsonSchema | None] = {}
    answers = _mapping(operation.get("responses"), f"{pointer}/responses", "status codes to responses")
    for status, raw_response in answers.items():
        at = f"{pointer}/responses/{escape(str(status))}"
        if not str(status).isdigit():
            raise DocumentError(f"{at}: the toolkit reads numbered status codes only (like 200 or 404), not {status!r}")
        response = _mapping(resolve(document, raw_response), at, "description and content")
        media = _mapping(response.get("content", {}), f"{at}/content", "media types to schemas").get(JSON)
        responses[int(status)] = _json_schema(document, media, f"{at}/content/{escape(JSON)}")
    return Operation(
        operation_id=operation_id,
        method=method.upper(),
        path=template,
        parameters=tuple(parameters),
        body_media_types=tuple(content),
        body_schema=body_schema,
        body_required=bool(body.get("required", False)) if body else False,
        response_schemas=responses,
        raw=operation,
    )


def _mapping(node: Any, pointer: str, holding: str) -> Mapping[str, Any]:
    if node is None:
        raise DocumentError(f"{pointer}: missing; it must be an object mapping {holding}")
    if not isinstance(node, Mapping):
        raise DocumentError(f"{pointer}: must be an object mapping {holding}, not {type(node).__name__} {node!r:.60}")
    return node


def _list(node: Any, pointer: str) -> list[Any]:
    if not isinstance(node, list):
        raise DocumentError(f"{pointer}: must be a list of parameters, not {type(node).__name__} {node!r:.60}")
    return node


def _json_schema(document: Mapping[str, Any], media: Any, pointer: str) -> JsonSchema | None:
    """The JSON Schema of a media type object's `schema`; None without the media type."""
    if media is None:
        return None
    schema = _mapping(media, pointer, "schema to a schema").get("schema")
    if schema is None:
        raise DocumentError(f"{pointer}: an application/json body needs a `schema`")
    return to_json_schema(document, schema, pointer=f"{pointer}/schema")
