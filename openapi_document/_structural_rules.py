"""The structural rules of a document, walked from it: for every operation, the statuses it may
answer, each answer's media types, headers and body schema, its request's parameters and body; for
every path, the methods it takes.

A rule is inferred when an `x-evidence` on its way (the operation, a parameter, a header, a
schema) says `confidence: inferred`. Every keyword of a schema that a value can break is a rule of
its own, at the place in the answer or request it constrains.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from openapi_document._errors import DocumentError
from openapi_document._json_schema import MAX_DEPTH
from openapi_document._operations import HTTP_METHODS
from openapi_document._pointers import resolve_pointer
from openapi_document._rules import Rule, escape, shown_path

# The JSON type a keyword applies to (JSON Schema ignores it for values of other types).
_APPLIES_TO = {
    "required": "object", "additionalProperties": "object", "minProperties": "object", "maxProperties": "object",
    "minimum": "number", "maximum": "number", "exclusiveMinimum": "number", "exclusiveMaximum": "number",
    "multipleOf": "number", "minLength": "string", "maxLength": "string", "pattern": "string",
    "minItems": "array", "maxItems": "array", "uniqueItems": "array",
}  # fmt: skip
_BOUNDS = ("multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
           "minProperties", "maxProperties")  # fmt: skip


def structural_rules(raw: Mapping[str, Any]) -> Iterator[Rule]:
    """Every structural rule, operation by operation in the document's order, then the path's methods."""
    for template, item in (raw.get("paths") or {}).items():
        path_pointer = f"/paths/{escape(template)}"
        methods = [method for method in HTTP_METHODS if method in item]
        for method in methods:
            operation = item[method]
            walk = _Walk(raw, operation["operationId"], _inferred(operation))
            yield from walk.answers(operation, f"{path_pointer}/{method}")
            yield from walk.request(item.get("parameters", []), operation, f"{path_pointer}/{method}")
        if methods:
            first = item[methods[0]]["operationId"]
            listed = ", ".join(method.upper() for method in methods)
            yield Rule(
                id=f"path {template}: only {listed}",
                operation=first,
                kind="method",
                key="method",
                pointer=path_pointer,
                inferred=False,
                text=f"{template} takes {listed} only: any other method answers 405, with an Allow header",
                location=(template,),
                value=tuple(method.upper() for method in methods),
            )


def _inferred(node: Any) -> bool:
    evidence = node.get("x-evidence") if isinstance(node, Mapping) else None
    return isinstance(evidence, Mapping) and evidence.get("confidence") == "inferred"


class _Walk:
    """The rules of one operation."""

    def __init__(self, raw: Mapping[str, Any], operation_id: str, inferred: bool) -> None:
        self.raw, self.operation_id, self.inferred = raw, operation_id, inferred

    def follow(self, node: Any, pointer: str) -> tuple[Any, str]:
        """`node` with its `$ref`s followed, and the pointer of what it ends at."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise DocumentError(f"reference cycle through {ref!r}")
            seen.add(ref)
            node, pointer = resolve_pointer(self.raw, ref), ref.removeprefix("#")
        return node, pointer

    def rule(self, where: str, text: str, pointer: str, inferred: bool, kind: str, **fields: Any) -> Rule:
        keyword = fields.get("keyword")
        key = fields.pop("key", None) or (f"{kind} {keyword}" if keyword else kind)
        return Rule(
            id=f"{where}: {text}",
            operation=self.operation_id,
            kind=kind,
            key=key,
            pointer=pointer,
            inferred=inferred or self.inferred,
            text=text,
            **fields,
        )

    # -- answers ------------------------------------------------------------------------------

    def answers(self, operation: Mapping[str, Any], pointer: str) -> Iterator[Rule]:
        responses = operation.get("responses") or {}
        statuses = list(map(str, responses))
        shown = ", ".join(statuses[:-1]) + (f" or {statuses[-1]}" if len(statuses) > 1 else statuses[0])
        yield self.rule(self.operation_id, f"status {shown}", f"{pointer}/responses", False, "status")
        for status, raw_response in responses.items():
            response, at = self.follow(raw_response, f"{pointer}/responses/{escape(str(status))}")
            code = int(status)
            where = f"{self.operation_id} {code}"
            content = response.get("content") or {}
            if content:
                text = "media type " + " or ".join(content)
                yield self.rule(where, text, f"{at}/content", False, "media type", status=code, value=tuple(content))
            for name, raw_header in (response.get("headers") or {}).items():
                header, header_at = self.follow(raw_header, f"{at}/headers/{escape(name)}")
                inferred = _inferred(header)
                if header.get("required") is True:
                    yield self.rule(
                        f"{where} header {name}", "required", f"{header_at}/required", inferred, "header",
                        status=code, location=(name,), keyword="required",
                    )  # fmt: skip
                if "schema" in header:
                    place = _Place("header", f"{where} header {name}", (name,), code)
                    yield from self.schema(header["schema"], f"{header_at}/schema", place, inferred=inferred)
            for media_type, media in content.items():
                if "schema" in media:
                    prefix = f"{where} body" if len(content) == 1 else f"{where} body ({media_type})"
                    place = _Place("body", prefix, (), code)
                    yield from self.schema(
                        media["schema"], f"{at}/content/{escape(media_type)}/schema", place, inferred=False
                    )

    # -- the request --------------------------------------------------------------------------

    def request(self, shared: list[Any], operation: Mapping[str, Any], pointer: str) -> Iterator[Rule]:
        parameters: dict[tuple[str, str], tuple[Any, str]] = {}
        path_pointer = pointer.rsplit("/", 1)[0]
        for index, raw_parameter in enumerate(shared):
            parameter, at = self.follow(raw_parameter, f"{path_pointer}/parameters/{index}")
            parameters[(parameter["in"], parameter["name"])] = (parameter, at)
        for index, raw_parameter in enumerate(operation.get("parameters", [])):
            parameter, at = self.follow(raw_parameter, f"{pointer}/parameters/{index}")
            parameters[(parameter["in"], parameter["name"])] = (parameter, at)  # the operation's own wins
        for (location, name), (parameter, at) in parameters.items():
            inferred = _inferred(parameter)
            where = f"{self.operation_id} {location} {name}"
            if parameter.get("required") is True and location != "path":  # without it, no route is reached
                yield self.rule(
                    where, "required", f"{at}/required", inferred, "request", location=(location, name),
                    keyword="required",
                )  # fmt: skip
            if "schema" in parameter:
                place = _Place("request", where, (location, name))
                yield from self.schema(parameter["schema"], f"{at}/schema", place, inferred=inferred)
        if "requestBody" not in operation:
            return
        body, at = self.follow(operation["requestBody"], f"{pointer}/requestBody")
        where = f"{self.operation_id} body"
        if body.get("required") is True:
            yield self.rule(
                where, "required", f"{at}/required", False, "request", location=("body",), keyword="required"
            )
        content = body.get("content") or {}
        if content:
            yield self.rule(
                where, "media type " + " or ".join(content), f"{at}/content", False, "request", location=("body",),
                keyword="media type", value=tuple(content),
            )  # fmt: skip
        for media_type, media in content.items():
            if "schema" in media and media_type == "application/json":
                place = _Place("request", where, ("body",))
                yield from self.schema(
                    media["schema"], f"{at}/content/{escape(media_type)}/schema", place, inferred=False
                )

    # -- schemas ------------------------------------------------------------------------------

    def schema(
        self,
        node: Any,
        pointer: str,
        place: _Place,
        *,
        inferred: bool,
        path: tuple[str, ...] = (),
        in_branch: bool = False,
        depth: int = 0,
    ) -> Iterator[Rule]:
        """The rules of a schema that constrains the values at `place.base` + `path` (`in_branch`:
        it is a member of an anyOf or oneOf, whose own rule states the member's type)."""
        if depth > MAX_DEPTH:
            raise DocumentError(f"{pointer}: schema nesting is deeper than {MAX_DEPTH} levels (a recursive schema?)")
        node, pointer = self.follow(node, pointer)
        if not isinstance(node, Mapping):
            raise DocumentError(f"{pointer}: a schema must be an object, not {node!r}")
        inferred = inferred or _inferred(node)
        where = f"{place.prefix} {shown_path(path)}" if path else place.prefix

        def rule(text: str, keyword: str, value: Any, at: str, applies_to: str | None = None) -> Rule:
            key = f"{place.kind} format {value}" if keyword == "format" else ""  # each format is checked on its own
            return self.rule(
                where, text, at, inferred, place.kind, key=key, status=place.status, location=place.base + path,
                keyword=keyword, value=value, applies_to=applies_to or _APPLIES_TO.get(keyword),
            )  # fmt: skip

        yield from _keyword_rules(node, pointer, rule, in_branch)
        for combination in ("anyOf", "oneOf"):
            if combination in node:
                yield from self._combination(
                    node, combination, pointer, place, inferred=inferred, path=path, depth=depth
                )
        for index, member in enumerate(node.get("allOf", [])):
            yield from self.schema(
                member, f"{pointer}/allOf/{index}", place, inferred=inferred, path=path, in_branch=in_branch,
                depth=depth + 1,
            )  # fmt: skip
        for name, sub in (node.get("properties") or {}).items():
            yield from self.schema(
                sub, f"{pointer}/properties/{escape(name)}", place, inferred=inferred, path=(*path, name),
                depth=depth + 1,
            )  # fmt: skip
        for keyword, step in (("items", "[]"), ("additionalProperties", "*")):
            if isinstance(node.get(keyword), Mapping):
                yield from self.schema(
                    node[keyword], f"{pointer}/{keyword}", place, inferred=inferred, path=(*path, step),
                    depth=depth + 1,
                )  # fmt: skip

    def _combination(
        self,
        node: Mapping[str, Any],
        combination: str,
        pointer: str,
        place: _Place,
        *,
        inferred: bool,
        path: tuple[str, ...],
        depth: int,
    ) -> Iterator[Rule]:
        members = [self.follow(member, f"{pointer}/{combination}/{i}") for i, member in enumerate(node[combination])]
        names = [_member_name(raw, followed) for raw, (followed, _) in zip(node[combination], members, strict=True)]
        word = "one of" if combination == "anyOf" else "exactly one of"
        where = f"{place.prefix} {shown_path(path)}" if path else place.prefix
        yield self.rule(
            where, f"{word} {' or '.join(names)}", f"{pointer}/{combination}", inferred, place.kind,
            status=place.status, location=place.base + path, keyword=combination, value=names,
        )  # fmt: skip
        proper = [index for index, (member, _) in enumerate(members) if not _is_null(member)]
        for index in proper:
            # Two members that both constrain the same place would give rules of the same id.
            member_place = place if len(proper) == 1 else replace(place, prefix=f"{place.prefix} ({names[index]})")
            yield from self.schema(
                node[combination][index], f"{pointer}/{combination}/{index}", member_place, inferred=inferred,
                path=path, in_branch=True, depth=depth + 1,
            )  # fmt: skip


@dataclass(frozen=True)
class _Place:
    """Where the values a schema constrains are: in an answer's body, a header, or the request."""

    kind: str  # body, header or request
    prefix: str  # how ids of its rules begin: 'listContacts 200 body'
    base: tuple[str, ...] = ()  # the location of the schema's root (a header's name; ('body',) in a request)
    status: int | None = None


def _keyword_rules(node: Mapping[str, Any], pointer: str, rule: Any, in_branch: bool) -> Iterator[Rule]:
    """The rules of a schema's own keywords (not of the schemas below it)."""
    nullable = node.get("nullable") is True
    if "type" in node and not in_branch:
        types = [node["type"], *(["null"] if nullable else [])]
        yield rule("type " + " or ".join(types), "type", types, f"{pointer}/type")
    if "enum" in node and not _is_null(node):
        values = [*node["enum"], *([None] if nullable and None not in node["enum"] else [])]
        yield rule("one of " + ", ".join(json.dumps(value) for value in values), "enum", values, f"{pointer}/enum")
    if "format" in node:
        value_type = node.get("type") if node.get("type") in ("integer", "number") else "string"
        yield rule(f"format {node['format']}", "format", node["format"], f"{pointer}/format", value_type)
    # OpenAPI 3.0 writes an exclusive bound as a flag beside it; draft 7 as the keyword itself.
    for bound, exclusive, word in (("minimum", "exclusiveMinimum", "above"), ("maximum", "exclusiveMaximum", "below")):
        if bound in node:
            keyword = exclusive if node.get(exclusive) is True else bound
            shown = word if keyword == exclusive else bound
            yield rule(f"{shown} {node[bound]}", keyword, node[bound], f"{pointer}/{bound}")
    for keyword in _BOUNDS:
        if keyword in node and not (keyword == "uniqueItems" and node[keyword] is not True):
            yield rule(f"{keyword} {node[keyword]}", keyword, node[keyword], f"{pointer}/{keyword}")
    for name in node.get("required", []):
        yield rule(f"required {name}", "required", name, f"{pointer}/required")
    if node.get("additionalProperties") is False:
        allowed = list(node.get("properties") or {})
        text = "no properties but " + ", ".join(allowed) if allowed else "no properties"
        yield rule(text, "additionalProperties", allowed, f"{pointer}/additionalProperties")


def _is_null(node: Any) -> bool:
    """The member of a nullable object that admits only null (`enum: [null]`)."""
    return isinstance(node, Mapping) and node.get("enum") == [None]


def _member_name(raw: Any, followed: Any) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("$ref"), str):
        return str(raw["$ref"]).rsplit("/", 1)[-1]
    if _is_null(followed):
        return "null"
    return str(followed.get("type", "any value")) if isinstance(followed, Mapping) else "any value"
