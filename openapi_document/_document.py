"""A document read from its file, indexed, and kept for as long as the file does not change."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from openapi_document._errors import DocumentError
from openapi_document._inventory import rules_of
from openapi_document._location import DEFAULT_SPEC_PATH
from openapi_document._operations import Operation, operations_of
from openapi_document._pointers import resolve
from openapi_document._rate_limit import RateLimit, rate_limit_of
from openapi_document._rules import Rule


@dataclass(frozen=True)
class Document:
    path: Path
    raw: Mapping[str, Any]  # the parsed YAML; treat it as read-only (every reader shares it)
    operations: tuple[Operation, ...] = field(repr=False)

    @property
    def version(self) -> str:
        """`info.version`; DocumentError when the document has none."""
        info = self.raw.get("info")
        version = info.get("version") if isinstance(info, Mapping) else None
        if version is None or isinstance(version, Mapping | list) or str(version) == "":
            raise DocumentError(f"{self.path} has no info.version")
        return str(version)

    @functools.cached_property
    def rate_limit(self) -> RateLimit:
        """`info.x-rate-limit`; DocumentError when the document's is missing or malformed."""
        return rate_limit_of(self.raw, str(self.path))

    @functools.cached_property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule the document states (openapi_document._rules); DocumentError, naming the file,
        for a malformed `x-rules`."""
        try:
            return rules_of(self.raw)
        except DocumentError as error:
            raise DocumentError(f"{self.path}: {error}") from None

    def operation(self, operation_id: str) -> Operation:
        for operation in self.operations:
            if operation.operation_id == operation_id:
                return operation
        raise LookupError(f"{self.path} has no operation {operation_id!r}")

    def schema(self, name: str) -> Mapping[str, Any]:
        """A schema of `components.schemas`, as written."""
        schemas = self.raw.get("components", {}).get("schemas", {})
        if name not in schemas:
            raise LookupError(f"{self.path} has no schema {name!r}")
        found: Mapping[str, Any] = schemas[name]
        return found

    def resolve(self, node: Any) -> Any:
        return resolve(self.raw, node)


def load(path: Path = DEFAULT_SPEC_PATH) -> Document:
    """The document at `path`, read once per version of the file (tests build many sandboxes)."""
    try:
        stat = path.stat()
    except OSError as error:
        raise DocumentError(f"cannot read the OpenAPI document {path}: {error.strerror or error}") from error
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)


def index(raw: Mapping[str, Any], path: Path) -> Document:
    """A document already parsed (by another tool, say), indexed as `load` indexes a file's."""
    return Document(path=path, raw=raw, operations=operations_of(raw))


@functools.lru_cache(maxsize=8)
def _load(path: Path, _mtime_ns: int, _size: int) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(f"cannot read the OpenAPI document {path}: {error}") from error
    raw = parse(text, str(path))
    if not str(raw.get("openapi", "")).startswith("3.0"):
        raise DocumentError(f"{path} is not an OpenAPI 3.0 document (its `openapi` field must be 3.0.x)")
    try:
        return index(raw, path)
    except DocumentError as error:  # the place in the document: say which document too
        raise DocumentError(f"{path}: {error}") from None


def parse(text: str, where: str) -> dict[str, Any]:
    """The YAML (or JSON) text of a document as a mapping; DocumentError, naming `where`, otherwise.
    For texts that are not files (an older version from git, say); `load` reads a file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser, when PyYAML has it
    try:
        loaded = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        raise DocumentError(f"cannot read the OpenAPI document {where}: {' '.join(str(error).split())}") from None
    if not isinstance(loaded, dict):
        raise DocumentError(f"{where} is not an OpenAPI document: it holds no mapping")
    return loaded
