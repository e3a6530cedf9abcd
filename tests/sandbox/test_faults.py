"""The fault catalogue: off by default, refused when unknown or with a database file, marked on every
answer, and each fault breaks exactly the operations it names (the ones a run is narrowed to when it
must catch that fault)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import openapi_document
from sandbox import Response, SandboxApp, SandboxConfig, create_app
from sandbox.database import DatabaseError
from sandbox.faults import FAULTS, Deviation, UnknownFault, with_faults
from sandbox.faults.catalogue import EVERY_OPERATION
from sandbox.faults.deviation import Headers
from tests.sandbox.conftest import Call, make_caller

CONFIG = SandboxConfig(rate_limit=False)


def faulty(*names: str) -> tuple[SandboxApp, Call]:
    app = with_faults(names)(CONFIG)
    return app, make_caller(app)


def test_a_default_sandbox_has_no_faults(call: Call) -> None:
    assert all(name != b"x-sandbox-faults" for name, _ in call("GET", "/v1/contacts").headers)
    assert with_faults(()) is SandboxApp


def test_unknown_fault_names_are_refused_with_the_list_of_known_ones() -> None:
    with pytest.raises(UnknownFault, match=r"unknown fault\(s\): typo.*Known faults: auth-ignored"):
        with_faults({"auth-ignored", "typo"})


def test_faults_are_refused_on_a_database_file_which_would_keep_their_damage(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite3"
    with pytest.raises(DatabaseError, match=r"faults store broken data, .* inject faults into the in-memory database"):
        with_faults({"update-stores-invalid-values"})(SandboxConfig(db_path=str(path)))
    assert not path.exists()


def test_a_faulty_sandbox_says_so_on_every_answer() -> None:
    _, call = faulty("fire-answers-202", "auth-ignored")
    for answer in (call("GET", "/v1/contacts"), call("GET", "/nowhere")):
        assert (b"x-sandbox-faults", b"auth-ignored,fire-answers-202") in answer.headers


class LimitedBeforeAuth(Deviation):
    """Answers 429 to every request without a token, before it authenticates."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        if all(name != b"authorization" for name, _ in headers):
            return Response(429, b"{}", [(b"content-type", b"application/json")])
        return super().respond(method, path, query_string, headers, body)


def test_a_deviation_given_as_the_base_stays_outside_the_faults_and_is_marked_too() -> None:
    """auth-ignored must not hand the base a token: the base limits token-less requests first."""
    app = with_faults({"auth-ignored"}, LimitedBeforeAuth)(CONFIG)
    answer = make_caller(app)("GET", "/v1/contacts", token=None)
    assert isinstance(app, LimitedBeforeAuth)
    assert answer.status == 429
    assert (b"x-sandbox-faults", b"auth-ignored") in answer.headers
    assert make_caller(app)("GET", "/v1/contacts", token="wrong").status == 200


def test_a_fault_crashing_the_sandbox_is_still_answered_in_the_envelope() -> None:
    _, call = faulty("server-error-on-long-term")
    answer: Response = call("GET", "/v1/contacts/search", query={"term": "x" * 41})
    assert answer.status == 500
    assert answer.json()["error"]["message"] == "Internal sandbox error"
    assert call("GET", "/v1/contacts/search", query={"term": "x" * 40}).status == 200


# -- which operations each fault breaks -------------------------------------------------------------

TIME = re.compile(rb"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")
Observation = object


def seen(answer: Response) -> Observation:
    """An answer as a client sees it, but for the marker and the clock."""
    headers = [header for header in answer.headers if header[0] != b"x-sandbox-faults"]
    return answer.status, headers, TIME.sub(b"<time>", answer.body)


def stored(app: SandboxApp, contact_id: int, *names: str) -> Observation:
    """Fields of a contact as the store holds them (None when it is gone): what a write left behind,
    read without going through another operation (whose own faults would show here too)."""
    flat = app.store.simple_contact(app.projects[0], contact_id)
    return None if flat is None else {name: flat[name] for name in names}


def tags(app: SandboxApp, contact_id: int) -> Observation:
    document = app.store.contact_document(app.projects[0], contact_id)
    return None if document is None else sorted(tag["id"] for tag in json.loads(document)["tags"])


def chat_left_by_delete(call: Call, app: SandboxApp, contact_id: int) -> Observation:
    """Deletes a contact: its answer, and whether its chat (its id, as the store held it) is still served."""
    chat = json.loads(str(app.store.chat_document(app.projects[0], contact_id)))["id"]
    deleted = seen(call("DELETE", f"/v1/contacts/{contact_id}"))
    after = call("GET", f"/v1/contacts/{contact_id}/chat")
    return deleted, after.status == 200 and after.json().get("id") == chat


def listed(app: SandboxApp, contact_id: int, key: str) -> Observation:
    """The ids (funnels: keys) of a list of the contact's JSON as the store holds it."""
    document = app.store.contact_document(app.projects[0], contact_id)
    field = "serviceKey" if key == "funnels" else "id"
    return None if document is None else [(item[field], item.get("content")) for item in json.loads(document)[key]]


def messages(app: SandboxApp, contact_id: int) -> Observation:
    page = app.store.message_page(app.projects[0], contact_id, True, 1, 20)
    return None if page is None else [TIME.sub(b"<time>", document.encode()) for document in page.documents]


def own_note(app: SandboxApp, contact_id: int) -> int:
    """A note written straight into the store, for a probe that changes it."""
    note: dict[str, int] = json.loads(app.store.create_note(app.projects[0], contact_id, "to be changed"))
    return note["id"]


def _note_probe(method: str, contact_id: int, other_id: int) -> Callable[[Call, SandboxApp], list[Observation]]:
    body = {"content": "changed"} if method == "PUT" else None

    def probe(call: Call, app: SandboxApp) -> list[Observation]:
        note, other = own_note(app, contact_id), own_note(app, other_id)
        return [
            seen(call(method, f"/v1/contacts/{contact_id}/notes/{note}", json=body)),
            listed(app, contact_id, "notes"),
            seen(call(method, f"/v1/contacts/{other_id}/notes/{other}", json=body, token=None)),
            listed(app, other_id, "notes"),
            seen(call("PATCH", f"/v1/contacts/{contact_id}/notes/{note}")),
        ]

    return probe


def _list_probe(key: str) -> Callable[[Call, SandboxApp], list[Observation]]:
    def probe(call: Call, _: SandboxApp) -> list[Observation]:
        path = f"/v1/contacts/1001/{key}"
        return [
            seen(call("GET", path, query=query)) for query in ({}, {"limitation": 1}, {"limitation": 1, "page": 2})
        ] + [seen(call("GET", path, token=None)), seen(call("PATCH", path))]

    return probe


def _membership_probe(key: str, item: str, method: str, first: int) -> Callable[[Call, SandboxApp], list[Observation]]:
    def probe(call: Call, app: SandboxApp) -> list[Observation]:
        if method == "DELETE":  # the contacts have what the probe removes
            for contact_id in (first, first + 1):
                if key == "tags":
                    app.store.set_tag(app.projects[0], contact_id, int(item), present=True)
                else:
                    app.store.set_funnel(app.projects[0], contact_id, item, present=True)
        foreign = "36" if key == "tags" else "7304"  # of the second project's catalogue
        return [
            seen(call(method, f"/v1/contacts/{first}/{key}/{item}")),
            seen(call(method, f"/v1/contacts/{first}/{key}/{item}")),  # again: nothing changes
            seen(call(method, f"/v1/contacts/{first}/{key}/{foreign}")),
            listed(app, first, key),
            seen(call(method, f"/v1/contacts/{first + 1}/{key}/{item}", token=None)),
            listed(app, first + 1, key),
            seen(call("PATCH", f"/v1/contacts/{first}/{key}/{item}")),
        ]

    return probe


UPDATE = {"values": {"city": "Lviv", "email": "not-an-email", "order_total": "many"}}
NOTE = {"content": "Call after delivery."}
TEXT = {"type": "text", "content": "Your order has shipped."}
FIRE = {"name": "OrderPaid"}

# operationId -> the requests that exercise it: valid ones, the values the faults turn on, no token
# (401) and an undeclared method on its path (405); a write's probe adds what it left behind. Reads
# come first, and every write probe has contacts of its own, so that no probe sees another's writes.
PROBES: dict[str, Callable[[Call, SandboxApp], list[Observation]]] = {
    "listContacts": lambda call, _: (
        [
            seen(call("GET", "/v1/contacts", query=query))
            for query in ({}, {"limitation": 7}, {"limitation": 5}, {"limitation": 5, "page": 2}, {"limitation": 30})
        ]
        + [seen(call("GET", "/v1/contacts", token=None)), seen(call("PATCH", "/v1/contacts"))]
    ),
    "searchContacts": lambda call, _: (
        [
            seen(call("GET", "/v1/contacts/search", query=query))
            for query in ({"term": "olena kov"}, {"term": "o", "limitation": 30}, {"term": "x" * 41})
        ]
        + [
            seen(call("GET", "/v1/contacts/search", query={"term": "olena"}, token=None)),
            seen(call("POST", "/v1/contacts/search")),
        ]
    ),
    "getContact": lambda call, _: (
        [
            seen(call("GET", path, token=token))
            for path, token in (
                ("/v1/contacts/1001", "project-1"),
                ("/v1/contacts/1041", "project-1"),
                ("/v1/contacts/999", "project-1"),
                ("/v1/contacts/1001", None),
            )
        ]
        + [seen(call("PATCH", "/v1/contacts/1001"))]
    ),
    "getContactInfo": lambda call, _: [
        seen(call("GET", "/v1/contacts/1001/info")),
        seen(call("GET", "/v1/contacts/1041/info")),  # another project's
        seen(call("GET", "/v1/contacts/1001/info", token=None)),
        seen(call("POST", "/v1/contacts/1001/info")),
    ],
    "getContactChat": lambda call, _: [
        seen(call("GET", "/v1/contacts/1001/chat")),
        seen(call("GET", "/v1/contacts/999/chat")),
        seen(call("GET", "/v1/contacts/1001/chat", token=None)),
        seen(call("POST", "/v1/contacts/1001/chat")),
    ],
    "listContactGates": lambda call, _: (
        [seen(call("GET", "/v1/contacts/1001/gates", query=query)) for query in ({}, {"limitation": 30})]
        + [seen(call("GET", "/v1/contacts/1001/gates", token=None)), seen(call("DELETE", "/v1/contacts/1001/gates"))]
    ),
    "listContactTags": _list_probe("tags"),
    "listContactFunnels": _list_probe("funnels"),
    "listContactNotes": _list_probe("notes"),
    "listContactMessages": lambda call, _: (
        [
            seen(call("GET", "/v1/contacts/1001/messages", query=query))
            for query in ({}, {"activities": 1}, {"limitation": 1, "page": 2})
        ]
        + [
            seen(call("GET", "/v1/contacts/1001/messages", token=None)),
            seen(call("PATCH", "/v1/contacts/1001/messages")),
        ]
    ),
    "listContactCheckout": lambda call, _: [
        seen(call("GET", "/v1/contacts/1001/checkout")),
        seen(call("GET", "/v1/contacts/1001/checkout", token=None)),
        seen(call("POST", "/v1/contacts/1001/checkout")),
    ],
    "addContactTag": _membership_probe("tags", "32", "POST", 1020),
    "removeContactTag": _membership_probe("tags", "31", "DELETE", 1032),
    "addContactFunnel": _membership_probe("funnels", "7302", "POST", 1022),
    "removeContactFunnel": _membership_probe("funnels", "7301", "DELETE", 1034),
    "createContactNote": lambda call, app: [
        seen(call("POST", "/v1/contacts/1024/notes", json=NOTE)),
        listed(app, 1024, "notes"),
        seen(call("POST", "/v1/contacts/1025/notes", json=NOTE, token=None)),
        listed(app, 1025, "notes"),
        seen(call("PATCH", "/v1/contacts/1024/notes")),
    ],
    "updateContactNote": _note_probe("PUT", 1026, 1027),
    "deleteContactNote": _note_probe("DELETE", 1028, 1029),
    "sendContactMessage": lambda call, app: [
        seen(call("POST", "/v1/contacts/1030/send", json=TEXT)),
        messages(app, 1030),
        seen(call("POST", "/v1/contacts/1031/send", json=TEXT, token=None)),
        messages(app, 1031),
        seen(call("GET", "/v1/contacts/1030/send")),
    ],
    "fireContactEvent": lambda call, app: [
        seen(call("POST", "/v1/contacts/1001/fire", json=FIRE)),
        seen(call("POST", "/v1/contacts/1001/fire", body=json.dumps(FIRE).encode(), content_type="text/plain")),
        seen(call("POST", "/v1/contacts/1001/fire", json=FIRE, token=None)),
        seen(call("GET", "/v1/contacts/1001/fire")),
        [event.name for event in app.store.fired_events(app.projects[0], 1001)],
    ],
    "updateContact": lambda call, app: [
        seen(call("PUT", "/v1/contacts/1010", json=UPDATE)),
        stored(app, 1010, "city", "email", "order_total"),
        seen(call("PUT", "/v1/contacts/1011", json=UPDATE, token=None)),
        stored(app, 1011, "city", "email", "order_total"),
        seen(call("PUT", "/v1/contacts/1012", body=json.dumps(UPDATE).encode(), content_type="text/plain")),
        stored(app, 1012, "city"),
        seen(call("PATCH", "/v1/contacts/1010")),
    ],
    "createChannelGate": lambda call, _: [
        seen(call("POST", "/v1/channels/15/gates", json={"identifier": "380990000003", "firstName": "Ola"})),
        seen(
            call("POST", "/v1/channels/15/gates", json={"identifier": "380990000004", "firstName": "Ira"}, token=None)
        ),
        seen(call("GET", "/v1/channels/15/gates")),
        seen(call("POST", "/v1/channels/999/gates", json={"identifier": "380990000005", "firstName": "Ivan"})),
        seen(
            call("POST", "/v1/channels/11/gates", json={"identifier": "380990000006", "firstName": "Ivan"})
        ),  # telegram
        seen(call("POST", "/v1/channels/15/gates", body=b'{"identifier": "380990000007"}', content_type="text/plain")),
    ],
    "deleteContact": lambda call, app: [
        seen(call("DELETE", "/v1/contacts/1015")),
        stored(app, 1015, "id"),
        chat_left_by_delete(call, app, 1014),
        seen(call("DELETE", "/v1/contacts/1016", token=None)),
        stored(app, 1016, "id"),
        seen(call("PATCH", "/v1/contacts/1015")),
    ],
    "uniteContacts": lambda call, app: [
        seen(call("POST", "/v1/contacts/1002/unite/1001")),  # 1001 has tag 31, 1002 has 32
        tags(app, 1002),
        listed(app, 1002, "notes"),  # 1001's note 9001 moved over
        call("GET", "/v1/contacts/1001").status,  # the one read a merge fault shows in
        len(call("GET", "/v1/contacts/1002/gates").json()["collection"]),  # its own and 1001's
        seen(call("POST", "/v1/contacts/1005/unite/1005")),
        seen(call("POST", "/v1/contacts/999/unite/1006")),
        stored(app, 1006, "id"),
        seen(call("POST", "/v1/contacts/1004/unite/1003", token=None)),
        seen(call("GET", "/v1/contacts/1002/unite/1003")),
    ],
}


def observe(app: SandboxApp) -> dict[str, list[Observation]]:
    call = make_caller(app)
    return {operation_id: probe(call, app) for operation_id, probe in PROBES.items()}


@pytest.fixture(scope="module")
def correct() -> dict[str, list[Observation]]:
    return observe(create_app(CONFIG))


def test_the_probes_cover_every_operation_of_the_document() -> None:
    operations = {operation.operation_id for operation in openapi_document.load().operations}
    assert set(PROBES) == set(EVERY_OPERATION) == operations


def test_the_probes_see_the_same_answers_from_two_correct_sandboxes(correct: dict[str, list[Observation]]) -> None:
    assert observe(create_app(CONFIG)) == correct


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_breaks_exactly_the_operations_it_names(correct: dict[str, list[Observation]], fault: str) -> None:
    app, _ = faulty(fault)
    observed = observe(app)
    assert {operation for operation in PROBES if observed[operation] != correct[operation]} == set(
        FAULTS[fault].operations
    )


def test_all_faults_at_once_combine_without_crashing_the_sandbox() -> None:
    app, _ = faulty(*FAULTS)
    crashed = [
        (operation, index)
        for operation, observations in observe(app).items()
        for index, observation in enumerate(observations)
        if isinstance(observation, tuple) and observation[0] == 500
    ]
    assert crashed == [("searchContacts", 2)]  # the 41-character term, as server-error-on-long-term says
