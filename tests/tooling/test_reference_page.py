"""tooling.reference_page: the docs build's copy of the document, with the evidence written where Redoc shows it.

tests/docs reads the rendered page in a browser; these tests pin the transform itself, in process.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.tooling.conftest import ROOT, run_module
from tooling.reference_page import annotated, evidence_box, mark_inferred, operations, schemas_tag_of

SPEC = ROOT / "openapi" / "smartsender-contacts.yaml"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded = yaml.safe_load(SPEC.read_text())
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("answers 404 *(inferred)*.", 'answers 404 <mark class="x-inferred">(inferred)</mark>.'),
        (
            "429 *(inferred: the vendor\n    names no status)*.",
            '429 <mark class="x-inferred">(inferred: the vendor\n    names no status)</mark>.',
        ),
        (
            "a 409 (inferred; a well-formed request)",
            'a 409 <mark class="x-inferred">(inferred; a well-formed request)</mark>',
        ),
        ("`(inferred)` in code stays", "`(inferred)` in code stays"),
        ("(both inferred, see below)", "(both inferred, see below)"),  # says "inferred", marks no statement
        ("(inferredness)", "(inferredness)"),
    ],
)
def test_inferred_statements_are_highlighted(text: str, marked: str) -> None:
    assert mark_inferred(text) == marked


def test_an_evidence_box_shows_the_confidence_the_sources_and_the_notes() -> None:
    box = evidence_box(
        {
            "confidence": "medium",
            "sources": ['DOC-CONTACTS ("not empty")', "SDK <Endpoint>"],
            "notes": "Uses `a<b` & c.",
        },
        "operation searchContacts",
    )
    assert box.startswith('<div class="x-evidence x-evidence--medium" data-evidence-for="operation searchContacts">')
    assert '<span class="x-evidence__badge">Confidence: medium</span>' in box
    assert "<code>DOC-CONTACTS (&quot;not empty&quot;)</code>, <code>SDK &lt;Endpoint&gt;</code>" in box
    assert "\n\nUses `a<b` &amp; c.\n\n</div>" in box  # Markdown notes: code kept, HTML escaped elsewhere
    assert "\n\n" not in evidence_box({"confidence": "high", "sources": ["SDK"]}, "schema Tag")  # no notes


def test_every_element_with_evidence_shows_it_and_nothing_else_changes(document: dict[str, Any]) -> None:
    before = copy.deepcopy(document)
    page = annotated(document, "Schemas")
    assert document == before  # a copy: the document itself is untouched

    for _, _, operation in operations(page):
        description = operation["description"]
        subject = f'data-evidence-for="operation {operation["operationId"]}"'
        assert description.count(subject) == 1, operation["operationId"]
        assert ('data-deprecated-for="operation' in description) == bool(operation.get("deprecated"))
        assert f"Confidence: {operation['x-evidence']['confidence']}" in description
    for name, schema in page["components"]["schemas"].items():
        assert schema["description"].startswith(
            f'<div class="x-evidence x-evidence--{schema["x-evidence"]["confidence"]}"'
        )
        assert f'data-evidence-for="schema {name}"' in schema["description"]
    for kind in ("parameters", "headers"):
        for name, element in page["components"][kind].items():
            if "x-evidence" not in element:
                assert "data-evidence-for" not in element.get("description", ""), name
                continue
            assert element["description"].endswith("</span>")
            assert f'data-evidence-for="{kind[:-1]} {name}"' in element["description"]
    assert page["info"]["description"].startswith(
        '<div class="x-evidence x-evidence--high" data-evidence-for="document">'
    )
    assert "Evidence on this page." in page["info"]["description"]
    assert page["tags"][-1]["name"] == "Schemas" and page["tags"][:-1] == document["tags"]

    def strip(node: Any) -> Any:  # the document without what the transform may change
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "description" or not isinstance(v, str)}
        return [strip(item) for item in node] if isinstance(node, list) else node

    assert strip({**page, "tags": page["tags"][:-1]}) == strip(document)  # shapes, examples, links, evidence


def test_examples_and_extensions_keep_their_text() -> None:
    example = {"name": "city", "description": "City *(inferred)*", "notes": "(inferred)"}
    document = {
        "components": {
            "schemas": {
                "Variable": {
                    "description": "A variable *(inferred)*.",
                    "example": example,
                    "x-dynamic-keys": {"description": "keys *(inferred)*"},
                    "properties": {"description": {"type": "string", "description": "Text (inferred)."}},
                }
            }
        }
    }
    variable = annotated(document)["components"]["schemas"]["Variable"]
    assert variable["example"] == example
    assert variable["x-dynamic-keys"] == {"description": "keys *(inferred)*"}
    assert variable["description"] == 'A variable <mark class="x-inferred">(inferred)</mark>.'  # no evidence: no box
    assert variable["properties"]["description"]["description"] == 'Text <mark class="x-inferred">(inferred)</mark>.'


def test_the_schemas_tag_is_read_from_the_redocly_configuration(tmp_path: Path) -> None:
    assert (
        schemas_tag_of() == yaml.safe_load((ROOT / "redocly.yaml").read_text())["openapi"]["schemaDefinitionsTagName"]
    )
    config = tmp_path / "redocly.yaml"
    config.write_text("extends: [recommended]\n")
    assert schemas_tag_of(config) is None
    assert "Schemas" not in [tag["name"] for tag in annotated({"tags": [], "components": {"schemas": {}}})["tags"]]


@pytest.mark.slow
def test_the_command_writes_json_and_names_an_unreadable_document(tmp_path: Path) -> None:
    written = run_module("reference_page", SPEC, tmp_path / "page.json")
    assert written.returncode == 0, written.stderr
    assert json.loads((tmp_path / "page.json").read_text())["openapi"] == "3.0.3"
    missing = run_module("reference_page", tmp_path / "nowhere.yaml", tmp_path / "other.json")
    assert missing.returncode == 1
    assert f"cannot read {tmp_path / 'nowhere.yaml'}" in missing.stderr
    assert not (tmp_path / "other.json").exists()
