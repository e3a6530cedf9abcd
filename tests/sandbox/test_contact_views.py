"""The three views of a contact (full, simple, chat) and its gates."""

from __future__ import annotations

import pytest

from sandbox import SandboxApp
from tests.sandbox.conftest import Call

CONTACT_PATHS = ["/v1/contacts/{id}", "/v1/contacts/{id}/info", "/v1/contacts/{id}/chat", "/v1/contacts/{id}/gates"]


def test_the_full_view_carries_tags_funnels_notes_and_every_project_variable(call: Call) -> None:
    contact = call("GET", "/v1/contacts/1001").json()
    assert contact["id"] == 1001
    assert contact["fullName"] == "Olena Kovalenko"
    assert contact["tags"] == [{"id": 31, "name": "VIP", "color": "ffb300"}]
    assert contact["funnels"] == [{"id": 41, "name": "Onboarding", "serviceKey": 7301}]
    variables = {variable["name"]: variable for variable in contact["variables"]}
    assert len(variables) == 8  # every variable of the project, set or not
    assert variables["city"]["value"] == "Kyiv"
    assert variables["order_total"]["value"] == "0"  # not set: the variable's default
    assert variables["birthday"]["value"] is None  # not set, no default
    assert variables["preferred_language"]["content"] == ["uk", "en", "pl"]
    assert contact["notes"][0]["user"]["fullName"] == "Iryna Bondar"


def test_the_simple_view_is_flat(call: Call) -> None:
    full = call("GET", "/v1/contacts/1001").json()
    flat = call("GET", "/v1/contacts/1001/info").json()
    assert "variables" not in flat
    assert "notes" not in flat
    for variable in full["variables"]:
        assert flat[variable["name"]] == variable["value"]
    for field in ("id", "fullName", "firstName", "lastName", "email", "phone", "photo", "tags", "funnels"):
        assert flat[field] == full[field]


def test_a_system_field_wins_over_a_variable_of_the_same_name(app: SandboxApp, call: Call) -> None:
    with app.store.database.write() as db:  # the seed has no such clash; a project could
        db.execute(
            "INSERT INTO variables (id, project_id, name, type, created_at, updated_at) "
            "VALUES (399, 1, 'email', 'string', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
        )
        db.execute("INSERT INTO contact_values VALUES (1001, 399, 'from-the-variable', '2024-01-01 00:00:00')")
    app.store.reload()
    assert call("GET", "/v1/contacts/1001/info").json()["email"] == "olena.kovalenko@example.com"
    variables = call("GET", "/v1/contacts/1001").json()["variables"]
    assert {"name": "email", "value": "from-the-variable"}.items() <= variables[-1].items()


def test_every_list_of_a_contact_is_in_id_order_whatever_the_order_rows_were_written_in(
    app: SandboxApp, call: Call
) -> None:
    with app.store.database.write() as db:  # written highest id first, so insertion order is not id order
        for tag_id in (99, 98, 97):
            db.execute("INSERT INTO tags VALUES (?, 1, ?, '00aa00')", (tag_id, f"tag {tag_id}"))
            db.execute("INSERT INTO contact_tags VALUES (1001, ?)", (tag_id,))
        for funnel_id in (99, 98):
            db.execute("INSERT INTO funnels VALUES (?, 1, ?, 7400)", (funnel_id, f"funnel {funnel_id}"))
            db.execute("INSERT INTO contact_funnels VALUES (1001, ?)", (funnel_id,))
        for variable_id in (398, 397):
            db.execute(
                "INSERT INTO variables (id, project_id, name, type, created_at, updated_at) "
                "VALUES (?, 1, ?, 'string', '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
                (variable_id, f"late_{variable_id}"),
            )
        operator = db.execute("SELECT operator_id FROM notes WHERE contact_id = 1001").fetchone()[0]
        for note_id in (9_999_002, 9_999_001):
            db.execute("INSERT INTO notes VALUES (?, 1001, ?, 'later', '2024-01-01 00:00:00')", (note_id, operator))
    app.store.reload()
    contact = call("GET", "/v1/contacts/1001").json()
    for key in ("tags", "funnels", "variables", "notes"):
        ids = [item["id"] for item in contact[key]]
        assert ids == sorted(ids), key
        assert len(ids) > 1, key


def test_the_chat_lists_the_contacts_gates(call: Call) -> None:
    chat = call("GET", "/v1/contacts/1001/chat").json()
    assert chat["id"] == 70001
    assert chat["contact"] == {"id": 88001, "originalId": 1001}
    assert chat["name"] == "Olena Kovalenko"
    gates = call("GET", "/v1/contacts/1001/gates").json()["collection"]
    assert chat["gates"] == gates
    assert [gate["channel"]["type"] for gate in gates] == ["telegram", "whatsapp"]
    assert chat["unreadMessages"] == sum(gate["unreadMessages"] for gate in gates)
    assert all(gate["contact"]["originalId"] == 1001 for gate in gates)


@pytest.mark.parametrize("path", CONTACT_PATHS)
@pytest.mark.parametrize("contact_id", [1, 999, 2**63 - 1])
def test_an_unknown_contact_is_a_404(call: Call, path: str, contact_id: int) -> None:
    answer = call("GET", path.format(id=contact_id))
    assert answer.status == 404
    assert answer.json() == {
        "error": {
            "code": 404,
            "message": "Contact not found",
            "description": [f"there is no contact {contact_id} in this project"],
        }
    }


@pytest.mark.parametrize("path", CONTACT_PATHS)
@pytest.mark.parametrize("raw_id", ["abc", "1.5", "-", "0x10", "1e3"])
def test_a_non_integer_id_is_a_400(call: Call, path: str, raw_id: str) -> None:
    answer = call("GET", path.format(id=raw_id))
    assert answer.status == 400
    assert answer.json()["error"]["description"] == [f"path parameter `contactId`: {raw_id!r} is not an integer"]


@pytest.mark.parametrize("path", CONTACT_PATHS)
def test_ids_below_one_are_a_400(call: Call, path: str) -> None:
    answer = call("GET", path.format(id=0))
    assert answer.status == 400
    assert answer.json()["error"]["description"] == ["path parameter `contactId`: 0 is less than the minimum of 1"]
