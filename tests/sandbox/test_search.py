"""Search: a case-insensitive substring of name, e-mail or phone, through the trigram index."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox import SandboxApp
from sandbox.store import search_row, search_table
from tests.sandbox.conftest import Call, all_ids


def matches(contact: dict[str, Any], term: str) -> bool:
    folded = term.casefold()
    return any(folded in (contact.get(field) or "").casefold() for field in ("fullName", "email", "phone"))


def search_ids(call: Call, term: str, **query: Any) -> list[int]:
    return all_ids(call, "/v1/contacts/search", term=term, **query)


@pytest.mark.parametrize("term", ["olena", "OLENA", "Kovalenko", "kovalenko@exa", "+380501", "0501234567", "lena k"])
def test_finds_the_contact_by_any_part_of_name_email_or_phone(call: Call, term: str) -> None:
    assert 1001 in search_ids(call, term)


@pytest.mark.parametrize("term", ["a", "ko", "en", "ov", "@", "+3", "example.com", "kyiv", "x"])
def test_every_result_matches_and_every_match_is_found(app: SandboxApp, call: Call, term: str) -> None:
    everyone = [call("GET", f"/v1/contacts/{contact_id}").json() for contact_id in all_ids(call)]
    expected = sorted(contact["id"] for contact in everyone if matches(contact, term))
    assert search_ids(call, term, limitation=3) == expected


def test_a_term_never_matches_across_two_fields(call: Call) -> None:
    # "Kovalenko" ends the full name and "olena.kovalenko@" starts the e-mail: "ko olena" would
    # only match if the fields were searched as one text.
    assert search_ids(call, "kovalenko olena") == []


@pytest.mark.parametrize(
    "term", ["%", "_", "*", "?", "[", '"', "'", "\\", "*ole*", "ol?na", '"olena"', "\x00", "zz\x00", "a\x00"]
)
def test_special_characters_are_taken_literally(call: Call, term: str) -> None:
    answer = call("GET", "/v1/contacts/search", query={"term": term})
    assert answer.status == 200
    assert all(matches(contact, term) for contact in answer.json()["collection"])


def test_search_sees_updates_deletes_and_merges(call: Call) -> None:
    assert call("PUT", "/v1/contacts/1002", json={"values": {"firstName": "Zoryana"}}).status == 200
    assert search_ids(call, "zoryana") == [1002]
    assert search_ids(call, "taras melnyk") == []
    call("POST", "/v1/contacts/1001/unite/1002")
    assert search_ids(call, "zoryana") == []
    call("DELETE", "/v1/contacts/1001")
    assert search_ids(call, "olena kovalenko") == []


def test_search_is_scoped_to_the_tokens_project(app: SandboxApp, call: Call, other_token: str) -> None:
    assert call("GET", "/v1/contacts/search", query={"term": "olena kovalenko"}, token=other_token).json() == {
        "cursor": {"page": 1, "pages": 1},
        "collection": [],
    }
    everyone_else = [
        c["id"] for c in call("GET", "/v1/contacts/search", query={"term": "e"}, token=other_token).json()["collection"]
    ]
    assert everyone_else
    assert all(contact_id > 1040 for contact_id in everyone_else)


@pytest.mark.parametrize("query", [{}, {"term": ""}])
def test_the_term_is_required_and_not_empty(call: Call, query: dict[str, str]) -> None:
    answer = call("GET", "/v1/contacts/search", query=query)
    assert answer.status == 400
    assert "term" in answer.json()["error"]["description"][0]


def test_search_pages_like_the_list(call: Call) -> None:
    first = call("GET", "/v1/contacts/search", query={"term": "e", "limitation": 5}).json()
    total = len(search_ids(call, "e"))
    assert first["cursor"] == {"page": 1, "pages": -(-total // 5)}
    assert len(first["collection"]) == 5


def test_search_counts_and_pages_through_the_trigram_index(app: SandboxApp, call: Call) -> None:
    db = app.store.database.connection
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    try:
        assert call("GET", "/v1/contacts/search", query={"term": "olena"}).status == 200
    finally:
        db.set_trace_callback(None)
    searches = [  # the store's; not FTS5's own first read of its configuration in a copied database
        statement
        for statement in statements
        if statement.startswith("SELECT")
        and "contact_search_1" in statement
        and "contact_search_1_config" not in statement
    ]
    assert len(searches) == 2  # the count and the page of ids
    for statement in searches:
        plan = " ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}"))
        assert "VIRTUAL TABLE INDEX" in plan and "MATCH" in statement, (statement, plan)


def test_a_term_with_a_nul_character_matches_literally(app: SandboxApp, call: Call) -> None:
    assert search_ids(call, "\x00") == []
    # An update skips a value with a NUL character; a file written before it did may hold one.
    table = search_table(app.projects[0].id)
    with app.store.database.write() as db:
        db.execute(f"DELETE FROM {table} WHERE rowid = 1002")
        db.execute(
            f"INSERT INTO {table} (rowid, name, email, phone) VALUES (?, ?, ?, ?)",
            search_row(1002, "Taras Mel\x00nyk", None, None),
        )
    assert search_ids(call, "l\x00n") == [1002]
    assert search_ids(call, "\x00") == [1002]
    assert search_ids(call, "mel\x00nyk") == [1002]
