"""What the checks remember during a run: its inputs and the work already done."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
# A live API may serve reads from a cache or a replica that lags a write by a moment: a check that
# finds a write missing there reads again after these pauses (seconds) before it reports it.
LIVE_READ_AGAIN_AFTER = (0.5, 1.0, 1.5)


class _Settings:
    """Run-wide inputs of the checks: set by the pytest suite, or read from the environment by
    `contract_tests.hooks` under `schemathesis run`."""

    foreign_contact_id: int | None = None
    live: bool = False  # a server other than the embedded sandbox


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


def settled(read: Callable[[], T], is_settled: Callable[[T], bool], first: Callable[[], T] | None = None) -> T:
    """What `read()` gives (`first()` the first time, when given), read again on live targets after
    each pause while it is not settled."""
    result = (first or read)()
    for pause in LIVE_READ_AGAIN_AFTER if settings.live else ():
        if is_settled(result):
            break
        time.sleep(pause)
        result = read()
    return result


def forget_memos() -> None:
    with _lock:
        _done_once.clear()
        merge_snapshots.clear()
