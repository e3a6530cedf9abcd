"""`info.x-rate-limit`: the vendor's rate limit, as the document states it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from openapi_document._errors import DocumentError


@dataclass(frozen=True)
class RateLimit:
    """Requests a minute per token, then lock-outs of growing length."""

    requests_per_minute: int
    first_lockout_seconds: int
    lockout_step_seconds: int
    max_lockout_seconds: int

    def lockout_seconds(self, overruns: int) -> int:
        """The lock-out after the `overruns`-th overrun in a row (1, 2, ...)."""
        return min(self.first_lockout_seconds + self.lockout_step_seconds * (overruns - 1), self.max_lockout_seconds)


def rate_limit_of(document: Mapping[str, Any], where: str) -> RateLimit:
    """The document's `info.x-rate-limit`; DocumentError, naming `where`, when it is missing or malformed."""
    raw = (document.get("info") or {}).get("x-rate-limit")
    names = {field.name.replace("_", "-"): field.name for field in fields(RateLimit)}
    if not isinstance(raw, Mapping) or set(raw) != set(names):
        raise DocumentError(f"{where}: info.x-rate-limit must have exactly the keys {', '.join(sorted(names))}")
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise DocumentError(f"{where}: info.x-rate-limit.{key} must be a whole number of at least 1, not {value!r}")
    return RateLimit(**{names[key]: value for key, value in raw.items()})
