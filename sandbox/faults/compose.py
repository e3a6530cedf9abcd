"""A faulty sandbox: the plain one with the chosen faults' deviations around it, marked as faulty."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, TypeVar, overload

from sandbox.app import Response, SandboxApp, SandboxConfig
from sandbox.database import IN_MEMORY, DatabaseError
from sandbox.faults.catalogue import FAULTS, check_fault_names
from sandbox.faults.deviation import Deviation, Headers

AppT = TypeVar("AppT", bound=SandboxApp)
MARKER = b"x-sandbox-faults"


class FaultySandbox(Deviation):
    """Refuses a database file, which would keep the damage after the faults are off, and marks
    every answer with `X-Sandbox-Faults: <the faults' names>`."""

    fault_names: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, config: SandboxConfig | None = None) -> None:
        config = config or SandboxConfig()
        if config.db_path != IN_MEMORY:
            raise DatabaseError(
                f"faults store broken data, which {config.db_path} would keep after they are off; "
                "inject faults into the in-memory database only (drop --db)"
            )
        super().__init__(config)
        self._marker = (MARKER, ",".join(sorted(self.fault_names)).encode())

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        return Response(answer.status, answer.body, [*answer.headers, self._marker])


@overload
def with_faults(names: Iterable[str]) -> type[SandboxApp]: ...
@overload
def with_faults(names: Iterable[str], base: type[AppT]) -> type[AppT]: ...
def with_faults(names: Iterable[str], base: type[SandboxApp] = SandboxApp) -> type[SandboxApp]:
    """The class of a sandbox that breaks the contract in the named ways: `base` (the plain sandbox,
    or another deviation, which then stays outside the faults) with the faults' deviations inside
    it. No names: `base` itself. UnknownFault for a name the catalogue does not have.

        app = with_faults({"auth-ignored"})(SandboxConfig(rate_limit=False))
    """
    chosen = frozenset(names)
    check_fault_names(chosen)
    if not chosen:
        return base
    if (chosen, base) not in _COMPOSED:  # one class per choice: the embedded sandbox makes many apps
        _COMPOSED[chosen, base] = _compose(chosen, base)
    return _COMPOSED[chosen, base]


_COMPOSED: dict[tuple[frozenset[str], type[SandboxApp]], type[SandboxApp]] = {}


def _compose(names: frozenset[str], base: type[SandboxApp]) -> type[SandboxApp]:
    deviations = [fault.deviation for fault in FAULTS.values() if fault.name in names]  # catalogue order
    # A base that the deviations already derive from (SandboxApp) cannot come before them.
    outer = () if issubclass(Deviation, base) else (base,)
    return type(f"Faulty{base.__name__}", (FaultySandbox, *outer, *deviations), {"fault_names": names})
