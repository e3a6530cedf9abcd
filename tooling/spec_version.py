"""Prints the document's info.version, which scripts/generate gives the client as its package version.

Usage: python -m tooling.spec_version openapi/smartsender-contacts.yaml
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import openapi_document


def spec_version(spec: Path) -> str:
    """info.version of the document; SystemExit with the reason when it cannot be read or has none."""
    try:
        document = openapi_document.load(spec)
    except openapi_document.DocumentError as error:
        raise SystemExit(str(error)) from None
    try:
        return document.version
    except openapi_document.DocumentError as error:
        raise SystemExit(f"{error}; the generated client takes its package version from it") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.spec_version", description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="the OpenAPI document")
    args = parser.parse_args(argv)
    print(spec_version(args.spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
