"""tooling.spec_changes: the document's version follows its changes (semantic versioning), judged against git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.tooling.conftest import run_module
from tests.tooling.test_document_diff import a_document, thing
from tooling.schema_diff import Change
from tooling.spec_changes import Unreadable, Version, main, verdict, version_of

SPEC = Path("openapi/things.yaml")
BREAKING = [Change("GET /things", "", "the operation was removed", breaking=True)]
COMPATIBLE = [Change("GET /things", "", "a new optional parameter", breaking=False)]


@pytest.mark.parametrize(
    ("new", "changes", "problem"),
    [
        ("1.2.3", [], "the document changed but info.version did not increase from 1.2.3: set it to 1.2.4 or higher"),
        ("1.2.2", COMPATIBLE, "did not increase from 1.2.3: set it to 1.3.0 or higher"),
        ("1.3.0", BREAKING, "1 breaking change needs a new major version: set info.version to 2.0.0, not 1.3.0"),
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
    with pytest.raises(Unreadable, match=r"is not MAJOR\.MINOR\.PATCH"):
        version_of({"info": {"version": text}}, "the document")


def git(repository: Path, *args: str, date: str | None = None) -> None:
    """git in `repository`; `date` sets the commit's date (git orders history by it)."""
    dated = {"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else {}
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args],
        cwd=repository,
        env={**os.environ, **dated},
        check=True,
        capture_output=True,
    )


def commit(repository: Path, message: str, *, date: str | None = None) -> None:
    git(repository, "commit", "-q", "-am", message, date=date)


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


@pytest.mark.slow
def test_the_last_change_of_version_is_judged(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repository, "1.1.0", name_may_be_null=True)
    commit(repository, "name may be null")
    git(repository, "commit", "-q", "--allow-empty", "-m", "a later commit that leaves the document alone")
    assert main([str(SPEC)]) == 1
    out = capsys.readouterr().out
    assert "1.1.0, compared with 1.0.0 in " in out
    assert "(the previous version; " in out
    assert "- schema Thing in responses, name: it may now be null" in out
    assert "error: 1 breaking change needs a new major version: set info.version to 2.0.0, not 1.1.0" in out


@pytest.mark.slow
def test_a_version_set_by_several_commits_is_judged_as_a_whole(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repository, "1.1.0")
    commit(repository, "the version first")
    write(repository, "1.1.0", name_may_be_null=True)
    assert main([str(SPEC)]) == 1  # uncommitted, then committed: the same finding
    assert "error: the working copy changes the document, but info.version is still 1.1.0, as " in (
        capsys.readouterr().out
    )
    commit(repository, "then the breaking change")
    assert main([str(SPEC)]) == 1
    out = capsys.readouterr().out
    assert "changes the document, but info.version is still 1.1.0, as " in out
    assert out.rstrip().endswith("set it: set it to 2.0.0 or higher")


@pytest.mark.slow
def test_uncommitted_changes_with_a_new_version_are_judged_against_the_previous_one(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repository, "2.0.0", name_may_be_null=True)
    assert main([str(SPEC.resolve())]) == 0  # an absolute path names the same document
    out = capsys.readouterr().out
    assert "2.0.0, compared with 1.0.0 in " in out
    assert "the working copy set 2.0.0" in out
    assert out.rstrip().endswith("ok: 2.0.0 follows 1.0.0 as these changes require")


@pytest.mark.slow
def test_a_document_with_one_version_or_no_history_is_not_judged(
    repository: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(SPEC)]) == 0
    assert "1.0.0: it has had no other version; the change of version is not judged" in capsys.readouterr().out
    elsewhere = tmp_path_factory.mktemp("not-a-checkout")
    (elsewhere / SPEC).parent.mkdir()
    write(elsewhere, "1.0.0")
    checked = run_module("spec_changes", elsewhere / SPEC)
    assert checked.returncode == 0
    assert "is in no git checkout" in checked.stdout


@pytest.mark.slow
def test_a_document_added_or_renamed_after_the_first_commit_starts_its_history_there(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repository, "mv", str(SPEC), "openapi/renamed.yaml")
    commit(repository, "renamed")
    assert main(["openapi/renamed.yaml"]) == 0
    assert "it has had no other version" in capsys.readouterr().out


@pytest.mark.slow
def test_a_base_given_by_name_is_used_and_an_unknown_one_is_named(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repository, "tag", "v1")
    write(repository, "1.0.1")
    commit(repository, "patch")
    assert main([str(SPEC), "--base", "v1"]) == 0
    out = capsys.readouterr().out
    assert "1.0.1, compared with 1.0.0 in v1 (--base):" in out
    assert "no change that matters to clients" in out  # only the version changed
    assert main([str(SPEC), "--base", "v2"]) == 2
    assert "cannot read openapi/things.yaml at 'v2'" in capsys.readouterr().err


@pytest.mark.slow
def test_an_unreadable_document_is_an_error_not_a_verdict(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / SPEC).write_text("info: [unclosed")
    assert main([str(SPEC)]) == 2
    assert "cannot read the OpenAPI document openapi/things.yaml: " in capsys.readouterr().err
    assert main(["openapi/missing.yaml"]) == 2
    assert "openapi/missing.yaml is not a file" in capsys.readouterr().err


@pytest.mark.slow
def test_a_change_without_a_new_version_is_not_forgiven_by_a_later_one(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repository, "1.1.0")
    commit(repository, "1.1.0")
    write(repository, "1.1.0", name_may_be_null=True)
    commit(repository, "a breaking change without a new version")
    write(repository, "1.1.1", name_may_be_null=True)
    commit(repository, "a patch version on top")
    assert main([str(SPEC)]) == 1
    out = capsys.readouterr().out
    assert "1.1.1, compared with 1.1.0 in " in out  # the commit that set 1.1.0, before the change
    assert "error: 1 breaking change needs a new major version: set info.version to 2.0.0, not 1.1.1" in out


@pytest.mark.slow
def test_a_merge_is_one_change_of_the_branch_it_lands_on(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """main sets 1.1.0; a branch, committed later, removes a property without a new version; the
    merge calls it all 1.2.0. Judged by date, the branch's commit would be the previous version."""
    write(repository, "1.1.0")
    document = yaml.safe_load((repository / SPEC).read_text())
    document["paths"]["/things"] = {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok"}}}}
    (repository / SPEC).write_text(yaml.safe_dump(document))
    commit(repository, "main: a new operation, 1.1.0", date="2026-01-02T00:00:00")
    git(repository, "checkout", "-q", "-b", "feature", "HEAD~1")
    document = yaml.safe_load((repository / SPEC).read_text())
    del thing(document)["properties"]["parts"]  # breaking, left for the merge to version
    (repository / SPEC).write_text(yaml.safe_dump(document))
    commit(repository, "feature: parts removed", date="2026-01-03T00:00:00")
    git(repository, "checkout", "-q", "-")
    git(repository, "merge", "-q", "--no-ff", "--no-commit", "feature")
    merged = yaml.safe_load((repository / SPEC).read_text())
    merged["info"]["version"] = "1.2.0"
    (repository / SPEC).write_text(yaml.safe_dump(merged))
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "merge feature as 1.2.0", date="2026-01-04T00:00:00")
    assert main([str(SPEC)]) == 1
    out = capsys.readouterr().out
    assert "1.2.0, compared with 1.1.0 in " in out  # main's previous version, not the branch's commit
    assert "parts: the property was removed" in out
    assert "set info.version to 2.0.0, not 1.2.0" in out


@pytest.mark.slow
def test_a_commit_whose_document_cannot_be_read_is_passed_over(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / SPEC).write_text("info: [unclosed")
    commit(repository, "broken")
    write(repository, "1.0.0", name_may_be_null=True)
    commit(repository, "repaired, with a breaking change and no new version")
    assert main([str(SPEC)]) == 1
    assert "changes the document, but info.version is still 1.0.0" in capsys.readouterr().out
