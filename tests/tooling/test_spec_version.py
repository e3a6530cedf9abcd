"""tooling.spec_version: the document's info.version, or a message that says what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.tooling.conftest import ROOT, run_module
from tooling.spec_version import spec_version


@pytest.mark.slow
def test_it_prints_the_repository_documents_info_version() -> None:
    spec = ROOT / "openapi" / "smartsender-contacts.yaml"
    expected = str(yaml.safe_load(spec.read_text())["info"]["version"])
    result = run_module("spec_version", "openapi/smartsender-contacts.yaml")
    assert (result.returncode, result.stdout) == (0, f"{expected}\n")


@pytest.mark.parametrize(("text", "expected"), [("info: {version: 2.1.0}\n", "2.1.0"), ("info: {version: '3'}\n", "3")])
def test_it_reads_the_version(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "doc.yaml").write_text(f"openapi: 3.0.3\n{text}")
    assert spec_version(tmp_path / "doc.yaml") == expected


@pytest.mark.parametrize("text", ["info: {title: t}\n", "", "info: []\n", "info: {version: ''}\n"])
def test_a_document_without_info_version_is_refused_with_the_reason(tmp_path: Path, text: str) -> None:
    (tmp_path / "doc.yaml").write_text(f"openapi: 3.0.3\n{text}")
    with pytest.raises(SystemExit) as raised:
        spec_version(tmp_path / "doc.yaml")
    assert raised.value.code == (
        f"{tmp_path / 'doc.yaml'} has no info.version; the generated client takes its package version from it"
    )


def test_an_unreadable_document_is_named(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        spec_version(tmp_path / "missing.yaml")
    assert str(raised.value.code).startswith(f"cannot read the OpenAPI document {tmp_path / 'missing.yaml'}: ")
    (tmp_path / "list.yaml").write_text("[]\n")
    with pytest.raises(SystemExit) as raised:
        spec_version(tmp_path / "list.yaml")
    assert raised.value.code == f"{tmp_path / 'list.yaml'} is not an OpenAPI document: it holds no mapping"
