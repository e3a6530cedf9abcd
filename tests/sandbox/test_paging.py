"""Paging math of every list: cursor.page, cursor.pages and limitation."""

from __future__ import annotations

import math

import pytest

from sandbox import SandboxApp
from tests.sandbox.conftest import Call, all_ids

CONTACTS_PER_PROJECT = 40  # SandboxConfig's default


@pytest.mark.parametrize("limitation", [1, 3, 7, 20])
def test_walking_the_pages_yields_every_contact_once_in_id_order(call: Call, limitation: int) -> None:
    ids = all_ids(call, limitation=limitation)
    assert len(ids) == CONTACTS_PER_PROJECT
    assert ids == sorted(set(ids))


@pytest.mark.parametrize(("limitation", "pages", "last_page_size"), [(7, 6, 5), (20, 2, 20), (1, 40, 1)])
def test_cursor_counts_pages_and_the_last_page_holds_the_rest(
    call: Call, limitation: int, pages: int, last_page_size: int
) -> None:
    first = call("GET", "/v1/contacts", query={"limitation": limitation}).json()
    assert first["cursor"] == {"page": 1, "pages": pages}
    assert len(first["collection"]) == limitation
    last = call("GET", "/v1/contacts", query={"page": pages, "limitation": limitation}).json()
    assert last["cursor"] == {"page": pages, "pages": pages}
    assert len(last["collection"]) == last_page_size


def test_defaults_are_the_first_page_of_twenty(call: Call) -> None:
    body = call("GET", "/v1/contacts").json()
    assert body["cursor"] == {"page": 1, "pages": math.ceil(CONTACTS_PER_PROJECT / 20)}
    assert [contact["id"] for contact in body["collection"]] == list(range(1001, 1021))


@pytest.mark.parametrize("page", [3, 100, 2**63 - 1])
def test_a_page_after_the_last_is_empty(call: Call, page: int) -> None:
    answer = call("GET", "/v1/contacts", query={"page": page})
    assert answer.status == 200
    assert answer.json() == {"cursor": {"page": page, "pages": 2}, "collection": []}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": 0}, "query parameter `page`: 0 is less than the minimum of 1"),
        ({"limitation": 0}, "query parameter `limitation`: 0 is less than the minimum of 1"),
        ({"limitation": 21}, "query parameter `limitation`: 21 is greater than the maximum of 20"),
        ({"page": "two"}, "query parameter `page`: 'two' is not an integer"),
        ({"page": "1.0"}, "query parameter `page`: '1.0' is not an integer"),
        ({"page": " 1"}, "query parameter `page`: ' 1' is not an integer"),
        ({"size": 5}, "query parameter `size`: not a parameter of this operation (known: limitation, page)"),
    ],
)
def test_invalid_paging_is_a_400_naming_the_parameter(call: Call, query: dict[str, object], message: str) -> None:
    answer = call("GET", "/v1/contacts", query=query)
    assert answer.status == 400
    assert answer.json() == {"error": {"code": 400, "message": "Invalid request", "description": [message]}}


def test_a_repeated_parameter_is_rejected(app: SandboxApp) -> None:
    headers = [(b"authorization", f"Bearer {app.projects[0].token}".encode())]
    answer = app.respond("GET", "/v1/contacts", b"page=1&page=2", headers, b"")
    assert answer.status == 400
    assert answer.json()["error"]["description"] == ["query parameter `page`: given more than once"]


def test_gates_page_like_contacts(call: Call) -> None:
    gates = call("GET", "/v1/contacts/1001/gates", query={"limitation": 1}).json()
    assert gates["cursor"] == {"page": 1, "pages": 2}
    second = call("GET", "/v1/contacts/1001/gates", query={"limitation": 1, "page": 2}).json()
    assert [gates["collection"][0]["id"], second["collection"][0]["id"]] == [50001, 50002]
    assert call("GET", "/v1/contacts/1001/gates", query={"limitation": 21}).status == 400


def test_paging_counts_only_the_tokens_project(call: Call, other_token: str) -> None:
    assert call("GET", "/v1/contacts", query={"limitation": 20}, token=other_token).json()["cursor"]["pages"] == 2
    call("DELETE", "/v1/contacts/1001")
    ids = all_ids(call)
    assert len(ids) == CONTACTS_PER_PROJECT - 1
    assert 1001 not in ids
