"""The rules a document states, each with a stable id and the place that states it.

    document.rules                    # every rule, in the document's order
    rule.id                           # 'listContacts 200 body cursor.pages: type integer'
    rule.pointer                      # '/components/schemas/Cursor/properties/pages/type'
    rule.key                          # 'body type': what a check declares it verifies

Structural rules (statuses, media types, headers, the schemas of answers and requests, the methods
of each path) are walked from the document (_structural_rules); behaviour rules are declared in its
`x-rules` extensions, next to the descriptions that state them (_stated_rules). A check says which
rules it verifies by their keys: a structural rule's key is its kind and keyword ('body type',
'request maximum', 'body format int64', 'status'), a behaviour rule's key is its name
('target-removed').
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The kinds of rules, in the order reports list them.
KINDS = ("status", "media type", "header", "body", "request", "method", "behaviour")
API = "API"  # how the id of a rule of the API as a whole begins (its operation is None)


@dataclass(frozen=True)
class Rule:
    id: str  # stable and readable: '<operationId> <where>: <constraint>'
    operation: str | None  # its operationId; None for a rule of the API as a whole
    kind: str  # one of KINDS
    key: str  # what a check declares it verifies (see the module's description)
    pointer: str  # JSON pointer (RFC 6901) to where the document states it
    inferred: bool  # the document only infers it (x-evidence confidence `inferred`, or *(inferred)*)
    text: str  # the rule in words
    status: int | None = None  # header, body, media type: answers of this status
    # body: the path in the answer ('cursor', 'pages'; '[]' for the items of an array, '*' for
    # any other key); header: (name,); request: where in the request ('query', 'limitation'),
    # ('body', 'name') or ('body',); method: (the path template,)
    location: tuple[str, ...] = ()
    keyword: str | None = None  # the JSON Schema keyword (structural rules)
    value: Any = field(default=None, compare=False)  # the keyword's value in the document
    # The JSON type a value must have for the keyword to apply ('object' for `required`, 'number'
    # for `minimum`, ...); None: any value.
    applies_to: str | None = None


def escape(token: str) -> str:
    """A JSON pointer token (RFC 6901): ~ and / escaped."""
    return token.replace("~", "~0").replace("/", "~1")


def shown_path(location: tuple[str, ...]) -> str:
    """('collection', '[]', 'tags', '[]', 'color') as 'collection[].tags[].color'."""
    text = ""
    for part in location:
        text += "[]" if part == "[]" else (f".{part}" if text else part)
    return text
