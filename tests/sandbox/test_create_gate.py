"""Contact creation through POST /v1/channels/{channelId}/gates."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox import SandboxApp
from sandbox.field_rules import SYSTEM_FIELDS
from sandbox.store import full_name
from tests.sandbox.conftest import Call, Snapshot
from tests.sandbox.test_update import stored_and_built

NEW = {"identifier": "380931112233", "firstName": "Marta", "lastName": "Shevchenko", "email": "marta@example.com",
       "phone": "+380931112233", "parameters": {"utm_source": "landing", "order_total": "not a number"}}  # fmt: skip


def test_creation_makes_a_readable_contact_with_gate_and_chat(call: Call) -> None:
    answer = call("POST", "/v1/channels/15/gates", json=NEW)
    assert answer.status == 200
    gate = answer.json()
    assert gate["channel"]["id"] == 15
    assert gate["channel"]["type"] == "whatsapp"
    assert gate["subscribed"] is True
    contact_id = gate["contact"]["originalId"]
    contact = call("GET", f"/v1/contacts/{contact_id}/info").json()
    assert (contact["fullName"], contact["email"], contact["phone"]) == (
        "Marta Shevchenko",
        "marta@example.com",
        "+380931112233",
    )
    assert contact["utm_source"] == "landing"
    assert contact["order_total"] == "0"  # the invalid parameter was skipped: the default shows
    assert call("GET", f"/v1/contacts/{contact_id}/gates").json()["collection"] == [gate]
    chat = call("GET", f"/v1/contacts/{contact_id}/chat").json()
    assert chat["gates"] == [gate]
    assert chat["contact"] == gate["contact"]
    search = call("GET", "/v1/contacts/search", query={"term": "marta shev"}).json()["collection"]
    assert [found["id"] for found in search] == [contact_id]


LONG_EMAIL = "m" * 64 + "@" + "e" * 63 + "." + "x" * 63 + "." + "y" * 63 + ".com"  # 260 characters; 255 fit


@pytest.mark.parametrize(
    ("field", "refused"),
    [("firstName", "   "), ("firstName", "A\x00Bee"), ("lastName", "Shev\x00chenko"), ("email", "a@b"),
     ("email", LONG_EMAIL)],
)  # fmt: skip
def test_a_field_an_update_would_skip_is_skipped_at_creation_and_the_rest_stored(
    app: SandboxApp, call: Call, field: str, refused: str
) -> None:
    assert call("PUT", "/v1/contacts/1001", json={"values": {field: refused}}).status == 200
    assert call("GET", "/v1/contacts/1001/info").json()[field] != refused  # as an update skips it
    answer = call("POST", "/v1/channels/15/gates", json={**NEW, field: refused})
    assert answer.status == 200  # the document calls the request valid
    contact_id = answer.json()["contact"]["originalId"]
    contact = call("GET", f"/v1/contacts/{contact_id}/info").json()
    given = {name: NEW[name] for name in SYSTEM_FIELDS}
    assert {name: contact[name] for name in SYSTEM_FIELDS} == {**given, field: None}
    assert contact["fullName"] == full_name(contact["firstName"], contact["lastName"])
    assert contact["utm_source"] == "landing"
    stored, built = stored_and_built(app, contact_id)
    assert stored == built


def test_an_existing_identifier_returns_the_existing_gate_and_creates_nothing(call: Call, snapshot: Snapshot) -> None:
    first = call("POST", "/v1/channels/15/gates", json=NEW).json()
    before = snapshot()
    again = call("POST", "/v1/channels/15/gates", json={"identifier": NEW["identifier"], "firstName": "Someone"})
    assert again.status == 200
    assert again.json() == first
    assert snapshot() == before


def test_a_seeded_whatsapp_identifier_returns_that_contacts_gate(call: Call) -> None:
    gate = call("POST", "/v1/channels/15/gates", json={"identifier": "380501234567", "firstName": "Olena"}).json()
    assert gate["contact"]["originalId"] == 1001


def test_only_whatsapp_channels_create_contacts(call: Call, snapshot: Snapshot) -> None:
    before = snapshot()
    answer = call("POST", "/v1/channels/11/gates", json=NEW)
    assert answer.status == 409
    assert answer.json()["error"]["description"] == [
        "channel 11 is a telegram channel; only WhatsApp channels can create contacts"
    ]
    assert snapshot() == before


@pytest.mark.parametrize("channel_id", [99, 25, 2**63 - 1])
def test_an_unknown_or_foreign_channel_is_a_404(call: Call, snapshot: Snapshot, channel_id: int) -> None:
    before = snapshot()
    answer = call("POST", f"/v1/channels/{channel_id}/gates", json=NEW)
    assert answer.status == 404
    assert answer.json()["error"]["message"] == "Channel not found"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"identifier": None}, 'body: "identifier" is a required property'),
        ({"firstName": None}, 'body: "firstName" is a required property'),
        ({"firstName": ""}, 'body.firstName: "" is shorter than 1 character'),
        ({"firstName": "x" * 256}, "body.firstName: "),
        ({"email": "not-an-email"}, 'body.email: "not-an-email" is not a "email"'),
        ({"phone": "0931112233"}, 'body.phone: "0931112233" does not match'),
        ({"nickname": "M"}, "body: Additional properties are not allowed ('nickname' was unexpected)"),
    ],
)
def test_an_invalid_body_is_a_400_and_creates_nothing(
    call: Call, snapshot: Snapshot, change: dict[str, Any], problem: str
) -> None:
    body = {key: value for key, value in {**NEW, **change}.items() if value is not None}
    before = snapshot()
    answer = call("POST", "/v1/channels/15/gates", json=body)
    assert answer.status == 400
    assert answer.json()["error"]["description"][0].startswith(problem)
    assert snapshot() == before


def test_a_created_contact_belongs_to_the_tokens_project(app: SandboxApp, call: Call, other_token: str) -> None:
    contact_id = call("POST", "/v1/channels/15/gates", json=NEW).json()["contact"]["originalId"]
    assert call("GET", f"/v1/contacts/{contact_id}", token=other_token).status == 404
    other = call("POST", "/v1/channels/25/gates", json=NEW, token=other_token).json()
    assert other["contact"]["originalId"] != contact_id  # same identifier, other project's channel
