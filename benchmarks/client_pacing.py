"""scripts/bench-client: a bulk job against the rate limit, with and without the client's pacing.

A job of N reads (GET /v1/contacts/{id}, one after another, over the project's contacts) runs
against `scripts/serve` with its rate limit on, each run on a fresh server:

  (a) the way the README taught before the client paced itself: no pacing, and each 429 answer
      waited out (its Retry-After) and sent again (the package with rate_limit=None and a retry
      budget large enough that every read is done, as a bulk job needs);
  (b) the package's defaults: AuthenticatedClient(base_url=..., token=...).

For each it prints the wall time, the 429 answers, the seconds locked out (from a 429 answer to the
next answer that is not one), the ratio to the ideal time, requests / limit (a minute per `limit`
requests), and the ratio to the fastest a job can end without a 429: a fresh token may send its
first `limit` requests at once and `limit` more each minute after, so 400 reads at 180 a minute
can end after 120 s, before the ideal 133 s (a ratio to the ideal below 1 is expected; a ratio to
the fastest of 1.00 is the best any client can do).
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from smartsender_client import AuthenticatedClient
from smartsender_client.api.contacts import get_contact
from smartsender_client.client import DOCUMENTED_RATE_LIMIT

from benchmarks.servers import serving
from sandbox import SandboxConfig
from sandbox.seed import project_token
from sandbox.testing import free_port

ROOT = Path(__file__).resolve().parents[1]
FIRST_CONTACT = 1001
PROGRESS_SECONDS = 15.0


@dataclass
class Tally:
    """What the answers of one run said, as they came."""

    rate_limited: int = 0
    locked_out: float = 0.0
    _locked_since: float | None = field(default=None, repr=False)

    def answered(self, response: httpx.Response) -> None:
        now = time.monotonic()
        if response.status_code == 429:
            self.rate_limited += 1
            if self._locked_since is None:
                self._locked_since = now
        elif self._locked_since is not None:
            self.locked_out += now - self._locked_since
            self._locked_since = None


@dataclass(frozen=True)
class Result:
    label: str
    seconds: float
    rate_limited: int
    locked_out: float
    ideal: float
    fastest: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.ideal

    @property
    def ratio_to_fastest(self) -> str:
        return f"{self.seconds / self.fastest:.2f}" if self.fastest else "-"


def fastest_without_429(requests: int, limit: int) -> float:
    """Seconds from the first read to the last for a job that never exceeds `limit` a minute."""
    return 60.0 * ((requests - 1) // limit)


def run(
    label: str, requests: int, limit: int, contacts: int, make: Callable[[str, str, Tally], AuthenticatedClient]
) -> Result:
    port = free_port()
    serve = [str(ROOT / "scripts" / "serve"), "--port", str(port), "--rate-limit", str(limit)]
    tally = Tally()
    print(f"\n{label}", flush=True)
    with serving(serve, port):
        client = make(f"http://127.0.0.1:{port}", project_token(SandboxConfig.seed, 1), tally)
        with client:
            started = last_report = time.monotonic()
            for done in range(requests):
                get_contact.call(FIRST_CONTACT + done % contacts, client=client)
                now = time.monotonic()
                if now - last_report >= PROGRESS_SECONDS:
                    print(
                        f"  {done + 1}/{requests} reads after {now - started:.0f} s, {tally.rate_limited} answered 429",
                        flush=True,
                    )
                    last_report = now
            seconds = time.monotonic() - started
    result = Result(
        label, seconds, tally.rate_limited, tally.locked_out, ideal=requests / limit * 60,
        fastest=fastest_without_429(requests, limit),
    )  # fmt: skip
    print(f"  done: {requests} reads in {seconds:.1f} s", flush=True)
    return result


def unpaced(base_url: str, token: str, tally: Tally) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=base_url, token=token, rate_limit=None, max_retries=1_000, max_retry_wait=math.inf,
        httpx_args={"event_hooks": {"response": [tally.answered]}},
    )  # fmt: skip


def _positive(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench-client",
        description=__doc__.split("\n", 1)[0].split(": ", 1)[1],
        epilog="It takes about 5 minutes at the document's limit (400 reads: some 3 minutes unpaced, 2 paced); "
        "fewer --requests or a higher --rate-limit make it shorter.",
    )
    parser.add_argument("--requests", type=_positive, default=400, help="reads per run (default 400)")
    parser.add_argument(
        "--rate-limit",
        type=_positive,
        default=DOCUMENTED_RATE_LIMIT.requests_per_minute,
        metavar="N",
        help=f"the sandbox's requests a minute (default {DOCUMENTED_RATE_LIMIT.requests_per_minute}, the document's); "
        "the paced client is given the same",
    )
    arguments = parser.parse_args(argv)
    requests, limit = arguments.requests, arguments.rate_limit
    logging.basicConfig(level=logging.WARNING, format="  client: %(message)s", stream=sys.stdout)
    logging.getLogger("smartsender_client").setLevel(logging.INFO)  # its waits and retries, not httpx's lines
    contacts = SandboxConfig.contacts_per_project
    print(
        f"{requests} reads (GET /v1/contacts/{{id}}, one after another) against scripts/serve --rate-limit {limit}; "
        f"ideal: {requests} / {limit} a minute = {requests / limit * 60:.1f} s; "
        f"the fastest without a 429: {fastest_without_429(requests, limit):.1f} s",
        flush=True,
    )

    def paced(base_url: str, token: str, tally: Tally) -> AuthenticatedClient:
        """The package's defaults; the rate limit is the default's unless --rate-limit changed it."""
        hooks = {"event_hooks": {"response": [tally.answered]}}
        return AuthenticatedClient(base_url=base_url, token=token, rate_limit=limit, httpx_args=hooks)

    results = [
        run("(a) the README's old way: no pacing, each 429 waited out (Retry-After) and sent again", requests, limit,
            contacts, unpaced),
        run("(b) the package's defaults (paced)", requests, limit, contacts, paced),
    ]  # fmt: skip
    print(f"\n{'':<28}{'wall time':>11}{'429 answers':>13}{'locked out':>12}{'ratio to ideal':>16}{'to fastest':>12}")
    for result, name in zip(results, ("(a) unpaced, retry on 429", "(b) package defaults"), strict=True):
        figures = f"{result.seconds:>9.1f} s{result.rate_limited:>13}{result.locked_out:>10.1f} s{result.ratio:>16.2f}"
        print(f"{name:<28}{figures}{result.ratio_to_fastest:>12}")
    print(f"ideal: {results[0].ideal:.1f} s; the paced run is {results[0].seconds / results[1].seconds:.2f}x as fast")
    return 0


if __name__ == "__main__":
    sys.exit(main())
