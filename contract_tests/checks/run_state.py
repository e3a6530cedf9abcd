"""What the checks know of the run they check, kept with the run itself: its inputs (the document,
a contact of another project, whether the target is a live server) and its memos.

A run's state goes with its schemathesis schema, which every case of the run carries
(`case.operation.schema`, or a clone of it sharing its parsed document): two runs in one process
never share a memo, and a run's state is dropped when the run ends (`detach`), so no later run
inherits it. The pytest suite attaches the state it built from its settings (`attach`); under plain
`schemathesis run` the first check of a run builds one from the environment (contract_tests.settings'
table names the variables).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import openapi_document
from contract_tests.follow_up import ApiCase
from contract_tests.settings import BY_NAME, read_text

T = TypeVar("T")
# A live API may serve reads from a cache or a replica that lags a write by a moment: a check that
# finds a write missing there reads again after these pauses (seconds) before it reports it.
LIVE_READ_AGAIN_AFTER = (0.5, 1.0, 1.5)
_lock = threading.Lock()
# id of a run's parsed document -> (that document, kept so that its id is not reused; the run's state)
_states: dict[int, tuple[Any, RunState]] = {}


@dataclass
class RunState:
    document: openapi_document.Document
    foreign_contact_id: int | None = None
    foreign_tag_id: int | None = None  # a tag of another project's catalogue (known on the embedded sandbox)
    foreign_funnel_key: str | None = None  # the serviceKey of a funnel of another project
    live: bool = False  # a server other than the embedded sandbox
    strict_validation: bool = True  # whether accepting a request that breaks the document is a failure
    inconclusive: int = 0  # checks that could not decide: the target answered 429 to what they sent
    merge_snapshots: dict[str, Any] = field(default_factory=dict)  # case id -> merge.MergeSnapshot
    # Told of every judgement of a semantic check: (case, check name, the rules it judged). The run's
    # rule coverage listens (contract_tests.suite.rule_coverage); None under plain `schemathesis run`.
    on_judged: Callable[[ApiCase, str, frozenset[str]], None] | None = None
    # For a write that was sent (method, URL, body, Content-Type): what the document refuses in it,
    # when the write guard let its pinned value through for that reason (contract_tests.suite.safety).
    let_through: Callable[[str, str, object, str | None], str | None] | None = None
    _done_once: set[tuple[Any, ...]] = field(default_factory=set)
    _done_in_run: set[tuple[Any, ...]] = field(default_factory=set)
    _cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def first_time(self, *key: Any) -> bool:
        """True the first time a key is seen since the last `forget` (bounds the cost of expensive checks)."""
        with self._lock:
            if key in self._done_once:
                return False
            self._done_once.add(key)
            return True

    def first_time_in_run(self, *key: Any) -> bool:
        """True the first time a key is seen in the run (for what the target's data does not change:
        the answer to an id that exists nowhere, say)."""
        with self._lock:
            if key in self._done_in_run:
                return False
            self._done_in_run.add(key)
            return True

    def cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """What `compute()` gives, computed once per run for `key` (facts of the run's document)."""
        with self._lock:
            if key in self._cache:
                found: T = self._cache[key]
                return found
        value = compute()
        with self._lock:
            self._cache.setdefault(key, value)
        return value

    def settled(
        self, read: Callable[[], T], is_settled: Callable[[T], bool], first: Callable[[], T] | None = None
    ) -> T:
        """What `read()` gives (`first()` the first time, when given), read again on live targets
        after each pause while it is not settled."""
        result = (first or read)()
        for pause in LIVE_READ_AGAIN_AFTER if self.live else ():
            if is_settled(result):
                break
            time.sleep(pause)
            result = read()
        return result

    def count_inconclusive(self) -> None:
        with self._lock:
            self.inconclusive += 1

    def forget(self) -> None:
        """Forgets the memos, as the embedded sandbox starts afresh (the counts stay)."""
        with self._lock:
            self._done_once.clear()
            self.merge_snapshots.clear()


def attach(schema: Any, state: RunState) -> None:
    """Makes `state` the state of the run whose schemathesis schema is `schema` (and of its clones,
    which schemathesis makes per test: they share the parsed document, which keys the state)."""
    with _lock:
        _states[id(schema.raw_schema)] = (schema.raw_schema, state)


def detach(schema: Any) -> None:
    """Forgets the run of `schema` (at its end)."""
    with _lock:
        _states.pop(id(schema.raw_schema), None)


def state_of(case: ApiCase) -> RunState:
    """The state of the run `case` belongs to."""
    raw = case.operation.schema.raw_schema
    with _lock:
        found = _states.get(id(raw))
        if found is None:  # plain `schemathesis run`: its first check builds the run's state
            found = _states[id(raw)] = (raw, _from_environment(case.operation.schema))
    return found[1]


def _from_environment(schema: Any) -> RunState:
    """The state of a plain `schemathesis run`: its document, and the tenancy check's contact if
    SMARTSENDER_FOREIGN_CONTACT_ID names one."""
    setting = BY_NAME["foreign_contact_id"]
    assert setting.variable is not None
    foreign = read_text(setting, os.environ.get(setting.variable, ""))
    document = openapi_document.index(schema.raw_schema, Path(str(getattr(schema, "location", None) or "<schema>")))
    return RunState(document=document, foreign_contact_id=foreign)
