"""What changed between two versions of an OpenAPI 3.0 document, and which changes break clients.

A change breaks clients when code written, or generated, for the old document can fail against
the new one. The direction decides: what a client sends (parameters, request bodies) may only
become more permissive, since servers must still accept what old clients send; what a client
receives (responses, headers) may only become more precise, since old clients must still
understand every answer. So a field that may now be `null` is harmless in a request and breaking
in a response, and a new enum value the other way round.

Whatever the direction, a change breaks code generated for a typed language when it changes a
name or a type that such code is written against: a removed or renamed operation, operationId,
first tag, parameter, property or schema, the title of an object or enum (openapi-python-client
names classes after it), an object or enum moved in or out of line, a changed type or a format
that decides one (int64, date-time, ...), an enum that appears or disappears, path parameters
that change places, a changed serialisation; and so do a changed or removed default, server or
security scheme.

Descriptions, examples, `x-` extensions and the like are not compared: they change no client's
behaviour (the version rule in tooling/spec_changes still counts them as changes). References
outside the document are not followed, and neither are discriminators nor callbacks.
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
_COMPOSITIONS = ("allOf", "oneOf", "anyOf")
# How a parameter is written into the request, with OpenAPI 3.0's defaults per place.
_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}
_SECURITY_SCHEME_KEYS = ("type", "scheme", "in", "name", "bearerFormat", "flows", "openIdConnectUrl")
# Formats that decide the type a typed language gives a value (the others only add a rule to a string).
_TYPE_FORMATS = {"int32", "int64", "float", "double", "decimal", "date", "date-time", "byte", "binary", "uuid", "uri"}
# What may stand beside the one member of an allOf that only wraps it.
_WRAPPER_KEYS = {"allOf", "description", "example", "nullable", "deprecated", "readOnly", "writeOnly"}

Resolve = Callable[[Any], Mapping[str, Any]]


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
    comparison.servers()
    comparison.operations()
    return list(dict.fromkeys(comparison.changes))  # a component shared by operations is reported once


def _shown(value: object) -> str:
    """A value as JSON writes it (null, true), strings quoted."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    return repr(value) if isinstance(value, str) else str(value)


def _resolve(node: Any, document: Mapping[str, Any]) -> Mapping[str, Any]:
    """A node with its local `$ref`s followed ({} for a reference that leads nowhere)."""
    seen: set[str] = set()
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        reference = node["$ref"]
        if reference in seen or not reference.startswith("#/"):
            return {}
        seen.add(reference)
        target: Any = document
        for part in _reference_parts(reference):
            target = target.get(part) if isinstance(target, Mapping) else None
        node = target
    return node if isinstance(node, Mapping) else {}


def _reference_parts(reference: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in reference[2:].split("/")]


class _Comparison:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old_document = old
        self.new_document = new
        self.changes: list[Change] = []
        # Pairs of references being compared further up: a recursive schema is compared once.
        self._open_references: set[tuple[str, str]] = set()
        # Pairs of components compared already, by direction: their changes are reported under
        # the component's name, so comparing them again where they are used again adds nothing
        # (and a component used twice by each level of a deep tree would take exponential time).
        self._compared: set[tuple[str, str, Direction]] = set()

    def note(self, at: _At | str, what: str, *, breaking: bool) -> None:
        at = _At(at) if isinstance(at, str) else at
        self.changes.append(Change(at.where, at.field, what, breaking))

    def narrowed(self, at: _At, what: str, direction: Direction) -> None:
        """Fewer values are allowed: breaks clients that send them."""
        self.note(at, what, breaking=direction is Direction.REQUEST)

    def widened(self, at: _At, what: str, direction: Direction) -> None:
        """More values are allowed: breaks clients that receive them."""
        self.note(at, what, breaking=direction is Direction.RESPONSE)

    def old(self, node: Any) -> Mapping[str, Any]:
        return _resolve(node, self.old_document)

    def new(self, node: Any) -> Mapping[str, Any]:
        return _resolve(node, self.new_document)

    # --- the document ------------------------------------------------------------------------

    def servers(self) -> None:
        """The base URLs: clients (and generators' defaults) send to the first one."""
        old, new = _server_urls(self.old_document), _server_urls(self.new_document)
        if old[:1] != new[:1]:
            self.note("servers", f"the first server changed from {old[:1]} to {new[:1]}", breaking=True)
        for url in old[1:]:
            if url not in new:
                self.note("servers", f"the server {url} was removed", breaking=True)
        for url in new[1:]:
            if url not in old:
                self.note("servers", f"a new server {url}", breaking=False)

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
            if key not in new_operations:
                self.note(f"{key[0].upper()} {path}", "the operation was removed", breaking=True)
                continue
            new_path, new_operation = new_operations[key]
            self.operation(f"{key[0].upper()} {new_path}", (path, operation), (new_path, new_operation))
        for key, (path, _) in new_operations.items():
            if key not in old_operations:
                self.note(f"{key[0].upper()} {path}", "a new operation", breaking=False)

    def operation(self, where: str, old: tuple[str, Mapping[str, Any]], new: tuple[str, Mapping[str, Any]]) -> None:
        (old_path, old_operation), (new_path, new_operation) = old, new
        old_names, new_names = _PATH_PARAMETER.findall(old_path), _PATH_PARAMETER.findall(new_path)
        if old_names != new_names and sorted(old_names) == sorted(new_names):
            self.note(where, f"its path parameters changed places ({old_path} to {new_path})", breaking=True)
        if old_operation.get("operationId") != new_operation.get("operationId"):
            self.note(
                where,
                f"operationId changed from {_shown(old_operation.get('operationId'))} to "
                f"{_shown(new_operation.get('operationId'))} (generated clients name its call after it)",
                breaking=True,
            )
        old_tags, new_tags = old_operation.get("tags") or [None], new_operation.get("tags") or [None]
        if old_tags[0] != new_tags[0]:  # generators group calls by the first tag only
            self.note(
                where,
                f"its first tag changed from {_shown(old_tags[0])} to {_shown(new_tags[0])} "
                "(generated clients put its call in a module or class of that name)",
                breaking=True,
            )
        if not old_operation.get("deprecated") and new_operation.get("deprecated"):
            self.note(where, "the operation is now deprecated", breaking=False)
        self.security(where, old_operation, new_operation)
        self.operation_servers(where, (old_path, old_operation), (new_path, new_operation))
        self.parameters(
            where,
            self._parameters(self.old_document, old_path, old_operation, self.old),
            self._parameters(self.new_document, new_path, new_operation, self.new),
        )
        self.request_body(where, old_operation.get("requestBody"), new_operation.get("requestBody"))
        self.responses(where, self.old(old_operation.get("responses")), self.new(new_operation.get("responses")))

    def operation_servers(
        self, where: str, old: tuple[str, Mapping[str, Any]], new: tuple[str, Mapping[str, Any]]
    ) -> None:
        """Servers of the path or the operation, which replace the document's for its calls."""
        old_urls = _own_servers(self.old_document, *old)
        new_urls = _own_servers(self.new_document, *new)
        if (old_urls or new_urls) and (old_urls or _server_urls(self.old_document))[:1] != (
            new_urls or _server_urls(self.new_document)
        )[:1]:
            self.note(where, f"its calls now go to {(new_urls or ['the document servers'])[0]}", breaking=True)

    def security(self, where: str, old_operation: Mapping[str, Any], new_operation: Mapping[str, Any]) -> None:
        """Each way of authenticating old clients use must still be accepted, and mean the same."""
        old_ways = _security_ways(old_operation.get("security", self.old_document.get("security")))
        new_ways = _security_ways(new_operation.get("security", self.new_document.get("security")))
        if frozenset() in new_ways:  # anyone may call it now: every old way of authenticating still works
            if frozenset() not in old_ways:
                self.note(where, "authentication is now optional", breaking=False)
        else:
            for way in sorted(old_ways - new_ways, key=sorted):
                self.note(where, f"the security requirement {_way(way)} is no longer accepted", breaking=True)
        for way in sorted(new_ways - old_ways, key=sorted):
            if way:
                self.note(where, f"the security requirement {_way(way)} is now accepted too", breaking=False)
        names = {name for way in old_ways for name, _ in way} & {name for way in new_ways for name, _ in way}
        for name in sorted(names):
            old_scheme, new_scheme = (
                _security_scheme(self.old_document, name),
                _security_scheme(self.new_document, name),
            )
            if old_scheme != new_scheme:
                self.note(
                    where, f"the security scheme {name!r} changed from {old_scheme} to {new_scheme}", breaking=True
                )

    @staticmethod
    def _parameters(
        document: Mapping[str, Any], path: str, operation: Mapping[str, Any], resolve: Resolve
    ) -> dict[tuple[str, str], Mapping[str, Any]]:
        """The operation's parameters by place and name (header names in lower case, as HTTP reads
        them), the path item's first (the operation's win)."""
        item = document["paths"][path]
        found: dict[tuple[str, str], Mapping[str, Any]] = {}
        for declared in (*(item.get("parameters") or ()), *(operation.get("parameters") or ())):
            parameter = resolve(declared)
            place, name = str(parameter.get("in")), str(parameter.get("name"))
            found[(place, name.lower() if place == "header" else name)] = parameter
        return found

    def parameters(
        self, where: str, old: dict[tuple[str, str], Mapping[str, Any]], new: dict[tuple[str, str], Mapping[str, Any]]
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
            old_writing, new_writing = _serialisation(old_parameter), _serialisation(new_parameter)
            if old_writing != new_writing:
                changed = [f"{key} {_shown(old_writing[key])} to {_shown(new_writing[key])}" for key in old_writing
                           if old_writing[key] != new_writing[key]]  # fmt: skip
                self.note(place, f"it is written differently into requests ({', '.join(changed)})", breaking=True)
            self.schema(_At(place), old_parameter.get("schema"), new_parameter.get("schema"), Direction.REQUEST)
            self.content(place, old_parameter.get("content"), new_parameter.get("content"), Direction.REQUEST)
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
            what = "a new required request body" if required else "a new optional request body"
            self.note(place, what, breaking=required)
            return
        if new_declared is None:
            self.note(place, "the request body was removed", breaking=True)
            return
        if not old.get("required") and new.get("required"):
            self.note(place, "the request body is now required", breaking=True)
        self.content(place, old.get("content"), new.get("content"), Direction.REQUEST)

    def responses(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        old, new = _by_status(old), _by_status(new)
        for status, old_response in old.items():
            place = f"{where} response {status}"
            if status not in new:
                success = status.startswith("2")
                what = "the response was removed" + (" (clients that expect it break)" if success else "")
                self.note(place, what, breaking=success)
                continue
            old_resolved, new_resolved = self.old(old_response), self.new(new[status])
            # A new way an error may be written only names an error that could always come.
            self.content(place, old_resolved.get("content"), new_resolved.get("content"), Direction.RESPONSE,
                         new_media_breaks=status.startswith("2"))  # fmt: skip
            self.headers(place, self.old(old_resolved.get("headers")), self.new(new_resolved.get("headers")))
        for status in new:
            if status not in old:
                # A new success status is an answer old clients do not expect from a call that
                # worked; a new error status only names an error that could always come.
                success = status.startswith("2")
                what = "a new response" + (" (clients that do not expect it break)" if success else "")
                self.note(f"{where} response {status}", what, breaking=success)

    def headers(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        old, new = _lower_keys(old), _lower_keys(new)  # HTTP header names ignore case
        for name, old_header in old.items():
            place = f"{where} header {name!r}"
            if name not in new:
                self.note(place, "the header was removed", breaking=True)
                continue
            old_resolved, new_resolved = self.old(old_header), self.new(new[name])
            if old_resolved.get("required") and not new_resolved.get("required"):
                self.note(place, "the header is no longer always sent", breaking=True)
            self.schema(_At(place), old_resolved.get("schema"), new_resolved.get("schema"), Direction.RESPONSE)
        for name in new:
            if name not in old:
                self.note(f"{where} header {name!r}", "a new header", breaking=False)

    def content(
        self, where: str, old_content: Any, new_content: Any, direction: Direction, *, new_media_breaks: bool = True
    ) -> None:
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
                breaking = new_media_breaks and direction is Direction.RESPONSE
                self.note(where, f"a new media type {media_type}", breaking=breaking)

    # --- schemas -----------------------------------------------------------------------------

    def schema(self, at: _At, old_declared: Any, new_declared: Any, direction: Direction) -> None:
        if old_declared is None and new_declared is None:
            return
        old_declared, old_nullable = _unwrap(old_declared, self.old)
        new_declared, new_nullable = _unwrap(new_declared, self.new)
        old, new = self.old(old_declared), self.new(new_declared)
        # Whether a value may be null belongs to the place that holds it, not to the component.
        self._nullable(
            at, old_nullable or bool(old.get("nullable")), new_nullable or bool(new.get("nullable")), direction
        )
        references = (_reference(old_declared), _reference(new_declared))
        if bool(references[0]) != bool(references[1]) and (_makes_a_class(old) or _makes_a_class(new)):
            # Generators make a class of a component and another, named after the place, of an
            # inline object or enum: moving one in or out of line renames the class.
            moved = f"the schema {_component_name(references[1])}" if references[1] else "an inline schema"
            was = f"the schema {_component_name(references[0])}" if references[0] else "an inline schema"
            self.note(at, f"it is now {moved}, not {was} (generated clients name its class differently)", breaking=True)
        if references[0] and references[1]:
            old_name, new_name = _component_name(references[0]), _component_name(references[1])
            if old_name != new_name:
                what = f"the schema {old_name} is now {new_name} (generated clients name a class after it)"
                self.note(at, what, breaking=True)
            if (*references, direction) in self._compared or references in self._open_references:
                return
            self._compared.add((*references, direction))
            # One place per component, however many operations use it.
            named = new_name if old_name == new_name else f"{new_name} (was {old_name})"
            at = _At(f"schema {named} in {direction.value}s")
            self._open_references.add(references)
        try:
            self._schema(at, old, new, direction)
        finally:
            self._open_references.discard(references)

    def _schema(self, at: _At, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
        if not self._compositions(at, old, new, direction):
            return  # a different composition: comparing the rest keyword by keyword would only add noise
        if not self._type(at, old.get("type"), new.get("type")):
            return  # nothing below compares like with like
        if old.get("title") != new.get("title") and (_makes_a_class(old) or _makes_a_class(new)):
            # openapi-python-client names the class of an object or enum after its title.
            what = f"its title changed from {_bound(old.get('title'))} to {_bound(new.get('title'))}"
            self.note(at, f"{what} (generated clients name its class after it)", breaking=True)
        self._format(at, old.get("format"), new.get("format"), direction)
        self._enum(at, old.get("enum"), new.get("enum"), direction)
        self._default(at, old, new)
        self._bounds(at, old, new, direction)
        self._object(at, old, new, direction)
        if "items" in old or "items" in new:
            self.schema(at.items(), old.get("items"), new.get("items"), direction)

    def _compositions(self, at: _At, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> bool:
        """Compares allOf/oneOf/anyOf member by member (by component name where they have one) and
        `not` as a whole; False when one of them changed shape, so that nothing else compares."""
        if _plain(self.old(old.get("not"))) != _plain(self.new(new.get("not"))):
            self.note(at, "its `not` changed", breaking=True)
        for keyword in _COMPOSITIONS:
            pairs = _member_pairs(old.get(keyword), new.get(keyword))
            if pairs is not None:
                for old_member, new_member in pairs:
                    self.schema(at, old_member, new_member, direction)
                continue
            if keyword not in old:
                what = f"it is now an {keyword}"
            elif keyword not in new:
                what = f"it is no longer an {keyword}"
            else:
                what = f"its {keyword} changed"
            self.note(at, what, breaking=True)
            return False
        return True

    def _type(self, at: _At, old: Any, new: Any) -> bool:
        """Notes a change of type, which changes the type of the field in typed clients whatever the
        direction; True when the two schemas are still comparable."""
        if old == new:
            return True
        self.note(at, f"its type changed from {old or 'any'} to {new or 'any'} (typed clients change the field's type)",
                  breaking=True)  # fmt: skip
        return old is None or new is None

    def _nullable(self, at: _At, old: bool, new: bool, direction: Direction) -> None:
        if new and not old:
            self.widened(at, "it may now be null", direction)
        elif old and not new:
            self.narrowed(at, "it may no longer be null", direction)

    def _format(self, at: _At, old: Any, new: Any, direction: Direction) -> None:
        if old == new:
            return
        what = f"its format changed from {old or 'none'} to {new or 'none'}"
        if old in _TYPE_FORMATS or new in _TYPE_FORMATS:
            # Typed languages pick the field's type by these (int32 or int64, string or date), so
            # code that uses the field changes with them in either direction.
            self.note(at, f"{what} (typed clients change the field's type)", breaking=True)
        elif new is None:
            self.widened(at, what, direction)
        else:  # a new rule (email, hostname, ...) on a plain string
            self.narrowed(at, what, direction)

    def _enum(self, at: _At, old: Any, new: Any, direction: Direction) -> None:
        if old == new:
            return
        if old is None or new is None:
            # A typed client's field changes type: an enum class appears or disappears.
            what = (
                f"it is now limited to {_listed(new)}" if old is None else f"it is no longer limited to {_listed(old)}"
            )
            self.note(at, f"{what} (typed clients change the field's type)", breaking=True)
            return
        added = [value for value in new if value not in old]
        removed = [value for value in old if value not in new]
        if added:
            self.widened(at, f"new allowed values {_listed(added)}", direction)
        if removed:
            self.narrowed(at, f"values no longer allowed: {_listed(removed)}", direction)

    def _default(self, at: _At, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        """A default is what a value is when it is left out: generated calls send a parameter's, and
        models of typed languages start from a field's. So changing or removing one breaks code
        that relied on it, in either direction; a new one only names what was already so."""
        if old.get("default") == new.get("default"):
            return
        what = f"its default changed from {_bound(old.get('default'))} to {_bound(new.get('default'))}"
        self.note(at, what, breaking="default" in old)

    def _bounds(self, at: _At, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
        for keyword in (*_LOWER_BOUNDS, *_UPPER_BOUNDS, "multipleOf"):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            what = f"{keyword} changed from {_bound(before)} to {_bound(after)}"
            if after is None:
                narrower = False
            elif before is None or keyword == "multipleOf":
                narrower = True  # a new or a different step: values of the old one may fall outside it
            else:
                narrower = after > before if keyword in _LOWER_BOUNDS else after < before
            (self.narrowed if narrower else self.widened)(at, what, direction)
        for keyword in _NARROWING_FLAGS:
            was, now = bool(old.get(keyword)), bool(new.get(keyword))
            if was != now:
                (self.narrowed if now else self.widened)(at, f"{keyword} is now {_shown(now)}", direction)
        before, after = old.get("pattern"), new.get("pattern")
        if before == after:
            return
        if after is None:
            self.widened(at, f"the pattern {before!r} was removed", direction)
        elif before is None:
            self.narrowed(at, f"it now has the pattern {after!r}", direction)
        else:  # whether one pattern accepts less than another cannot be told in general
            self.note(at, f"its pattern changed from {before!r} to {after!r}", breaking=True)

    def _object(self, at: _At, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
        old_properties = self._properties(old, direction, self.old)
        new_properties = self._properties(new, direction, self.new)
        old_required = set(old.get("required") or ()) & set(old_properties)
        new_required = set(new.get("required") or ()) & set(new_properties)
        for name in sorted(new_required - old_required):
            if name in old_properties:
                self.narrowed(at.child(name), "the property is now required", direction)
        for name in sorted(old_required - new_required):
            if name in new_properties:
                self.widened(at.child(name), "the property is no longer required", direction)
        for name, schema in old_properties.items():
            if name in new_properties:
                self.schema(at.child(name), schema, new_properties[name], direction)
            else:
                self.note(at.child(name), "the property was removed (code that uses it breaks)", breaking=True)
        for name in new_properties:
            if name in old_properties:
                continue
            if name in new_required:
                self.narrowed(at.child(name), "a new required property", direction)
            else:
                self.note(at.child(name), "a new optional property", breaking=False)
        self._additional_properties(at, _others(old), _others(new), direction)

    @staticmethod
    def _properties(schema: Mapping[str, Any], direction: Direction, resolve: Resolve) -> dict[str, Any]:
        """The properties that travel in this direction: a readOnly one is only ever received, a
        writeOnly one only ever sent, so a client of the other direction has no field for it."""
        hidden = "readOnly" if direction is Direction.REQUEST else "writeOnly"
        properties: Mapping[str, Any] = schema.get("properties") or {}
        return {name: declared for name, declared in properties.items() if not resolve(declared).get(hidden)}

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


def _server_urls(document: Mapping[str, Any]) -> list[str]:
    servers = document.get("servers") or [{"url": "/"}]  # OpenAPI's default
    return [_server_url(server) for server in servers if isinstance(server, Mapping)]


def _server_url(server: Mapping[str, Any]) -> str:
    """The URL with its variables at their defaults: what a client sends to."""
    url = str(server.get("url"))
    variables = server.get("variables")
    for name, variable in variables.items() if isinstance(variables, Mapping) else ():
        if isinstance(variable, Mapping) and "default" in variable:
            url = url.replace(f"{{{name}}}", str(variable["default"]))
    return url


def _own_servers(document: Mapping[str, Any], path: str, operation: Mapping[str, Any]) -> list[str]:
    servers = operation.get("servers") or document["paths"][path].get("servers") or []
    return [_server_url(server) for server in servers if isinstance(server, Mapping)]


def _security_ways(requirements: Any) -> set[frozenset[tuple[str, tuple[str, ...]]]]:
    """The ways a request may authenticate: each the schemes (with their scopes) used together; the
    empty way is no authentication (no requirement at all, `security: []` or a `{}` in it)."""
    if not isinstance(requirements, list) or not requirements:
        return {frozenset()}
    return {
        frozenset((name, tuple(sorted(scopes or ()))) for name, scopes in requirement.items())
        for requirement in requirements
        if isinstance(requirement, Mapping)
    }


def _way(way: frozenset[tuple[str, tuple[str, ...]]]) -> str:
    return " and ".join(f"{name}" + (f" {list(scopes)}" if scopes else "") for name, scopes in sorted(way))


def _security_scheme(document: Mapping[str, Any], name: str) -> dict[str, Any]:
    scheme = _resolve(_resolve(document.get("components"), document).get("securitySchemes", {}).get(name), document)
    return {key: scheme[key] for key in _SECURITY_SCHEME_KEYS if key in scheme}


def _serialisation(parameter: Mapping[str, Any]) -> dict[str, Any]:
    """How a parameter is written into a request, with OpenAPI 3.0's defaults filled in."""
    style = parameter.get("style", _DEFAULT_STYLE.get(str(parameter.get("in")), "form"))
    return {
        "style": style,
        "explode": parameter.get("explode", style == "form"),
        "allowReserved": bool(parameter.get("allowReserved")),
        "as": "content" if "content" in parameter else "schema",
    }


def _by_status(responses: Mapping[Any, Any]) -> dict[str, Any]:
    """Responses keyed by the status as text: YAML reads an unquoted 200 as a number."""
    return {str(status): response for status, response in responses.items()}


def _lower_keys(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in mapping.items()}


def _member_pairs(old: Any, new: Any) -> list[tuple[Any, Any]] | None:
    """allOf/oneOf/anyOf members paired for comparison: by component name when every member is a
    reference to a named one (their order means nothing), else by position; None when the lists
    cannot be paired (different lengths or names)."""
    if old is None and new is None:
        return []
    if not isinstance(old, list) or not isinstance(new, list) or len(old) != len(new):
        return None
    old_names, new_names = [_reference(member) for member in old], [_reference(member) for member in new]
    if all(old_names) and all(new_names):
        if sorted(old_names) != sorted(new_names):
            return None
        by_name = dict(zip(new_names, new, strict=True))
        return [(member, by_name[name]) for name, member in zip(old_names, old, strict=True)]
    return list(zip(old, new, strict=True))


def _others(schema: Mapping[str, Any]) -> Any:
    """additionalProperties, with its default and the empty schema read as True."""
    value = schema.get("additionalProperties", True)
    return True if value == {} else value


def _listed(values: Any) -> str:
    return ", ".join(map(_shown, values))


def _bound(value: Any) -> str:
    return "none" if value is None else _shown(value)


def _component_name(reference: str) -> str:
    return _reference_parts(reference)[-1]


def _reference(node: Any) -> str:
    return str(node["$ref"]) if isinstance(node, Mapping) and isinstance(node.get("$ref"), str) else ""


def _unwrap(declared: Any, resolve: Resolve) -> tuple[Any, bool]:
    """A schema that only wraps another as that one, and whether the wrapper lets it be null:
    `anyOf`/`oneOf` [S, a null-only schema] (OpenAPI 3.0's nullable reference), and an `allOf` of
    one member beside nothing but annotations (how a reference gets a description)."""
    schema = resolve(declared)
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if isinstance(members, list) and len(members) > 1:
            others = [member for member in members if resolve(member).get("enum") != [None]]
            if len(others) == 1:
                return others[0], True
    members = schema.get("allOf")
    if (
        isinstance(members, list)
        and len(members) == 1
        and all(k in _WRAPPER_KEYS or k.startswith("x-") for k in schema)
    ):
        return members[0], bool(schema.get("nullable"))
    return declared, False


def _makes_a_class(schema: Mapping[str, Any]) -> bool:
    """Whether generators make a class (or an enum type) of this schema, rather than use a plain type."""
    return schema.get("type") == "object" or any(key in schema for key in ("properties", "enum", *_COMPOSITIONS))


def _plain(node: Mapping[str, Any]) -> dict[str, Any]:
    """A schema without what does not change its meaning, for comparing it as a whole."""
    ignored = ("description", "example", "examples", "title")
    return {key: value for key, value in node.items() if key not in ignored and not key.startswith("x-")}
