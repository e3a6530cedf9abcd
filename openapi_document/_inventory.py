"""The inventory of a document's rules: its structural rules, then its behaviour rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openapi_document._errors import DocumentError
from openapi_document._rules import Rule
from openapi_document._stated_rules import stated_rules
from openapi_document._structural_rules import structural_rules


def rules_of(raw: Mapping[str, Any]) -> tuple[Rule, ...]:
    """Every rule the document states; DocumentError, naming the place, for a malformed `x-rules`
    or two rules of the same id."""
    rules = (*structural_rules(raw), *stated_rules(raw))
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            raise DocumentError(f"two rules have the id {rule.id!r}: at {seen[rule.id].pointer} and at {rule.pointer}")
        seen[rule.id] = rule
    return rules
