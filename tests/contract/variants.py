"""Sandboxes served over HTTP that differ from the reference where the vendor is silent, as a real
server may: runs against them must not fail. Each is a `Deviation`, as the catalogued faults are
(sandbox/faults/deviation.py): it overrides `respond` and hands on to the next class (`super()`),
so that they combine (`PlausibleLiveApi`), also with faults (`with_faults(names, variant)`)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

from sandbox import Response, SandboxConfig
from sandbox.faults import Deviation
from tests.contract.conftest import RecordingSandbox

PAGED = {"listContacts", "searchContacts", "listContactGates"}
JSON = [(b"content-type", b"application/json")]
TOO_MANY = json.dumps({"error": {"code": 429, "message": "Too Many Attempts."}}).encode()
PROXY_PREFIX = "/smartsender"


class LenientSandbox(Deviation):
    """Clamps `limitation` instead of refusing it, pages by 15 when no `limitation` is given, and
    sends the simple view without null variables and with numeric values as numbers."""

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        query = dict(parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True))
        operation_id = self.operation_id(method, path)
        if operation_id in PAGED:
            limitation = query.get("limitation", "15")
            query["limitation"] = str(min(int(limitation), 20)) if limitation.isdigit() else limitation
            query_string = urlencode(query).encode()
        answer = super().respond(method, path, query_string, headers, body)
        if operation_id == "getContactInfo" and answer.status == 200:
            flat = {
                key: (int(value) if isinstance(value, str) and value.isdigit() and key != "phone" else value)
                for key, value in json.loads(answer.body).items()
                if value is not None
            }
            return Response(200, json.dumps(flat).encode(), answer.headers)
        return answer


class LimitedBeforeAuthSandbox(Deviation):
    """Answers 429 to one in `limit_every` requests without an Authorization header, before it
    authenticates them (a limiter keyed by address)."""

    limit_every = 1
    unauthenticated = 0

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        if not any(name == b"authorization" for name, _ in headers):
            self.unauthenticated += 1
            if self.unauthenticated % self.limit_every == 0:
                return Response(429, TOO_MANY, JSON)
        return super().respond(method, path, query_string, headers, body)


class LaggingSandbox(Deviation):
    """Serves the first read of a contact's full and simple views after an update, a delete or a
    merge from before it, as a live API reading from a replica that lags the write."""

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
        for contact in self._written_contacts(method, path):
            for view in (contact, f"{contact}/info"):
                before[view] = super().respond("GET", view, b"", headers, b"")
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status == 200 and all(view.status == 200 for view in before.values()):
            self.stale.update(before)
        return answer

    def _written_contacts(self, method: str, path: str) -> list[str]:
        """The paths of the contacts that an update, a delete or a merge changes."""
        match = self.route(method, path)
        if match is None or match.operation.operation_id not in {"updateContact", "deleteContact", "uniteContacts"}:
            return []
        ids = [
            match.path_parameters[name] for name in ("contactId", "targetContactId") if name in match.path_parameters
        ]
        return [f"/v1/contacts/{contact_id}" for contact_id in ids]


class ProxiedSandbox(Deviation):
    """A sandbox behind a proxy that serves it under PROXY_PREFIX, and nothing else."""

    outside_prefix = 0

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        if not path.startswith(f"{PROXY_PREFIX}/"):
            self.outside_prefix += 1
            return Response(404, b'{"error": {"code": 404, "message": "Not found"}}', JSON)
        return super().respond(method, path.removeprefix(PROXY_PREFIX), query_string, headers, body)


class CoercingSandbox(Deviation):
    """Reads a scalar `name` or `identifier` of any type as text (0 as "0"), as lenient servers do."""

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        try:
            sent = json.loads(body or b"")
        except ValueError:
            sent = None
        if method == "POST" and isinstance(sent, dict):
            for field in ("name", "identifier"):
                if isinstance(sent.get(field), (int, float, bool)):
                    sent[field] = json.dumps(sent[field])
            body = json.dumps(sent).encode()
        return super().respond(method, path, query_string, headers, body)


class UnknownContactAs400Sandbox(Deviation):
    """Answers 400 for a contact that exists nowhere: callers of the live API have seen it."""

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status != 404:
            return answer
        sent = json.loads(answer.body)
        sent["error"]["code"] = 400
        return Response(400, json.dumps(sent).encode(), answer.headers)


class PlausibleLiveApi(
    ProxiedSandbox, LimitedBeforeAuthSandbox, CoercingSandbox, LaggingSandbox, LenientSandbox, RecordingSandbox
):
    """All of the above at once, as one real server might be (recording what reaches the sandbox)."""

    limit_every = 2  # the limiter's window is never empty for long


class EmptyEventNameSandbox(RecordingSandbox):
    """Fires an event with an empty name as if it were named, where the document says a server
    must refuse it: a server a writing run with --strict-validation must fail (records requests)."""

    empty_names = 0

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        try:
            sent = json.loads(body or b"")
        except ValueError:
            sent = None
        if self.operation_id(method, path) == "fireContactEvent" and isinstance(sent, dict) and sent.get("name") == "":
            self.empty_names += 1
            body = json.dumps({**sent, "name": "unnamed"}).encode()
        return super().respond(method, path, query_string, headers, body)
