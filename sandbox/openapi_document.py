"""Reads the OpenAPI document into the operations the sandbox serves.

The document is the only place where request and response shapes are written down: this module
turns its OpenAPI 3.0 schemas into plain JSON Schema (references inlined, `nullable` expressed as a
`null` type), which the validators compile once at start-up.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "smartsender-contacts.yaml"

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Keywords of OpenAPI's schema dialect that mean nothing to a JSON Schema validator.
_ANNOTATIONS = {"example", "examples", "description", "title", "deprecated", "readOnly", "writeOnly", "xml"}
_UNSUPPORTED = {"discriminator", "not"}

JsonSchema = dict[str, Any]


class DocumentError(ValueError):
    """The OpenAPI document uses something the sandbox cannot serve."""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    required: bool
    schema: JsonSchema


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # the template, e.g. /v1/contacts/{contactId}
    parameters: tuple[Parameter, ...]
    body_schema: JsonSchema | None
    body_required: bool
    response_schemas: dict[int, JsonSchema | None]  # status -> JSON body schema (None: no body)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def load_document(path: Path = DEFAULT_SPEC_PATH) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser, when PyYAML has it
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as error:
        raise DocumentError(f"cannot read the OpenAPI document {path}: {error}") from error
    if not isinstance(loaded, dict) or not str(loaded.get("openapi", "")).startswith("3.0"):
        raise DocumentError(f"{path} is not an OpenAPI 3.0 document")
    return loaded


@dataclass(frozen=True)
class RateLimit:
    """`info.x-rate-limit`: requests a minute per token, then lock-outs of growing length."""

    requests_per_minute: int
    first_lockout_seconds: int
    lockout_step_seconds: int
    max_lockout_seconds: int

    def lockout_seconds(self, overruns: int) -> int:
        """The lock-out after the `overruns`-th overrun in a row (1, 2, ...)."""
        return min(self.first_lockout_seconds + self.lockout_step_seconds * (overruns - 1), self.max_lockout_seconds)


def _file_version(path: Path) -> tuple[Path, int, int]:
    try:
        stat = path.stat()
    except OSError as error:
        raise DocumentError(f"cannot read the OpenAPI document {path}: {error}") from error
    return path.resolve(), stat.st_mtime_ns, stat.st_size


def load_operations(path: Path = DEFAULT_SPEC_PATH) -> list[Operation]:
    """The document's operations; parsed once per version of the file (tests create many sandboxes)."""
    return list(_load_operations(*_file_version(path)))


def load_rate_limit(path: Path = DEFAULT_SPEC_PATH) -> RateLimit:
    """The document's `info.x-rate-limit`; read once per version of the file."""
    return _load_rate_limit(*_file_version(path))


@functools.lru_cache(maxsize=8)
def _load_rate_limit(path: Path, _mtime_ns: int, _size: int) -> RateLimit:
    raw = load_document(path).get("info", {}).get("x-rate-limit")
    names = {field.replace("_", "-"): field for field in RateLimit.__dataclass_fields__}
    if not isinstance(raw, dict) or set(raw) != set(names):
        raise DocumentError(f"{path}: info.x-rate-limit must have exactly the keys {', '.join(sorted(names))}")
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise DocumentError(f"{path}: info.x-rate-limit.{key} must be a whole number of at least 1, not {value!r}")
    return RateLimit(**{names[key]: value for key, value in raw.items()})


@functools.lru_cache(maxsize=8)
def _load_operations(path: Path, _mtime_ns: int, _size: int) -> tuple[Operation, ...]:
    document = load_document(path)
    converter = _Converter(document)
    operations = []
    for template, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method in item:
                operations.append(_operation(converter, template, method, item[method], shared))
    return tuple(operations)


def _operation(
    converter: _Converter, template: str, method: str, operation: dict[str, Any], shared: list[Any]
) -> Operation:
    parameters = []
    for raw in [*shared, *operation.get("parameters", [])]:
        parameter = converter.resolve(raw)
        if parameter["in"] not in {"path", "query"}:
            raise DocumentError(f"{method.upper()} {template}: {parameter['in']} parameters are not supported")
        parameters.append(
            Parameter(
                name=parameter["name"],
                location=parameter["in"],
                required=bool(parameter.get("required", False)),
                schema=converter.convert(parameter["schema"]),
            )
        )
    body = converter.resolve(operation.get("requestBody", {}))
    body_schema = None
    if body:
        media = body["content"].get("application/json")
        if media is None or len(body["content"]) != 1:
            raise DocumentError(f"{method.upper()} {template}: only application/json request bodies are supported")
        body_schema = converter.convert(media["schema"])
    responses: dict[int, JsonSchema | None] = {}
    for status, raw_response in operation["responses"].items():
        content = converter.resolve(raw_response).get("content", {})
        media = content.get("application/json")
        responses[int(status)] = converter.convert(media["schema"]) if media else None
    return Operation(
        operation_id=operation["operationId"],
        method=method.upper(),
        path=template,
        parameters=tuple(parameters),
        body_schema=body_schema,
        body_required=bool(body.get("required", False)),
        response_schemas=responses,
    )


class _Converter:
    """OpenAPI 3.0 schema objects to self-contained JSON Schema (draft 7)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document

    def resolve(self, node: Any) -> Any:
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise DocumentError(f"reference cycle through {ref}")
            seen.add(ref)
            node = self._pointer(ref)
        return node

    def _pointer(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise DocumentError(f"only local references are supported, not {ref!r}")
        node: Any = self._document
        for raw in ref[2:].split("/"):
            key = raw.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or key not in node:
                raise DocumentError(f"dangling reference {ref!r}")
            node = node[key]
        return node

    def convert(self, schema: Any, depth: int = 0) -> JsonSchema:
        if depth > 32:
            raise DocumentError("schema nesting is too deep (a recursive schema?)")
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            raise DocumentError(f"a schema must be an object, not {schema!r}")
        if unsupported := _UNSUPPORTED & schema.keys():
            raise DocumentError(f"schema keyword(s) {sorted(unsupported)} are not supported by the sandbox")
        converted: JsonSchema = {}
        for key, value in schema.items():
            if key in _ANNOTATIONS or key == "nullable" or key.startswith("x-"):
                continue
            if key == "properties":
                converted[key] = {name: self.convert(sub, depth + 1) for name, sub in value.items()}
            elif key in {"items", "additionalProperties"} and isinstance(value, dict):
                converted[key] = self.convert(value, depth + 1)
            elif key in {"allOf", "anyOf", "oneOf"}:
                converted[key] = [self.convert(sub, depth + 1) for sub in value]
            else:
                converted[key] = value
        if schema.get("nullable") is True and "type" in converted:
            converted["type"] = [converted["type"], "null"]
            if "enum" in converted:
                converted["enum"] = [*converted["enum"], None]
        return converted
