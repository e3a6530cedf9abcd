"""How the toolkit's commands are called where this run was started: `scripts/conform` and
`scripts/serve` in a clone of the repository, `smartsender-conform` and `smartsender-sandbox` where
the toolkit is installed (pip install). Messages and the replay line name the caller's own."""

from __future__ import annotations

import sys
from pathlib import Path

INSTALLED_CONFORM = "smartsender-conform"


def installed() -> bool:
    return Path(sys.argv[0]).name == INSTALLED_CONFORM


def conform() -> str:
    return INSTALLED_CONFORM if installed() else "scripts/conform"


def sandbox() -> str:
    return "smartsender-sandbox" if installed() else "scripts/serve"
