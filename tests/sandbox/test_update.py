"""updateContact: variables and system fields; an invalid value skips its field, the rest applies."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox import SandboxApp, SandboxConfig, create_app
from sandbox.field_rules import SYSTEM_FIELDS
from tests.sandbox.conftest import Call, Snapshot, make_caller


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
        ("firstName", "A\x00Bee"),
        ("lastName", "Mel\x00nyk"),
        ("email", "o\x00@example.org"),
        ("city", "Ky\x00iv"),
        ("order_total", "1" * 4097),
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


def test_a_text_value_with_a_nul_character_is_skipped_and_the_rest_applied(call: Call) -> None:
    """(test_field_rules.py checks the reason.)"""
    before = variables_of(call)
    update(call, {"firstName": "A\x00Bee", "email": "a\x00b@example.org", "city": "Ky\x00iv", "utm_source": "mail"})
    after = variables_of(call)
    assert after["utm_source"] == "mail"
    assert [after[name] for name in ("firstName", "email", "city")] == [
        before[name] for name in ("firstName", "email", "city")
    ]


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (12.5, "12.5"),
        (12.0, "12"),
        (-0.0, "0"),
        ("-3", "-3"),
        (10**30, str(10**30)),
        # Plain decimals, never an exponent: the form the field accepts when sent as a string.
        (1e308, "1" + "0" * 308),
        (1e-7, "0.0000001"),
        (-1.5e-5, "-0.000015"),
        (1e16, "10000000000000000"),
    ],
)
def test_numbers_are_stored_as_text(call: Call, value: Any, stored: str) -> None:
    update(call, {"order_total": value})
    assert variables_of(call)["order_total"] == stored
    update(call, {"order_total": "1"})
    update(call, {"order_total": stored})  # sent back as a string, it is accepted as it is
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


# An update patches the changed values into the contact's stored JSON instead of rebuilding it;
# the result must be byte for byte what the contact_documents view builds from the tables.
UPDATABLE = [*SYSTEM_FIELDS, "city", "utm_source", "order_total", "birthday", "preferred_language", "website",
             "backup_email", "np_tracking", "no_such_variable"]  # fmt: skip
TYPICAL_VALUES = ["Lviv", 'Ol\u00e9na "\\ \n\t\u0001 \U0001f600', "o@example.org", "+48123456789", "1990-04-01", "en",
                  "https://olena.example", "20450000000000"]  # fmt: skip
UPDATE_VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8"), max_size=20)
    | st.sampled_from(TYPICAL_VALUES)
)


def stored_and_built(app: SandboxApp, contact_id: int) -> tuple[str, str]:
    with app.store.database.read() as db:
        stored, built = db.execute(
            "SELECT c.document, d.document FROM contacts AS c JOIN contact_documents AS d ON d.id = c.id "
            "WHERE c.id = ?",
            (contact_id,),
        ).fetchone()
    return stored, built


_APP: list[SandboxApp] = []


@settings(max_examples=200, deadline=None)
@given(updates=st.lists(st.dictionaries(st.sampled_from(UPDATABLE), UPDATE_VALUES, max_size=6), min_size=1, max_size=3))
def test_an_update_leaves_the_stored_json_as_the_view_builds_it(updates: list[dict[str, Any]]) -> None:
    if not _APP:  # one sandbox for all examples: each compares the same contact's JSON after more updates
        _APP.append(create_app(SandboxConfig(rate_limit=False)))
    app = _APP[0]
    for values in updates:
        update(make_caller(app), values)
        stored, built = stored_and_built(app, 1001)
        assert stored == built


def test_the_patched_variable_is_found_by_id_order_after_a_reload(app: SandboxApp, call: Call) -> None:
    with app.store.database.write() as db:  # highest id first: position in the list is by id, not insertion
        for variable_id in (398, 397):
            db.execute(
                "INSERT INTO variables (id, project_id, name, type, created_at, updated_at) "
                "VALUES (?, 1, ?, 'string', '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
                (variable_id, f"late_{variable_id}"),
            )
    app.store.reload()
    update(call, {"late_397": "first", "late_398": "second", "city": "Lviv"})
    stored, built = stored_and_built(app, 1001)
    assert stored == built
    assert {"late_397": "first", "late_398": "second"}.items() <= variables_of(call).items()


def test_a_contact_created_with_a_gate_has_the_json_the_view_builds(app: SandboxApp, call: Call) -> None:
    gate = call(
        "POST",
        "/v1/channels/15/gates",
        json={"identifier": "380501112233", "firstName": "Taras", "parameters": {"city": "Odesa", "nope": 1}},
    ).json()
    contact_id = gate["contact"]["originalId"]
    stored, built = stored_and_built(app, contact_id)
    assert stored == built
    assert variables_of(call, contact_id)["city"] == "Odesa"
