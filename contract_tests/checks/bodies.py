"""Reading the JSON of answers the way every check needs: tolerant of any shape."""

from __future__ import annotations

from typing import Any


def ids(collection: list[Any]) -> list[Any]:
    return [item.get("id") for item in collection if isinstance(item, dict)]


def id_set(contact: Any, key: str) -> set[Any]:
    """The ids of a contact's `tags`, `funnels` or `notes`."""
    items = contact.get(key) if isinstance(contact, dict) else None
    return {item.get("id") for item in items if isinstance(item, dict)} if isinstance(items, list) else set()


def variable_values(contact: Any) -> dict[Any, Any]:
    """name -> value of a full contact's `variables`."""
    variables = contact.get("variables") if isinstance(contact, dict) else None
    return (
        {v.get("name"): v.get("value") for v in variables if isinstance(v, dict)} if isinstance(variables, list) else {}
    )


def as_text(value: Any) -> Any:
    """A scalar as the text it stands for: the API sends variable values as strings, but a view
    that sends the number 12 for "12" says the same."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return value
