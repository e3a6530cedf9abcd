"""The vendor's rate limit, with the figures of the document's `info.x-rate-limit`.

A token may send `requests_per_minute` requests; the first request over the limit locks it out,
and each further overrun locks it out for longer (60, 120, 180, ... s, up to 720 s, in the
document). The vendor does not say when the escalation starts over; here it does after an hour
without an overrun. The minute is counted from the first request of a window, and a window starts
afresh when a lock-out ends.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from openapi_document import RateLimit

WINDOW_SECONDS = 60.0
ESCALATION_RESET_SECONDS = 3600.0  # the sandbox's choice: the vendor is silent


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int  # the value of X-Rate-Limit
    retry_after: int = 0  # seconds, when not allowed


@dataclass
class _TokenState:
    window_start: float
    count: int = 0
    locked_until: float = -math.inf
    overruns: int = 0
    last_overrun: float = -math.inf


class RateLimiter:
    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._states: dict[str, _TokenState] = {}

    def hit(self, token: str) -> Decision:
        now = self._clock()
        state = self._states.get(token)
        if state is None:
            state = self._states[token] = _TokenState(window_start=now)
        if now < state.locked_until:
            return Decision(False, 0, math.ceil(state.locked_until - now))
        if now - state.last_overrun >= ESCALATION_RESET_SECONDS:
            state.overruns = 0
        if now - state.window_start >= WINDOW_SECONDS:
            state.window_start, state.count = now, 0
        if state.count >= self.limit.requests_per_minute:
            state.overruns += 1
            lockout = self.limit.lockout_seconds(state.overruns)
            state.locked_until = state.window_start = now + lockout
            state.last_overrun, state.count = now, 0
            return Decision(False, 0, math.ceil(lockout))
        state.count += 1
        return Decision(True, self.limit.requests_per_minute - state.count)
