"""Where the document is: in a clone of the repository, its one copy in openapi/; in an installed
toolkit, the copy its wheel was built with (setup.py packs it beside this module)."""

from __future__ import annotations

from pathlib import Path

_NAME = "smartsender-contacts.yaml"
_IN_A_CLONE = Path(__file__).resolve().parents[1] / "openapi" / _NAME
_PACKED = Path(__file__).resolve().parent / _NAME

DEFAULT_SPEC_PATH = _IN_A_CLONE if _IN_A_CLONE.exists() or not _PACKED.exists() else _PACKED
