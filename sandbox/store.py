"""What the sandbox knows and does: the contacts of its projects, read and changed as the API says.

Every method takes the project of the request's token and never touches another project's rows.
Reads return JSON documents built by the views of schema.sql; writes run in one transaction each.
A contact's JSON is kept ready in `contacts.document` (reads are then one indexed lookup); every
write that changes a contact brings it up to date in the same transaction: an update of fields
patches the changed values into it (json_set), other writes rebuild it from the contact_documents
view.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sandbox.database import Database
from sandbox.errors import ApiError, contact_not_found, funnel_not_found, note_not_found, tag_not_found
from sandbox.field_rules import SYSTEM_FIELDS, InvalidValue, system_field_value, variable_value

GATE_CREATION_CHANNEL_TYPES = frozenset({"whatsapp"})
# The lists of a contact's JSON that have an operation of their own (listContactTags, ...).
CONTACT_LISTS = frozenset({"tags", "funnels", "notes"})
# field name -> its column of the contacts table: firstName -> first_name
SYSTEM_COLUMNS = {name: re.sub(r"(?<=[a-z])([A-Z])", r"_\1", name).lower() for name in SYSTEM_FIELDS}


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    token: str


@dataclass(frozen=True)
class Page:
    page: int
    pages: int
    documents: list[str]


@dataclass(frozen=True)
class ContactSample:
    count: int
    first_ids: list[int]  # the lowest ids, ascending


@dataclass(frozen=True)
class FiredEvent:
    contact_id: int
    name: str
    matched_trigger: bool
    fired_at: str


def now_text() -> str:
    """The current UTC time as the API writes it (time.strftime: a third of datetime's cost, on every write)."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())


def full_name(first: str | None, last: str | None) -> str | None:
    return " ".join(part for part in (first, last) if part) or None


def search_table(project_id: int) -> str:
    return f"contact_search_{int(project_id)}"


def create_search_table(db: sqlite3.Connection, project_id: int) -> None:
    """One trigram index per project, over the case-folded name, e-mail and phone (one column each,
    so that a match never spans two fields)."""
    db.execute(f"CREATE VIRTUAL TABLE {search_table(project_id)} USING fts5 (name, email, phone, tokenize = 'trigram')")


def search_row(contact_id: int, full: str | None, email: str | None, phone: str | None) -> tuple[Any, ...]:
    return (contact_id, *((field or "").casefold() for field in (full, email, phone)))


def _search_condition(table: str, term: str) -> tuple[str, tuple[str, ...]]:
    """SQL matching `term` as a substring of any searched field, and its arguments."""
    folded = term.casefold()
    if "\x00" in folded:
        # Neither FTS5 queries nor GLOB patterns can hold a NUL character; compare in Python.
        return "contains_nul_term(name, email, phone, ?)", (folded,)
    if len(folded) >= 3:  # the trigram index answers a phrase query of three characters or more
        return f"{table} MATCH ?", ('"' + folded.replace('"', '""') + '"',)
    pattern = "*" + "".join(f"[{char}]" if char in "*?[" else char for char in folded) + "*"
    return "(name GLOB ? OR email GLOB ? OR phone GLOB ?)", (pattern, pattern, pattern)


def _contains_nul_term(name: str, email: str, phone: str, term: str) -> bool:
    return term in name or term in email or term in phone


def rebuild_documents(db: sqlite3.Connection) -> None:
    """Rebuilds the stored JSON of every contact from the contact_documents view."""
    db.execute(
        "UPDATE contacts SET document = (SELECT d.document FROM contact_documents AS d WHERE d.id = contacts.id)"
    )


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row that `cursor`'s INSERT just added."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def page_count(total: int, limitation: int) -> int:
    """Pages of a list; an empty list still has one (empty) page."""
    return max(1, math.ceil(total / limitation))


@dataclass(frozen=True)
class VariableDefinition:
    id: int
    kind: str
    choices: list[str]
    position: int  # its index in a contact's `variables` list, which the contact_documents view orders by id

    @cached_property
    def value_path(self) -> str:
        return f"$.variables[{self.position}].value"

    @cached_property
    def updated_at_path(self) -> str:
        return f"$.variables[{self.position}].updatedAt"


class Store:
    """Contact ids are the API's int64 ids: request validation refuses others before they get here."""

    def __init__(self, database: Database, clock: Callable[[], str] = now_text) -> None:
        self.database = database
        self._clock = clock
        self._projects_by_token: dict[str, Project] = {}
        self._variables: dict[int, dict[str, VariableDefinition]] = {}
        database.connection.create_function("contains_nul_term", 4, _contains_nul_term, deterministic=True)
        self._load_definitions()

    # -- projects ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-reads projects and variable definitions and rebuilds what every contact derives from
        its rows: its full name, its search row and its stored JSON. Call it after changing the
        database other than through the API."""
        with self.database.write() as db:
            for (contact_id,) in db.execute("SELECT id FROM contacts").fetchall():
                self._refresh_names(db, contact_id)
            rebuild_documents(db)
        self._load_definitions()

    def _load_definitions(self) -> None:
        """Projects and variable definitions are kept in memory: the API cannot change them."""
        with self.database.read() as db:
            rows = db.execute("SELECT id, name, token FROM projects ORDER BY id").fetchall()
            variables = db.execute(
                "SELECT project_id, name, id, type, choices FROM variables ORDER BY project_id, id"
            ).fetchall()
        self._projects_by_token = {row[2]: Project(*row) for row in rows}
        self._variables = {}
        for project_id, name, variable_id, kind, choices in variables:
            defined = self._variables.setdefault(project_id, {})
            defined[name] = VariableDefinition(variable_id, kind, json.loads(choices), position=len(defined))

    def projects(self) -> list[Project]:
        return sorted(self._projects_by_token.values(), key=lambda project: project.id)

    def project_for_token(self, token: str) -> Project | None:
        return self._projects_by_token.get(token)

    # -- reads ------------------------------------------------------------------------------------

    def contact_sample(self, project: Project, size: int) -> ContactSample:
        """How many contacts a project has, and the lowest `size` of their ids (ids to try)."""
        with self.database.read() as db:
            count = db.execute("SELECT count(*) FROM contacts WHERE project_id = ?", (project.id,)).fetchone()[0]
            rows = db.execute(
                "SELECT id FROM contacts WHERE project_id = ? ORDER BY id LIMIT ?", (project.id, size)
            ).fetchall()
        return ContactSample(int(count), [int(row[0]) for row in rows])

    def contact_page(self, project: Project, page: int, limitation: int) -> Page:
        with self.database.read() as db:
            total = db.execute("SELECT count(*) FROM contacts WHERE project_id = ?", (project.id,)).fetchone()[0]
            pages = page_count(total, limitation)
            if page > pages:
                return Page(page, pages, [])
            rows = db.execute(
                "SELECT document FROM contacts WHERE project_id = ? ORDER BY id LIMIT ? OFFSET ?",
                (project.id, limitation, (page - 1) * limitation),
            ).fetchall()
        return Page(page, pages, [row[0] for row in rows])

    def search_page(self, project: Project, term: str, page: int, limitation: int) -> Page:
        table = search_table(project.id)
        condition, arguments = _search_condition(table, term)
        with self.database.read() as db:
            total = db.execute(f"SELECT count(*) FROM {table} WHERE {condition}", arguments).fetchone()[0]
            pages = page_count(total, limitation)
            if page > pages:
                return Page(page, pages, [])
            ids = [
                row[0]
                for row in db.execute(
                    f"SELECT rowid FROM {table} WHERE {condition} ORDER BY rowid LIMIT ? OFFSET ?",
                    (*arguments, limitation, (page - 1) * limitation),
                )
            ]
            rows = db.execute(
                f"SELECT document FROM contacts WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id",
                ids,
            ).fetchall()
        return Page(page, pages, [row[0] for row in rows])

    def contact_document(self, project: Project, contact_id: int) -> str | None:
        with self.database.read() as db:
            row = db.execute(
                "SELECT document FROM contacts WHERE id = ? AND project_id = ?", (contact_id, project.id)
            ).fetchone()
        return None if row is None else str(row[0])

    def simple_contact(self, project: Project, contact_id: int) -> dict[str, Any] | None:
        """The flat view: the system fields, then one key per variable (a system field wins a name clash)."""
        document = self.contact_document(project, contact_id)
        if document is None:
            return None
        flat: dict[str, Any] = json.loads(document)
        variables = flat.pop("variables")
        del flat["notes"]
        for variable in variables:
            flat.setdefault(variable["name"], variable["value"])
        return flat

    def chat_document(self, project: Project, contact_id: int) -> str | None:
        with self.database.read() as db:
            row = db.execute(
                "SELECT document FROM chat_documents WHERE contact_id = ? AND project_id = ?", (contact_id, project.id)
            ).fetchone()
        return None if row is None else str(row[0])

    def gate_page(self, project: Project, contact_id: int, page: int, limitation: int) -> Page | None:
        with self.database.read() as db:
            if not self._contact_exists(db, project, contact_id):
                return None
            total = db.execute("SELECT count(*) FROM gates WHERE contact_id = ?", (contact_id,)).fetchone()[0]
            pages = page_count(total, limitation)
            if page > pages:
                return Page(page, pages, [])
            rows = db.execute(
                "SELECT document FROM gate_documents WHERE contact_id = ? ORDER BY id LIMIT ? OFFSET ?",
                (contact_id, limitation, (page - 1) * limitation),
            ).fetchall()
        return Page(page, pages, [row[0] for row in rows])

    def contact_list_page(self, project: Project, contact_id: int, key: str, page: int, limitation: int) -> Page | None:
        """One page of a list that the contact's JSON holds (`tags`, `funnels`, `notes`), in its order:
        the list operations show exactly what getContact shows. None when there is no such contact."""
        if key not in CONTACT_LISTS:
            raise ValueError(f"{key!r} is not a list of a contact")
        path = f"$.{key}"
        with self.database.read() as db:
            row = db.execute(
                "SELECT json_array_length(document, ?) FROM contacts WHERE id = ? AND project_id = ?",
                (path, contact_id, project.id),
            ).fetchone()
            if row is None:
                return None
            pages = page_count(row[0], limitation)
            if page > pages:
                return Page(page, pages, [])
            rows = db.execute(
                "SELECT j.value FROM contacts AS c, json_each(c.document, ?) AS j WHERE c.id = ? "
                "ORDER BY j.key LIMIT ? OFFSET ?",
                (path, contact_id, limitation, (page - 1) * limitation),
            ).fetchall()
        return Page(page, pages, [row[0] for row in rows])

    def message_page(
        self, project: Project, contact_id: int, activities: bool, page: int, limitation: int
    ) -> Page | None:
        """The contact's messages, newest first; activities only when asked for."""
        kinds = ("message", "activity") if activities else ("message", "message")
        with self.database.read() as db:
            if not self._contact_exists(db, project, contact_id):
                return None
            total = db.execute(
                "SELECT count(*) FROM messages WHERE contact_id = ? AND kind IN (?, ?)", (contact_id, *kinds)
            ).fetchone()[0]
            pages = page_count(total, limitation)
            if page > pages:
                return Page(page, pages, [])
            rows = db.execute(
                "SELECT document FROM message_documents WHERE contact_id = ? AND kind IN (?, ?) "
                # newest first by date: a merge moves older messages in with newer ids
                "ORDER BY json_extract(document, '$.createdAt') DESC, id DESC LIMIT ? OFFSET ?",
                (contact_id, *kinds, limitation, (page - 1) * limitation),
            ).fetchall()
        return Page(page, pages, [row[0] for row in rows])

    def cart_page(self, project: Project, contact_id: int, page: int, limitation: int) -> Page | None:
        with self.database.read() as db:
            if not self._contact_exists(db, project, contact_id):
                return None
            total = db.execute("SELECT count(*) FROM cart_items WHERE contact_id = ?", (contact_id,)).fetchone()[0]
            pages = page_count(total, limitation)
            if page > pages:
                return Page(page, pages, [])
            rows = db.execute(
                "SELECT document FROM cart_documents WHERE contact_id = ? ORDER BY id LIMIT ? OFFSET ?",
                (contact_id, limitation, (page - 1) * limitation),
            ).fetchall()
        return Page(page, pages, [row[0] for row in rows])

    def fired_events(self, project: Project, contact_id: int | None = None) -> list[FiredEvent]:
        query = "SELECT contact_id, name, matched_trigger, fired_at FROM fired_events WHERE project_id = ?"
        arguments: tuple[int, ...] = (project.id,)
        if contact_id is not None:
            query += " AND contact_id = ?"
            arguments += (contact_id,)
        with self.database.read() as db:
            rows = db.execute(query + " ORDER BY id", arguments).fetchall()
        return [FiredEvent(row[0], row[1], bool(row[2]), row[3]) for row in rows]

    # -- writes -----------------------------------------------------------------------------------

    def update_contact(self, project: Project, contact_id: int, values: Mapping[str, Any]) -> bool:
        """Applies every valid value; invalid ones are skipped. False when there is no such contact."""
        with self.database.write() as db:
            if not self._contact_exists(db, project, contact_id):
                return False
            self._apply_values(db, project, contact_id, values)
        return True

    def fire_event(self, project: Project, contact_id: int, name: str) -> bool:
        """Records the event; returns False when there is no such contact."""
        with self.database.write() as db:
            if not self._contact_exists(db, project, contact_id):
                return False
            matched = db.execute(
                "SELECT 1 FROM triggers WHERE project_id = ? AND event_name = ?", (project.id, name)
            ).fetchone()
            db.execute(
                "INSERT INTO fired_events (project_id, contact_id, name, matched_trigger, fired_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (project.id, contact_id, name, matched is not None, self._clock()),
            )
        return True

    def unite(self, project: Project, contact_id: int, target_id: int) -> None:
        """Merges `target_id` into `contact_id` and removes the target; raises ApiError 404 or 409."""
        with self.database.write() as db:
            # Existence first: a contact that is not there is a 404 even when merged with itself.
            for wanted in (contact_id, target_id):
                if not self._contact_exists(db, project, wanted):
                    raise contact_not_found(wanted)
            if contact_id == target_id:
                raise ApiError(409, "Conflict", ["a contact cannot be united with itself"])
            self._unite(db, project, contact_id, target_id)

    def delete_contact(self, project: Project, contact_id: int) -> bool:
        with self.database.write() as db:
            if not self._contact_exists(db, project, contact_id):
                return False
            self._delete(db, project, contact_id)
        return True

    def set_tag(self, project: Project, contact_id: int, tag_id: int, *, present: bool) -> None:
        """Gives the contact the tag (present) or takes it away; doing what is already so changes
        nothing. Raises ApiError 404 for an unknown contact or a tag outside the project's catalogue."""
        with self.database.write() as db:
            self._require_contact(db, project, contact_id)
            if (
                db.execute("SELECT 1 FROM tags WHERE id = ? AND project_id = ?", (tag_id, project.id)).fetchone()
                is None
            ):
                raise tag_not_found(tag_id)
            if present:
                sql = "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)"
            else:
                sql = "DELETE FROM contact_tags WHERE contact_id = ? AND tag_id = ?"
            if db.execute(sql, (contact_id, tag_id)).rowcount:
                self._refresh_document(db, contact_id)

    def set_funnel(self, project: Project, contact_id: int, service_key: str, *, present: bool) -> None:
        """As set_tag, for the funnel with this serviceKey (compared as text: the key of the path)."""
        with self.database.write() as db:
            self._require_contact(db, project, contact_id)
            funnel = db.execute(
                "SELECT id FROM funnels WHERE project_id = ? AND CAST(service_key AS TEXT) = ?",
                (project.id, service_key),
            ).fetchone()
            if funnel is None:
                raise funnel_not_found(service_key)
            if present:
                sql = "INSERT OR IGNORE INTO contact_funnels (contact_id, funnel_id) VALUES (?, ?)"
            else:
                sql = "DELETE FROM contact_funnels WHERE contact_id = ? AND funnel_id = ?"
            if db.execute(sql, (contact_id, funnel[0])).rowcount:
                self._refresh_document(db, contact_id)

    def create_note(self, project: Project, contact_id: int, content: str) -> str:
        """Writes a note by the project's user the token belongs to (its first operator); returns its JSON."""
        with self.database.write() as db:
            self._require_contact(db, project, contact_id)
            author = db.execute(
                "SELECT id FROM operators WHERE project_id = ? ORDER BY id LIMIT 1", (project.id,)
            ).fetchone()
            note_id = _inserted_id(
                db.execute(
                    "INSERT INTO notes (contact_id, operator_id, content, created_at) VALUES (?, ?, ?, ?)",
                    (contact_id, None if author is None else author[0], content, self._clock()),
                )
            )
            self._refresh_document(db, contact_id)
            return str(db.execute("SELECT document FROM note_documents WHERE id = ?", (note_id,)).fetchone()[0])

    def update_note(self, project: Project, contact_id: int, note_id: int, content: str) -> None:
        with self.database.write() as db:
            self._require_contact(db, project, contact_id)
            changed = db.execute(
                "UPDATE notes SET content = ? WHERE id = ? AND contact_id = ?", (content, note_id, contact_id)
            ).rowcount
            if not changed:
                raise note_not_found(note_id, contact_id)
            self._refresh_document(db, contact_id)

    def delete_note(self, project: Project, contact_id: int, note_id: int) -> None:
        with self.database.write() as db:
            self._require_contact(db, project, contact_id)
            if not db.execute("DELETE FROM notes WHERE id = ? AND contact_id = ?", (note_id, contact_id)).rowcount:
                raise note_not_found(note_id, contact_id)
            self._refresh_document(db, contact_id)

    def send_message(self, project: Project, contact_id: int, request: Mapping[str, Any]) -> str:
        """Records a message sent by the project's bot, over the contact's first subscribed gate (or its
        first gate, or none); returns its JSON. Nothing is delivered: the sandbox reaches no one."""
        kind = request["type"]
        parameters = {"content": request["content"]} if kind == "text" else {"media": request["media"]}
        content = {"type": kind, "resource": {"parameters": parameters}}
        sender = {"type": "bot", "image": None, "fullName": project.name}
        with self.database.write() as db:
            self._require_contact(db, project, contact_id)
            gate = db.execute(
                "SELECT id FROM gates WHERE contact_id = ? ORDER BY subscribed DESC, id LIMIT 1", (contact_id,)
            ).fetchone()
            message_id = _inserted_id(
                db.execute(
                    "INSERT INTO messages (contact_id, gate_id, kind, content, sender, created_at) "
                    "VALUES (?, ?, 'message', ?, ?, ?)",
                    (
                        contact_id,
                        None if gate is None else gate[0],
                        json.dumps(content),
                        json.dumps(sender),
                        self._clock(),
                    ),
                )
            )
            return str(db.execute("SELECT document FROM message_documents WHERE id = ?", (message_id,)).fetchone()[0])

    def create_gate(self, project: Project, channel_id: int, request: Mapping[str, Any]) -> str:
        """Creates a contact with a gate on the channel, or returns the channel's gate for the identifier."""
        with self.database.write() as db:
            channel = db.execute(
                "SELECT type FROM channels WHERE id = ? AND project_id = ?", (channel_id, project.id)
            ).fetchone()
            if channel is None:
                raise ApiError(404, "Channel not found", [f"there is no channel {channel_id} in this project"])
            if channel[0] not in GATE_CREATION_CHANNEL_TYPES:
                raise ApiError(
                    409,
                    "Conflict",
                    [f"channel {channel_id} is a {channel[0]} channel; only WhatsApp channels can create contacts"],
                )
            existing = db.execute(
                "SELECT id FROM gates WHERE channel_id = ? AND identifier = ?", (channel_id, request["identifier"])
            ).fetchone()
            gate_id = existing[0] if existing else self._create_contact_with_gate(db, project, channel_id, request)
            return str(db.execute("SELECT document FROM gate_documents WHERE id = ?", (gate_id,)).fetchone()[0])

    # -- helpers (run inside a transaction) -------------------------------------------------------

    @staticmethod
    def _contact_exists(db: sqlite3.Connection, project: Project, contact_id: int) -> bool:
        row = db.execute("SELECT 1 FROM contacts WHERE id = ? AND project_id = ?", (contact_id, project.id)).fetchone()
        return row is not None

    @classmethod
    def _require_contact(cls, db: sqlite3.Connection, project: Project, contact_id: int) -> None:
        if not cls._contact_exists(db, project, contact_id):
            raise contact_not_found(contact_id)

    def _apply_values(
        self,
        db: sqlite3.Connection,
        project: Project,
        contact_id: int,
        values: Mapping[str, Any],
        *,
        variables_only: bool = False,
    ) -> None:
        """Stores every valid value, skips invalid ones, and patches the contact's stored JSON to match."""
        variables = self._variables.get(project.id, {})
        system: dict[str, str | None] = {}  # field name -> value
        patch: list[str | None] = []  # JSON path, value, JSON path, value, ...
        now = self._clock()
        for name, value in values.items():
            try:
                if name in SYSTEM_FIELDS and not variables_only:
                    system[name] = system_field_value(name, value)
                elif name in variables:
                    variable = variables[name]
                    stored = variable_value(variable.kind, variable.choices, value)
                    # An upsert changes the row in place; INSERT OR REPLACE would delete and re-insert it.
                    db.execute(
                        "INSERT INTO contact_values (contact_id, variable_id, value, updated_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (contact_id, variable_id) DO UPDATE "
                        "SET value = excluded.value, updated_at = excluded.updated_at",
                        (contact_id, variable.id, stored, now),
                    )
                    patch += (variable.value_path, stored, variable.updated_at_path, now)
                else:
                    raise InvalidValue(
                        "not a variable of the project"
                        if variables_only
                        else "neither a variable of the project nor a system field"
                    )
            except InvalidValue:
                continue  # the vendor's rule: an invalid value skips its field, the rest is applied
        if system:
            assignments = ", ".join(f"{SYSTEM_COLUMNS[name]} = ?" for name in system)
            db.execute(f"UPDATE contacts SET {assignments} WHERE id = ?", (*system.values(), contact_id))
            for name, stored in system.items():
                patch += ("$." + name, stored)  # the view names a system field's key after the field
            patch += ("$.fullName", self._refresh_names(db, contact_id))
        self._patch_document(db, contact_id, now, patch)

    @staticmethod
    def _refresh_document(db: sqlite3.Connection, contact_id: int) -> None:
        """Rebuilds the contact's stored JSON from the contact_documents view."""
        db.execute(
            "UPDATE contacts SET document = (SELECT document FROM contact_documents WHERE id = ?) WHERE id = ?",
            (contact_id, contact_id),
        )

    @staticmethod
    def _patch_document(db: sqlite3.Connection, contact_id: int, updated_at: str, patch: list[str | None]) -> None:
        """Stamps `updated_at` and sets the values of `patch` (JSON path, value, ...) in the contact's
        stored JSON, in one statement. The values are the ones just written to the tables, so the
        result is what the contact_documents view would build (tests/sandbox/test_update.py checks
        it), at a third of the cost of rebuilding it, which queries every list of the contact."""
        if not patch:
            db.execute("UPDATE contacts SET updated_at = ? WHERE id = ?", (updated_at, contact_id))
            return
        setters = ", ?, ?" * (len(patch) // 2)
        db.execute(
            f"UPDATE contacts SET updated_at = ?, document = json_set(document{setters}) WHERE id = ?",
            (updated_at, *patch, contact_id),
        )

    @staticmethod
    def _refresh_names(db: sqlite3.Connection, contact_id: int) -> str | None:
        """Recomputes the full name and the search index row from the name fields; returns the full name."""
        project_id, first, last, email, phone = db.execute(
            "SELECT project_id, first_name, last_name, email, phone FROM contacts WHERE id = ?", (contact_id,)
        ).fetchone()
        full = full_name(first, last)
        db.execute("UPDATE contacts SET full_name = ? WHERE id = ?", (full, contact_id))
        table = search_table(project_id)
        db.execute(f"DELETE FROM {table} WHERE rowid = ?", (contact_id,))
        db.execute(
            f"INSERT INTO {table} (rowid, name, email, phone) VALUES (?, ?, ?, ?)",
            search_row(contact_id, full, email, phone),
        )
        return full

    def _unite(self, db: sqlite3.Connection, project: Project, contact_id: int, target_id: int) -> None:
        now = self._clock()
        # Tags and funnels: the union of both contacts.
        db.execute(
            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) "
            "SELECT ?, tag_id FROM contact_tags WHERE contact_id = ?",
            (contact_id, target_id),
        )
        db.execute(
            "INSERT OR IGNORE INTO contact_funnels (contact_id, funnel_id) "
            "SELECT ?, funnel_id FROM contact_funnels WHERE contact_id = ?",
            (contact_id, target_id),
        )
        # Variables: the contact's own values win, unless empty or just the variable's default value
        # (the document counts a variable that shows only its default value as lacking); the
        # target's values fill the rest.
        db.execute(
            "INSERT OR REPLACE INTO contact_values (contact_id, variable_id, value, updated_at) "
            "SELECT ?, t.variable_id, t.value, ? FROM contact_values AS t "
            "JOIN variables AS v ON v.id = t.variable_id "
            "LEFT JOIN contact_values AS own ON own.contact_id = ? AND own.variable_id = t.variable_id "
            "WHERE t.contact_id = ? AND t.value IS NOT NULL "
            "AND (own.value IS NULL OR own.value = '' OR own.value = v.default_value)",
            (contact_id, now, contact_id, target_id),
        )
        # System fields follow the same rule.
        for column in SYSTEM_COLUMNS.values():
            db.execute(
                f"UPDATE contacts SET {column} = (SELECT {column} FROM contacts WHERE id = ?) "
                f"WHERE id = ? AND ({column} IS NULL OR {column} = '')",
                (target_id, contact_id),
            )
        db.execute(
            "UPDATE contacts SET photo = coalesce(photo, (SELECT photo FROM contacts WHERE id = ?)), updated_at = ? "
            "WHERE id = ?",
            (target_id, now, contact_id),
        )
        # The target's gates and notes move over; its chat goes with it, unless the contact has none.
        db.execute("UPDATE gates SET contact_id = ? WHERE contact_id = ?", (contact_id, target_id))
        db.execute("UPDATE notes SET contact_id = ? WHERE contact_id = ?", (contact_id, target_id))
        # Its messages go with its gates; its cart adds the units the contact's cart lacks.
        db.execute("UPDATE messages SET contact_id = ? WHERE contact_id = ?", (contact_id, target_id))
        db.execute(
            "INSERT OR IGNORE INTO cart_items (contact_id, essence_id, quantity) "
            "SELECT ?, essence_id, quantity FROM cart_items WHERE contact_id = ?",
            (contact_id, target_id),
        )
        db.execute(
            "UPDATE chats SET contact_id = ? "
            "WHERE contact_id = ? AND NOT EXISTS (SELECT 1 FROM chats WHERE contact_id = ?)",
            (contact_id, target_id, contact_id),
        )
        self._delete(db, project, target_id)
        self._refresh_names(db, contact_id)
        self._refresh_document(db, contact_id)

    @staticmethod
    def _delete(db: sqlite3.Connection, project: Project, contact_id: int) -> None:
        db.execute(f"DELETE FROM {search_table(project.id)} WHERE rowid = ?", (contact_id,))
        db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))  # the rest cascades

    def _create_contact_with_gate(
        self, db: sqlite3.Connection, project: Project, channel_id: int, request: Mapping[str, Any]
    ) -> int:
        now = self._clock()
        contact_id = _inserted_id(
            db.execute(
                "INSERT INTO contacts (project_id, created_at, updated_at) VALUES (?, ?, ?)", (project.id, now, now)
            )
        )
        gate_id = _inserted_id(
            db.execute(
                "INSERT INTO gates (channel_id, contact_id, identifier, subscribed, unread_messages, created_at) "
                "VALUES (?, ?, ?, 1, 0, ?)",
                (channel_id, contact_id, request["identifier"], now),
            )
        )
        db.execute(
            "INSERT INTO chats (contact_id, service_contact_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (contact_id, gate_id + 38000, now, now),
        )
        self._refresh_names(db, contact_id)  # its search row, even when no field below is accepted
        self._refresh_document(db, contact_id)  # a first document, which the values are then patched into
        # The fields get the rules of an update, so that creation stores nothing an update would refuse
        # (a blank first name, an e-mail without a dot); a refused one is skipped, not a 400, since the
        # document calls the request valid.
        fields = {name: request[name] for name in SYSTEM_FIELDS if name in request}
        self._apply_values(db, project, contact_id, fields)
        self._apply_values(db, project, contact_id, request.get("parameters") or {}, variables_only=True)
        return gate_id
