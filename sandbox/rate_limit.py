"""The vendor's rate limit: 180 requests a minute per token, with escalating lock-outs.

The first request over the limit locks the token out for 60 seconds; each further overrun adds 60
seconds (120, 180, ...), up to 720 seconds. The vendor does not say when the escalation starts
over; here it does after an hour without an overrun. The minute is counted from the first request
of a window, and a window starts afresh when a lock-out ends.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

LIMIT = 180
WINDOW_SECONDS = 60.0
LOCKOUT_STEP_SECONDS = 60.0
MAX_LOCKOUT_SECONDS = 720.0
ESCALATION_RESET_SECONDS = 3600.0


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
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
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
        if state.count >= LIMIT:
            state.overruns += 1
            lockout = min(LOCKOUT_STEP_SECONDS * state.overruns, MAX_LOCKOUT_SECONDS)
            state.locked_until = state.window_start = now + lockout
            state.last_overrun, state.count = now, 0
            return Decision(False, 0, math.ceil(lockout))
        state.count += 1
        return Decision(True, LIMIT - state.count)
