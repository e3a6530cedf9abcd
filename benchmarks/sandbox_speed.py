"""scripts/bench-sandbox: the sandbox's throughput and latency next to Prism's, and search latency.

Method (as in the toolchain notes): the server runs on CPU 0 and wrk on CPU 1, 50 connections,
a warm-up and then a measured run, for a read (GET /v1/contacts/1001) and a write
(PUT /v1/contacts/1001). Prism mocks the same document in the same run, so the ratio compares
like with like on this machine. Search latency is measured in-process (routing, auth, validation,
the query and the JSON answer; no HTTP) at 1,000 and at 1,000,000 contacts.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.servers import SERVER_CPU, serving
from benchmarks.wrk import LoadResult, require_wrk, run_wrk
from openapi_document import DEFAULT_SPEC_PATH
from sandbox import SandboxConfig, create_app
from sandbox.seed import project_token
from sandbox.testing import free_port

ROOT = Path(__file__).resolve().parents[1]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
LOAD_CPU = 1
WRITE_BODY = '{"values": {"city": "Lviv"}}'
SEARCH_TERMS = {
    "one contact (e-mail)": "olena.kovalenko@example.com",
    "a surname": "kovalenko",
    "a phone prefix": "+38050",
    "a broad term": "example.com",
    "two letters (no index)": "ol",
}


@dataclass(frozen=True)
class Scenario:
    label: str
    method: str
    path: str
    body: str = ""


SCENARIOS = (Scenario("read  GET /v1/contacts/{id}", "GET", "/v1/contacts/1001"),
             Scenario("write PUT /v1/contacts/{id}", "PUT", "/v1/contacts/1001", WRITE_BODY))  # fmt: skip


def _measure(base_url: str, token: str, arguments: argparse.Namespace) -> dict[str, LoadResult]:
    results = {}
    for scenario in SCENARIOS:
        for seconds in (arguments.warmup, arguments.seconds):  # the first run only warms up
            result = run_wrk(
                base_url + scenario.path,
                token=token,
                seconds=seconds,
                connections=arguments.connections,
                cpu=LOAD_CPU,
                method=scenario.method,
                body=scenario.body,
            )
        print(f"  {scenario.label}: {result.requests_per_second:,.0f} req/s, p50 {result.p50_ms:.2f} ms, "
              f"p99 {result.p99_ms:.2f} ms, {result.failed} failed", flush=True)  # fmt: skip
        results[scenario.label] = result
    return results


def bench_sandbox(arguments: argparse.Namespace) -> dict[str, LoadResult]:
    port = free_port()
    print(f"sandbox (uvicorn, uvloop, httptools; request validation on), CPU {SERVER_CPU}:", flush=True)
    command = [sys.executable, "-m", "sandbox", "--port", str(port), "--no-rate-limit"]
    with serving(command, port, cpu=SERVER_CPU):
        return _measure(f"http://127.0.0.1:{port}", project_token(0, 1), arguments)


def bench_prism(arguments: argparse.Namespace) -> dict[str, LoadResult]:
    if not PRISM.exists():
        raise SystemExit(f"Prism is not installed at {PRISM}: run `npm ci` (scripts/bench-sandbox does it)")
    port = free_port()
    print(f"Prism {_prism_version()} mock (static examples), CPU {SERVER_CPU}:", flush=True)
    command = [str(PRISM), "mock", str(DEFAULT_SPEC_PATH), "--host", "127.0.0.1", "--port", str(port)]
    with serving(command, port, cpu=SERVER_CPU):
        return _measure(f"http://127.0.0.1:{port}", "any-token", arguments)


def _prism_version() -> str:
    return subprocess.run([str(PRISM), "--version"], capture_output=True, text=True, check=False).stdout.strip()


def bench_search(contacts_per_project: int, repetitions: int) -> None:
    total = 2 * contacts_per_project
    started = time.perf_counter()
    print(f"search latency at {total:,} contacts (seeding...)", end="", flush=True)
    app = create_app(SandboxConfig(contacts_per_project=contacts_per_project, rate_limit=False))
    headers = [(b"authorization", f"Bearer {app.projects[0].token}".encode())]
    print(f" seeded in {time.perf_counter() - started:.1f} s, max RSS {_max_rss_mib():,.0f} MiB", flush=True)
    for label, term in SEARCH_TERMS.items():
        timings = []
        for _ in range(repetitions):
            start = time.perf_counter()
            answer = app.respond("GET", "/v1/contacts/search", urlencode({"term": term}).encode(), headers, b"")
            timings.append((time.perf_counter() - start) * 1000)
        pages = answer.json()["cursor"]["pages"]
        p50 = statistics.median(timings)
        p99 = statistics.quantiles(timings, n=100)[98] if len(timings) >= 2 else timings[0]
        print(f"  {label:<24} {term!r:<32} p50 {p50:8.2f} ms  p99 {p99:8.2f} ms  ({pages:,} pages of 20)")


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench-sandbox", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per scenario (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per scenario (default 3)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections (default 50)")
    parser.add_argument("--skip-prism", action="store_true", help="do not measure Prism")
    parser.add_argument("--skip-million", action="store_true", help="measure search at 1,000 contacts only")
    arguments = parser.parse_args(argv)
    require_wrk()

    sandbox = bench_sandbox(arguments)
    if not arguments.skip_prism:
        prism = bench_prism(arguments)
        print("ratio sandbox / Prism (requests per second, same machine, same run):")
        for label, result in sandbox.items():
            print(f"  {label}: {result.requests_per_second / prism[label].requests_per_second:.1f}x")
    bench_search(500, repetitions=200)
    if not arguments.skip_million:
        bench_search(500_000, repetitions=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
