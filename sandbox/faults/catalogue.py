"""The catalogue of faults: each one's name, what it breaks, and the deviation that makes it."""

from __future__ import annotations

from dataclasses import dataclass

import openapi_document
from sandbox.faults.access import AuthIgnored, TenancyLeak
from sandbox.faults.answers import (
    ChatWithoutId,
    ContactIdAsString,
    CreatedGatePointsElsewhere,
    CursorWithoutPages,
    ErrorsAsProblemJson,
    FireAnswers202,
    InfoNestsVariables,
    MissingAllowHeader,
)
from sandbox.faults.contact_lists import (
    CartQuantityAsString,
    CreatedNoteWithoutAuthor,
    DeletedNoteStays,
    ForeignTagAccepted,
    FunnelRemoveNotPersisted,
    MergeDropsTargetNotes,
    MessagesOldestFirst,
    NoteUpdateNotPersisted,
    RepeatedTagAddConflicts,
    SentMessageNotListed,
    TagAddNotPersisted,
)
from sandbox.faults.deviation import Deviation
from sandbox.faults.paging import LimitationIgnored, LimitationUnchecked, PagesRoundedDown, PagingSkipsAPage
from sandbox.faults.search import SearchIgnoresTerm, ServerErrorOnLongTerm
from sandbox.faults.writes import (
    DeleteNotPersisted,
    MergeDropsTargetTags,
    MergeKeepsTarget,
    UpdateNotPersisted,
    UpdateStoresInvalidValues,
)

# Every operation answers 401 without a token and 405 to an undeclared method on its path.
EVERY_OPERATION = tuple(operation.operation_id for operation in openapi_document.load().operations)


@dataclass(frozen=True)
class Fault:
    name: str
    kind: str  # shape, status, auth, validation, behaviour
    summary: str
    # The operationIds whose answers it changes (a write's answer includes the reads that show what
    # it stored): a run of the contract tests narrowed to these operations catches it.
    operations: tuple[str, ...]
    deviation: type[Deviation]


# In the order they are composed: the first is the outermost (it sees the request first and the
# answer last), so that faults combine sensibly: auth-ignored hands the others an authenticated
# request, cursor-without-pages removes the page count that the paging faults set, search-ignores-term
# hands a search to the paging faults as a list.
FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        Fault(
            "auth-ignored", "auth", "any bearer token, or none, is accepted as the first project's",
            EVERY_OPERATION, AuthIgnored,
        ),
        Fault(
            "errors-as-problem-json", "status", "error answers are application/problem+json, not application/json",
            EVERY_OPERATION, ErrorsAsProblemJson,
        ),
        Fault(
            "missing-allow-header", "status", "405 answers carry no Allow header", EVERY_OPERATION, MissingAllowHeader,
        ),
        Fault(
            "contact-id-as-string", "shape", "getContact answers the contact's id as a string",
            ("getContact",), ContactIdAsString,
        ),
        Fault(
            "cursor-without-pages", "shape", "list and search answers omit the required cursor.pages",
            ("listContacts", "searchContacts"), CursorWithoutPages,
        ),
        Fault(
            "chat-without-id", "shape", "getContactChat answers without the required chat id",
            ("getContactChat",), ChatWithoutId,
        ),
        Fault(
            "info-nests-variables", "shape", "getContactInfo answers variables as an array, not as flat keys",
            ("getContactInfo",), InfoNestsVariables,
        ),
        Fault(
            "fire-answers-202", "status", "fireContactEvent answers 202 instead of 200",
            ("fireContactEvent",), FireAnswers202,
        ),
        Fault(
            "created-gate-points-elsewhere", "behaviour",
            "createChannelGate answers a gate whose contact is not the new one",
            ("createChannelGate",), CreatedGatePointsElsewhere,
        ),
        Fault(
            "tenancy-leak", "auth", "getContact shows contacts of other projects",
            ("getContact", "getContactInfo"), TenancyLeak,
        ),
        Fault(
            "server-error-on-long-term", "validation", "search terms longer than 40 characters crash with a 500",
            ("searchContacts",), ServerErrorOnLongTerm,
        ),
        Fault(
            "search-ignores-term", "behaviour", "search answers every contact, whatever the term",
            ("searchContacts",), SearchIgnoresTerm,
        ),
        Fault(
            "limitation-ignored", "behaviour", "pages always hold up to 20 items, whatever limitation says",
            ("listContacts",), LimitationIgnored,
        ),
        Fault(
            "limitation-unchecked", "validation", "limitation above 20 is accepted (and honoured)",
            ("listContacts", "searchContacts", "listContactGates"), LimitationUnchecked,
        ),
        Fault(
            "paging-skips-a-page", "behaviour", "page N answers the items of page N+1",
            ("listContacts",), PagingSkipsAPage,
        ),
        Fault(
            "pages-rounded-down", "behaviour", "cursor.pages leaves out a last, partial page",
            ("listContacts",), PagesRoundedDown,
        ),
        Fault(
            "update-not-persisted", "behaviour", "updateContact answers state true but stores nothing",
            ("updateContact",), UpdateNotPersisted,
        ),
        Fault(
            "update-stores-invalid-values", "behaviour", "updateContact stores invalid values instead of skipping them",
            ("updateContact",), UpdateStoresInvalidValues,
        ),
        Fault(
            "merge-drops-target-tags", "behaviour", "uniteContacts keeps only the contact's own tags",
            ("uniteContacts",), MergeDropsTargetTags,
        ),
        Fault(
            "merge-keeps-target", "behaviour", "the target contact is still readable after a merge",
            ("uniteContacts",), MergeKeepsTarget,
        ),
        Fault(
            "delete-not-persisted", "behaviour", "deleteContact answers state true but the contact stays",
            ("deleteContact",), DeleteNotPersisted,
        ),
        Fault(
            "tag-add-not-persisted", "behaviour", "addContactTag answers state true; the contact lacks the tag",
            ("addContactTag",), TagAddNotPersisted,
        ),
        Fault(
            "repeated-tag-add-conflicts", "status", "adding a tag the contact already has answers 409, not 200",
            ("addContactTag",), RepeatedTagAddConflicts,
        ),
        Fault(
            "foreign-tag-accepted", "auth", "addContactTag accepts a tag of another project's catalogue",
            ("addContactTag",), ForeignTagAccepted,
        ),
        Fault(
            "removed-funnel-still-listed", "behaviour", "removeContactFunnel answers state true, but the funnel stays",
            ("removeContactFunnel",), FunnelRemoveNotPersisted,
        ),
        Fault(
            "note-update-not-persisted", "behaviour", "updateContactNote answers state true; the note keeps its text",
            ("updateContactNote",), NoteUpdateNotPersisted,
        ),
        Fault(
            "deleted-note-still-listed", "behaviour", "deleteContactNote answers state true, but the note stays",
            ("deleteContactNote",), DeletedNoteStays,
        ),
        Fault(
            "created-note-without-author", "behaviour", "createContactNote loses the note's author (user null)",
            ("createContactNote",), CreatedNoteWithoutAuthor,
        ),
        Fault(
            "sent-message-not-listed", "behaviour", "sendContactMessage answers the message, but it is never listed",
            ("sendContactMessage",), SentMessageNotListed,
        ),
        Fault(
            "messages-oldest-first", "behaviour", "listContactMessages answers each page oldest first",
            ("listContactMessages",), MessagesOldestFirst,
        ),
        Fault(
            "cart-quantity-as-string", "shape", "listContactCheckout answers pivot.quantity as a string",
            ("listContactCheckout",), CartQuantityAsString,
        ),
        Fault(
            "merge-drops-target-notes", "behaviour", "uniteContacts deletes the target's notes instead of moving them",
            ("uniteContacts",), MergeDropsTargetNotes,
        ),
    )
}  # fmt: skip


class UnknownFault(ValueError):
    pass


def check_fault_names(names: frozenset[str]) -> None:
    """UnknownFault, listing the known ones, when a name is not in the catalogue."""
    unknown = sorted(names - FAULTS.keys())
    if unknown:
        raise UnknownFault(
            f"unknown fault(s): {', '.join(unknown)}. Known faults: {', '.join(sorted(FAULTS))} "
            "(see sandbox/faults/catalogue.py)"
        )
