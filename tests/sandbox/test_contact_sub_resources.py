"""A contact's tags, funnels, notes, messages and cart (issue 14): what the document says of each."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox import SandboxApp
from tests.sandbox.conftest import Call, Snapshot, first_contact_of

STATE_TRUE = {"state": True}


def ids(call: Call, path: str, key: str = "id", **query: Any) -> list[Any]:
    answer = call("GET", path, query=query)
    assert answer.status == 200, answer.body
    return [item[key] for item in answer.json()["collection"]]


def contact(call: Call, contact_id: int) -> dict[str, Any]:
    answer = call("GET", f"/v1/contacts/{contact_id}")
    assert answer.status == 200, answer.body
    result: dict[str, Any] = answer.json()
    return result


def info(call: Call, contact_id: int) -> dict[str, Any]:
    result: dict[str, Any] = call("GET", f"/v1/contacts/{contact_id}/info").json()
    return result


# -- tags -------------------------------------------------------------------------------------------


def test_the_tag_list_is_the_contacts_tags(call: Call) -> None:
    assert ids(call, "/v1/contacts/1001/tags") == [tag["id"] for tag in contact(call, 1001)["tags"]] == [31]


def test_an_added_tag_is_listed_everywhere_and_a_removed_one_nowhere(call: Call) -> None:
    assert call("POST", "/v1/contacts/1001/tags/32").json() == STATE_TRUE
    assert ids(call, "/v1/contacts/1001/tags") == [31, 32]
    assert [tag["id"] for tag in contact(call, 1001)["tags"]] == [31, 32]
    assert [tag["id"] for tag in info(call, 1001)["tags"]] == [31, 32]
    assert call("DELETE", "/v1/contacts/1001/tags/31").json() == STATE_TRUE
    assert ids(call, "/v1/contacts/1001/tags") == [32]
    assert [tag["id"] for tag in contact(call, 1001)["tags"]] == [32]
    assert [tag["id"] for tag in info(call, 1001)["tags"]] == [32]


def test_adding_a_tag_twice_and_removing_an_absent_one_change_nothing(call: Call, snapshot: Snapshot) -> None:
    before = snapshot()
    answers = [call("POST", "/v1/contacts/1001/tags/31"), call("DELETE", "/v1/contacts/1001/tags/33")]
    assert [(answer.status, answer.json()) for answer in answers] == [(200, STATE_TRUE)] * 2
    assert snapshot() == before


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_a_tag_outside_the_projects_catalogue_is_a_404_and_changes_nothing(
    app: SandboxApp, call: Call, snapshot: Snapshot, method: str
) -> None:
    foreign_tag = 36  # the second project's VIP
    before = snapshot()
    for tag_id in (foreign_tag, 999):
        answer = call(method, f"/v1/contacts/1001/tags/{tag_id}")
        assert answer.status == 404
        assert answer.json()["error"]["message"] == "Tag not found"
    foreign_contact = first_contact_of(app, 1)
    assert call(method, f"/v1/contacts/{foreign_contact}/tags/31").status == 404
    assert call(method, "/v1/contacts/999/tags/31").json()["error"]["message"] == "Contact not found"
    assert snapshot() == before


@pytest.mark.parametrize("tag", ["0", "abc", "-1", "9223372036854775808"])
def test_a_malformed_tag_id_is_a_400_and_changes_nothing(call: Call, snapshot: Snapshot, tag: str) -> None:
    before = snapshot()
    answer = call("POST", f"/v1/contacts/1001/tags/{tag}")
    assert answer.status == 400
    assert "tagId" in " ".join(answer.json()["error"]["description"])
    assert snapshot() == before


# -- funnels ----------------------------------------------------------------------------------------


def test_funnels_are_added_and_removed_by_their_service_key(call: Call) -> None:
    assert ids(call, "/v1/contacts/1001/funnels", "serviceKey") == [7301]
    assert call("POST", "/v1/contacts/1001/funnels/7302").json() == STATE_TRUE
    assert ids(call, "/v1/contacts/1001/funnels", "serviceKey") == [7301, 7302]
    assert [funnel["id"] for funnel in contact(call, 1001)["funnels"]] == [41, 42]
    assert [funnel["id"] for funnel in info(call, 1001)["funnels"]] == [41, 42]
    assert call("DELETE", "/v1/contacts/1001/funnels/7301").json() == STATE_TRUE
    assert ids(call, "/v1/contacts/1001/funnels") == [42]
    assert [funnel["id"] for funnel in contact(call, 1001)["funnels"]] == [42]


def test_a_funnel_id_is_not_a_service_key(call: Call, snapshot: Snapshot) -> None:
    before = snapshot()
    assert call("POST", "/v1/contacts/1001/funnels/42").status == 404  # 42 is the id of the funnel 7302
    assert snapshot() == before


def test_a_funnel_twice_and_an_absent_one_change_nothing(call: Call, snapshot: Snapshot) -> None:
    before = snapshot()
    assert call("POST", "/v1/contacts/1001/funnels/7301").json() == STATE_TRUE
    assert call("DELETE", "/v1/contacts/1001/funnels/7303").json() == STATE_TRUE
    assert snapshot() == before


@pytest.mark.parametrize("key", ["7304", "x", "07301"])  # another project's, no funnel's, not the key's digits
def test_a_key_no_funnel_of_the_project_has_is_a_404_and_changes_nothing(
    call: Call, snapshot: Snapshot, key: str
) -> None:
    before = snapshot()
    for method in ("POST", "DELETE"):
        answer = call(method, f"/v1/contacts/1001/funnels/{key}")
        assert (answer.status, answer.json()["error"]["message"]) == (404, "Funnel not found")
    assert snapshot() == before


# -- notes ------------------------------------------------------------------------------------------


def test_a_written_note_has_an_id_and_the_token_owner_as_author_and_is_listed(call: Call) -> None:
    answer = call("POST", "/v1/contacts/1001/notes", json={"content": "Call after delivery."})
    assert answer.status == 200
    note = answer.json()
    assert note["content"] == "Call after delivery."
    assert note["user"]["id"] == 12  # the project's first user, whose token it is (inferred)
    assert isinstance(note["id"], int)
    listed = call("GET", "/v1/contacts/1001/notes").json()["collection"]
    assert [item["id"] for item in listed] == [9001, note["id"]]
    assert listed[-1] == note
    assert contact(call, 1001)["notes"] == listed


def test_a_note_update_is_stored_and_a_deleted_note_is_gone(call: Call) -> None:
    assert call("PUT", "/v1/contacts/1001/notes/9001", json={"content": "Call after 19:00."}).json() == STATE_TRUE
    (note,) = call("GET", "/v1/contacts/1001/notes").json()["collection"]
    assert (note["id"], note["content"], note["user"]["id"]) == (9001, "Call after 19:00.", 12)
    assert contact(call, 1001)["notes"] == [note]
    assert call("DELETE", "/v1/contacts/1001/notes/9001").json() == STATE_TRUE
    assert ids(call, "/v1/contacts/1001/notes") == []
    assert contact(call, 1001)["notes"] == []
    assert call("DELETE", "/v1/contacts/1001/notes/9001").status == 404
    new = call("POST", "/v1/contacts/1001/notes", json={"content": "again"}).json()
    assert new["id"] != 9001  # a deleted note's id is never reused


def test_another_contacts_note_is_a_404_and_changes_nothing(call: Call, snapshot: Snapshot) -> None:
    before = snapshot()
    for method, body in (("PUT", {"content": "x"}), ("DELETE", None)):
        answer = call(method, "/v1/contacts/1002/notes/9001", json=body)  # 9001 is 1001's
        assert (answer.status, answer.json()["error"]["message"]) == (404, "Note not found")
        assert call(method, "/v1/contacts/999/notes/9001", json=body).status == 404
    assert snapshot() == before


@pytest.mark.parametrize("body", [{}, {"content": ""}, {"content": 5}, {"content": "x", "extra": 1}, None], ids=repr)
def test_a_malformed_note_is_a_400_and_changes_nothing(call: Call, snapshot: Snapshot, body: object) -> None:
    before = snapshot()
    assert call("POST", "/v1/contacts/1001/notes", json=body).status == 400
    assert call("PUT", "/v1/contacts/1001/notes/9001", json=body).status == 400
    assert snapshot() == before


# -- messages ---------------------------------------------------------------------------------------


def test_messages_come_newest_first_and_activities_only_when_asked(app: SandboxApp, call: Call) -> None:
    assert ids(call, "/v1/contacts/1001/messages") == [120002, 120001]
    db = app.store.database.connection
    db.execute(
        "INSERT INTO messages (contact_id, kind, content, created_at) "
        "VALUES (1001, 'activity', '{\"type\": \"activity\"}', '2024-03-02 18:11:00')"
    )
    (activity,) = db.execute("SELECT max(id) FROM messages").fetchone()
    assert ids(call, "/v1/contacts/1001/messages") == [120002, 120001]
    assert ids(call, "/v1/contacts/1001/messages", activities=0) == [120002, 120001]
    assert ids(call, "/v1/contacts/1001/messages", activities=1) == [activity, 120002, 120001]
    assert ids(call, "/v1/contacts/1001/messages", limitation=1, page=2) == [120001]
    assert call("GET", "/v1/contacts/1001/messages", query={"activities": 2}).status == 400


def test_a_sent_message_is_answered_and_listed_first(call: Call) -> None:
    answer = call("POST", "/v1/contacts/1001/send", json={"type": "text", "content": "Shipped.", "watermark": 1})
    assert answer.status == 200
    message = answer.json()
    assert message["content"] == {"type": "text", "resource": {"parameters": {"content": "Shipped."}}}
    assert message["gate"]["id"] == 50001  # the contact's first subscribed gate
    assert message["sender"]["type"] != "contact"
    first = call("GET", "/v1/contacts/1001/messages").json()["collection"][0]
    assert first == message
    media = {"type": "picture", "media": "https://cdn.example/p.jpg"}
    picture = call("POST", "/v1/contacts/1001/send", json=media).json()
    assert picture["content"]["type"] == "picture"
    assert ids(call, "/v1/contacts/1001/messages")[:3] == [picture["id"], message["id"], 120002]


@pytest.mark.parametrize(
    "body",
    [
        {"type": "text"},
        {"type": "text", "content": ""},
        {"type": "picture", "content": "text instead of media"},
        {"type": "sticker", "content": "x"},
        {"type": "text", "content": "x", "watermark": "one"},
        {"type": "text", "content": "x", "to": "everyone"},
        None,
    ],
    ids=repr,
)
def test_a_malformed_message_is_a_400_and_nothing_is_sent(call: Call, snapshot: Snapshot, body: object) -> None:
    before = snapshot()
    assert call("POST", "/v1/contacts/1001/send", json=body).status == 400
    assert snapshot() == before


def test_sending_to_an_unknown_or_foreign_contact_is_a_404_and_sends_nothing(
    app: SandboxApp, call: Call, snapshot: Snapshot
) -> None:
    before = snapshot()
    for contact_id in (999, first_contact_of(app, 1)):
        assert call("POST", f"/v1/contacts/{contact_id}/send", json={"type": "text", "content": "x"}).status == 404
    assert snapshot() == before


# -- cart -------------------------------------------------------------------------------------------


def test_the_cart_lists_product_units_with_price_and_quantity(call: Call) -> None:
    (item,) = call("GET", "/v1/contacts/1001/checkout").json()["collection"]
    assert (item["id"], item["product"]["name"], item["pivot"]["quantity"]) == (601, "T-shirt", 2)
    assert item["cash"] == {"amount": 450.0, "currency": "UAH"}
    assert call("GET", "/v1/contacts/1002/checkout").json() == {"cursor": {"page": 1, "pages": 1}, "collection": []}


# -- every list, tenancy, merge and delete ----------------------------------------------------------

LISTS = ("tags", "funnels", "notes", "messages", "checkout")


@pytest.mark.parametrize("key", LISTS)
def test_every_list_is_paged_and_refuses_unknown_foreign_and_bad_input(app: SandboxApp, call: Call, key: str) -> None:
    whole = ids(call, f"/v1/contacts/1001/{key}")
    assert whole, "contact 1001 has some of each"
    pages = [ids(call, f"/v1/contacts/1001/{key}", limitation=1, page=page) for page in range(1, len(whole) + 2)]
    assert pages == [[item] for item in whole] + [[]]
    foreign = call("GET", f"/v1/contacts/{first_contact_of(app, 1)}/{key}")
    assert (foreign.status, foreign.json()["error"]["message"]) == (404, "Contact not found")
    assert call("GET", f"/v1/contacts/999/{key}").status == 404
    assert call("GET", f"/v1/contacts/1001/{key}", query={"limitation": 21}).status == 400
    assert call("GET", f"/v1/contacts/1001/{key}", token="wrong").status == 401


def test_a_merge_carries_the_targets_tags_funnels_notes_messages_and_cart(call: Call) -> None:
    call("POST", "/v1/contacts/1002/notes", json={"content": "Taras' note"})
    call("POST", "/v1/contacts/1002/send", json={"type": "text", "content": "Hi Taras"})
    target_messages = ids(call, "/v1/contacts/1002/messages")
    assert call("POST", "/v1/contacts/1001/unite/1002").json() == STATE_TRUE
    assert ids(call, "/v1/contacts/1001/tags") == [31, 32]
    assert ids(call, "/v1/contacts/1001/funnels", "serviceKey") == [7301, 7302]
    assert [note["content"] for note in call("GET", "/v1/contacts/1001/notes").json()["collection"]] == [
        "Asked for a call back after 18:00.",
        "Taras' note",
    ]
    assert set(target_messages) <= set(ids(call, "/v1/contacts/1001/messages"))
    for key in LISTS:
        assert call("GET", f"/v1/contacts/1002/{key}").status == 404


def test_a_delete_removes_the_contacts_notes_messages_and_cart_but_not_the_catalogues(
    app: SandboxApp, call: Call
) -> None:
    assert call("DELETE", "/v1/contacts/1001").json() == STATE_TRUE
    db = app.store.database.connection
    for table in ("notes", "messages", "cart_items", "contact_tags", "contact_funnels"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE contact_id = 1001").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM tags WHERE id = 31").fetchone() == (1,)
    assert call("POST", "/v1/contacts/1002/tags/31").json() == STATE_TRUE  # the tag is still the project's
    for key in LISTS:
        assert call("GET", f"/v1/contacts/1001/{key}").status == 404
