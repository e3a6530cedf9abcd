"""Compares the OpenAPI document with an earlier version of it and checks that info.version follows.

Usage: python -m tooling.spec_changes openapi/smartsender-contacts.yaml [--base REV]

Without --base, the earlier version is the committed one when the file has uncommitted changes,
and otherwise the one before the last commit that changed it: so on a clean checkout it judges
the latest change of the document. With --base it compares with the document at REV (a commit,
branch or tag: `--base origin/main` before a merge).

The version rule (semantic versioning; the generated client carries the same version):
any change to the document needs a higher info.version, and a change that breaks clients (see
tooling/document_diff) a higher major version. Exit status 0 when the rule holds or there is
nothing to compare with, 1 when it is broken, 2 when a version cannot be read.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from tooling.document_diff import Change, compare

_SEMANTIC_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


class Version(NamedTuple):
    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


class Base(NamedTuple):
    revision: str
    why: str  # how the revision was chosen, for the report


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def default_base(spec: Path) -> Base | str:
    """The revision to compare with, or why there is none."""
    if _git("rev-parse", "--is-inside-work-tree").returncode != 0:
        return "not a git checkout, so there is no earlier version to compare with"
    if _git("cat-file", "-e", f"HEAD:./{spec}").returncode != 0:
        return f"{spec} has no committed version yet"
    if _git("diff", "--quiet", "HEAD", "--", str(spec)).returncode != 0:
        return Base("HEAD", "the committed version; this copy has uncommitted changes")
    last = _git("log", "-n1", "--format=%h", "--", str(spec)).stdout.strip()
    if _git("rev-parse", "--verify", "--quiet", f"{last}^").returncode != 0:
        if _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
            return "this clone is shallow: `git fetch --unshallow` gives it the history to compare with"
        return f"{spec} has had one version only"
    return Base(f"{last}^", f"the version before {last}, the last commit that changed it")


def read_at(revision: str, spec: Path) -> Any:
    shown = _git("show", f"{revision}:./{spec}")
    if shown.returncode != 0:
        raise SystemExit(f"cannot read {spec} at {revision!r}: {' '.join(shown.stderr.split())}")
    return yaml.safe_load(shown.stdout)


def version_of(document: Any, where: str) -> Version:
    info = document.get("info") if isinstance(document, Mapping) else None
    text = str(info.get("version")) if isinstance(info, Mapping) else ""
    match = _SEMANTIC_VERSION.fullmatch(text)
    if match is None:
        raise SystemExit(f"info.version {text!r} of {where} is not MAJOR.MINOR.PATCH (semantic versioning)")
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
        plural = "s" if breaking > 1 else ""
        return f"{breaking} breaking change{plural} need a new major version: set info.version to {wanted}, not {new}"
    return None


def report(spec: Path, base: Base) -> tuple[str, bool]:
    """The report on `spec` against its version at `base`, and whether the version rule holds."""
    old_document = read_at(base.revision, spec)
    new_document = yaml.safe_load(spec.read_text())
    new_version = version_of(new_document, str(spec))
    if old_document == new_document:
        return f"{spec} {new_version}: no change since {base.revision} ({base.why})", True
    old_version = version_of(old_document, f"{spec} at {base.revision}")
    changes = compare(old_document, new_document)
    lines = [f"{spec} {new_version}, compared with {old_version} at {base.revision} ({base.why}):"]
    for breaking, title in ((True, "breaking"), (False, "compatible")):
        listed = [change for change in changes if change.breaking is breaking]
        if listed:
            lines.append(f"  {len(listed)} {title} change{'s' if len(listed) > 1 else ''}:")
            lines.extend(f"    - {change}" for change in listed)
    if not changes:
        lines.append("  no change that matters to clients (descriptions, examples or extensions only)")
    problem = verdict(old_version, new_version, changes)
    lines.append(
        f"error: {problem}" if problem else f"ok: {new_version} follows {old_version} as these changes require"
    )
    return "\n".join(lines), problem is None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.spec_changes", description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="the OpenAPI document, relative to the repository root")
    parser.add_argument("--base", metavar="REV", help="compare with the document at this git revision")
    args = parser.parse_args(argv)
    base = Base(args.base, "given with --base") if args.base else default_base(args.spec)
    if isinstance(base, str):
        print(f"{args.spec}: {base}; the version rule is not checked")
        return 0
    try:
        text, holds = report(args.spec, base)
    except SystemExit as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(text)
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
