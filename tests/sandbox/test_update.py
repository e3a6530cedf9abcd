"""updateContact: variables and system fields; an invalid value skips its field, the rest applies."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.conftest import Call, Snapshot


def variables_of(call: Call, contact_id: int = 1001) -> dict[str, Any]:
    flat = call("GET", f"/v1/contacts/{contact_id}/info").json()
    assert isinstance(flat, dict)
    return flat


def update(call: Call, values: dict[str, Any], contact_id: int = 1001) -> None:
    answer = call("PUT", f"/v1/contacts/{contact_id}", json={"values": values})
    assert answer.status == 200
    assert answer.json() == {"state": True}


def test_variables_and_system_fields_are_stored(call: Call) -> None:
    everything = {
        "firstName": "Olenka",
        "lastName": "Koval",
        "email": "o@example.org",
        "phone": "+48123456789",
        "city": "Lviv",
        "order_total": 1250,
        "birthday": "1990-04-01",
        "preferred_language": "en",
        "website": "https://olena.example",
        "backup_email": "b@example.org",
        "np_tracking": "20450000000000",
    }
    update(call, everything)
    flat = variables_of(call)
    assert (flat["firstName"], flat["lastName"], flat["fullName"]) == ("Olenka", "Koval", "Olenka Koval")
    assert (flat["email"], flat["phone"]) == ("o@example.org", "+48123456789")
    assert flat["city"] == "Lviv"
    assert flat["order_total"] == "1250"
    assert flat["birthday"] == "1990-04-01"
    assert flat["preferred_language"] == "en"
    assert flat["website"] == "https://olena.example"
    assert flat["np_tracking"] == "20450000000000"


@pytest.mark.parametrize(
    ("field", "invalid"),
    [
        ("firstName", ""),
        ("firstName", None),
        ("firstName", 42),
        ("lastName", "x" * 256),
        ("email", "not-an-email"),
        ("phone", "0501234567"),
        ("order_total", "a lot"),
        ("order_total", True),
        ("birthday", "01.04.1990"),
        ("birthday", "1990-02-30"),
        ("preferred_language", "de"),
        ("website", "ftp://olena.example"),
        ("website", "http://[::1"),
        ("website", "http://ex\uff03ample.com/"),
        ("backup_email", "@example.org"),
        ("city", {"name": "Kyiv"}),
        ("city", ["Kyiv"]),
        ("no_such_variable", "x"),
        ("fullName", "Someone Else"),
        ("id", 7),
    ],
)
def test_an_invalid_value_is_skipped_and_the_rest_is_applied(call: Call, field: str, invalid: Any) -> None:
    before = variables_of(call)
    update(call, {field: invalid, "utm_source": "newsletter"})
    after = variables_of(call)
    assert after["utm_source"] == "newsletter"
    assert after.get(field) == before.get(field)
    assert {key: value for key, value in after.items() if key != "utm_source"} == {
        key: value for key, value in before.items() if key != "utm_source"
    }


@pytest.mark.parametrize(
    ("value", "stored"), [(12.5, "12.5"), (12.0, "12"), ("-3", "-3"), (10**30, str(10**30)), (1e308, "1e+308")]
)
def test_numbers_are_stored_as_text(call: Call, value: Any, stored: str) -> None:
    update(call, {"order_total": value})
    assert variables_of(call)["order_total"] == stored


def test_null_clears_optional_fields_and_variables(call: Call) -> None:
    update(call, {"lastName": None, "email": None, "phone": None, "city": None})
    flat = variables_of(call)
    assert (flat["lastName"], flat["email"], flat["phone"], flat["city"]) == (None, None, None, None)
    assert flat["fullName"] == "Olena"


def test_an_empty_update_changes_nothing_visible(call: Call) -> None:
    before = call("GET", "/v1/contacts/1001").json()
    update(call, {})
    after = call("GET", "/v1/contacts/1001").json()
    assert after == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, 'body: "values" is a required property'),
        ({"values": "city=Lviv"}, 'body.values: "city=Lviv" is not of type "object"'),
        ({"values": {}, "extra": 1}, "body: Additional properties are not allowed ('extra' was unexpected)"),
        ([], 'body: [] is not of type "object"'),
    ],
)
def test_a_body_that_violates_the_schema_is_a_400_and_stores_nothing(
    call: Call, snapshot: Snapshot, body: Any, message: str
) -> None:
    before = snapshot()
    answer = call("PUT", "/v1/contacts/1001", json=body)
    assert answer.status == 400
    assert answer.json()["error"]["description"] == [message]
    assert snapshot() == before


def test_an_unknown_contact_is_a_404_and_nothing_is_stored(call: Call, snapshot: Snapshot, other_token: str) -> None:
    before = snapshot()
    assert call("PUT", "/v1/contacts/999", json={"values": {"city": "Lviv"}}).status == 404
    assert call("PUT", "/v1/contacts/1001", json={"values": {"city": "Lviv"}}, token=other_token).status == 404
    assert snapshot() == before
