"""What the checks remember during a run: its inputs and the work already done."""

from __future__ import annotations

import threading
from typing import Any


class _Settings:
    """Run-wide inputs of the checks: set by the pytest suite, or read from the environment by
    `contract_tests.hooks` under `schemathesis run`."""

    foreign_contact_id: int | None = None


settings = _Settings()
_lock = threading.Lock()
_done_once: set[tuple[Any, ...]] = set()
merge_snapshots: dict[str, tuple[Any, Any]] = {}


def first_time(*key: Any) -> bool:
    """True the first time a key is seen in this process (bounds the cost of expensive checks)."""
    with _lock:
        if key in _done_once:
            return False
        _done_once.add(key)
        return True


def forget_memos() -> None:
    with _lock:
        _done_once.clear()
        merge_snapshots.clear()
