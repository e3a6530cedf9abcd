"""The token goes out in each request's header and nowhere else a person may read it: not in
repr(client) (a log line, a traceback's locals, a debugger), before or after the client built its
httpx clients."""

from __future__ import annotations

import httpx
import pytest
from smartsender_client import AuthenticatedClient
from smartsender_client.api.contacts import get_contact

from tests.client.support import MOCK_BASE_URL, RAW

TOKEN = "7f3c9a-secret-token-of-the-project"
CONTACT = {"id": 1001, "fullName": "Olena Kovalenko"}


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("prefix", "header", "sent"),
    [("Bearer", "Authorization", f"Bearer {TOKEN}"), ("", "X-Api-Token", TOKEN)],
    ids=["bearer", "bare-token-in-own-header"],
)
async def test_the_token_is_sent_but_never_in_the_clients_repr(prefix: str, header: str, sent: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=CONTACT)

    transport = httpx.MockTransport(handler)
    client = AuthenticatedClient(
        base_url=MOCK_BASE_URL,
        token=TOKEN,
        prefix=prefix,
        auth_header_name=header,
        headers={"X-Trace": "1"},
        httpx_args={"transport": transport},
        **RAW,
    )
    assert TOKEN not in repr(client)
    with client:
        assert get_contact.call(1001, client=client).id == 1001
    async with client:
        assert (await get_contact.acall(1001, client=client)).id == 1001
    assert [request.headers[header] for request in seen] == [sent, sent]
    assert [request.headers["X-Trace"] for request in seen] == ["1", "1"]
    assert TOKEN not in repr(client)
    assert TOKEN not in repr(client.with_headers({"X-Other": "2"}))
