"""Random but valid answers parse and paginate: Prism's dynamic mock of the document (`prism mock -d`,
pinned in package.json) answers every operation with data generated from its schemas, anew for
each request: odd ids, nulls, unknown fields, pages that claim millions of pages. Prism also checks
that every request the client sends is valid against the document. Prism starts once for the module.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from smartsender_client import AuthenticatedClient
from smartsender_client.api.contacts import get_contact, list_contact_gates, list_contacts, search_contacts

from openapi_document import DEFAULT_SPEC_PATH
from sandbox.testing import free_port
from tests.client.support import TIMEOUT, operation_ids, operations

pytestmark = pytest.mark.slow  # every test here starts a process or a server

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
ROUNDS = 4  # answers per operation: each is drawn anew
PAGES = 4  # pages walked per paged list (Prism's cursor.pages is usually huge)


@pytest.fixture(scope="module")
def prism() -> Iterator[str]:
    if not PRISM.exists():
        raise RuntimeError(f"Prism is not installed at {PRISM}: run `npm ci` (scripts/test does it)")
    port = free_port()
    command = [str(PRISM), "mock", "--dynamic", "--host", "127.0.0.1", "--port", str(port), str(DEFAULT_SPEC_PATH)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Prism did not start: {process.stderr.read() if process.stderr else ''}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def prism_client(base_url: str, on_response: Callable[[httpx.Response], None] | None = None) -> AuthenticatedClient:
    """A client with the package's defaults; `on_response` sees every answer (sync calls)."""
    client = AuthenticatedClient(base_url=base_url, token="any-token", timeout=TIMEOUT)
    if on_response is not None:
        hooks = {"response": [on_response]}
        client.set_httpx_client(
            httpx.Client(
                base_url=base_url, headers={"Authorization": "Bearer any-token"}, timeout=TIMEOUT, event_hooks=hooks
            )
        )
    return client


@pytest.mark.parametrize("operation", operations(), ids=operation_ids(operations()))
def test_random_answers_of_every_operation_parse_into_its_model(prism: str, operation: Any) -> None:
    with prism_client(prism) as client:
        for _ in range(ROUNDS):
            answer = operation.sync_detailed(client)
            assert answer.status_code in (200, 201), answer.content[:500]
            # Every field is kept: the model writes back exactly the JSON it was read from.
            assert answer.parsed.to_dict() == json.loads(answer.content)
            assert operation.call(client) is not None


@pytest.mark.anyio
async def test_random_answers_parse_through_acall(prism: str) -> None:
    async with prism_client(prism) as client:
        contact = await get_contact.acall(1001, client=client)
    assert isinstance(contact.id, int)


class Enough(Exception):
    """Raised by the answer hook once enough pages were walked: the cursor may never end."""


PAGED: list[tuple[str, Callable[[AuthenticatedClient], Iterator[Any]]]] = [
    ("list_contacts", lambda client: list_contacts.iter_all(client=client, limitation=5)),
    ("search_contacts", lambda client: search_contacts.iter_all(client=client, term="olena")),
    ("list_contact_gates", lambda client: list_contact_gates.iter_all(1001, client=client)),
]


@pytest.mark.parametrize(("name", "walk"), PAGED, ids=[name for name, _ in PAGED])
def test_iter_all_follows_whatever_cursor_random_answers_give(
    prism: str, name: str, walk: Callable[[AuthenticatedClient], Iterator[Any]]
) -> None:
    answers: list[tuple[int, dict[str, Any]]] = []

    def record(response: httpx.Response) -> None:
        response.read()
        answers.append((int(response.request.url.params["page"]), response.json()))
        if len(answers) > PAGES:
            raise Enough

    items: list[Any] = []
    with prism_client(prism, record) as client:
        try:
            for item in walk(client):
                items.append(item)
        except Enough:
            pass
    assert [page for page, _ in answers] == list(range(1, len(answers) + 1)), name  # 1, 2, 3, ...
    walked = answers if len(answers) <= PAGES else answers[:PAGES]  # the last one raised before it was read
    assert [item.to_dict() for item in items] == [entry for _, body in walked for entry in body["collection"]]
    for page, body in walked[:-1]:
        assert page < body["cursor"]["pages"], "a page that said it was the last did not end the walk"
    if len(answers) <= PAGES:  # the walk ended by itself: at the page whose number reached cursor.pages
        assert answers[-1][0] >= answers[-1][1]["cursor"]["pages"]
