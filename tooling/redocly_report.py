"""Spec gate step 3: reads `redocly lint --format=json` output and fails unless it counts zero errors and warnings.

Usage: python -m tooling.redocly_report lint.json    # prints "redocly lint: N errors, M warnings"
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

NO_REPORT = "redocly lint produced no report"


class Totals(NamedTuple):
    errors: int
    warnings: int


def read_totals(report: Path) -> Totals:
    """The report's totals; SystemExit(NO_REPORT) when the file is missing, not JSON or has no totals."""
    try:
        totals = json.loads(report.read_text())["totals"]
        errors, warnings = totals["errors"], totals["warnings"]
    except (OSError, ValueError, KeyError, TypeError):
        raise SystemExit(NO_REPORT) from None
    if not isinstance(errors, int) or not isinstance(warnings, int):
        raise SystemExit(NO_REPORT)
    return Totals(errors, warnings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.redocly_report", description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="the JSON written by redocly lint --format=json")
    args = parser.parse_args(argv)
    totals = read_totals(args.report)
    print(f"redocly lint: {totals.errors} errors, {totals.warnings} warnings")
    return 1 if totals.errors or totals.warnings else 0


if __name__ == "__main__":
    sys.exit(main())
