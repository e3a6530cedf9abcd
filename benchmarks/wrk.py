"""Runs wrk (the HTTP load generator) and reads its figures from a JSON summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# wrk calls done() once at the end; latencies are in microseconds.
_SUMMARY = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "non2xx": %d, "p50": %d, "p99": %d}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int  # socket errors plus answers outside 2xx/3xx


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is needed for this benchmark: install it with `apt-get install wrk` (Debian/Ubuntu)")
    return path


def run_wrk(
    url: str, *, token: str, seconds: int, connections: int, cpu: int | None, method: str = "GET", body: str = ""
) -> LoadResult:
    script = _SUMMARY
    if method != "GET":
        script = (
            f"wrk.method = {json.dumps(method)}\nwrk.body = {json.dumps(body)}\n"
            'wrk.headers["Content-Type"] = "application/json"\n' + script
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [require_wrk(), "-t1", f"-c{connections}", f"-d{seconds}s", "-s", handle.name]
    command += ["-H", f"Authorization: Bearer {token}", url]
    if cpu is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(cpu), *command]
    try:
        completed = subprocess.run(command, check=False, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        Path(handle.name).unlink()
    if completed.returncode != 0:
        raise SystemExit(f"wrk failed ({completed.returncode}): {completed.stderr.strip() or completed.stdout.strip()}")
    summary = json.loads(completed.stdout.strip().splitlines()[-1])
    return LoadResult(
        requests_per_second=summary["requests"] / summary["seconds"],
        p50_ms=summary["p50"] / 1000,
        p99_ms=summary["p99"] / 1000,
        requests=summary["requests"],
        failed=summary["errors"] + summary["non2xx"],
    )
