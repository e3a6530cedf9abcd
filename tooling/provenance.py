"""Writes provenance.json for a generated client: the document's path and SHA-256, the generator and formatter versions.

    python -m tooling.provenance openapi/smartsender-contacts.yaml generated/python/provenance.json

scripts/generate --check compares the whole regenerated tree, this file included, with generated/python.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

COMMAND = "scripts/generate"


def provenance(spec: str) -> dict[str, str]:
    """What produced a client from `spec` (a path as the repository names it, e.g. openapi/x.yaml)."""
    return {
        "spec": spec,
        "spec_sha256": hashlib.sha256(Path(spec).read_bytes()).hexdigest(),
        "generator": f"openapi-python-client=={version('openapi-python-client')}",
        "formatter": f"ruff=={version('ruff')}",
        "command": COMMAND,
    }


def render(record: dict[str, str]) -> str:
    """The file's exact text (two-space indent, final newline): committed, so it must not vary."""
    return json.dumps(record, indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.provenance", description=__doc__.splitlines()[0])
    parser.add_argument("spec", help="the OpenAPI document, as a path relative to the repository root")
    parser.add_argument("target", type=Path, help="the provenance.json to write")
    args = parser.parse_args(argv)
    args.target.write_text(render(provenance(args.spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
