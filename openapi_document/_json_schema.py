"""OpenAPI 3.0 schema objects as self-contained JSON Schema (draft 7), for validators.

References are inlined, `nullable: true` becomes a `null` type (and a `null` member of an enum),
and the keywords of OpenAPI's dialect that mean nothing to a validator (examples, descriptions,
`x-` extensions, discriminators) are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openapi_document._errors import DocumentError
from openapi_document._pointers import resolve

JsonSchema = dict[str, Any]

_ANNOTATIONS = frozenset(
    {"example", "examples", "description", "title", "deprecated", "readOnly", "writeOnly", "xml", "discriminator"}
)
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_SUBSCHEMAS = frozenset({"items", "additionalProperties", "not"})
MAX_DEPTH = 32


def to_json_schema(document: Mapping[str, Any], schema: Any, depth: int = 0) -> JsonSchema:
    """`schema` (which may be a reference) as plain JSON Schema; DocumentError for a recursive one."""
    if depth > MAX_DEPTH:
        raise DocumentError(f"schema nesting is deeper than {MAX_DEPTH} levels (a recursive schema?)")
    schema = resolve(document, schema)
    if not isinstance(schema, Mapping):
        raise DocumentError(f"a schema must be an object, not {schema!r}")
    converted: JsonSchema = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS or key == "nullable" or key.startswith("x-"):
            continue
        if key == "properties":
            converted[key] = {name: to_json_schema(document, sub, depth + 1) for name, sub in value.items()}
        elif key in _SUBSCHEMAS and isinstance(value, Mapping):
            converted[key] = to_json_schema(document, value, depth + 1)
        elif key in _SUBSCHEMA_LISTS:
            converted[key] = [to_json_schema(document, sub, depth + 1) for sub in value]
        else:
            converted[key] = value
    if schema.get("nullable") is True and "type" in converted:
        converted["type"] = [converted["type"], "null"]
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
    return converted
