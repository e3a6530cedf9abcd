"""Faults of the writes: updates, merges and deletes that do not do what they answer."""

from __future__ import annotations

import json

import orjson

from sandbox.app import Response, SandboxConfig
from sandbox.faults.deviation import Deviation, Headers, whole_number
from sandbox.field_rules import SYSTEM_FIELDS, InvalidValue, system_field_value, variable_value
from sandbox.handlers import STATE_TRUE
from sandbox.store import SYSTEM_COLUMNS, Project, now_text


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


class MergeDropsTargetTags(Deviation):
    """uniteContacts leaves the contact with its own tags only: the target's are lost."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        project = self.project_of(headers)
        if match is None or match.operation.operation_id != "uniteContacts" or project is None:
            return super().respond(method, path, query_string, headers, body)
        contact_id = whole_number(match.path_parameters["contactId"])
        document = self.store.contact_document(project, contact_id) if contact_id is not None else None
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status != 200 or document is None:
            return answer
        own = [tag["id"] for tag in orjson.loads(document)["tags"]]
        with self.store.database.write() as db:
            db.execute(
                f"DELETE FROM contact_tags WHERE contact_id = ? AND tag_id NOT IN ({', '.join('?' * len(own))})",
                (contact_id, *own),
            )
        self.store.reload()
        return answer


class MergeKeepsTarget(Deviation):
    """After uniteContacts, the target's full and simple views are still served, as they were before
    the merge: a server that forgot to delete it."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config)
        self._merged_away: dict[tuple[int, int], dict[str, bytes]] = {}  # (project, contact) -> operation -> body

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        project = self.project_of(headers)
        operation_id = match.operation.operation_id if match else None
        if match is None or project is None or operation_id not in {"uniteContacts", "getContact", "getContactInfo"}:
            return super().respond(method, path, query_string, headers, body)
        if operation_id == "uniteContacts":
            target = whole_number(match.path_parameters["targetContactId"])
            views = self._views(project, target) if target is not None else None
            answer = super().respond(method, path, query_string, headers, body)
            if answer.status == 200 and target is not None and views is not None:
                self._merged_away[(project.id, target)] = views
            return answer
        answer = super().respond(method, path, query_string, headers, body)
        contact_id = whole_number(match.path_parameters["contactId"])
        kept = (
            self._merged_away.get((project.id, contact_id)) if answer.status == 404 and contact_id is not None else None
        )
        return answer if kept is None else Response(200, kept[str(operation_id)], answer.headers)

    def _views(self, project: Project, contact_id: int) -> dict[str, bytes] | None:
        document = self.store.contact_document(project, contact_id)
        flat = self.store.simple_contact(project, contact_id)
        if document is None or flat is None:
            return None
        return {"getContact": document.encode(), "getContactInfo": orjson.dumps(flat)}


class DeleteNotPersisted(Deviation):
    """deleteContact answers state true, but the contact stays."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        if self.operation_id(method, path) != "deleteContact":
            return super().respond(method, path, query_string, headers, body)
        # A read of the contact (getContact has the same path) answers everything but the deletion.
        read = super().respond("GET", path, query_string, headers, body)
        return Response(200, STATE_TRUE, read.headers) if read.status == 200 else read
