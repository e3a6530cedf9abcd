"""The generated client's version, and the rule that it changes whenever the client does.

    python -m tooling.client_version openapi/smartsender-contacts.yaml             prints it (scripts/generate)
    python -m tooling.client_version --check [--base REV]                          judges it (scripts/spec-changes)

The version is the document's info.version with the client's own revision as a fourth number, from
scripts/python-client-version.yaml: 2.0.0.1 is revision 1 of the client for version 2.0.0 of the
document (PEP 440 orders it after 2.0.0 and before 2.0.1). The document's version moves with the API
(scripts/spec-changes holds it to semantic versioning); the revision moves with everything else that
shapes the client: our templates, the generator's configuration, the pinned generator and formatter.

The rule (--check): generated/python never changes without a new, higher version. Without --base the
history of the current branch (first parents) is read: once a commit has set the client's version,
no later commit, nor the working copy, may change generated/python under the same version, and each
version is higher than the one before. With --base REV, generated/python as it is now is compared
with generated/python at REV. scripts/generate --check (the drift check) makes sure generated/python
is what the document and the templates give, so a template change cannot skip this rule.

Exit status 0 when the rule holds or there is nothing to compare with, 1 when it is broken, 2 when a
version cannot be read.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from tooling.spec_changes import Repository, Unreadable
from tooling.spec_version import spec_version

ROOT = Path(__file__).resolve().parents[1]
REVISION_FILE = ROOT / "scripts" / "python-client-version.yaml"
CLIENT = ROOT / "generated" / "python"
_VERSION = re.compile(r"\d+(\.\d+)*")


def revision(path: Path = REVISION_FILE) -> int:
    """The client's revision under the document's version (a whole number, 0 or more)."""
    try:
        loaded = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise SystemExit(f"cannot read {path}: {' '.join(str(error).split())}") from None
    value = loaded.get("revision") if isinstance(loaded, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SystemExit(f"{path}: revision must be a whole number, 0 or more, not {value!r}")
    return value


def client_version(spec: Path, revision_file: Path = REVISION_FILE) -> str:
    return f"{spec_version(spec)}.{revision(revision_file)}"


def parse(text: str, where: str) -> tuple[int, ...]:
    if not _VERSION.fullmatch(text):
        raise Unreadable(f"the client version {text!r} of {where} is not a release number such as 2.0.0.1")
    return tuple(int(part) for part in text.split("."))


def higher(new: str, old: str) -> bool:
    """PEP 440 order of plain release numbers: missing places count as 0 (2.0.0 == 2.0.0.0)."""
    first, second = parse(new, "the newer client"), parse(old, "the older client")
    width = max(len(first), len(second))
    return first + (0,) * (width - len(first)) > second + (0,) * (width - len(second))


@dataclass(frozen=True)
class Snapshot:
    """generated/python as one commit (or the working copy) has it."""

    name: str  # "the working copy" or an abbreviated commit
    revision: str | None  # the commit; None for the working copy
    version: str


class History:
    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.path = repository.path

    def version_at(self, commit: str) -> str:
        shown = self.repository.git("show", f"{commit}:{self.path}/pyproject.toml")
        if shown.returncode != 0:
            raise Unreadable(f"{self.path}/pyproject.toml cannot be read at {commit}")
        return self._version(shown.stdout, f"{self.path}/pyproject.toml at {commit}")

    def working_version(self) -> str:
        pyproject = self.repository.root / self.path / "pyproject.toml"
        try:
            text = pyproject.read_text()
        except OSError as error:
            raise Unreadable(f"cannot read {pyproject}: {error.strerror}") from None
        return self._version(text, str(pyproject))

    def _version(self, text: str, where: str) -> str:
        try:
            version = tomllib.loads(text)["project"]["version"]
        except (tomllib.TOMLDecodeError, KeyError, TypeError):
            raise Unreadable(f"{where} has no project.version") from None
        parse(str(version), where)
        return str(version)

    def working_copy_differs_from(self, commit: str) -> bool:
        changed = self.repository.git("diff", "--quiet", commit, "--", self.path).returncode != 0
        untracked = self.repository.git("ls-files", "--others", "--exclude-standard", "--", self.path).stdout.strip()
        return changed or bool(untracked)

    def same_tree(self, first: Snapshot, second: Snapshot) -> bool:
        if first.revision is None or second.revision is None:
            commit = second.revision if first.revision is None else first.revision
            return commit is not None and not self.working_copy_differs_from(commit)
        trees = [self.repository.git("rev-parse", f"{snapshot.revision}:{self.path}").stdout.strip()
                 for snapshot in (first, second)]  # fmt: skip
        return trees[0] == trees[1]

    def snapshots(self) -> list[Snapshot]:
        """Newest first: the working copy when it differs from the last commit, then each commit of the
        branch that changed generated/python (first parents) whose version can be read."""
        commits = self.repository.git("log", "--first-parent", "--format=%h", "--", self.path).stdout.split()
        found = []
        if not commits or self.working_copy_differs_from("HEAD"):
            found.append(Snapshot("the working copy", None, self.working_version()))
        for commit in commits:
            try:
                found.append(Snapshot(commit, commit, self.version_at(commit)))
            except Unreadable:
                continue
        return found


ADVICE = (
    "raise `revision` in scripts/python-client-version.yaml (or the document's info.version) and run scripts/generate"
)


def judge_history(history: History) -> tuple[list[str], str | None]:
    snapshots = history.snapshots()
    newest = snapshots[0]
    run = [snapshots[0]]
    for snapshot in snapshots[1:]:
        if snapshot.version != newest.version:
            break
        run.append(snapshot)
    introduced = run[-1]  # the commit that set the newest version
    later = [snapshot for snapshot in reversed(run[:-1]) if not history.same_tree(snapshot, introduced)]
    if later:
        return [f"{history.path} {newest.version}, set by {introduced.name}"], (
            f"{later[0].name} changes {history.path}, but the client's version is still {newest.version}, "
            f"as {introduced.name} set it: {ADVICE}"
        )
    older = snapshots[len(run)] if len(snapshots) > len(run) else None
    if older is None:
        return [
            f"{history.path} {newest.version}: it has had no other version; the change of version is not judged"
        ], None
    lines = [f"{history.path} {newest.version} ({introduced.name}), after {older.version} ({older.name})"]
    if not higher(newest.version, older.version):
        return lines, f"the client's version went from {older.version} to {newest.version}: it must only go up"
    return lines, None


def judge_base(history: History, base: str) -> tuple[list[str], str | None]:
    old = history.version_at(base)
    now = history.working_version()
    if not history.working_copy_differs_from(base):
        return [f"{history.path} {now}: no change since {base}"], None
    lines = [f"{history.path} {now}, compared with {old} in {base} (--base)"]
    if not higher(now, old):
        return lines, f"{history.path} changed since {base}, but its version {now} is not higher than {old}: {ADVICE}"
    return lines, None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.client_version", description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, nargs="?", help="the OpenAPI document, whose client version to print")
    parser.add_argument("--check", action="store_true", help="judge the rule for generated/python instead")
    parser.add_argument("--base", metavar="REV", help="with --check: compare with generated/python at this revision")
    args = parser.parse_args(argv)
    if not args.check:
        if args.spec is None:
            parser.error("give the document (to print the client's version) or --check")
        print(client_version(args.spec))
        return 0
    return check(CLIENT, args.base)


def check(client: Path, base: str | None = None) -> int:
    """Judges the rule for the client folder `client`, prints the verdict, returns the exit status."""
    repository = Repository.of(client)
    if repository is None:
        print(f"{client} is in no git checkout; the client version rule is not checked")
        return 0
    try:
        lines, problem = judge_base(History(repository), base) if base else judge_history(History(repository))
    except Unreadable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    print(f"error: {problem}" if problem else "ok: the client's version changes with the client")
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main())
