"""tooling.client_templates: the template folder scripts/generate uses, with the document's values."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from smartsender_client.client import DOCUMENTED_RATE_LIMIT

import openapi_document
from openapi_document import DEFAULT_SPEC_PATH
from tests.tooling.conftest import ROOT, run_module
from tooling.client_templates import assemble, document_values

TEMPLATES = ROOT / "scripts" / "python-client-templates"


def with_rate_limit(tmp_path: Path, rate_limit: object) -> Path:
    document = yaml.safe_load(DEFAULT_SPEC_PATH.read_text())
    document["info"]["x-rate-limit"] = rate_limit
    spec = tmp_path / "doc.yaml"
    spec.write_text(yaml.safe_dump(document))
    return spec


def test_the_generated_client_carries_the_documents_rate_limit() -> None:
    documented = dataclasses.asdict(openapi_document.load().rate_limit)
    assert {name: getattr(DOCUMENTED_RATE_LIMIT, name) for name in documented} == documented


def test_the_values_follow_the_document(tmp_path: Path) -> None:
    figures = {
        "requests-per-minute": 30,
        "first-lockout-seconds": 10,
        "lockout-step-seconds": 5,
        "max-lockout-seconds": 40,
    }
    text = document_values(with_rate_limit(tmp_path, figures))
    assert text.splitlines()[1] == (
        "{% set rate_limit = namespace(requests_per_minute=30, first_lockout_seconds=10, "
        "lockout_step_seconds=5, max_lockout_seconds=40) %}"
    )


def test_the_folder_is_our_templates_plus_the_values(tmp_path: Path) -> None:
    assemble(DEFAULT_SPEC_PATH, TEMPLATES, tmp_path / "out")
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == sorted([*(path.name for path in TEMPLATES.iterdir()), "document.jinja"])
    assert "requests_per_minute=180" in (tmp_path / "out" / "document.jinja").read_text()


@pytest.mark.slow
def test_a_document_without_a_usable_rate_limit_stops_generation_and_writes_nothing(tmp_path: Path) -> None:
    spec = with_rate_limit(tmp_path, {"requests-per-minute": 0})
    result = run_module("client_templates", spec, TEMPLATES, tmp_path / "out")
    assert result.returncode == 2
    assert "info.x-rate-limit must have exactly the keys" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_template_folder_may_not_bring_its_own_values(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "document.jinja").write_text("{% set rate_limit = 1 %}")
    with pytest.raises(SystemExit, match=r"document\.jinja is written from the document"):
        assemble(DEFAULT_SPEC_PATH, tmp_path / "templates", tmp_path / "out")
