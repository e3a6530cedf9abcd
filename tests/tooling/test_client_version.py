"""tooling.client_version: the client's version is <info.version>.<revision>, and generated/python never
changes in git (a template change included) without a new, higher one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tooling.conftest import ROOT, run_module
from tests.tooling.test_spec_changes import commit, git
from tooling.client_version import check, client_version, higher, revision
from tooling.spec_version import spec_version

CLIENT = Path("generated/python")


def write_client(repository: Path, version: str, code: str = "VALUE = 1\n") -> None:
    (repository / CLIENT / "pkg").mkdir(parents=True, exist_ok=True)
    (repository / CLIENT / "pyproject.toml").write_text(f'[project]\nname = "c"\nversion = "{version}"\n')
    (repository / CLIENT / "pkg" / "code.py").write_text(code)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository whose first commit holds a client of version 2.0.0.0; other files beside it."""
    git(tmp_path, "init", "-q")
    write_client(tmp_path, "2.0.0.0")
    (tmp_path / "notes.txt").write_text("x\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def verdict(repository: Path, capsys: pytest.CaptureFixture[str], base: str | None = None) -> tuple[int, str]:
    status = check(repository / CLIENT, base)
    return status, capsys.readouterr().out


@pytest.mark.slow
def test_the_version_is_the_documents_with_the_revision_as_a_fourth_number(tmp_path: Path) -> None:
    spec = ROOT / "openapi" / "smartsender-contacts.yaml"
    assert client_version(spec) == f"{spec_version(spec)}.{revision()}"
    assert (ROOT / "generated/python/pyproject.toml").read_text().count(f'version = "{client_version(spec)}"') == 1
    printed = run_module("client_version", "openapi/smartsender-contacts.yaml")
    assert printed.stdout == f"{client_version(spec)}\n"
    for text in ("revision: -1\n", "revision: one\n", "other: 1\n"):
        (tmp_path / "v.yaml").write_text(text)
        with pytest.raises(SystemExit, match="revision must be a whole number, 0 or more"):
            revision(tmp_path / "v.yaml")


def test_plain_release_numbers_are_ordered_as_pep_440_orders_them() -> None:
    assert higher("2.0.0.1", "2.0.0")
    assert higher("2.0.1.0", "2.0.0.7")
    assert higher("2.1.0", "2.0.0.12")
    assert not higher("2.0.0.0", "2.0.0")  # the same release
    assert not higher("2.0.0.1", "2.0.0.2")


@pytest.mark.slow
def test_a_template_change_without_a_new_client_version_fails(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_client(repository, "2.0.0.0", "VALUE = 2\n")  # what a changed template regenerates
    status, out = verdict(repository, capsys)
    assert status == 1
    assert "error: the working copy changes generated/python, but the client's version is still 2.0.0.0" in out
    assert "raise `revision` in scripts/python-client-version.yaml" in out
    commit(repository, "a template change")
    status, out = verdict(repository, capsys)
    assert status == 1  # committed, the same finding, naming the commit
    assert "changes generated/python, but the client's version is still 2.0.0.0, as " in out
    assert "the working copy" not in out


@pytest.mark.slow
def test_a_new_revision_makes_it_pass_and_a_lower_one_fails(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_client(repository, "2.0.0.1", "VALUE = 2\n")
    status, out = verdict(repository, capsys)
    assert status == 0
    assert out.startswith("generated/python 2.0.0.1 (the working copy), after 2.0.0.0 (")
    assert out.endswith("ok: the client's version changes with the client\n")
    commit(repository, "revision 1")
    write_client(repository, "1.9.0.5", "VALUE = 3\n")
    status, out = verdict(repository, capsys)
    assert status == 1
    assert "error: the client's version went from 2.0.0.1 to 1.9.0.5: it must only go up" in out


@pytest.mark.slow
def test_changes_elsewhere_and_an_unchanged_client_pass(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / "notes.txt").write_text("y\n")
    commit(repository, "notes")
    assert verdict(repository, capsys) == (
        0,
        "generated/python 2.0.0.0: it has had no other version; the change of version is not judged\n"
        "ok: the client's version changes with the client\n",
    )


@pytest.mark.slow
def test_an_untracked_new_module_counts_as_a_change(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / CLIENT / "pkg" / "new.py").write_text("NEW = 1\n")
    assert verdict(repository, capsys)[0] == 1


@pytest.mark.slow
def test_against_a_base_everything_since_it_needs_a_higher_version(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_client(repository, "2.0.0.0", "VALUE = 2\n")
    status, out = verdict(repository, capsys, base="HEAD")
    assert status == 1
    assert "generated/python changed since HEAD, but its version 2.0.0.0 is not higher than 2.0.0.0" in out
    write_client(repository, "2.0.0.1", "VALUE = 2\n")
    assert verdict(repository, capsys, base="HEAD")[0] == 0


@pytest.mark.slow
def test_an_unreadable_version_exits_2(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_client(repository, "2.0.0-beta", "VALUE = 2\n")
    assert check(repository / CLIENT) == 2
    assert "is not a release number such as 2.0.0.1" in capsys.readouterr().err
