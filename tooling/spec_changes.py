"""Compares the OpenAPI document with its previous version and checks that info.version follows.

Usage: python -m tooling.spec_changes openapi/smartsender-contacts.yaml [--base REV]

The version rule (semantic versioning; the generated client carries the same version): a new
version of the document has a higher info.version than the previous one, with a higher major
number when a change breaks clients (see tooling/document_diff); and once a commit has set a
version, no later commit (nor the working copy) changes the document without raising it again.

Without --base, the previous version is found in the history of the current branch (first
parents): the document as the commit that set the version before the current one had it. The
document as the commit that set the current version had it is judged against that, so everything
between the two counts; a later change must raise the version again. Two versions set by commits
that reach CI together are judged on the latter only; on a branch, `--base "$(git merge-base HEAD
origin/main)"` judges everything since the branch left main as one change of version.

Exit status 0 when the rule holds or there is nothing to compare with, 1 when it is broken, 2 when
a version cannot be read (no document at REV, a file that is not a YAML mapping, an info.version that is
not MAJOR.MINOR.PATCH).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import openapi_document
from tooling.document_diff import compare
from tooling.schema_diff import Change

_SEMANTIC_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


class Version(NamedTuple):
    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class Snapshot:
    """The document as one commit (or the working copy) has it."""

    name: str  # "the working copy" or an abbreviated commit
    document: Any

    @property
    def version(self) -> Version:
        return version_of(self.document, f"the document in {self.name}")


@dataclass
class Report:
    lines: list[str]
    problem: str | None = None  # what breaks the rule
    holds: str = "the version follows the changes"  # what the last line says when nothing does


class Unreadable(Exception):
    """A version of the document cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Repository:
    """The git checkout that holds the document, and the document's path in it."""

    root: Path
    path: str  # from the root, as git names it

    @classmethod
    def of(cls, spec: Path) -> Repository | None:
        found = _git(spec.resolve().parent, "rev-parse", "--show-toplevel")
        if found.returncode != 0:
            return None
        root = Path(found.stdout.strip()).resolve()
        return cls(root, spec.resolve().relative_to(root).as_posix())

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _git(self.root, *args)

    def read_at(self, revision: str) -> Any:
        shown = self.git("show", f"{revision}:{self.path}")
        if shown.returncode != 0:
            raise Unreadable(f"cannot read {self.path} at {revision!r}: {' '.join(shown.stderr.split())}")
        return _load(shown.stdout, f"{self.path} at {revision}")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)


def _load(text: str, where: str) -> Any:
    try:
        return openapi_document.parse(text, where)
    except openapi_document.DocumentError as error:
        raise Unreadable(str(error)[:300]) from None


def version_of(document: Any, where: str) -> Version:
    info = document.get("info") if isinstance(document, Mapping) else None
    text = str(info.get("version")) if isinstance(info, Mapping) else ""
    match = _SEMANTIC_VERSION.fullmatch(text)
    if match is None:
        raise Unreadable(f"info.version {text!r} of {where} is not MAJOR.MINOR.PATCH (semantic versioning)")
    return Version(*map(int, match.groups()))


def required_version(old: Version, changes: Sequence[Change]) -> Version:
    """The smallest version the rule accepts after `old` for these changes (documentation only: a patch)."""
    if any(change.breaking for change in changes):
        return Version(old.major + 1, 0, 0)
    if changes:
        return Version(old.major, old.minor + 1, 0)
    return Version(old.major, old.minor, old.patch + 1)


def verdict(old: Version, new: Version, changes: Sequence[Change]) -> str | None:
    """Why `new` does not follow `old` under the version rule, or None when it does."""
    breaking = sum(change.breaking for change in changes)
    wanted = required_version(old, changes)
    if new <= old:
        return f"the document changed but info.version did not increase from {old}: set it to {wanted} or higher"
    if breaking and new.major == old.major:
        counted = "1 breaking change needs" if breaking == 1 else f"{breaking} breaking changes need"
        return f"{counted} a new major version: set info.version to {wanted}, not {new}"
    return None


def history(spec: Path, repository: Repository) -> Iterator[Snapshot]:
    """The document from the newest to the oldest: the working copy when it differs from the last
    commit, then each commit of the current branch that changed the file, first parents only (a
    merge is one change of the branch it lands on); commits whose file cannot be read (deleted, or
    not YAML) are passed over. The history of a renamed file starts with the rename."""
    working = Snapshot("the working copy", _load(spec.read_text(), str(spec)))
    commits = repository.git("log", "--first-parent", "--format=%h", "--", repository.path).stdout.split()
    if not commits or repository.git("diff", "--quiet", "HEAD", "--", repository.path).returncode != 0:
        yield working
    for commit in commits:
        try:
            yield Snapshot(commit, repository.read_at(commit))
        except Unreadable:
            continue


def _runs(snapshots: Iterator[Snapshot], count: int) -> list[list[Snapshot]]:
    """The first `count` runs of snapshots with one version each, newest first."""
    runs: list[list[Snapshot]] = []
    for snapshot in snapshots:
        if runs and snapshot.version == runs[-1][0].version:
            runs[-1].append(snapshot)
        elif len(runs) < count:
            runs.append([snapshot])
        else:
            break
    return runs


def _listing(changes: Sequence[Change]) -> list[str]:
    lines = []
    for breaking, title in ((True, "breaking"), (False, "compatible")):
        listed = [change for change in changes if change.breaking is breaking]
        if listed:
            lines.append(f"  {len(listed)} {title} change{'s' if len(listed) > 1 else ''}:")
            lines.extend(f"    - {change}" for change in listed)
    return lines or ["  no change that matters to clients (descriptions, examples or extensions only)"]


def judge_step(spec: Path, base: Snapshot, newest: Snapshot, why: str) -> Report:
    """The report of one change of version."""
    if base.document == newest.document:
        return Report([f"{spec} {newest.version}: no change since {base.name} ({why})"])
    changes = compare(base.document, newest.document)
    lines = [f"{spec} {newest.version}, compared with {base.version} in {base.name} ({why}):", *_listing(changes)]
    holds = f"{newest.version} follows {base.version} as these changes require"
    return Report(lines, verdict(base.version, newest.version, changes), holds)


def judge_history(spec: Path, repository: Repository) -> Report:
    """The report on the document's last change of version, and on any change after it."""
    runs = _runs(history(spec, repository), 2)
    current, introduced = runs[0][0], runs[0][-1]  # the newest document, and the commit that set its version
    problem = None
    if current.document != introduced.document:
        first = next(later for later in reversed(runs[0][:-1]) if later.document != introduced.document)
        wanted = required_version(current.version, compare(introduced.document, current.document))
        problem = (
            f"{first.name} changes the document, but info.version is still {current.version}, as "
            f"{introduced.name} set it: set it to {wanted} or higher"
        )
    if len(runs) == 1:
        shallow = repository.git("rev-parse", "--is-shallow-repository").stdout.strip() == "true"
        reason = (
            "this clone is shallow: `git fetch --unshallow` gives it the history to compare with"
            if shallow
            else "it has had no other version"
        )
        return Report([f"{spec} {current.version}: {reason}; the change of version is not judged"], problem)
    base = runs[1][-1]  # the commit that set the previous version: later changes under it count too
    step = judge_step(spec, base, introduced, f"the previous version; {introduced.name} set {current.version}")
    step.problem = step.problem or problem
    return step


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/spec-changes", description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="the OpenAPI document")
    parser.add_argument("--base", metavar="REV", help="compare with the document at this git revision")
    args = parser.parse_args(argv)
    if not args.spec.is_file():
        print(f"error: {args.spec} is not a file", file=sys.stderr)
        return 2
    try:
        repository = Repository.of(args.spec)
        if repository is None:
            print(f"{args.spec} is in no git checkout, so it has no earlier version; the version rule is not checked")
            return 0
        if args.base:
            newest = Snapshot("the working copy", _load(args.spec.read_text(), str(args.spec)))
            base = Snapshot(args.base, repository.read_at(args.base))
            report = judge_step(args.spec, base, newest, "--base")
        else:
            report = judge_history(args.spec, repository)
    except (Unreadable, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("\n".join(report.lines))
    print(f"error: {report.problem}" if report.problem else f"ok: {report.holds}")
    return 1 if report.problem else 0


if __name__ == "__main__":
    sys.exit(main())
