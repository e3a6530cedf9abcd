"""The fault catalogue: off by default, refused when unknown, and each one visibly breaks the contract."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox import FAULTS, Response, SandboxApp, SandboxConfig, UnknownFault, create_app
from sandbox.database import DatabaseError
from tests.sandbox.conftest import Call, make_caller


def faulty(*names: str) -> tuple[SandboxApp, Call]:
    app = create_app(SandboxConfig(rate_limit=False, faults=frozenset(names)))
    return app, make_caller(app)


def test_a_default_sandbox_has_no_faults(call: Call) -> None:
    assert all(name != b"x-sandbox-faults" for name, _ in call("GET", "/v1/contacts").headers)


def test_unknown_fault_names_are_refused_with_the_list_of_known_ones() -> None:
    with pytest.raises(UnknownFault, match=r"unknown fault\(s\): typo.*Known faults: auth-ignored"):
        create_app(SandboxConfig(faults=frozenset({"typo"})))


def test_faults_are_refused_on_a_database_file_which_would_keep_their_damage(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite3"
    with pytest.raises(DatabaseError, match=r"faults store broken data, .* inject faults into the in-memory database"):
        create_app(SandboxConfig(db_path=str(path), faults=frozenset({"update-stores-invalid-values"})))
    assert not path.exists()


def test_a_faulty_sandbox_says_so_on_every_answer() -> None:
    _, call = faulty("fire-answers-202", "auth-ignored")
    for answer in (call("GET", "/v1/contacts"), call("GET", "/nowhere")):
        assert (b"x-sandbox-faults", b"auth-ignored,fire-answers-202") in answer.headers


def _update_then_read(call: Call) -> object:
    call("PUT", "/v1/contacts/1001", json={"values": {"city": "Lviv", "email": "not-an-email"}})
    info = call("GET", "/v1/contacts/1001/info").json()
    return (info["city"], info["email"])


def _merge_then_read(call: Call) -> object:
    call("PUT", "/v1/contacts/1002", json={"values": {}})
    call("POST", "/v1/contacts/1002/unite/1001")  # 1001 has tag 31, 1002 has none
    return (
        [tag["id"] for tag in call("GET", "/v1/contacts/1002").json()["tags"]],
        call("GET", "/v1/contacts/1001").status,
    )


def _create_then_read(call: Call) -> object:
    gate = call("POST", "/v1/channels/15/gates", json={"identifier": "380990000003", "firstName": "Ola"}).json()
    return call("GET", f"/v1/contacts/{gate['contact']['originalId']}").status


# fault -> an observation that differs between a correct and a faulty sandbox
OBSERVATIONS: dict[str, Callable[[Call], object]] = {
    "contact-id-as-string": lambda call: call("GET", "/v1/contacts/1001").json()["id"],
    "cursor-without-pages": lambda call: call("GET", "/v1/contacts").json()["cursor"],
    "chat-without-id": lambda call: "id" in call("GET", "/v1/contacts/1001/chat").json(),
    "info-nests-variables": lambda call: (
        "variables" in (info := call("GET", "/v1/contacts/1001/info").json()),
        "city" in info,
    ),
    "fire-answers-202": lambda call: call("POST", "/v1/contacts/1001/fire", json={"name": "OrderPaid"}).status,
    "errors-as-problem-json": lambda call: dict(call("GET", "/v1/contacts/999").headers)[b"content-type"],
    "missing-allow-header": lambda call: b"allow" in dict(call("PATCH", "/v1/contacts").headers),
    "auth-ignored": lambda call: call("GET", "/v1/contacts", token="wrong").status,
    "tenancy-leak": lambda call: call("GET", "/v1/contacts/1041").status,
    "limitation-unchecked": lambda call: call("GET", "/v1/contacts", query={"limitation": 30}).status,
    "server-error-on-long-term": lambda call: call("GET", "/v1/contacts/search", query={"term": "x" * 41}).status,
    "paging-skips-a-page": lambda call: call("GET", "/v1/contacts", query={"limitation": 5}).json()["collection"][0][
        "id"
    ],
    "pages-rounded-down": lambda call: call("GET", "/v1/contacts", query={"limitation": 7}).json()["cursor"]["pages"],
    "limitation-ignored": lambda call: len(call("GET", "/v1/contacts", query={"limitation": 5}).json()["collection"]),
    "search-ignores-term": lambda call: len(
        call("GET", "/v1/contacts/search", query={"term": "olena kov"}).json()["collection"]
    ),
    "update-not-persisted": _update_then_read,
    "update-stores-invalid-values": _update_then_read,
    "merge-drops-target-tags": _merge_then_read,
    "merge-keeps-target": _merge_then_read,
    "delete-not-persisted": lambda call: (
        call("DELETE", "/v1/contacts/1003").status,
        call("GET", "/v1/contacts/1003").status,
    ),
    "created-gate-points-elsewhere": _create_then_read,
}


def test_every_catalogued_fault_has_an_observation() -> None:
    assert set(OBSERVATIONS) == set(FAULTS)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_changes_what_a_client_observes(call: Call, fault: str) -> None:
    correct = OBSERVATIONS[fault](call)
    _, broken_call = faulty(fault)
    assert OBSERVATIONS[fault](broken_call) != correct


def test_a_fault_crashing_the_sandbox_is_still_answered_in_the_envelope() -> None:
    _, call = faulty("server-error-on-long-term")
    answer: Response = call("GET", "/v1/contacts/search", query={"term": "x" * 41})
    assert answer.status == 500
    assert answer.json()["error"]["message"] == "Internal sandbox error"
