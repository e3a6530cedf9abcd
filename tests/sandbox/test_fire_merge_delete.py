"""fireContactEvent, uniteContacts and the deprecated deleteContact."""

from __future__ import annotations

import pytest

from sandbox import SandboxApp
from tests.sandbox.conftest import Call, Snapshot, first_contact_of


def test_fired_events_are_recorded_with_case_sensitive_trigger_matching(app: SandboxApp, call: Call) -> None:
    for name in ("OrderPaid", "orderpaid", "Something else"):
        answer = call("POST", "/v1/contacts/1001/fire", json={"name": name})
        assert (answer.status, answer.json()) == (200, {"state": True})
    events = app.store.fired_events(app.projects[0], 1001)
    assert [(event.name, event.matched_trigger) for event in events] == [
        ("OrderPaid", True),
        ("orderpaid", False),
        ("Something else", False),
    ]
    assert app.store.fired_events(app.projects[1]) == []


@pytest.mark.parametrize(("body", "status"), [({"name": ""}, 400), ({}, 400), ({"name": 5}, 400), (None, 400)])
def test_fire_needs_a_non_empty_name(app: SandboxApp, call: Call, body: object, status: int) -> None:
    assert call("POST", "/v1/contacts/1001/fire", json=body).status == status
    assert app.store.fired_events(app.projects[0]) == []


def test_fire_for_an_unknown_or_foreign_contact_is_a_404(app: SandboxApp, call: Call) -> None:
    foreign = first_contact_of(app, 1)
    assert call("POST", "/v1/contacts/999/fire", json={"name": "OrderPaid"}).status == 404
    assert call("POST", f"/v1/contacts/{foreign}/fire", json={"name": "OrderPaid"}).status == 404
    assert app.store.fired_events(app.projects[0]) == app.store.fired_events(app.projects[1]) == []


def test_merge_unites_in_favour_of_the_contact(call: Call) -> None:
    # 1002 (Taras) has a phone, no e-mail, the Lead tag, a city that clashes with 1001's and a
    # birthday that 1001 lacks; give it one more value that 1001 lacks.
    call("PUT", "/v1/contacts/1002", json={"values": {"np_tracking": "NP1"}})
    call("PUT", "/v1/contacts/1001", json={"values": {"phone": None}})
    with_tags = next(  # a contact with tags that 1001 lacks, to merge in too
        contact
        for contact in (call("GET", f"/v1/contacts/{contact_id}").json() for contact_id in range(1003, 1041))
        if {tag["id"] for tag in contact["tags"]} - {31}
    )
    target_gates = call("GET", "/v1/contacts/1002/gates").json()["collection"]
    own_gates = call("GET", "/v1/contacts/1001/gates").json()["collection"]

    assert call("POST", "/v1/contacts/1001/unite/1002").json() == {"state": True}
    assert call("POST", f"/v1/contacts/1001/unite/{with_tags['id']}").json() == {"state": True}

    merged = call("GET", "/v1/contacts/1001/info").json()
    assert merged["city"] == "Kyiv"  # both had one: the contact's own wins
    assert merged["birthday"] == "1991-05-05"  # only the target had one
    assert merged["np_tracking"] == "NP1"
    assert merged["phone"] == "+380672345678"  # a missing system field comes from the target
    assert merged["email"] == "olena.kovalenko@example.com"
    expected_tags = sorted({31, 32} | {tag["id"] for tag in with_tags["tags"]})  # 1001's, 1002's and the third's
    assert [tag["id"] for tag in merged["tags"]] == expected_tags
    gates = call("GET", "/v1/contacts/1001/gates").json()["collection"]
    assert {gate["id"] for gate in own_gates + target_gates} <= {gate["id"] for gate in gates}
    assert all(gate["contact"]["originalId"] == 1001 for gate in gates)
    for removed in (1002, with_tags["id"]):
        assert call("GET", f"/v1/contacts/{removed}").status == 404
        assert call("GET", f"/v1/contacts/{removed}/gates").status == 404


def test_a_value_that_is_only_the_default_counts_as_missing_in_a_merge(call: Call) -> None:
    assert call("GET", "/v1/contacts/1001/info").json()["preferred_language"] == "uk"  # the variable's default
    call("PUT", "/v1/contacts/1002", json={"values": {"preferred_language": "pl"}})
    call("PUT", "/v1/contacts/1003", json={"values": {"preferred_language": "en"}})
    call("PUT", "/v1/contacts/1004", json={"values": {"preferred_language": "uk"}})
    assert call("POST", "/v1/contacts/1001/unite/1002").json() == {"state": True}
    assert call("POST", "/v1/contacts/1001/unite/1003").json() == {"state": True}  # 1001 now has its own
    assert call("GET", "/v1/contacts/1001/info").json()["preferred_language"] == "pl"
    # 1004 stored the default value itself: it still shows only the default, so 1001's value fills it.
    assert call("POST", "/v1/contacts/1004/unite/1001").json() == {"state": True}
    assert call("GET", "/v1/contacts/1004/info").json()["preferred_language"] == "pl"


def test_merge_with_itself_or_an_unknown_or_foreign_contact_changes_nothing(
    app: SandboxApp, call: Call, snapshot: Snapshot
) -> None:
    foreign = first_contact_of(app, 1)
    before = snapshot()
    answer = call("POST", "/v1/contacts/1001/unite/1001")
    assert (answer.status, answer.json()["error"]["description"]) == (409, ["a contact cannot be united with itself"])
    assert call("POST", "/v1/contacts/1001/unite/999").status == 404
    assert call("POST", "/v1/contacts/999/unite/1001").status == 404
    assert call("POST", f"/v1/contacts/1001/unite/{foreign}").status == 404
    assert call("POST", f"/v1/contacts/{foreign}/unite/1001").status == 404
    assert snapshot() == before


def test_merging_an_unknown_or_foreign_contact_with_itself_is_a_404(app: SandboxApp, call: Call) -> None:
    foreign = first_contact_of(app, 1)
    for missing in (999999, foreign, 2**63 - 1):
        answer = call("POST", f"/v1/contacts/{missing}/unite/{missing}")
        assert (answer.status, answer.json()["error"]["description"]) == (
            404,
            [f"there is no contact {missing} in this project"],
        )


def test_merge_is_all_or_nothing(app: SandboxApp, call: Call, snapshot: Snapshot) -> None:
    before = snapshot()
    # The merge fails as it removes the target, after tags, values and gates were already moved.
    app.store.database.connection.execute(
        "CREATE TEMP TRIGGER disk_full BEFORE DELETE ON contacts BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    answer = call("POST", "/v1/contacts/1001/unite/1002")
    assert answer.status == 500
    assert answer.json()["error"]["message"] == "Internal sandbox error"
    assert snapshot() == before


def test_delete_removes_the_contact_everywhere(app: SandboxApp, call: Call) -> None:
    gates = [gate["id"] for gate in call("GET", "/v1/contacts/1001/gates").json()["collection"]]
    assert call("DELETE", "/v1/contacts/1001").json() == {"state": True}
    for path in ("", "/info", "/chat", "/gates"):
        assert call("GET", f"/v1/contacts/1001{path}").status == 404
    assert call("DELETE", "/v1/contacts/1001").status == 404
    assert call("PUT", "/v1/contacts/1001", json={"values": {}}).status == 404
    db = app.store.database.connection
    assert db.execute(f"SELECT count(*) FROM gates WHERE id IN ({','.join(map(str, gates))})").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM contact_values WHERE contact_id = 1001").fetchone() == (0,)


def test_a_deleted_contacts_id_is_never_given_again(call: Call) -> None:
    last = call("GET", "/v1/contacts", query={"page": 2}).json()["collection"][-1]["id"]
    assert call("DELETE", f"/v1/contacts/{last}").status == 200
    gate = call("POST", "/v1/channels/15/gates", json={"identifier": "380990000001", "firstName": "New"}).json()
    assert gate["contact"]["originalId"] > 1080
