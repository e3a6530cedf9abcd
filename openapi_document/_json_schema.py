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
from openapi_document._rules import escape

JsonSchema = dict[str, Any]

_ANNOTATIONS = frozenset(
    {"example", "examples", "description", "title", "deprecated", "readOnly", "writeOnly", "xml", "discriminator"}
)
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_SUBSCHEMAS = frozenset({"items", "additionalProperties", "not"})
MAX_DEPTH = 32
TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object"})  # OpenAPI 3.0 has no "null"


def to_json_schema(document: Mapping[str, Any], schema: Any, depth: int = 0, *, pointer: str = "") -> JsonSchema:
    """`schema` (which may be a reference) as plain JSON Schema; DocumentError, naming the place
    (`pointer`, the JSON pointer of `schema`), for a recursive or malformed one."""
    where = f"{pointer}: " if pointer else ""
    if depth > MAX_DEPTH:
        raise DocumentError(f"{where}schema nesting is deeper than {MAX_DEPTH} levels (a recursive schema?)")
    if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        pointer = schema["$ref"].removeprefix("#")
        where = f"{pointer}: "
    schema = resolve(document, schema)
    if not isinstance(schema, Mapping):
        raise DocumentError(f"{where}a schema must be an object, not {schema!r}")
    _check_keywords(schema, where)
    converted: JsonSchema = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS or key == "nullable" or key.startswith("x-"):
            continue
        at = f"{pointer}/{key}"
        if key == "properties":
            converted[key] = {
                name: to_json_schema(document, sub, depth + 1, pointer=f"{at}/{escape(name)}")
                for name, sub in value.items()
            }
        elif key in _SUBSCHEMAS and isinstance(value, Mapping):
            converted[key] = to_json_schema(document, value, depth + 1, pointer=at)
        elif key in _SUBSCHEMA_LISTS:
            converted[key] = [
                to_json_schema(document, sub, depth + 1, pointer=f"{at}/{i}") for i, sub in enumerate(value)
            ]
        else:
            converted[key] = value
    if schema.get("nullable") is True and "type" in converted:
        converted["type"] = [converted["type"], "null"]
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
    return converted


def _check_keywords(schema: Mapping[str, Any], where: str) -> None:
    """The keywords whose kind the toolkit relies on: `type` one of OpenAPI 3.0's, `properties` an
    object, `required` and `enum` and the combinations lists."""
    kind = schema.get("type")
    if kind is not None and kind not in TYPES:
        raise DocumentError(f"{where}`type` must be one of {', '.join(sorted(TYPES))}, not {kind!r}")
    if "properties" in schema and not isinstance(schema["properties"], Mapping):
        raise DocumentError(f"{where}`properties` must map property names to schemas, not {schema['properties']!r}")
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
        raise DocumentError(f"{where}`required` must be a list of property names, not {required!r}")
    for key in ("enum", *sorted(_SUBSCHEMA_LISTS)):
        if key in schema and not isinstance(schema[key], list):
            raise DocumentError(f"{where}`{key}` must be a list, not {schema[key]!r}")
