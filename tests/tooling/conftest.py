"""Helpers for the tests of tooling/, the Python that scripts/ runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_module(module: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Runs `python -m tooling.<module> ARGS` from the repository root, as the scripts do."""
    command = [sys.executable, "-m", f"tooling.{module}", *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
