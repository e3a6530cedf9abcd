"""A live API may differ from the sandbox wherever the vendor is silent; such a difference must not
fail a run. The variant here is the sandbox made lenient in documented-silent ways at once."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from sandbox import Response, SandboxConfig
from sandbox.testing import running_sandbox
from tests.contract.conftest import SMALL_RUN, RecordingSandbox, run_conform

LISTS = {"/v1/contacts", "/v1/contacts/search"}


class LenientSandbox(RecordingSandbox):
    """Clamps `limitation` instead of refusing it, pages by 15 when no `limitation` is given, and
    sends the simple view without null variables and with numeric values as numbers."""

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
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
