"""Starting a server for a benchmark: a subprocess (pinned to one CPU when asked), ready once its
port accepts connections."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

SERVER_CPU = 0  # where the load benchmarks pin their server; the load generator takes the other CPU


def pinned(command: list[str], cpu: int) -> list[str]:
    return ["taskset", "-c", str(cpu), *command] if shutil.which("taskset") else command


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited early with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listened on port {port} after {seconds} s")


@contextmanager
def serving(command: list[str], port: int, *, cpu: int | None = None) -> Iterator[None]:
    """Runs `command` (a server listening on `port` of 127.0.0.1) for the block, then stops it."""
    started = pinned(command, cpu) if cpu is not None else command
    process = subprocess.Popen(started, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)
