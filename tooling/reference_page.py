"""Writes the document as the reference page shows it, for scripts/docs only (never committed).

    python -m tooling.reference_page openapi/smartsender-contacts.yaml OUT.json [--config redocly.yaml]

Redoc shows descriptions but not `x-evidence`, so this copy puts each element's evidence where a
reader sees it: a box with the confidence and the sources above the description of every operation
and component schema (and the document itself), a line under every component parameter and header;
deprecated operations get a banner, and every "(inferred)" statement of a description is
highlighted. Nothing else changes: the shapes, examples and links are the document's own.
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from tooling.document_diff import METHODS

REDOCLY_CONFIG = Path(__file__).resolve().parents[1] / "redocly.yaml"

LEGEND = """\
**Evidence on this page.** Every operation, schema and parameter says how sure this description is
and where it comes from. The confidence is `high` (the vendor's own page, or two independent sources
agree), `medium` (one good source, usually the vendor's PHP SDK, plus consistent live usage, or
sources that differ in details) or `inferred` (no source shows it: our best reading of the evidence;
the notes say why). Statements the vendor does not document are highlighted like this:
<mark class="x-inferred">(inferred)</mark>. The source labels (`DOC-…` the vendor's pages, `SDK` its
PHP SDK, `MC` MindCloud's reference, `COMM` live integrations) are listed in the toolkit's
`openapi/README.md`, and the evidence itself in `openapi/evidence/smartsender-contacts-api.md`."""

# "(inferred)", "*(inferred)*", "*(inferred: the vendor names no status)*", "(inferred; a ...)".
_INFERRED = re.compile(r"\*?\((inferred\b[^()]*)\)\*?")
_CODE_SPAN = re.compile(r"(`[^`]*`)")


def mark_inferred(text: str) -> str:
    """Highlights every "(inferred...)" statement of a Markdown text (code spans left alone)."""
    parts = _CODE_SPAN.split(text)
    return "".join(
        part if index % 2 else _INFERRED.sub(r'<mark class="x-inferred">(\1)</mark>', part)
        for index, part in enumerate(parts)
    )


def _escape_outside_code(text: str) -> str:
    """Markdown with `<` and `&` escaped, except in code spans (where Markdown shows them as they are)."""
    parts = _CODE_SPAN.split(text)
    return "".join(part if index % 2 else html.escape(part, quote=False) for index, part in enumerate(parts))


def _sources(evidence: dict[str, Any]) -> str:
    return ", ".join(f"<code>{html.escape(str(source))}</code>" for source in evidence.get("sources", []))


def _confidence(evidence: dict[str, Any]) -> str:
    return html.escape(str(evidence.get("confidence", "unknown")))


def evidence_box(evidence: dict[str, Any], subject: str) -> str:
    """A Markdown block (HTML around Markdown notes) showing an element's x-evidence.

    `subject` ("operation listContacts", "schema Contact", ...) names the element in a data attribute,
    by which the reference page's browser test finds the box of each element.
    """
    confidence = _confidence(evidence)
    lines = [
        f'<div class="x-evidence x-evidence--{confidence}" data-evidence-for="{html.escape(subject)}">',
        f'<p class="x-evidence__head"><span class="x-evidence__badge">Confidence: {confidence}</span>'
        f' <span class="x-evidence__sources">Sources: {_sources(evidence)}</span></p>',
    ]
    notes = str(evidence.get("notes") or "").strip()
    if notes:
        # Blank lines around the notes, so that they are read as Markdown inside the HTML block.
        lines += ["", mark_inferred(_escape_outside_code(notes)), ""]
    lines.append("</div>")
    return "\n".join(lines)


def evidence_line(evidence: dict[str, Any], subject: str) -> str:
    """One line for parameters and headers, whose descriptions Redoc shows in a narrow column."""
    confidence = _confidence(evidence)
    return (
        f'<span class="x-evidence-line x-evidence--{confidence}" data-evidence-for="{html.escape(subject)}">'
        f'<span class="x-evidence__badge">Confidence: {confidence}</span> Sources: {_sources(evidence)}</span>'
    )


def deprecation_banner(subject: str) -> str:
    return (
        f'<div class="x-deprecated" data-deprecated-for="{html.escape(subject)}"><strong>Deprecated.</strong>'
        " Avoid it in new code; the description below says why.</div>"
    )


def _above(block: str, description: object) -> str:
    text = str(description or "").strip()
    return f"{block}\n\n{text}" if text else block


def _below(description: object, line: str) -> str:
    text = str(description or "").strip()
    return f"{text}\n\n{line}" if text else line


def _mark_descriptions(node: object) -> None:
    """mark_inferred on every description of the document; examples and extensions keep their text."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("example", "examples", "enum", "default") or str(key).startswith("x-"):
                continue
            if key == "description" and isinstance(value, str):
                node[key] = mark_inferred(value)
            else:
                _mark_descriptions(value)
    elif isinstance(node, list):
        for item in node:
            _mark_descriptions(item)


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every operation, in the document's order."""
    found = []
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                found.append((method, str(path), operation))
    return found


def schemas_tag_of(config: Path = REDOCLY_CONFIG) -> str | None:
    """The tag under which Redoc lists the component schemas (openapi.schemaDefinitionsTagName), if any."""
    try:
        loaded = yaml.safe_load(config.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise SystemExit(f"cannot read {config}: {' '.join(str(error).split())}") from None
    options = loaded.get("openapi") if isinstance(loaded, dict) else None
    tag = options.get("schemaDefinitionsTagName") if isinstance(options, dict) else None
    return str(tag) if tag else None


def annotated(document: dict[str, Any], schemas_tag: str | None = None) -> dict[str, Any]:
    """A copy of the document with its evidence, deprecations and inferred statements made visible
    (and a description for `schemas_tag`, the tag Redoc adds to list the component schemas)."""
    page = copy.deepcopy(document)
    _mark_descriptions(page)

    info = page.setdefault("info", {})
    evidence = info.get("x-evidence")
    intro = evidence_box(evidence, "document") if isinstance(evidence, dict) else ""
    info["description"] = "\n\n".join(
        part for part in (intro, str(info.get("description") or "").strip(), LEGEND) if part
    )

    for _method, _path, operation in operations(page):
        subject = f"operation {operation.get('operationId', '')}"
        evidence = operation.get("x-evidence")
        block = evidence_box(evidence, subject) if isinstance(evidence, dict) else ""
        if operation.get("deprecated"):
            block = f"{deprecation_banner(subject)}\n\n{block}" if block else deprecation_banner(subject)
        if block:
            operation["description"] = _above(block, operation.get("description"))

    components = page.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        if isinstance(schema, dict) and isinstance(schema.get("x-evidence"), dict):
            schema["description"] = _above(
                evidence_box(schema["x-evidence"], f"schema {name}"), schema.get("description")
            )
    for kind in ("parameters", "headers"):
        for name, element in (components.get(kind) or {}).items():
            if isinstance(element, dict) and isinstance(element.get("x-evidence"), dict):
                line = evidence_line(element["x-evidence"], f"{kind[:-1]} {name}")
                element["description"] = _below(element.get("description"), line)

    if schemas_tag and not any(tag.get("name") == schemas_tag for tag in page.get("tags") or []):
        page.setdefault("tags", []).append(
            {"name": schemas_tag, "description": "Every component schema of the document, each with its evidence."}
        )
    return page


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.reference_page", description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="the OpenAPI document")
    parser.add_argument("target", type=Path, help="the JSON file to write (the docs build's copy)")
    parser.add_argument("--config", type=Path, default=REDOCLY_CONFIG, help="the Redocly configuration of the build")
    args = parser.parse_args(argv)
    try:
        document = yaml.safe_load(args.spec.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise SystemExit(f"cannot read {args.spec}: {' '.join(str(error).split())}") from None
    if not isinstance(document, dict):
        raise SystemExit(f"{args.spec} is not an OpenAPI document (its top level is not a mapping)")
    args.target.write_text(json.dumps(annotated(document, schemas_tag_of(args.config)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
