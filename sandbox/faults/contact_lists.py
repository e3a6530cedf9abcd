"""Faults of a contact's tags, funnels, notes, messages and cart (document 2.1.0): writes that do not
do what they answer, lists that do not show what the contact has, answers of the wrong shape."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from sandbox.app import Response
from sandbox.faults.deviation import Deviation, Headers, whole_number
from sandbox.handlers import STATE_TRUE
from sandbox.routing import Match
from sandbox.store import Project


class _ContactWrite(Deviation):
    """A deviation of one operation: `deviate` sees each of its answers with the request's match and project."""

    operation = ""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        project = self.project_of(headers)
        if match is None or project is None or match.operation.operation_id != self.operation:
            return super().respond(method, path, query_string, headers, body)
        contact_id = whole_number(match.path_parameters.get("contactId"))
        if contact_id is None:
            return super().respond(method, path, query_string, headers, body)
        return self.deviate(match, project, contact_id, lambda: super(_ContactWrite, self).respond(
            method, path, query_string, headers, body
        ))  # fmt: skip

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        raise NotImplementedError

    def _rows(self, sql: str, *arguments: Any) -> list[tuple[Any, ...]]:
        with self.store.database.read() as db:
            return list(db.execute(sql, arguments).fetchall())

    def _write(self, sql: str, *arguments: Any) -> None:
        with self.store.database.write() as db:
            db.execute(sql, arguments)
        self.store.reload()  # the contact's stored JSON follows its rows


def _tag_id(match: Match) -> int | None:
    return whole_number(match.path_parameters.get("tagId"))


class TagAddNotPersisted(_ContactWrite):
    """addContactTag answers state true but the contact does not get the tag."""

    operation = "addContactTag"

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        tag_id = _tag_id(match)
        had = self._rows("SELECT 1 FROM contact_tags WHERE contact_id = ? AND tag_id = ?", contact_id, tag_id)
        response: Response = answer()
        if response.status == 200 and not had:
            self._write("DELETE FROM contact_tags WHERE contact_id = ? AND tag_id = ?", contact_id, tag_id)
        return response


class RepeatedTagAddConflicts(_ContactWrite):
    """addContactTag answers 409 for a tag the contact already has, instead of a 200 that changes nothing."""

    operation = "addContactTag"

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        had = self._rows("SELECT 1 FROM contact_tags WHERE contact_id = ? AND tag_id = ?", contact_id, _tag_id(match))
        response: Response = answer()
        if response.status == 200 and had:
            body = orjson.dumps({"error": {"code": 409, "message": "Conflict", "description": ["tag already set"]}})
            return Response(409, body, response.headers)
        return response


class ForeignTagAccepted(_ContactWrite):
    """addContactTag gives the contact a tag of another project's catalogue (a 404 is due)."""

    operation = "addContactTag"

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        response: Response = answer()
        tag_id = _tag_id(match)
        foreign = self._rows("SELECT 1 FROM tags WHERE id = ? AND project_id != ?", tag_id, project.id)
        owned = self._rows("SELECT 1 FROM contacts WHERE id = ? AND project_id = ?", contact_id, project.id)
        if response.status != 404 or not foreign or not owned:
            return response
        self._write("INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)", contact_id, tag_id)
        return Response(200, STATE_TRUE, response.headers)


class FunnelRemoveNotPersisted(_ContactWrite):
    """removeContactFunnel answers state true but the contact stays in the funnel."""

    operation = "removeContactFunnel"

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        key = match.path_parameters.get("serviceKey")
        had = self._rows(
            "SELECT f.id FROM contact_funnels AS cf JOIN funnels AS f ON f.id = cf.funnel_id "
            "WHERE cf.contact_id = ? AND f.project_id = ? AND CAST(f.service_key AS TEXT) = ?",
            contact_id, project.id, key,
        )  # fmt: skip
        response: Response = answer()
        if response.status == 200 and had:
            self._write(
                "INSERT OR IGNORE INTO contact_funnels (contact_id, funnel_id) VALUES (?, ?)", contact_id, had[0][0]
            )
        return response


class NoteUpdateNotPersisted(_ContactWrite):
    """updateContactNote answers state true but the note keeps its content."""

    operation = "updateContactNote"

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        note_id = whole_number(match.path_parameters.get("noteId"))
        before = self._rows("SELECT content FROM notes WHERE id = ? AND contact_id = ?", note_id, contact_id)
        response: Response = answer()
        if response.status == 200 and before:
            self._write("UPDATE notes SET content = ? WHERE id = ?", before[0][0], note_id)
        return response


class DeletedNoteStays(_ContactWrite):
    """deleteContactNote answers state true but the note is still there."""

    operation = "deleteContactNote"

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        note_id = whole_number(match.path_parameters.get("noteId"))
        before = self._rows("SELECT id, contact_id, operator_id, content, created_at FROM notes WHERE id = ?", note_id)
        response: Response = answer()
        if response.status == 200 and before:
            self._write(
                "INSERT INTO notes (id, contact_id, operator_id, content, created_at) VALUES (?, ?, ?, ?, ?)",
                *before[0],
            )
        return response


class CreatedNoteWithoutAuthor(_ContactWrite):
    """createContactNote answers the new note with `user` null: its author is lost."""

    operation = "createContactNote"

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        response: Response = answer()
        if response.status != 200:
            return response
        note = orjson.loads(response.body)
        self._write("UPDATE notes SET operator_id = NULL WHERE id = ?", note["id"])
        return Response(200, orjson.dumps({**note, "user": None}), response.headers)


class SentMessageNotListed(_ContactWrite):
    """sendContactMessage answers the message, but it is never listed."""

    operation = "sendContactMessage"

    def deviate(self, match: Match, project: Project, contact_id: int, answer: Any) -> Response:
        response: Response = answer()
        if response.status == 200:
            self._write("DELETE FROM messages WHERE id = ?", orjson.loads(response.body)["id"])
        return response


class _ListAnswer(Deviation):
    """A deviation of the successful answers of one list operation: `change` rewrites its page."""

    operation = ""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status != 200 or self.operation_id(method, path) != self.operation:
            return answer
        return Response(200, orjson.dumps(self.change(orjson.loads(answer.body), query_string)), answer.headers)

    def change(self, page: dict[str, Any], query_string: bytes) -> dict[str, Any]:
        raise NotImplementedError


class MessagesOldestFirst(_ListAnswer):
    """listContactMessages answers each page oldest first."""

    operation = "listContactMessages"

    def change(self, page: dict[str, Any], query_string: bytes) -> dict[str, Any]:
        return {**page, "collection": page["collection"][::-1]}


class CartQuantityAsString(_ListAnswer):
    """listContactCheckout answers `pivot.quantity` as a string."""

    operation = "listContactCheckout"

    def change(self, page: dict[str, Any], query_string: bytes) -> dict[str, Any]:
        for item in page["collection"]:
            if isinstance(item.get("pivot"), dict) and item["pivot"].get("quantity") is not None:
                item["pivot"]["quantity"] = str(item["pivot"]["quantity"])
        return page


class MergeDropsTargetNotes(Deviation):
    """uniteContacts deletes the target's notes instead of moving them to the contact."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        if match is None or match.operation.operation_id != "uniteContacts" or self.project_of(headers) is None:
            return super().respond(method, path, query_string, headers, body)
        target = whole_number(match.path_parameters["targetContactId"])
        with self.store.database.read() as db:
            notes = [row[0] for row in db.execute("SELECT id FROM notes WHERE contact_id = ?", (target,))]
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status == 200 and notes:
            with self.store.database.write() as db:
                _delete_notes(db, notes)
            self.store.reload()
        return answer


def _delete_notes(db: sqlite3.Connection, note_ids: list[int]) -> None:
    db.execute(f"DELETE FROM notes WHERE id IN ({', '.join('?' * len(note_ids))})", note_ids)
