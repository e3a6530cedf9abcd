"""generated/python is its own installable distribution: it builds into a typed wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from tooling.client_version import client_version, revision
from tooling.spec_version import spec_version

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated" / "python"
SPEC = "openapi/smartsender-contacts.yaml"


@pytest.mark.slow
def test_the_client_builds_into_a_typed_wheel_with_only_its_runtime_dependencies(tmp_path: Path) -> None:
    source = tmp_path / "python"
    shutil.copytree(GENERATED, source)  # building writes into the source folder; not into generated/
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(tmp_path),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    (wheel,) = tmp_path.glob("smartsender_client-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "smartsender_client/py.typed" in names
    assert "smartsender_client/api/contacts/list_contacts.py" in names
    assert "smartsender_client/api/channels/create_channel_gate.py" in names
    metadata = zipfile.ZipFile(wheel).read(next(name for name in names if name.endswith("METADATA"))).decode()
    requirements = sorted(
        line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")
    )
    assert requirements == ["attrs>=22.2.0", "httpx<0.29.0,>=0.23.1"]
    headers = HeaderParser().parsestr(metadata)
    # The document's info.version and the client's revision (scripts/python-client-version.yaml).
    assert headers["Version"] == client_version(ROOT / SPEC) == f"{spec_version(ROOT / SPEC)}.{revision()}"
    # The template repeats the document's licence and home; they must not drift apart.
    info = yaml.safe_load((ROOT / SPEC).read_text())["info"]
    assert headers["License"] == info["license"]["name"]
    assert f"Source, {info['contact']['url']}" in headers.get_all("Project-URL", [])


def test_provenance_names_the_document_and_the_generator() -> None:
    provenance = json.loads((GENERATED / "provenance.json").read_text())
    assert provenance["spec"] == SPEC
    # The installed tools (the lock's pins): a client generated with other versions is stale.
    assert provenance["generator"] == f"openapi-python-client=={version('openapi-python-client')}"
    assert provenance["formatter"] == f"ruff=={version('ruff')}"
    assert len(provenance["spec_sha256"]) == 64
