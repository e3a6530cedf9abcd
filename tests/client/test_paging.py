"""iter_all() and aiter_all(): every item of every page, for each operation whose answer is a cursor page.

Pages of odd sizes, empty lists and errors in the middle come from an `httpx.MockTransport`; a
walk of the sandbox checks the items against a walk by hand.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import httpx
import pytest
import smartsender_client.api.channels
import smartsender_client.api.contacts
from smartsender_client import AuthenticatedClient, errors
from smartsender_client.api.contacts import list_contact_gates, list_contacts, search_contacts

from tests.client.support import Handler, all_pages, envelope, ids_of, mock_client

CHANNEL = {"id": 15, "type": "whatsapp"}


def operation_modules() -> list[ModuleType]:
    packages = (smartsender_client.api.contacts, smartsender_client.api.channels)
    names = [
        f"{package.__name__}.{path.stem}" for package in packages for path in Path(package.__path__[0]).glob("[!_]*.py")
    ]
    return [importlib.import_module(name) for name in sorted(names)]


def test_exactly_the_paged_operations_have_iter_all() -> None:
    """Found from the document (a `page` parameter and a cursor page as the answer), not from a list."""
    paged = {module.__name__.rsplit(".", 1)[1] for module in operation_modules() if hasattr(module, "iter_all")}
    assert paged == {
        "list_contacts", "search_contacts", "list_contact_gates", "list_contact_tags", "list_contact_funnels",
        "list_contact_notes", "list_contact_messages", "list_contact_checkout",
    }  # fmt: skip
    assert all(hasattr(module, "aiter_all") == hasattr(module, "iter_all") for module in operation_modules())
    assert all(hasattr(module, "call") and hasattr(module, "acall") for module in operation_modules())


def serve_pages(sizes: list[int], seen: list[httpx.Request]) -> Handler:
    """Answers page n with the n-th of `sizes` items (ids counting up from 1, each with a channel, so
    that they are contacts and gates alike); `cursor.pages` is len(sizes); a page after the last is
    empty, as the document says."""
    starts = [1 + sum(sizes[:index]) for index in range(len(sizes))]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        page = int(request.url.params.get("page", "1"))
        start, size = (starts[page - 1], sizes[page - 1]) if page <= len(sizes) else (0, 0)
        items = [{"id": start + offset, "channel": CHANNEL} for offset in range(size)]  # a Contact keeps it too
        return httpx.Response(200, json={"cursor": {"page": page, "pages": len(sizes)}, "collection": items})

    return handler


def requested_pages(seen: list[httpx.Request]) -> list[int]:
    return [int(request.url.params["page"]) for request in seen]


@pytest.mark.parametrize(
    "sizes",
    [[3, 3, 1], [3, 1, 3, 2], [2, 0, 2], [1], [20] * 5],
    ids=["short-last-page", "short-middle-page", "empty-middle-page", "one-page", "full-pages"],
)
def test_iter_all_yields_every_item_of_every_page_in_order(sizes: list[int]) -> None:
    seen: list[httpx.Request] = []
    with mock_client(serve_pages(sizes, seen)) as client:
        ids = [contact.id for contact in list_contacts.iter_all(client=client, limitation=3)]
    assert ids == list(range(1, sum(sizes) + 1))
    assert requested_pages(seen) == list(range(1, len(sizes) + 1))  # stops at cursor.pages
    assert {request.url.params["limitation"] for request in seen} == {"3"}


def test_an_empty_list_is_one_request_and_no_item() -> None:
    seen: list[httpx.Request] = []
    with mock_client(serve_pages([], seen)) as client:  # cursor.pages is 0
        assert list(list_contacts.iter_all(client=client)) == []
    assert requested_pages(seen) == [1]


def test_search_and_gates_pass_their_arguments_to_every_page() -> None:
    seen: list[httpx.Request] = []
    with mock_client(serve_pages([2, 1], seen)) as client:
        found = list(search_contacts.iter_all(client=client, term="olena"))
        gates = list(list_contact_gates.iter_all(1001, client=client))
    assert [contact.id for contact in found] == [1, 2, 3]
    assert [gate.id for gate in gates] == [1, 2, 3]
    assert [gate.channel.type_ for gate in gates] == ["whatsapp"] * 3
    assert [(request.url.path, request.url.params.get("term")) for request in seen] == [
        ("/v1/contacts/search", "olena"),
        ("/v1/contacts/search", "olena"),
        ("/v1/contacts/1001/gates", None),
        ("/v1/contacts/1001/gates", None),
    ]


def test_an_error_answer_on_a_later_page_raises_after_the_earlier_items() -> None:
    pages = serve_pages([2, 2, 2], [])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "2":
            return httpx.Response(403, json=envelope(403, "Forbidden"))
        return pages(request)

    received: list[int] = []
    with mock_client(handler) as client, pytest.raises(errors.PermissionDeniedError) as raised:
        for contact in list_contacts.iter_all(client=client):
            received.append(contact.id)
    assert received == [1, 2]
    assert raised.value.detail is not None
    assert raised.value.detail.message == "Forbidden"


@pytest.mark.anyio
async def test_aiter_all_yields_every_item_of_every_page_in_order() -> None:
    seen: list[httpx.Request] = []
    async with mock_client(serve_pages([3, 1, 0, 2], seen)) as client:
        ids = [contact.id async for contact in list_contacts.aiter_all(client=client, limitation=3)]
        gates = [gate.id async for gate in list_contact_gates.aiter_all(1001, client=client)]
    assert ids == gates == [1, 2, 3, 4, 5, 6]
    assert requested_pages(seen) == [1, 2, 3, 4] * 2


@pytest.mark.anyio
async def test_aiter_all_raises_the_typed_error_of_an_error_answer() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json=envelope(404, "Contact not found"))

    async with mock_client(handler) as client:
        with pytest.raises(errors.NotFoundError, match="answered 404 Not Found: Contact not found"):
            async for _ in list_contact_gates.aiter_all(999, client=client):
                pass


def test_iter_all_over_the_sandbox_gives_what_a_walk_by_hand_gives(client: AuthenticatedClient) -> None:
    by_hand = [contact for page in all_pages(client, limitation=7) for contact in page.collection]
    assert len(by_hand) == 40
    assert ids_of(list(list_contacts.iter_all(client=client, limitation=7))) == ids_of(by_hand)
    found = ids_of(list(search_contacts.iter_all(client=client, term="example.com", limitation=3)))
    assert found == ids_of([contact for page in all_pages(client, 3, "example.com") for contact in page.collection])
    assert found
