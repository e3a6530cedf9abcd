"""The fast tier's rule (tests/conftest.py): no way of starting a process or serving slips through."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import socket
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.conftest import SlowTestInFastTier, no_processes_nor_serving


def _asyncio_subprocess() -> None:
    async def start() -> None:
        await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")

    asyncio.run(start())


def _multiprocessing(fork: bool) -> None:
    context = multiprocessing.get_context("fork") if fork else multiprocessing.get_context("spawn")
    process = context.Process(target=print)
    process.start()
    process.join()


@pytest.mark.parametrize(
    "start",
    [
        lambda: subprocess.run(["true"], check=False),
        lambda: os.system("true"),  # noqa: S605 (refused before it starts)
        lambda: os.posix_spawnp("true", ["true"], os.environ),
        lambda: os.spawnlp(os.P_WAIT, "true", "true"),  # noqa: S606
        _asyncio_subprocess,
        lambda: _multiprocessing(fork=True),
        lambda: _multiprocessing(fork=False),
    ],
    ids=["subprocess", "os.system", "posix_spawn", "os.spawn", "asyncio", "multiprocessing-fork",
         "multiprocessing-spawn"],
)  # fmt: skip
def test_a_process_started_in_the_fast_tier_is_refused(start: Callable[[], object]) -> None:
    with no_processes_nor_serving(), pytest.raises(SlowTestInFastTier, match="starts a process"):
        start()


def test_serving_in_the_fast_tier_is_refused() -> None:
    with socket.socket() as listener, no_processes_nor_serving():
        listener.bind(("127.0.0.1", 0))
        with pytest.raises(SlowTestInFastTier, match="listens on a socket"):
            listener.listen()
