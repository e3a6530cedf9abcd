"""Prints the document's info.version, which scripts/generate gives the client as its package version.

Usage: python -m tooling.spec_version openapi/smartsender-contacts.yaml
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml


def spec_version(spec: Path) -> str:
    """info.version of the document; SystemExit with the reason when it cannot be read or has none."""
    try:
        document = yaml.safe_load(spec.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise SystemExit(f"cannot read {spec}: {' '.join(str(error).split())}") from None
    info = document.get("info") if isinstance(document, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    if version is None or isinstance(version, (dict, list)) or str(version) == "":
        raise SystemExit(f"{spec} has no info.version; the generated client takes its package version from it")
    return str(version)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.spec_version", description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="the OpenAPI document")
    args = parser.parse_args(argv)
    print(spec_version(args.spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
