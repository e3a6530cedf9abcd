"""A live API may differ from the sandbox wherever the vendor is silent; such a difference must not
fail a run. The variant here is the sandbox made lenient in documented-silent ways at once."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest

from sandbox import Response, SandboxConfig
from sandbox.testing import running_sandbox
from tests.contract.conftest import SMALL_RUN, RecordingSandbox, run_conform

LISTS = {"/v1/contacts", "/v1/contacts/search"}
TOO_MANY = json.dumps({"error": {"code": 429, "message": "Too Many Attempts."}}).encode()


class LenientSandbox(RecordingSandbox):
    """Clamps `limitation` instead of refusing it, pages by 15 when no `limitation` is given, sends
    the simple view without null variables and with numeric values as numbers, and rate-limits
    requests without the token before it authenticates them (a limiter keyed by address)."""

    unauthenticated = 0

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        if (b"authorization", f"Bearer {self.projects[0].token}".encode()) not in headers:
            self.unauthenticated += 1
            if self.unauthenticated % 2:  # every other one: the limiter's window is never empty for long
                return Response(429, TOO_MANY, [(b"content-type", b"application/json")])
        query = dict(parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True))
        if path in LISTS or (path.endswith("/gates") and method == "GET"):
            limitation = query.get("limitation", "15")
            query["limitation"] = str(min(int(limitation), 20)) if limitation.isdigit() else limitation
            query_string = urlencode(query).encode()
        answer = super().respond(method, path, query_string, headers, body)
        if method == "GET" and path.endswith("/info") and answer.status == 200:
            flat = {
                key: (int(value) if isinstance(value, str) and value.isdigit() and key != "phone" else value)
                for key, value in json.loads(answer.body).items()
                if value is not None
            }
            return Response(200, json.dumps(flat).encode(), answer.headers)
        return answer


def test_a_lenient_server_conforms_and_strict_validation_tells_it_apart(tmp_path: Path) -> None:
    with running_sandbox(app=LenientSandbox(SandboxConfig(rate_limit=False))) as server:
        lenient = run_conform(tmp_path, "--base-url", server.base_url, *SMALL_RUN, token=server.token)
        strict = run_conform(
            tmp_path, "--base-url", server.base_url, "--strict-validation", "-k", "contacts and not valid",
            *SMALL_RUN, token=server.token,
        )  # fmt: skip
    assert lenient.status == 0, lenient.output
    assert "invalid requests are sent but their acceptance is not judged (--strict-validation)" in lenient.output
    assert strict.status == 1, strict.output
    assert "ST201 Schema-violating request accepted" in strict.output, strict.output


class LimitedBeforeAuthSandbox(RecordingSandbox):
    """Answers 429 to every request without an Authorization header, before it authenticates."""

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        if not any(name == b"authorization" for name, _ in headers):
            return Response(429, TOO_MANY, [(b"content-type", b"application/json")])
        return super().respond(method, path, query_string, headers, body)


@pytest.mark.parametrize("sandbox", [RecordingSandbox, LimitedBeforeAuthSandbox])
def test_a_server_that_ignores_the_token_fails_a_live_run(tmp_path: Path, sandbox: type[RecordingSandbox]) -> None:
    """The live-target versions of the authentication checks catch what the built-ins catch, also
    when a request without a token is rate-limited before it could be refused: then a wrong token
    is tried."""
    config = SandboxConfig(rate_limit=False, faults=frozenset({"auth-ignored"}))
    with running_sandbox(app=sandbox(config)) as server:
        run = run_conform(tmp_path, "--base-url", server.base_url, *SMALL_RUN, "-k", "contacts", token=server.token)
    assert run.status == 1, run.output
    assert "Expected 401 or 403, got `200 OK`" in run.output
    if sandbox is LimitedBeforeAuthSandbox:
        assert "(invalid credentials provided)" in run.output


class LaggingSandbox(RecordingSandbox):
    """Serves the first read of a contact's full and simple views after an update from before it,
    as a live API reading from a replica that lags the write."""

    def __init__(self, config: SandboxConfig) -> None:
        super().__init__(config)
        self.stale: dict[str, Response] = {}
        self.stale_reads = 0

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        if method == "GET" and path in self.stale:
            self.stale_reads += 1
            return self.stale.pop(path)
        before = {}
        if method == "PUT":
            for view in (path, f"{path}/info"):
                before[view] = super().respond("GET", view, b"", headers, b"")
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status == 200 and all(view.status == 200 for view in before.values()):
            self.stale.update(before)
        return answer


def test_an_update_read_back_from_a_lagging_replica_is_not_reported(tmp_path: Path) -> None:
    with running_sandbox(app=LaggingSandbox(SandboxConfig(rate_limit=False))) as server:
        run = run_conform(
            tmp_path, "--base-url", server.base_url, "--allow-writes", "--contact-ids", "1003",
            "-k", "test_operation or updateContact", *SMALL_RUN, token=server.token,
        )  # fmt: skip
        assert isinstance(server.app, LaggingSandbox)
        stale_reads = server.app.stale_reads
    assert stale_reads > 2, run.output
    assert run.status == 0, run.output
