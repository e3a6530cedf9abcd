"""Validates requests against the OpenAPI document, with validators compiled once per operation.

Path and query values arrive as text; they are converted to the type their schema declares and
then checked by a jsonschema-rs validator compiled from the document (the pure-Python validators
of connexion and openapi-core cost more than the rest of a request). Every problem becomes a 400
answer in the API's error envelope, naming the parameter or body field at fault.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import jsonschema_rs

from openapi_document import DocumentError, JsonSchema, Operation, Parameter
from sandbox.errors import bad_request

MAX_JSON_DEPTH = 64  # no request of the API nests deeper than 3 levels
_INTEGER = re.compile(r"-?[0-9]+")
_INT64 = (-(2**63), 2**63 - 1)
MAX_INT64_DIGITS = 19
_FORMAT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": _INT64}
_SUPPORTED_PARAMETER_TYPES = {"integer", "string"}


@dataclass(frozen=True)
class ValidRequest:
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any


def _compile(schema: JsonSchema) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft7Validator(schema, validate_formats=True)


def _errors(validator: jsonschema_rs.Validator, value: Any, where: str) -> list[str]:
    """Messages like "query parameter `limitation`: 50 is greater than the maximum of 20" or "body.values: ..."."""
    if validator.is_valid(value):  # the usual case, at a fraction of the cost of collecting errors
        return []
    problems = []
    for error in validator.iter_errors(value):
        path = list(map(str, error.instance_path))
        if where == "body":
            location = ".".join(["body", *path])
        elif path:
            location = f"{where} parameter `{path[0]}`"
        else:
            location = f"{where} parameters"
        problems.append(f"{location}: {error.message}")
    return sorted(problems)


def _group_schema(parameters: Iterable[Parameter]) -> JsonSchema:
    chosen = list(parameters)
    return {
        "type": "object",
        "properties": {parameter.name: parameter.schema for parameter in chosen},
        "required": [parameter.name for parameter in chosen if parameter.required],
    }


def _parameter_type(parameter: Parameter, operation: Operation) -> str:
    declared = parameter.schema.get("type")
    if declared not in _SUPPORTED_PARAMETER_TYPES:
        raise DocumentError(f"{operation.label}: parameter {parameter.name} has unsupported type {declared!r}")
    return str(declared)


class _Undecodable(ValueError):
    """The body is not JSON text that can be validated; the message says why."""


class _NumberOutOfRange(ValueError):
    """A number of the body is beyond what a float holds; the message names it."""


def _decode_json(body: bytes) -> Any:
    # The standard library, not orjson: orjson turns integers beyond 64 bits into inexact floats.
    try:
        text = body.decode("utf-8")
        if text.startswith("\ufeff"):  # json.loads' own check, which JSONDecoder.decode lacks
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _JSON_DECODER.decode(text)
    except UnicodeDecodeError as error:
        raise _Undecodable(f"not valid UTF-8 (byte {error.start})") from None
    except _NumberOutOfRange as error:
        raise _Undecodable(str(error)) from None
    except ValueError as error:
        raise _Undecodable(f"not valid JSON ({error})") from None
    except RecursionError:
        raise _Undecodable(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    unusable = None if plainly_usable(body) else unusable_body(value)
    if unusable is not None:
        raise _Undecodable(unusable)
    return value


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    """The float of a JSON number; one beyond the float range would become infinity, which the
    validator then reports as null."""
    value = float(text)
    if not math.isfinite(value):
        shown = text if len(text) <= 50 else f"{text[:47]}..."
        raise _NumberOutOfRange(f"the number {shown} is out of range; send one between -1.79e308 and 1.79e308")
    return value


# Built once: json.loads with any option builds a decoder on every call, which costs as much as
# decoding a small body.
_JSON_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def plainly_usable(body: bytes) -> bool:
    """True when the text alone shows that `unusable_body` would find nothing, which spares its walk
    of every value: a string decodes to an unpaired surrogate only from a \\u escape (UTF-8 cannot
    encode one), and nesting deeper than MAX_JSON_DEPTH needs more opening brackets than that."""
    return b"\\u" not in body and body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH


def unusable_body(value: Any) -> str | None:
    """Why a decoded body cannot be validated, or None: nested deeper than MAX_JSON_DEPTH (the
    validator gives up at 256 levels), or holding a string that is not text. Iterative, so that
    no depth of nesting can exhaust the stack."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "contains a string with an unpaired UTF-16 surrogate, which is not text"
        elif isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return f"nested deeper than {MAX_JSON_DEPTH} levels"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return None


def _check_servable(operation: Operation) -> None:
    """DocumentError when the operation takes a request the sandbox cannot check: parameters outside
    the path and the query, or a body that is not JSON."""
    for parameter in operation.parameters:
        if parameter.location not in {"path", "query"}:
            raise DocumentError(f"{operation.label}: {parameter.location} parameters are not supported")
    if operation.body_media_types and operation.body_media_types != ("application/json",):
        raise DocumentError(f"{operation.label}: only application/json request bodies are supported")


class RequestValidator:
    """Checks and converts the path, query and body of one operation's requests."""

    def __init__(self, operation: Operation) -> None:
        _check_servable(operation)
        self._operation = operation
        path_parameters = [p for p in operation.parameters if p.location == "path"]
        query_parameters = [p for p in operation.parameters if p.location == "query"]
        self._types = {p.name: _parameter_type(p, operation) for p in operation.parameters}
        # Integers are 64-bit at most (what the document's int64 ids and a database hold), or narrower.
        self._ranges = {p.name: _FORMAT_RANGES.get(str(p.schema.get("format")), _INT64) for p in operation.parameters}
        self._path = _compile(_group_schema(path_parameters))
        self._query = _compile(_group_schema(query_parameters))
        self._query_names = frozenset(p.name for p in query_parameters)
        self._body = _compile(operation.body_schema) if operation.body_schema is not None else None

    def validate(
        self, path: dict[str, str], query_string: bytes, content_type: str | None, body: bytes
    ) -> ValidRequest:
        problems: list[str] = []
        path_values = self._convert(path, "path parameter", problems)
        query_values = self._convert(self._parse_query(query_string, problems), "query parameter", problems)
        if not problems:
            problems += _errors(self._path, path_values, "path")
            problems += _errors(self._query, query_values, "query")
        parsed_body = self._parse_body(content_type, body, problems)
        if problems:
            raise bad_request(*problems)
        return ValidRequest(path=path_values, query=query_values, body=parsed_body)

    def _parse_query(self, query_string: bytes, problems: list[str]) -> dict[str, str]:
        if not query_string:
            return {}
        try:
            pairs = parse_qsl(query_string.decode("utf-8"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            problems.append("query: not valid UTF-8")
            return {}
        values: dict[str, str] = {}
        for name, value in pairs:
            if name not in self._query_names:
                known = ", ".join(sorted(self._query_names)) or "none"
                problems.append(f"query parameter `{name}`: not a parameter of this operation (known: {known})")
            elif name in values:
                problems.append(f"query parameter `{name}`: given more than once")
            else:
                values[name] = value
        return values

    def _convert(self, raw: dict[str, str], kind: str, problems: list[str]) -> dict[str, Any]:
        converted: dict[str, Any] = {}
        for name, text in raw.items():
            if self._types.get(name) == "integer":
                if not _INTEGER.fullmatch(text):
                    problems.append(f"{kind} `{name}`: {text[:50]!r} is not an integer")
                    continue
                low, high = self._ranges[name]
                sign = "-" if text.startswith("-") else ""
                # Only the significant digits reach int(), which refuses text of more than 4300 digits.
                digits = text.removeprefix("-").lstrip("0") or "0"
                if len(digits) > MAX_INT64_DIGITS or not low <= (value := int(sign + digits)) <= high:
                    shown = text if len(text) <= 50 else f"{text[:47]}..."
                    problems.append(f"{kind} `{name}`: {shown} is outside the range {low} to {high}")
                    continue
                converted[name] = value
            else:
                converted[name] = text
        return converted

    def _parse_body(self, content_type: str | None, body: bytes, problems: list[str]) -> Any:
        if self._body is None:
            return None  # a body on an operation that takes none is ignored
        if not body:
            if self._operation.body_required:
                problems.append("body: a JSON request body is required")
            return None
        media_type = (content_type or "").split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            problems.append(f"body: Content-Type must be application/json, not {media_type or 'missing'!r}")
            return None
        try:
            value = _decode_json(body)
        except _Undecodable as error:
            problems.append(f"body: {error}")  # after any problem of the path or query
            return None
        problems += _errors(self._body, value, "body")
        return value
