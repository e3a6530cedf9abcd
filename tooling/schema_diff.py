"""What changed between two versions of a schema of an OpenAPI 3.0 document, and whether it breaks
clients: the schema half of tooling.document_diff, which says what breaks and why.

A schema is compared in the direction its values travel: what a client sends may only become
more permissive, what it receives only more precise; names and types that generated code is
written against may not change either way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import openapi_document

# Keys that bound a value from below and from above: raising a lower bound or lowering an upper
# one narrows what the schema accepts.
_LOWER_BOUNDS = ("minimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "maxLength", "maxItems", "maxProperties")
# Flags that narrow what a schema accepts when they switch from false (or absent) to true.
_NARROWING_FLAGS = ("exclusiveMinimum", "exclusiveMaximum", "uniqueItems")
_COMPOSITIONS = ("allOf", "oneOf", "anyOf")
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
class Place:
    """Where a schema sits: the part of an operation, and the field inside its value."""

    where: str
    field: str = ""

    def child(self, name: str) -> Place:
        return Place(self.where, f"{self.field}.{name}" if self.field else name)

    def items(self) -> Place:
        return Place(self.where, f"{self.field}[]")

    def others(self) -> Place:
        return Place(self.where, f"{self.field}.*" if self.field else "*")


def shown(value: object) -> str:
    """A value as JSON writes it (null, true), strings quoted."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    return repr(value) if isinstance(value, str) else str(value)


def resolve(node: Any, document: Mapping[str, Any]) -> Mapping[str, Any]:
    """A node with its local `$ref`s followed ({} for a reference that leads nowhere, or elsewhere:
    an old version of a document may hold either, and is still compared)."""
    try:
        target = openapi_document.resolve(document, node)
    except openapi_document.DocumentError:
        return {}
    return target if isinstance(target, Mapping) else {}


class SchemaComparison:
    """Compares schemas of two documents and collects the changes; tooling.document_diff walks
    the documents' operations with it."""

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

    def note(self, at: Place | str, what: str, *, breaking: bool) -> None:
        at = Place(at) if isinstance(at, str) else at
        self.changes.append(Change(at.where, at.field, what, breaking))

    def narrowed(self, at: Place, what: str, direction: Direction) -> None:
        """Fewer values are allowed: breaks clients that send them."""
        self.note(at, what, breaking=direction is Direction.REQUEST)

    def widened(self, at: Place, what: str, direction: Direction) -> None:
        """More values are allowed: breaks clients that receive them."""
        self.note(at, what, breaking=direction is Direction.RESPONSE)

    def old(self, node: Any) -> Mapping[str, Any]:
        return resolve(node, self.old_document)

    def new(self, node: Any) -> Mapping[str, Any]:
        return resolve(node, self.new_document)

    # --- schemas -----------------------------------------------------------------------------

    def schema(self, at: Place, old_declared: Any, new_declared: Any, direction: Direction) -> None:
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
            at = Place(f"schema {named} in {direction.value}s")
            self._open_references.add(references)
        try:
            self._schema(at, old, new, direction)
        finally:
            self._open_references.discard(references)

    def _schema(self, at: Place, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
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

    def _compositions(self, at: Place, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> bool:
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

    def _type(self, at: Place, old: Any, new: Any) -> bool:
        """Notes a change of type, which changes the type of the field in typed clients whatever the
        direction; True when the two schemas are still comparable."""
        if old == new:
            return True
        self.note(at, f"its type changed from {old or 'any'} to {new or 'any'} (typed clients change the field's type)",
                  breaking=True)  # fmt: skip
        return old is None or new is None

    def _nullable(self, at: Place, old: bool, new: bool, direction: Direction) -> None:
        if new and not old:
            self.widened(at, "it may now be null", direction)
        elif old and not new:
            self.narrowed(at, "it may no longer be null", direction)

    def _format(self, at: Place, old: Any, new: Any, direction: Direction) -> None:
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

    def _enum(self, at: Place, old: Any, new: Any, direction: Direction) -> None:
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

    def _default(self, at: Place, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        """A default is what a value is when it is left out: generated calls send a parameter's, and
        models of typed languages start from a field's. So changing or removing one breaks code
        that relied on it, in either direction; a new one only names what was already so."""
        if old.get("default") == new.get("default"):
            return
        what = f"its default changed from {_bound(old.get('default'))} to {_bound(new.get('default'))}"
        self.note(at, what, breaking="default" in old)

    def _bounds(self, at: Place, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
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
                (self.narrowed if now else self.widened)(at, f"{keyword} is now {shown(now)}", direction)
        before, after = old.get("pattern"), new.get("pattern")
        if before == after:
            return
        if after is None:
            self.widened(at, f"the pattern {before!r} was removed", direction)
        elif before is None:
            self.narrowed(at, f"it now has the pattern {after!r}", direction)
        else:  # whether one pattern accepts less than another cannot be told in general
            self.note(at, f"its pattern changed from {before!r} to {after!r}", breaking=True)

    def _object(self, at: Place, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
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

    def _additional_properties(self, at: Place, old: Any, new: Any, direction: Direction) -> None:
        """`old` and `new` are True (anything), False (nothing) or a schema that other properties follow."""
        if old == new and not isinstance(old, Mapping):
            return
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            self.schema(at.others(), old, new, direction)
        elif old is True or new is False:
            self.narrowed(at, "other properties than the listed ones are now restricted", direction)
        else:
            self.widened(at, "other properties than the listed ones are now allowed more freely", direction)


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
    return ", ".join(map(shown, values))


def _bound(value: Any) -> str:
    return "none" if value is None else shown(value)


def _component_name(reference: str) -> str:
    return reference.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


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
