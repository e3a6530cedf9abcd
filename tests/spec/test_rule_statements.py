"""The behaviour rules of `x-rules` agree with the descriptions beside them (openapi/README.md,
Extensions): each quotes its statement, and a rule marked inferred is one the document infers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openapi_document import index, resolve_pointer
from openapi_document._stated_rules import normalised


def _sentence_of(description: str, quote: str) -> str:
    """The sentence (or sentences) of `description` that hold `quote`."""
    text, quoted = normalised(description), normalised(quote)
    start = text.index(quoted)
    begin = max(text.rfind(". ", 0, start) + 2, 0) if ". " in text[:start] else 0
    end = text.find(". ", start + len(quoted))
    return text[begin : end if end != -1 else len(text)]


def test_every_inferred_rule_is_stated_as_inferred(document: dict[str, Any]) -> None:
    wrong = []
    for rule in index(document, Path("spec")).rules:
        if rule.kind != "behaviour" or not rule.inferred:
            continue
        node = resolve_pointer(document, "#" + rule.pointer.removesuffix("/description"))
        entry = node["x-rules"][rule.key]
        evidence = node.get("x-evidence", {}).get("confidence")
        if evidence != "inferred" and "inferred" not in _sentence_of(node["description"], entry["quote"]):
            wrong.append(f"{rule.key} (#{rule.pointer}): its statement is not marked *(inferred)*")
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_every_rule_marked_inferred_where_its_statement_is_only_inferred(document: dict[str, Any]) -> None:
    """A quote that ends in *(inferred)* states an inferred rule: the rule must say so."""
    wrong = []
    for rule in index(document, Path("spec")).rules:
        if rule.kind != "behaviour" or rule.inferred:
            continue
        node = resolve_pointer(document, "#" + rule.pointer.removesuffix("/description"))
        if re.search(r"\*\(inferred[^)]*\)\*\s*$", node["x-rules"][rule.key]["quote"]):
            wrong.append(f"{rule.key} (#{rule.pointer})")
    assert not wrong, "quoted as inferred, but not marked `inferred: true`:\n" + "\n".join(sorted(set(wrong)))
