"""Where the document is."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "smartsender-contacts.yaml"
