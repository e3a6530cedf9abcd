"""tooling.provenance: what generated/python/provenance.json records, in the exact committed form."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.tooling.conftest import ROOT, run_module
from tooling.provenance import provenance, render


def test_it_records_the_documents_sha256_and_the_installed_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("doc.yaml").write_bytes(b"openapi: 3.0.3\n")
    assert provenance("doc.yaml") == {
        "spec": "doc.yaml",
        "spec_sha256": hashlib.sha256(b"openapi: 3.0.3\n").hexdigest(),
        "generator": f"openapi-python-client=={version('openapi-python-client')}",
        "formatter": f"ruff=={version('ruff')}",
        "command": "scripts/generate",
    }
    first = provenance("doc.yaml")["spec_sha256"]
    Path("doc.yaml").write_bytes(b"openapi: 3.0.4\n")
    assert provenance("doc.yaml")["spec_sha256"] != first  # one byte changes it


@pytest.mark.slow
def test_the_module_writes_the_file_scripts_generate_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "provenance.json"
    spec = "openapi/smartsender-contacts.yaml"
    result = run_module("provenance", spec, target)
    assert result.returncode == 0, result.stderr
    text = target.read_text()
    monkeypatch.chdir(ROOT)
    assert text == render(provenance(spec))
    assert text.startswith('{\n  "spec": "openapi/smartsender-contacts.yaml",\n  "spec_sha256": "')
    assert text.endswith('"command": "scripts/generate"\n}\n')
    assert json.loads(text)["spec_sha256"] == hashlib.sha256((ROOT / spec).read_bytes()).hexdigest()
