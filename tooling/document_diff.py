"""What changed between two versions of an OpenAPI 3.0 document, and which changes break clients.

A change breaks clients when code written, or generated, for the old document can fail against
the new one. The direction decides: what a client sends (parameters, request bodies) may only
become more permissive, since servers must still accept what old clients send; what a client
receives (responses, headers) may only become more precise, since old clients must still
understand every answer. So a field that may now be `null` is harmless in a request and breaking
in a response, and a new enum value the other way round. Removing or renaming anything a
generated client names (an operation, its operationId or tag, a parameter, a property) breaks
code that uses it, whatever the direction.

Descriptions, examples, `x-` extensions and the like are not compared: they change no client's
behaviour (the version rule in tooling/spec_changes still counts them as changes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_PATH_PARAMETER = re.compile(r"\{[^}]*\}")

# Keys that bound a value from below and from above: raising a lower bound or lowering an upper
# one narrows what the schema accepts.
_LOWER_BOUNDS = ("minimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "maxLength", "maxItems", "maxProperties")
# Flags that narrow what a schema accepts when they switch from false (or absent) to true.
_NARROWING_FLAGS = ("exclusiveMinimum", "exclusiveMaximum", "uniqueItems")
_COMPOSITIONS = ("allOf", "oneOf", "anyOf", "not")


class Direction(Enum):
    """Who sends the value a schema describes."""

    REQUEST = "request"  # the client sends it: narrowing what is accepted breaks old clients
    RESPONSE = "response"  # the server sends it: widening what may arrive breaks old clients


@dataclass(frozen=True)
class Change:
    """One difference that matters to clients: where it is, what it is, and whether it breaks them."""

    where: str  # the operation and the part of it: "PUT /v1/contacts/{contactId} request body"
    field: str  # the place in that part's value ("values.email", "collection[].tags"), or ""
    what: str
    breaking: bool

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.what}" if self.field else f"{self.where}: {self.what}"


@dataclass(frozen=True)
class _At:
    """Where a schema sits: the part of an operation, and the field inside its value."""

    where: str
    field: str = ""

    def child(self, name: str) -> _At:
        return _At(self.where, f"{self.field}.{name}" if self.field else name)

    def items(self) -> _At:
        return _At(self.where, f"{self.field}[]")

    def others(self) -> _At:
        return _At(self.where, f"{self.field}.*" if self.field else "*")


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The changes from `old` to `new` that matter to clients, in document order."""
    comparison = _Comparison(old, new)
    comparison.operations()
    return list(dict.fromkeys(comparison.changes))  # a component shared by operations is reported once


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


class _Comparison:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old_document = old
        self.new_document = new
        self.changes: list[Change] = []
        # Pairs of references being compared further up: a recursive schema is compared once.
        self._open_references: set[tuple[str, str]] = set()

    def note(self, at: _At | str, what: str, *, breaking: bool) -> None:
        at = _At(at) if isinstance(at, str) else at
        self.changes.append(Change(at.where, at.field, what, breaking))

    def narrowed(self, at: _At, what: str, direction: Direction) -> None:
        """Fewer values are allowed: breaks clients that send them."""
        self.note(at, what, breaking=direction is Direction.REQUEST)

    def widened(self, at: _At, what: str, direction: Direction) -> None:
        """More values are allowed: breaks clients that receive them."""
        self.note(at, what, breaking=direction is Direction.RESPONSE)

    # --- references ------------------------------------------------------------------------

    @staticmethod
    def _resolve(node: Any, document: Mapping[str, Any]) -> Mapping[str, Any]:
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            reference = node["$ref"]
            if reference in seen or not reference.startswith("#/"):
                return {}
            seen.add(reference)
            target: Any = document
            for escaped in reference[2:].split("/"):
                part = escaped.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, Mapping) else None
            node = target
        return node if isinstance(node, Mapping) else {}

    def old(self, node: Any) -> Mapping[str, Any]:
        return self._resolve(node, self.old_document)

    def new(self, node: Any) -> Mapping[str, Any]:
        return self._resolve(node, self.new_document)

    # --- operations --------------------------------------------------------------------------

    def _operations(self, document: Mapping[str, Any]) -> dict[tuple[str, str], tuple[str, Mapping[str, Any]]]:
        """Operations by method and path template (parameter names left out, as clients do)."""
        found: dict[tuple[str, str], tuple[str, Mapping[str, Any]]] = {}
        paths = document.get("paths")
        for path, item in paths.items() if isinstance(paths, Mapping) else ():
            for method in METHODS:
                operation = item.get(method) if isinstance(item, Mapping) else None
                if isinstance(operation, Mapping):
                    found[(method, _PATH_PARAMETER.sub("{}", path))] = (path, operation)
        return found

    def operations(self) -> None:
        old_operations = self._operations(self.old_document)
        new_operations = self._operations(self.new_document)
        for key, (path, operation) in old_operations.items():
            where = f"{key[0].upper()} {path}"
            if key not in new_operations:
                self.note(where, "the operation was removed", breaking=True)
                continue
            new_path, new_operation = new_operations[key]
            self.operation(f"{key[0].upper()} {new_path}", key[0], (path, operation), (new_path, new_operation))
        for key, (path, _) in new_operations.items():
            if key not in old_operations:
                self.note(f"{key[0].upper()} {path}", "a new operation", breaking=False)

    def operation(
        self,
        where: str,
        method: str,
        old: tuple[str, Mapping[str, Any]],
        new: tuple[str, Mapping[str, Any]],
    ) -> None:
        (old_path, old_operation), (new_path, new_operation) = old, new
        for key, role in (("operationId", "the name of its call"), ("tags", "the module of its call")):
            if old_operation.get(key) != new_operation.get(key):
                self.note(
                    where,
                    f"{key} changed from {_shown(old_operation.get(key))} to {_shown(new_operation.get(key))} "
                    f"(generated clients take {role} from it)",
                    breaking=True,
                )
        if not old_operation.get("deprecated") and new_operation.get("deprecated"):
            self.note(where, "the operation is now deprecated", breaking=False)
        old_security = old_operation.get("security", self.old_document.get("security"))
        new_security = new_operation.get("security", self.new_document.get("security"))
        if old_security != new_security:
            self.note(where, f"its security changed from {old_security} to {new_security}", breaking=True)
        self.parameters(
            where,
            self._parameters(self.old_document, old_path, old_operation, self.old),
            self._parameters(self.new_document, new_path, new_operation, self.new),
        )
        self.request_body(where, old_operation.get("requestBody"), new_operation.get("requestBody"))
        self.responses(
            where, method, self.old(old_operation.get("responses")), self.new(new_operation.get("responses"))
        )

    @staticmethod
    def _parameters(
        document: Mapping[str, Any],
        path: str,
        operation: Mapping[str, Any],
        resolve: Callable[[Any], Mapping[str, Any]],
    ) -> dict[tuple[str, str], Mapping[str, Any]]:
        """The operation's parameters by place and name, the path item's first (the operation's win)."""
        item = document["paths"][path]
        found: dict[tuple[str, str], Mapping[str, Any]] = {}
        for declared in (*(item.get("parameters") or ()), *(operation.get("parameters") or ())):
            parameter = resolve(declared)
            found[(str(parameter.get("in")), str(parameter.get("name")))] = parameter
        return found

    def parameters(
        self,
        where: str,
        old: dict[tuple[str, str], Mapping[str, Any]],
        new: dict[tuple[str, str], Mapping[str, Any]],
    ) -> None:
        for key, old_parameter in old.items():
            place = f"{where} {key[0]} parameter {key[1]!r}"
            new_parameter = new.get(key)
            if new_parameter is None:
                self.note(place, "the parameter was removed (calls that pass it break)", breaking=True)
                continue
            if not old_parameter.get("required") and new_parameter.get("required"):
                self.note(place, "the parameter is now required", breaking=True)
            elif old_parameter.get("required") and not new_parameter.get("required"):
                self.note(place, "the parameter is now optional", breaking=False)
            self.schema(_At(place), old_parameter.get("schema"), new_parameter.get("schema"), Direction.REQUEST)
        for key, new_parameter in new.items():
            if key not in old:
                required = bool(new_parameter.get("required"))
                what = "a new required parameter" if required else "a new optional parameter"
                self.note(f"{where} {key[0]} parameter {key[1]!r}", what, breaking=required)

    def request_body(self, where: str, old_declared: Any, new_declared: Any) -> None:
        place = f"{where} request body"
        if old_declared is None and new_declared is None:
            return
        old, new = self.old(old_declared), self.new(new_declared)
        if old_declared is None:
            required = bool(new.get("required"))
            self.note(
                place, "a new required request body" if required else "a new optional request body", breaking=required
            )
            return
        if new_declared is None:
            self.note(place, "the request body was removed", breaking=True)
            return
        if not old.get("required") and new.get("required"):
            self.note(place, "the request body is now required", breaking=True)
        self.content(place, old.get("content"), new.get("content"), Direction.REQUEST)

    def responses(self, where: str, method: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for status, old_response in old.items():
            place = f"{where} response {status}"
            if status not in new:
                success = str(status).startswith("2")
                self.note(
                    place,
                    "the response was removed" + (" (clients that expect it break)" if success else ""),
                    breaking=success,
                )
                continue
            old_resolved, new_resolved = self.old(old_response), self.new(new[status])
            self.content(place, old_resolved.get("content"), new_resolved.get("content"), Direction.RESPONSE)
            self.headers(place, self.old(old_resolved.get("headers")), self.new(new_resolved.get("headers")))
        for status in new:
            if status not in old:
                self.note(f"{where} response {status}", "a new response", breaking=False)

    def headers(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for name, old_header in old.items():
            place = f"{where} header {name!r}"
            if name not in new:
                self.note(place, "the header was removed", breaking=True)
                continue
            old_schema, new_schema = self.old(old_header).get("schema"), self.new(new[name]).get("schema")
            self.schema(_At(place), old_schema, new_schema, Direction.RESPONSE)
        for name in new:
            if name not in old:
                self.note(f"{where} header {name!r}", "a new header", breaking=False)

    def content(self, where: str, old_content: Any, new_content: Any, direction: Direction) -> None:
        old = old_content if isinstance(old_content, Mapping) else {}
        new = new_content if isinstance(new_content, Mapping) else {}
        for media_type, old_media in old.items():
            place = f"{where} ({media_type})" if len(old) > 1 or len(new) > 1 else where
            if media_type not in new:
                self.note(place, f"the media type {media_type} was removed", breaking=True)
                continue
            old_schema, new_schema = self.old(old_media).get("schema"), self.new(new[media_type]).get("schema")
            self.schema(_At(place), old_schema, new_schema, direction)
        for media_type in new:
            if media_type not in old:
                self.note(where, f"a new media type {media_type}", breaking=False)

    # --- schemas -----------------------------------------------------------------------------

    def schema(self, at: _At, old_declared: Any, new_declared: Any, direction: Direction) -> None:
        old_declared, old_nullable = _unwrap_nullable(old_declared, self.old)
        new_declared, new_nullable = _unwrap_nullable(new_declared, self.new)
        old, new = self.old(old_declared), self.new(new_declared)
        # Whether a value may be null belongs to the place that holds it, not to the component.
        self._nullable(
            at, old_nullable or bool(old.get("nullable")), new_nullable or bool(new.get("nullable")), direction
        )
        references = (_reference(old_declared), _reference(new_declared))
        if references[0] and references[1]:
            if references in self._open_references:
                return
            self._open_references.add(references)
            old_name, new_name = _component_name(references[0]), _component_name(references[1])
            if old_name != new_name:
                what = f"the schema {old_name} is now {new_name} (generated clients name a class after it)"
                self.note(at, what, breaking=True)
            # One place per component, however many operations use it.
            named = new_name if old_name == new_name else f"{new_name} (was {old_name})"
            at = _At(f"schema {named} in {direction.value}s")
        try:
            self._schema(at, old, new, direction)
        finally:
            self._open_references.discard(references)

    def _schema(self, at: _At, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
        for keyword in _COMPOSITIONS:
            old_members, new_members = old.get(keyword), new.get(keyword)
            if old_members is None and new_members is None:
                continue
            if isinstance(old_members, list) and isinstance(new_members, list) and len(old_members) == len(new_members):
                for old_member, new_member in zip(old_members, new_members, strict=True):
                    self.schema(at, old_member, new_member, direction)
                continue
            if old_members is None:
                what = f"it is now an {keyword}"
            elif new_members is None:
                what = f"it is no longer an {keyword}"
            else:
                what = f"its {keyword} changed"
            self.note(at, what, breaking=True)
            return  # a different composition: comparing the rest keyword by keyword would only add noise
        if not self._type(at, old.get("type"), new.get("type"), direction):
            return  # nothing below compares like with like
        self._format(at, old.get("format"), new.get("format"))
        self._enum(at, old.get("enum"), new.get("enum"), direction)
        self._bounds(at, old, new, direction)
        self._object(at, old, new, direction)
        if "items" in old or "items" in new:
            self.schema(at.items(), old.get("items"), new.get("items"), direction)

    def _type(self, at: _At, old: Any, new: Any, direction: Direction) -> bool:
        """Notes a change of type; True when the two schemas are still comparable."""
        if old == new:
            return True
        if old is None:
            self.narrowed(at, f"it now has to be of type {new}", direction)
        elif new is None:
            self.widened(at, f"it may now be of any type, not only {old}", direction)
        elif (old, new) == ("integer", "number"):
            self.widened(at, "it may now be any number, not only an integer", direction)
        elif (old, new) == ("number", "integer"):
            self.narrowed(at, "it now has to be an integer", direction)
        else:
            self.note(at, f"its type changed from {old} to {new}", breaking=True)
            return False
        return True

    def _nullable(self, at: _At, old: bool, new: bool, direction: Direction) -> None:
        if new and not old:
            self.widened(at, "it may now be null", direction)
        elif old and not new:
            self.narrowed(at, "it may no longer be null", direction)

    def _format(self, at: _At, old: Any, new: Any) -> None:
        if old != new:
            # Typed languages pick the field's type by format (int32 or int64, string or date), so
            # code that uses the field changes with it in either direction.
            what = f"its format changed from {old or 'none'} to {new or 'none'} (typed clients change the field's type)"
            self.note(at, what, breaking=True)

    def _enum(self, at: _At, old: Any, new: Any, direction: Direction) -> None:
        if old == new:
            return
        if old is None:
            self.narrowed(at, f"it is now limited to {', '.join(map(_shown, new))}", direction)
        elif new is None:
            self.widened(at, f"it is no longer limited to {', '.join(map(_shown, old))}", direction)
        else:
            added = [value for value in new if value not in old]
            removed = [value for value in old if value not in new]
            if added:
                self.widened(at, f"new allowed values {', '.join(map(_shown, added))}", direction)
            if removed:
                self.narrowed(at, f"values no longer allowed: {', '.join(map(_shown, removed))}", direction)

    def _bounds(self, at: _At, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
        for keyword in (*_LOWER_BOUNDS, *_UPPER_BOUNDS):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            what = f"{keyword} changed from {_bound(before)} to {_bound(after)}"
            if after is None:
                narrower = False
            elif before is None:
                narrower = True
            else:
                narrower = after > before if keyword in _LOWER_BOUNDS else after < before
            (self.narrowed if narrower else self.widened)(at, what, direction)
        for keyword in _NARROWING_FLAGS:
            was, now = bool(old.get(keyword)), bool(new.get(keyword))
            if was != now:
                (self.narrowed if now else self.widened)(at, f"{keyword} is now {_shown(now)}", direction)
        if old.get("pattern") != new.get("pattern"):
            if new.get("pattern") is None:
                self.widened(at, f"the pattern {old.get('pattern')!r} was removed", direction)
            else:
                # Whether one pattern accepts less than another cannot be told in general.
                self.narrowed(at, f"its pattern is now {new.get('pattern')!r}", direction)

    def _object(self, at: _At, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
        old_required, new_required = set(old.get("required") or ()), set(new.get("required") or ())
        for name in sorted(new_required - old_required):
            self.narrowed(at.child(name), "the property is now required", direction)
        for name in sorted(old_required - new_required):
            self.widened(at.child(name), "the property is no longer required", direction)
        old_properties: Mapping[str, Any] = old.get("properties") or {}
        new_properties: Mapping[str, Any] = new.get("properties") or {}
        for name, schema in old_properties.items():
            if name in new_properties:
                self.schema(at.child(name), schema, new_properties[name], direction)
            else:
                self.note(at.child(name), "the property was removed (code that uses it breaks)", breaking=True)
        for name in new_properties:
            if name not in old_properties and name not in new_required:
                self.note(at.child(name), "a new optional property", breaking=False)
        self._additional_properties(at, _others(old), _others(new), direction)

    def _additional_properties(self, at: _At, old: Any, new: Any, direction: Direction) -> None:
        """`old` and `new` are True (anything), False (nothing) or a schema that other properties follow."""
        if old == new and not isinstance(old, Mapping):
            return
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            self.schema(at.others(), old, new, direction)
        elif old is True or new is False:
            self.narrowed(at, "other properties than the listed ones are now restricted", direction)
        else:
            self.widened(at, "other properties than the listed ones are now allowed more freely", direction)


def _others(schema: Mapping[str, Any]) -> Any:
    """additionalProperties, with its default and the empty schema read as True."""
    value = schema.get("additionalProperties", True)
    return True if value == {} else value


def _bound(value: Any) -> str:
    return "none" if value is None else _shown(value)


def _component_name(reference: str) -> str:
    return reference.rsplit("/", 1)[-1]


def _reference(node: Any) -> str:
    return str(node["$ref"]) if isinstance(node, Mapping) and "$ref" in node else ""


def _unwrap_nullable(declared: Any, resolve: Callable[[Any], Mapping[str, Any]]) -> tuple[Any, bool]:
    """`anyOf`/`oneOf` [S, a null-only schema] as S and True (OpenAPI 3.0's nullable $ref); others as they are."""
    schema = resolve(declared)
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if isinstance(members, list) and len(members) > 1:
            others = [member for member in members if resolve(member).get("enum") != [None]]
            if len(others) == 1:
                return others[0], True
    return declared, False
