"""Values whose form the document states: dates and tag colours in words, 64-bit integers by their
`format` (which schemathesis' response schema check does not enforce), full names by their parts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.registry import ValueFormWrong, fail, judging, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, is_operation, json_body, operation_id, succeeded

DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")  # the document's "YYYY-MM-DD HH:MM:SS"
DATE_FIELDS = ("createdAt", "updatedAt")  # the document's dates
COLOUR = re.compile(r"[0-9A-Fa-f]{6}")  # "Six hexadecimal digits without #"
INTEGER_FORMATS = {"int64": (-(2**63), 2**63 - 1), "int32": (-(2**31), 2**31 - 1)}
CONTACT_ANSWERS = {"getContact": (), "listContacts": ("collection", "[]"), "searchContacts": ("collection", "[]")}


def _objects(value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object in a JSON value, with where it is."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _objects(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _objects(item, f"{path}[{index}]")


@semantic_check(
    rules=("dates-have-the-documented-form", "tag-colour-has-the-documented-form"),
    when="successful answer holding a date or a tag colour",
)
def dates_and_colours_have_their_form(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """Dates (createdAt, updatedAt) are `YYYY-MM-DD HH:MM:SS`, tag colours six hexadecimal digits."""
    if not succeeded(response):
        return True
    body = json_body(response)
    judged: set[str] = set()
    problems = []
    for path, found in _objects(body):
        for field in DATE_FIELDS:
            if isinstance(found.get(field), str):
                judged.add("dates-have-the-documented-form")
                if not DATE.fullmatch(found[field]):
                    problems.append(f"{path}.{field} is {found[field]!r}, not YYYY-MM-DD HH:MM:SS".lstrip("."))
        # A contact's `tags`, or the page of listContactTags (whose `collection` holds tags).
        key = "collection" if is_operation(case, "listContactTags") and not path else "tags"
        for index, tag in enumerate(found.get(key) or [] if isinstance(found.get(key), list) else []):
            if isinstance(tag, dict) and isinstance(tag.get("color"), str):
                judged.add("tag-colour-has-the-documented-form")
                if not COLOUR.fullmatch(tag["color"]):
                    where = f"{path}.{key}[{index}].color".lstrip(".")
                    problems.append(f"{where} is {tag['color']!r}, not six hexadecimal digits")
    if not judged:
        return True
    judging(*judged)
    if problems:
        fail(ValueFormWrong, case, "; ".join(problems[:5]))
    return None


@semantic_check(rules=("full-name-joins-the-names",), when="contact with a full name and a first or last name")
def full_name_joins_the_names(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A contact's fullName holds its first and its last name ("first and last name together")."""
    operation = operation_id(case)
    if operation not in CONTACT_ANSWERS or not is_operation(case, operation) or response.status_code != 200:
        return True
    contacts = _at(json_body(response), CONTACT_ANSWERS[operation])
    problems = []
    judged = False
    for contact in contacts:
        if not isinstance(contact, dict) or not isinstance(contact.get("fullName"), str):
            continue
        names = [contact[field] for field in ("firstName", "lastName") if isinstance(contact.get(field), str)]
        names = [name for name in names if name.strip()]
        judged = judged or bool(names)
        missing = [name for name in names if name not in contact["fullName"]]
        if missing:
            problems.append(f"contact {contact.get('id')}: fullName {contact['fullName']!r} lacks {missing}")
    if not judged:
        return True
    if problems:
        fail(ValueFormWrong, case, "; ".join(problems[:5]))
    return None


def _at(value: Any, path: tuple[str, ...]) -> list[Any]:
    """The values at `path` ('[]': every item of a list)."""
    found = [value]
    for step in path:
        if step == "[]":
            found = [item for value in found if isinstance(value, list) for item in value]
        else:
            found = [value[step] for value in found if isinstance(value, dict) and step in value]
    return found


@semantic_check(rules=("body format int64",), when="answer with a 64-bit integer")
def integers_fit_their_format(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """Integers of an answer whose schema says `format: int64` (ids, pages) fit in 64 bits, as typed
    clients (Java, Go, C#) read them."""
    operation = operation_id(case)
    if not is_operation(case, operation):
        return True
    state = state_of(case)
    schema = state.document.operation(operation).response_schemas.get(response.status_code)
    if not schema:
        return True
    places = state.cached(("integer formats", operation, response.status_code), lambda: list(_formatted(schema, ())))
    if not places:
        return True
    body = json_body(response)
    problems = [
        f"{'.'.join(path) or 'the body'} is {value}, beyond {name}"
        for path, name in places
        for value in _at(body, path)
        if isinstance(value, int) and not isinstance(value, bool)
        and not INTEGER_FORMATS[name][0] <= value <= INTEGER_FORMATS[name][1]
    ]  # fmt: skip
    if problems:
        fail(ValueFormWrong, case, "; ".join(problems[:5]).replace(".[]", "[]"))
    return None


def _formatted(schema: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, format) of every integer format of a JSON Schema."""
    if not isinstance(schema, dict):
        return
    if schema.get("format") in INTEGER_FORMATS:
        yield path, schema["format"]
    for name, sub in (schema.get("properties") or {}).items():
        yield from _formatted(sub, (*path, name))
    if isinstance(schema.get("items"), dict):
        yield from _formatted(schema["items"], (*path, "[]"))
    for member in (*schema.get("anyOf", ()), *schema.get("oneOf", ()), *schema.get("allOf", ())):
        yield from _formatted(member, path)
