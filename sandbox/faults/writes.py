"""Faults of the writes: updates and deletes that do not do what they answer, and bodies of any media
type read as JSON. (The merges' faults are in merges.py.)"""

from __future__ import annotations

import json

from sandbox.app import Response
from sandbox.faults.deviation import Deviation, Headers, whole_number
from sandbox.field_rules import SYSTEM_FIELDS, InvalidValue, system_field_value, variable_value
from sandbox.handlers import STATE_TRUE
from sandbox.store import SYSTEM_COLUMNS, Project, now_text

STATE_FALSE = b'{"state":false}'


class UpdateNotPersisted(Deviation):
    """updateContact checks the request as the sandbox does and answers state true, but writes nothing."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        if self.operation_id(method, path) != "updateContact" or not self.is_valid(
            method, path, query_string, headers, body
        ):
            return super().respond(method, path, query_string, headers, body)
        # A read of the contact (getContact has the same path) answers the token, the rate limit
        # and a missing contact as the update would.
        read = super().respond("GET", path, b"", headers, b"")
        return Response(200, STATE_TRUE, read.headers) if read.status == 200 else read


class UpdateStoresInvalidValues(Deviation):
    """updateContact stores a value that its field refuses (as text, as a server that checks nothing
    would) instead of skipping it; a name that is neither a field nor a variable is still skipped."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        match = self.route(method, path) if answer.status == 200 else None
        project = self.project_of(headers)
        if match is None or match.operation.operation_id != "updateContact" or project is None or body is None:
            return answer
        contact_id = whole_number(match.path_parameters["contactId"])
        values = json.loads(body)["values"]  # valid: the sandbox answered 200
        if contact_id is not None and self._store_refused(project, contact_id, values):
            self.store.reload()  # the full name, the search row and the stored JSON follow the rows
        return answer

    def _store_refused(self, project: Project, contact_id: int, values: dict[str, object]) -> bool:
        """Writes every value its field refuses; whether there was one."""
        written = False
        with self.store.database.write() as db:
            variables = {
                name: (variable_id, kind, json.loads(choices))
                for name, variable_id, kind, choices in db.execute(
                    "SELECT name, id, type, choices FROM variables WHERE project_id = ?", (project.id,)
                )
            }
            for name, value in values.items():
                if not _refused(name, value, variables.get(name)):
                    continue  # stored by the sandbox, or neither a field nor a variable
                written = True
                text = None if value is None else str(value)
                if name in SYSTEM_FIELDS:
                    db.execute(f"UPDATE contacts SET {SYSTEM_COLUMNS[name]} = ? WHERE id = ?", (text, contact_id))
                else:
                    db.execute(
                        "INSERT INTO contact_values (contact_id, variable_id, value, updated_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (contact_id, variable_id) DO UPDATE "
                        "SET value = excluded.value, updated_at = excluded.updated_at",
                        (contact_id, variables[name][0], text, now_text()),
                    )
        return written


def _refused(name: str, value: object, variable: tuple[int, str, list[str]] | None) -> bool:
    """Whether the sandbox skips `value` of the system field or variable `name` as invalid."""
    try:
        if name in SYSTEM_FIELDS:
            system_field_value(name, value)
        elif variable is not None:
            variable_value(variable[1], variable[2], value)
    except InvalidValue:
        return True
    return False


class DeleteNotPersisted(Deviation):
    """deleteContact answers state true, but the contact stays."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        if self.operation_id(method, path) != "deleteContact":
            return super().respond(method, path, query_string, headers, body)
        # A read of the contact (getContact has the same path) answers everything but the deletion.
        read = super().respond("GET", path, query_string, headers, body)
        return Response(200, STATE_TRUE, read.headers) if read.status == 200 else read


class UpdateAnswersStateFalse(Deviation):
    """An update that skipped a value (an e-mail address without @) answers `{"state": false}`,
    though it applied the rest. Breaks update-answers-state-true."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status != 200 or body is None or self.operation_id(method, path) != "updateContact":
            return answer
        email = json.loads(body)["values"].get("email")  # valid: the sandbox answered 200
        if isinstance(email, str) and "@" not in email:
            return Response(200, STATE_FALSE, answer.headers)
        return answer


class AnyMediaTypeAccepted(Deviation):
    """A request body is read as JSON whatever its Content-Type says (text/plain,
    multipart/form-data, ...). Breaks the request rules `body: media type application/json` of
    updateContact, fireContactEvent and createChannelGate."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        if body:
            headers = [(name, b"application/json" if name == b"content-type" else value) for name, value in headers]
        return super().respond(method, path, query_string, headers, body)
