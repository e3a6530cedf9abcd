"""Assembles the template folder that scripts/generate hands to openapi-python-client.

    python -m tooling.client_templates openapi/smartsender-contacts.yaml scripts/python-client-templates OUT

OUT gets a copy of our templates and `document.jinja`: values of the document that templates need
but the generator does not pass on to them (it keeps no `info` extension), as Jinja variables:

    {% import "document.jinja" as document %}  ...  {{ document.rate_limit.requests_per_minute }}

Today that is `info.x-rate-limit`, read and checked as the sandbox reads it.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import openapi_document
from openapi_document import DocumentError

VALUES_TEMPLATE = "document.jinja"


def document_values(spec: Path) -> str:
    """The text of document.jinja for `spec`."""
    rate_limit = dataclasses.asdict(openapi_document.load(spec).rate_limit)
    figures = ", ".join(f"{name}={value!r}" for name, value in rate_limit.items())
    return (
        f"{{# Written by tooling/client_templates.py from {spec.name} when the client is generated. #}}\n"
        f"{{% set rate_limit = namespace({figures}) %}}\n"
    )


def assemble(spec: Path, templates: Path, target: Path) -> None:
    """Copies `templates` to `target` (which must not exist) and writes document.jinja there."""
    if (templates / VALUES_TEMPLATE).exists():
        raise SystemExit(
            f"{templates / VALUES_TEMPLATE} would be replaced: {VALUES_TEMPLATE} is written from the document"
        )
    values = document_values(spec)  # first: a document it cannot read leaves nothing behind
    shutil.copytree(templates, target)
    (target / VALUES_TEMPLATE).write_text(values)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.client_templates", description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="the OpenAPI document")
    parser.add_argument("templates", type=Path, help="our template folder (scripts/python-client-templates)")
    parser.add_argument("target", type=Path, help="the folder to write (must not exist)")
    args = parser.parse_args(argv)
    try:
        assemble(args.spec, args.templates, args.target)
    except DocumentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
