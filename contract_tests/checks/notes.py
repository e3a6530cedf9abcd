"""A contact's notes: a created note is answered and listed, an update is visible, a deleted note
is gone, and a note id that is not one of the contact's answers 404 and changes nothing."""

from __future__ import annotations

from typing import Any

from schemathesis import CheckContext, Response
from schemathesis.core import NotSet

from contract_tests.checks.registry import (
    INFERRED,
    NoteNotVisible,
    RefusalMissing,
    fail,
    judging,
    sandbox_only,
    semantic_check,
)
from contract_tests.checks.run_state import state_of
from contract_tests.checks.sub_lists import LARGEST_PAGE, contact_view, every_item
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, operation_id, succeeded

UNKNOWN_NOTE_ID = 9_000_000_000_000_000_001  # an int64 that no note has
NOTE_WRITES = ("updateContactNote", "deleteContactNote")  # the operations that name a note


def _sent_content(case: ApiCase) -> Any:
    body = case.body
    return body.get("content") if isinstance(body, dict) and not isinstance(body, NotSet) else None


def _notes(case: ApiCase, response: Response, contact_id: Any) -> dict[str, dict[Any, Any] | None]:
    """Where the contact shows its notes now -> note id -> content (None: not readable)."""
    listed = every_item(case, response, "listContactNotes", contact_id)
    contact = contact_view(case, response, "getContact", contact_id)
    shown = {"listContactNotes": listed, "getContact": contact.get("notes") if contact is not None else None}
    return {where: _contents(notes) for where, notes in shown.items()}


def _contents(notes: Any) -> dict[Any, Any] | None:
    """note id -> content of a list of notes (None: not a list)."""
    return {n.get("id"): n.get("content") for n in notes if isinstance(n, dict)} if isinstance(notes, list) else None


@semantic_check(
    rules=("created-note-is-listed", "created-note-has-an-id-and-an-author"),
    when="successful creation of a note",
)
def created_note_is_listed(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """The created note has an id, the content sent and an author (`user`), and afterwards the
    contact's list of notes and getContact's `notes` show it with that content."""
    if not is_operation(case, "createContactNote") or not succeeded(response):
        return True
    note, content = json_body(response), _sent_content(case)
    if not isinstance(note, dict) or not isinstance(content, str):
        return True  # the schema checks report the answer; a body without content is not this check's
    contact_id = case.path_parameters.get("contactId")
    problems = []
    if not isinstance(note.get("id"), int) or isinstance(note.get("id"), bool):
        problems.append(f"has no id ({note.get('id')!r})")
    if note.get("content") != content:
        problems.append(f"has the content {note.get('content')!r}, not the {content!r} sent")
    if not isinstance(note.get("user"), dict):
        problems.append(f"has no author (user is {note.get('user')!r})")
    if problems:
        judging("created-note-has-an-id-and-an-author")
        fail(NoteNotVisible, case, f"the note created for contact {contact_id} " + "; ".join(problems))
    note_id = note["id"]

    def missing(shown: dict[str, dict[Any, Any] | None]) -> list[str]:
        return [where for where, notes in shown.items() if notes is None or notes.get(note_id) != content]

    shown = state_of(case).settled(lambda: _notes(case, response, contact_id), lambda s: not missing(s))
    if missing(shown):
        fail(NoteNotVisible, case, f"contact {contact_id} does not show its new note {note_id} with the content "
             f"{content!r} in {', '.join(missing(shown))}")  # fmt: skip
    return None


@semantic_check(rules=("note-update-is-stored",), when="successful update of a note")
def note_update_is_visible(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a successful update, the contact's list of notes and getContact's `notes` show the note
    with the new content."""
    if not is_operation(case, "updateContactNote") or not succeeded(response):
        return True
    content = _sent_content(case)
    if not isinstance(content, str):
        return True
    contact_id, note_id = case.path_parameters.get("contactId"), case.path_parameters.get("noteId")

    def stale(shown: dict[str, dict[Any, Any] | None]) -> list[str]:
        return [where for where, notes in shown.items() if notes is None or notes.get(_as_id(note_id)) != content]

    shown = state_of(case).settled(lambda: _notes(case, response, contact_id), lambda s: not stale(s))
    if stale(shown):
        fail(NoteNotVisible, case, f"contact {contact_id} does not show note {note_id} with the new content "
             f"{content!r} in {', '.join(stale(shown))}")  # fmt: skip
    return None


@semantic_check(rules=("deleted-note-is-gone",), when="successful delete of a note")
def deleted_note_is_gone(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a successful delete, neither the contact's list of notes nor getContact's `notes` show
    the note; on the embedded sandbox, deleting it again answers 404 (the write guard lets real
    servers' runs change only the notes they created, and no note twice)."""
    if not is_operation(case, "deleteContactNote") or not succeeded(response):
        return True
    contact_id, note_id = case.path_parameters.get("contactId"), case.path_parameters.get("noteId")

    def still(shown: dict[str, dict[Any, Any] | None]) -> list[str]:
        return [where for where, notes in shown.items() if notes is None or _as_id(note_id) in notes]

    state = state_of(case)
    shown = state.settled(lambda: _notes(case, response, contact_id), lambda s: not still(s))
    if still(shown):
        fail(NoteNotVisible, case, f"contact {contact_id} still shows its deleted note {note_id} in "
             f"{', '.join(still(shown))} (or does not answer)")  # fmt: skip
    if not state.live:
        again = follow_up(case, response, "deleteContactNote", path_parameters=case.path_parameters, validated=True)
        if again.status_code != 404:
            fail(NoteNotVisible, case, f"deleting note {note_id} of contact {contact_id} again answered "
                 f"{again.status_code}, not 404")  # fmt: skip
    return None


@semantic_check(
    rules=("unknown-note-is-not-found",),
    off=sandbox_only("the write guard lets real servers' runs change only the notes they created"),
    when="successful update or delete of a note",
)
def unknown_note_is_not_found(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A successful update (or delete), sent again (once per operation in a run) with a note id
    that no note has, and with a note of another contact, answers 404 each time and changes no note
    of either contact."""
    state = state_of(case)
    operation = operation_id(case)
    if state.live or operation not in NOTE_WRITES or not is_operation(case, operation) or not succeeded(response):
        return True
    if not state.first_time_in_run("unknown-note", operation):
        return True
    contact_id = case.path_parameters.get("contactId")
    tried: list[tuple[str, Any, Any]] = [("that no contact has", UNKNOWN_NOTE_ID, None)]
    other = _note_of_another_contact(case, response, contact_id)
    if other is not None:
        tried.append((f"of contact {other[0]}", other[1], other[0]))
    body = None if isinstance(case.body, NotSet) else case.body
    for what, note_id, owner in tried:
        watched = [contact_id, *([owner] if owner is not None else [])]
        before = {contact: _notes(case, response, contact) for contact in watched}
        parameters = {**case.path_parameters, "noteId": note_id}
        answer = follow_up(case, response, operation, path_parameters=parameters, body=body, validated=True)
        after = {contact: _notes(case, response, contact) for contact in watched}
        problems = [] if answer.status_code == 404 else [f"answered {answer.status_code}, not 404"]
        problems += [f"changed the notes of contact {c}" for c in watched if before[c] != after[c]]
        if problems:
            fail(RefusalMissing, case, f"{operation} of note {note_id}, {what}, for contact {contact_id} "
                 f"{' and '.join(problems)} {INFERRED}")  # fmt: skip
    return None


def _note_of_another_contact(case: ApiCase, response: Response, contact_id: Any) -> tuple[Any, Any] | None:
    """(contact id, note id) of a note of a listed contact other than `contact_id` (the list shows
    full contacts, their notes included), or None."""
    listed = json_body(follow_up(case, response, "listContacts", query={"page": 1, "limitation": LARGEST_PAGE}))
    for contact in listed.get("collection") or [] if isinstance(listed, dict) else []:
        if not isinstance(contact, dict) or str(contact.get("id")) == str(contact_id):
            continue
        notes = contact.get("notes")
        for note in notes if isinstance(notes, list) else []:
            if isinstance(note, dict) and note.get("id") is not None:
                return contact["id"], note["id"]
    return None


def _as_id(value: Any) -> Any:
    """A path parameter's note id as an answer's note shows it (an integer)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return value
