"""Each check of the contact's tags, funnels, notes and messages (issue 14) catches a server that
breaks its rule, and passes the reference sandbox, judging the rule there (in process)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis

import openapi_document
from contract_tests.checks import forms, memberships, merge, messages, notes, run_state
from contract_tests.checks.registry import Check
from sandbox import SandboxApp, SandboxConfig
from sandbox.faults import with_faults
from tests.contract import contact_variants as variants
from tests.contract.check_harness import Harness, harness


def _fault(name: str) -> Callable[[], SandboxApp]:
    """A catalogued fault, as a class to make a sandbox of (sandbox/faults/catalogue.py)."""

    def make() -> SandboxApp:
        return with_faults(frozenset({name}))(SandboxConfig(rate_limit=False))

    make.__name__ = name
    return make


@dataclass(frozen=True)
class Breach:
    variant: Callable[[], SandboxApp]  # a server that breaks the rule: a test variant or a catalogued fault
    check: Check
    request: tuple[str, str, dict[str, Any]]  # method, path, parts of the case
    found: str  # what the failure says
    rule: str  # the rule the check judges on the request

    def __str__(self) -> str:
        return self.variant.__name__


def _at(method: str, path: str, body: Any = None, **parameters: Any) -> tuple[str, str, dict[str, Any]]:
    parts: dict[str, Any] = {"path_parameters": {"contactId": 1001, **parameters}}
    if body is not None:
        parts["body"] = body
    return method, f"/v1/contacts/{{contactId}}{path}", parts


ADD_TAG = _at("POST", "/tags/{tagId}", tagId=32)  # 1001 has tag 31, not 32
REMOVE_FUNNEL = _at("DELETE", "/funnels/{serviceKey}", serviceKey="7301")  # 1001 is in funnel 7301
WRITE_NOTE = _at("POST", "/notes", {"content": "Call after six."})
UPDATE_NOTE = _at("PUT", "/notes/{noteId}", {"content": "Call after seven."}, noteId=9001)  # 1001's note
SEND = _at("POST", "/send", {"type": "text", "content": "Your order has shipped."})
MERGE_NOTED_TARGET = ("POST", "/v1/contacts/{contactId}/unite/{targetContactId}",
                      {"path_parameters": {"contactId": 1002, "targetContactId": 1001}})  # fmt: skip
BREACHES = [
    Breach(variants.AddedTagMissingFromSimpleView, memberships.membership_change_is_visible, ADD_TAG,
           "does not show the added tag 32 in getContactInfo", "added-tag-is-listed"),
    Breach(_fault("removed-funnel-still-listed"), memberships.membership_change_is_visible, REMOVE_FUNNEL,
           "still shows the removed funnel 7301 in listContactFunnels, getContact, getContactInfo",
           "removed-funnel-is-gone"),
    Breach(variants.RepeatedTagAddAnswersFalse, memberships.repeated_change_changes_nothing, ADD_TAG,
           "addContactTag of tag 32, sent again, answered 200 {'state': False}, not state true",
           "adding-a-present-tag-changes-nothing"),
    Breach(variants.RemovingAnAbsentFunnelAddsIt, memberships.repeated_change_changes_nothing, REMOVE_FUNNEL,
           "sent again, changed the contact's funnels in listContactFunnels, getContact, getContactInfo",
           "removing-an-absent-funnel-changes-nothing"),
    Breach(_fault("foreign-tag-accepted"), memberships.unknown_membership_is_not_found, ADD_TAG,
           "addContactTag of tag 36, of another project, answered 200, not 404 and changed listContactTags",
           "unknown-tag-is-not-found"),
    Breach(variants.UnknownFunnelAnswers200, memberships.unknown_membership_is_not_found, REMOVE_FUNNEL,
           "that no project has, answered 200, not 404", "unknown-funnel-is-not-found"),
    Breach(variants.TagListColoursWithHash, forms.dates_and_colours_have_their_form, _at("GET", "/tags"),
           "collection[0].color is '#ffb300', not six hexadecimal digits", "tag-colour-has-the-documented-form"),
    Breach(variants.TagListOmitsTheLastTag, memberships.contact_list_matches_the_contact, _at("GET", "/tags"),
           "lists all of the contact's tags on one page, but not [31]", "contact-tags-are-the-contacts"),
    Breach(_fault("created-note-without-author"), notes.created_note_is_listed, WRITE_NOTE,
           "has no author (user is None)", "created-note-has-an-id-and-an-author"),
    Breach(variants.NewNotesMissingFromTheContact, notes.created_note_is_listed, WRITE_NOTE,
           "with the content 'Call after six.' in getContact", "created-note-is-listed"),
    Breach(_fault("note-update-not-persisted"), notes.note_update_is_visible, UPDATE_NOTE,
           "does not show note 9001 with the new content 'Call after seven.' in listContactNotes, getContact",
           "note-update-is-stored"),
    Breach(variants.DeletedNoteDeletableAgain, notes.deleted_note_is_gone, _at("DELETE", "/notes/{noteId}",
           noteId=9001), "deleting note 9001 of contact 1001 again answered 200, not 404", "deleted-note-is-gone"),
    Breach(variants.NoteOfAnyContactUpdated, notes.unknown_note_is_not_found, UPDATE_NOTE,
           "of contact 1009, for contact 1001 answered 200, not 404 and changed the notes of contact 1009",
           "unknown-note-is-not-found"),
    Breach(_fault("messages-oldest-first"), messages.messages_come_newest_first, _at("GET", "/messages"),
           "messages list 2024-03-02 18:09:00 before the newer 2024-03-02 18:10:00", "messages-newest-first"),
    Breach(_fault("messages-oldest-first"), messages.sent_message_is_answered_and_listed, SEND,
           "just sent (an inferred rule", "sent-message-is-listed"),
    Breach(variants.SentMessageWithoutItsText, messages.sent_message_is_answered_and_listed, SEND,
           "has the text None, not the 'Your order has shipped.' sent", "sent-message-is-answered"),
    Breach(_fault("merge-drops-target-notes"), merge.merge_follows_the_rule, MERGE_NOTED_TARGET,
           "the target's notes [9001] did not move to the contact", "merge-moves-notes"),
]  # fmt: skip


def _other_project(app: SandboxApp) -> tuple[int, int, str]:
    """A contact, a tag and a funnel's serviceKey of the second project."""
    with app.store.database.read() as db:
        project = app.projects[1].id
        contact = db.execute("SELECT min(id) FROM contacts WHERE project_id = ?", (project,)).fetchone()[0]
        tag = db.execute("SELECT min(id) FROM tags WHERE project_id = ?", (project,)).fetchone()[0]
        key = db.execute("SELECT min(service_key) FROM funnels WHERE project_id = ?", (project,)).fetchone()[0]
    return int(contact), int(tag), str(key)


def _run(app: SandboxApp, breach: Breach, *, live: bool = False) -> Any:
    contact, tag, key = _other_project(app)
    method, path, parts = breach.request
    with harness(app, live=live, foreign_contact_id=contact) as running:
        _foreign_catalogue(running, tag, key)
        return running.check(breach.check, method, path, **parts)


def _foreign_catalogue(running: Harness, tag: int, key: str) -> None:
    running.state.foreign_tag_id, running.state.foreign_funnel_key = tag, key


@pytest.mark.parametrize("breach", BREACHES, ids=lambda breach: f"{breach}-{breach.rule}")
def test_the_check_catches_the_server_that_breaks_the_rule(breach: Breach) -> None:
    verdict = _run(breach.variant(), breach)
    assert any(breach.found in failure for failure in verdict.failures), verdict.failures
    assert breach.rule in verdict.judged


@pytest.mark.parametrize("breach", BREACHES, ids=lambda breach: f"{breach}-{breach.rule}")
def test_the_reference_sandbox_passes_and_the_rule_is_judged(breach: Breach) -> None:
    verdict = _run(variants.Variant(), breach)
    assert verdict.failures == []
    assert breach.rule in verdict.judged


def test_on_a_live_target_the_probes_with_ids_outside_the_allow_lists_are_not_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real server is not sent a tag, funnel or note that is not the run's: those checks do not apply;
    the checks that read, and the repeat of the run's own add or remove, still do."""
    monkeypatch.setattr(run_state, "LIVE_READ_AGAIN_AFTER", (0.0,))
    for breach in BREACHES:
        if breach.check in (memberships.unknown_membership_is_not_found, notes.unknown_note_is_not_found):
            verdict = _run(breach.variant(), breach, live=True)
            assert (verdict.failures, verdict.judged) == ([], set()), breach
    repeated = next(b for b in BREACHES if b.check is memberships.repeated_change_changes_nothing)
    assert _run(repeated.variant(), repeated, live=True).failures


def test_the_stateful_phase_follows_every_link_of_the_document() -> None:
    """schemathesis' state machine (the suite's stateful phase) has a transition for each link the
    document gives an answer, those of the contact's tags, funnels, notes, messages and cart included."""
    document = openapi_document.load()
    schema = schemathesis.openapi.from_path(
        openapi_document.DEFAULT_SPEC_PATH, config=schemathesis.Config.from_dict({})
    )
    machine = schema.as_state_machine()
    transitions = [name for name, rule in inspect.getmembers(machine) if hasattr(rule, "hypothesis_stateful_rule")]
    links = [
        (operation.operation_id, status, name)
        for operation in document.operations
        for status, response in operation.raw.get("responses", {}).items()
        for name in document.resolve(response).get("links", {})
    ]
    missing = [link for link in links if not any(f"___{link[1]}_{link[2]}__" in name for name in transitions)]
    assert len(links) > 60
    assert not missing
