"""Settings shared by every test of the repository, and the fast tier's rule.

`scripts/test --fast` runs every test not marked `slow` (those start processes or serve on a
socket). So that the fast tier stays fast as tests are added, it runs with SMARTSENDER_FAST_TESTS=1,
and then a test that starts a process or listens on a socket without the mark fails, saying so.
"""

from __future__ import annotations

import _posixsubprocess
import contextlib
import os
import socket
import subprocess
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from hypothesis import settings

# No example database: property tests leave no .hypothesis/ folder behind in the working tree.
settings.register_profile("repository", database=None)
settings.load_profile("repository")

FAST_TIER = os.environ.get("SMARTSENDER_FAST_TESTS") == "1"


class SlowTestInFastTier(Exception):
    """A test of the fast tier started a process or listened on a socket."""


def _refuse(what: str) -> Any:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise SlowTestInFastTier(
            f"this test {what}: mark it @pytest.mark.slow (scripts/test --fast runs only tests that do neither)"
        )

    return refused


# Every way the standard library starts a process: subprocess (and asyncio's subprocesses), the
# fork_exec under it and multiprocessing's spawn, os.system, fork (multiprocessing's fork, os.spawn*)
# and posix_spawn.
_PROCESS_STARTERS = (
    (subprocess.Popen, "__init__"),
    (_posixsubprocess, "fork_exec"),
    (os, "system"),
    (os, "fork"),
    (os, "posix_spawn"),
    (os, "posix_spawnp"),
)


@contextlib.contextmanager
def no_processes_nor_serving() -> Iterator[None]:
    """For the block, starting a process or listening on a socket raises SlowTestInFastTier."""
    with contextlib.ExitStack() as stack:
        for owner, name in _PROCESS_STARTERS:
            stack.enter_context(mock.patch.object(owner, name, _refuse("starts a process")))
        stack.enter_context(mock.patch.object(socket.socket, "listen", _refuse("listens on a socket (serves)")))
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """In the fast tier, a test without the `slow` mark may neither start a process nor serve:
    from the set-up of its fixtures (a module's server too) to their teardown."""
    if not FAST_TIER or item.get_closest_marker("slow") is not None:
        return (yield)
    with no_processes_nor_serving():
        return (yield)
