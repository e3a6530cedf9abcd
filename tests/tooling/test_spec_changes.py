"""tooling.spec_changes: the document's version follows its changes (semantic versioning), judged against git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tests.tooling.conftest import run_module
from tests.tooling.test_document_diff import a_document, thing
from tooling.document_diff import Change
from tooling.spec_changes import Version, main, verdict, version_of

SPEC = Path("openapi/things.yaml")
BREAKING = [Change("GET /things", "", "the operation was removed", breaking=True)]
COMPATIBLE = [Change("GET /things", "", "a new optional parameter", breaking=False)]


@pytest.mark.parametrize(
    ("new", "changes", "problem"),
    [
        ("1.2.3", [], "the document changed but info.version did not increase from 1.2.3: set it to 1.2.4 or higher"),
        ("1.2.2", COMPATIBLE, "did not increase from 1.2.3: set it to 1.3.0 or higher"),
        ("1.3.0", BREAKING, "1 breaking change need a new major version: set info.version to 2.0.0, not 1.3.0"),
        ("1.2.3", BREAKING, "set it to 2.0.0 or higher"),
    ],
)
def test_a_version_that_does_not_follow_the_changes_is_refused_with_the_one_to_set(
    new: str, changes: list[Change], problem: str
) -> None:
    message = verdict(Version(1, 2, 3), version_of({"info": {"version": new}}, "x"), changes)
    assert message is not None
    assert problem in message


@pytest.mark.parametrize(("new", "changes"), [("1.2.4", []), ("1.3.0", COMPATIBLE), ("2.0.0", BREAKING)])
def test_a_version_that_follows_the_changes_is_accepted(new: str, changes: list[Change]) -> None:
    assert verdict(Version(1, 2, 3), version_of({"info": {"version": new}}, "x"), changes) is None


@pytest.mark.parametrize("text", ["v1.0.0", "1.0", "1.0.0-beta", "01.0.0", ""])
def test_a_version_that_is_not_major_minor_patch_is_refused(text: str) -> None:
    with pytest.raises(SystemExit, match=r"is not MAJOR\.MINOR\.PATCH"):
        version_of({"info": {"version": text}}, "the document")


def git(repository: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args],
        cwd=repository,
        check=True,
        capture_output=True,
    )


def write(repository: Path, version: str, *, name_may_be_null: bool = False) -> None:
    document = a_document()
    document["info"]["version"] = version
    thing(document)["properties"]["name"]["nullable"] = name_may_be_null
    (repository / SPEC).write_text(yaml.safe_dump(document))


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose first commit holds version 1.0.0 of the document; the current folder."""
    (tmp_path / SPEC).parent.mkdir()
    git(tmp_path, "init", "-q")
    write(tmp_path, "1.0.0")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_last_committed_change_is_judged(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repository, "1.1.0", name_may_be_null=True)
    git(repository, "commit", "-q", "-am", "name may be null")
    git(repository, "commit", "-q", "--allow-empty", "-m", "a later commit that leaves the document alone")
    assert main([str(SPEC)]) == 1
    out = capsys.readouterr().out
    assert "compared with 1.0.0 at" in out
    assert "the version before" in out
    assert "- schema Thing in responses, name: it may now be null" in out
    assert "error: 1 breaking change need a new major version: set info.version to 2.0.0, not 1.1.0" in out


def test_uncommitted_changes_are_judged_against_the_committed_document(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repository, "2.0.0", name_may_be_null=True)
    assert main([str(SPEC)]) == 0
    out = capsys.readouterr().out
    assert "compared with 1.0.0 at HEAD (the committed version; this copy has uncommitted changes)" in out
    assert out.rstrip().endswith("ok: 2.0.0 follows 1.0.0 as these changes require")


def test_a_document_with_one_version_or_no_history_is_not_judged(
    repository: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(SPEC)]) == 0
    assert "has had one version only; the version rule is not checked" in capsys.readouterr().out
    elsewhere = tmp_path_factory.mktemp("not-a-checkout")
    (elsewhere / SPEC).parent.mkdir()
    write(elsewhere, "1.0.0")
    assert run_module("spec_changes", elsewhere / SPEC).returncode == 0  # from the repository: a path outside it


def test_a_base_given_by_name_is_used_and_an_unknown_one_is_named(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repository, "tag", "v1")
    write(repository, "1.0.1")
    git(repository, "commit", "-q", "-am", "patch")
    assert main([str(SPEC), "--base", "v1"]) == 0
    out = capsys.readouterr().out
    assert "1.0.1, compared with 1.0.0 at v1 (given with --base):" in out
    assert "no change that matters to clients" in out  # only the version changed
    assert main([str(SPEC), "--base", "v2"]) == 2
    assert "cannot read openapi/things.yaml at 'v2'" in capsys.readouterr().err
