"""Bearer tokens, tenancy, and answers to unknown paths and methods."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox import SandboxApp
from tests.sandbox.conftest import Call, first_contact_of

# One valid request per operation; {id} is a contact of project 1.
REQUESTS: list[tuple[str, str, dict[str, Any] | None, Any]] = [
    ("GET", "/v1/contacts", None, None),
    ("GET", "/v1/contacts/search", {"term": "e"}, None),
    ("GET", "/v1/contacts/{id}", None, None),
    ("GET", "/v1/contacts/{id}/info", None, None),
    ("GET", "/v1/contacts/{id}/chat", None, None),
    ("GET", "/v1/contacts/{id}/gates", None, None),
    ("PUT", "/v1/contacts/{id}", None, {"values": {"city": "Lviv"}}),
    ("POST", "/v1/contacts/{id}/fire", None, {"name": "OrderPaid"}),
    ("POST", "/v1/contacts/{id}/unite/1002", None, None),
    ("DELETE", "/v1/contacts/{id}", None, None),
    ("POST", "/v1/channels/15/gates", None, {"identifier": "380990000002", "firstName": "Nina"}),
]


@pytest.mark.parametrize(("method", "path", "query", "body"), REQUESTS)
def test_every_operation_answers_a_valid_request(call: Call, method: str, path: str, query: Any, body: Any) -> None:
    assert call(method, path.format(id=1001), query=query, json=body).status == 200


@pytest.mark.parametrize(("method", "path", "query", "body"), REQUESTS)
@pytest.mark.parametrize(
    ("authorization", "reason"),
    [
        (None, "no bearer token was sent"),
        ("Bearer wrong-token", "the bearer token is not the token of any project"),
        ("Basic dXNlcjpwYXNz", "the bearer token is not the token of any project"),
        ("Bearer", "the bearer token is not the token of any project"),
        ("{token}", "the bearer token is not the token of any project"),
    ],
)
def test_a_missing_or_wrong_token_is_a_401_before_anything_else(
    app: SandboxApp, method: str, path: str, query: Any, body: Any, authorization: str | None, reason: str
) -> None:
    headers = (
        []
        if authorization is None
        else [(b"authorization", authorization.format(token=app.projects[0].token).encode())]
    )
    # an invalid query as well: authentication comes first
    answer = app.respond(method, path.format(id=1001), b"limitation=999", headers, b"{not json")
    assert answer.status == 401
    assert answer.json() == {"error": {"code": 401, "message": "Unauthenticated", "description": [reason]}}
    assert (b"content-type", b"application/json") in answer.headers
    assert (b"www-authenticate", b"Bearer") in answer.headers  # RFC 9110: a 401 names the scheme to use


def test_the_scheme_is_case_insensitive(app: SandboxApp) -> None:
    headers = [(b"authorization", f"bearer {app.projects[0].token}".encode())]
    assert app.respond("GET", "/v1/contacts", b"", headers, b"").status == 200


@pytest.mark.parametrize(("method", "path", "query", "body"), [r for r in REQUESTS if "{id}" in r[1]])
def test_a_contact_of_another_project_is_invisible(
    app: SandboxApp, call: Call, method: str, path: str, query: Any, body: Any
) -> None:
    foreign = first_contact_of(app, 1)
    before = call("GET", f"/v1/contacts/{foreign}", token=app.projects[1].token).json()
    answer = call(method, path.format(id=foreign), query=query, json=body)
    assert answer.status == 404
    assert str(foreign) in answer.json()["error"]["description"][0]
    assert call("GET", f"/v1/contacts/{foreign}", token=app.projects[1].token).json() == before


def test_each_token_sees_only_its_projects_contacts(app: SandboxApp, call: Call) -> None:
    first = {c["id"] for c in call("GET", "/v1/contacts", query={"limitation": 20}).json()["collection"]}
    second = {
        c["id"]
        for c in call("GET", "/v1/contacts", query={"limitation": 20}, token=app.projects[1].token).json()["collection"]
    }
    assert first and second and not first & second


@pytest.mark.parametrize(
    "path",
    ["/", "/v1", "/v1/contacts/", "/v1/contact", "/v2/contacts", "/v1/contacts/1001/unknown", "/v1/contacts/1/info\n"],
)
def test_an_unknown_path_is_a_404_in_the_envelope(call: Call, path: str) -> None:
    answer = call("GET", path)
    assert answer.status == 404
    assert answer.json()["error"]["code"] == 404


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", "/v1/contacts", b"GET"),
        ("DELETE", "/v1/contacts/search", b"GET"),
        ("PATCH", "/v1/contacts/1001", b"DELETE, GET, PUT"),
        ("HEAD", "/v1/contacts/1001/info", b"GET"),
        ("TRACE", "/v1/contacts/1001/fire", b"POST"),
        ("OPTIONS", "/v1/channels/15/gates", b"POST"),
        ("GET", "/v1/contacts/1001/unite/1002", b"POST"),
    ],
)
def test_an_undocumented_method_is_a_405_listing_the_documented_ones(
    call: Call, method: str, path: str, allow: bytes
) -> None:
    answer = call(method, path, token=None)
    assert answer.status == 405
    assert (b"allow", allow) in answer.headers
    assert answer.json()["error"]["code"] == 405
