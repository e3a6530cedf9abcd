"""Faults of authentication and tenancy: who may read what."""

from __future__ import annotations

import orjson

from sandbox.app import Response
from sandbox.faults.deviation import Deviation, Headers, whole_number


class AuthIgnored(Deviation):
    """A request without a token the sandbox knows is served as if it carried the first project's."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        if self.project_of(headers) is None:
            first = self.projects[0].token
            headers = [(name, value) for name, value in headers if name.lower() != b"authorization"]
            headers.append((b"authorization", f"Bearer {first}".encode()))
        return super().respond(method, path, query_string, headers, body)


class _Leak(Deviation):
    """The views of `leaking` find a contact by its id alone, whichever project it belongs to."""

    leaking: frozenset[str] = frozenset()

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        match = self.route(method, path) if answer.status == 404 else None
        if match is None or match.operation.operation_id not in self.leaking:
            return answer
        contact_id = whole_number(match.path_parameters["contactId"])  # valid: a bad id is a 400
        with self.store.database.read() as db:
            row = db.execute("SELECT project_id FROM contacts WHERE id = ?", (contact_id,)).fetchone()
        owner = next((project for project in self.projects if row is not None and project.id == row[0]), None)
        if owner is None or contact_id is None:
            return answer
        if match.operation.operation_id == "getContact":
            return Response(200, str(self.store.contact_document(owner, contact_id)).encode(), answer.headers)
        return Response(200, orjson.dumps(self.store.simple_contact(owner, contact_id)), answer.headers)


class TenancyLeak(_Leak):
    """getContact and getContactInfo find a contact by its id alone, whichever project it belongs to."""

    leaking = frozenset({"getContact", "getContactInfo"})


class TenancyLeakInInfo(_Leak):
    """getContactInfo alone shows another project's contact (it looks the contact up without the
    token's project), while getContact hides it. Breaks foreign-contact-invisible."""

    leaking = frozenset({"getContactInfo"})
