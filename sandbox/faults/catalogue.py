"""The catalogue of faults: each one's name, what it breaks, and the deviation that makes it."""

from __future__ import annotations

from dataclasses import dataclass

import openapi_document
from sandbox.faults.access import AuthIgnored, TenancyLeak, TenancyLeakInInfo
from sandbox.faults.answers import (
    ChatWithoutId,
    ContactIdAsString,
    CreatedGatePointsElsewhere,
    CursorWithoutPages,
    DatesInIso8601,
    ErrorCodeAlways400,
    ErrorMessageWithTrace,
    ErrorsAsProblemJson,
    FireAnswers202,
    GateIdsBeyondInt64,
    InfoNestsVariables,
    MissingAllowHeader,
    RateLimitPerHour,
    TagColourWithHash,
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
from sandbox.faults.lifecycle import (
    ChatOfUnknownContact,
    CreationOnAnyChannel,
    DeleteLeavesChat,
    UnknownChannelConflict,
)
from sandbox.faults.merges import (
    MergeDropsTargetGates,
    MergeDropsTargetTags,
    MergeKeepsTarget,
    RefusedMergeRemovesTarget,
    SelfMergeAccepted,
)
from sandbox.faults.paging import LimitationIgnored, LimitationUnchecked, PagesRoundedDown, PagingSkipsAPage
from sandbox.faults.search import SearchIgnoresTerm, ServerErrorOnLongTerm
from sandbox.faults.views import ChatNameIsFirstName, FullNameWithoutLastName, SimpleViewWithVariablesArray
from sandbox.faults.writes import (
    AnyMediaTypeAccepted,
    DeleteNotPersisted,
    UpdateAnswersStateFalse,
    UpdateNotPersisted,
    UpdateStoresInvalidValues,
)

# Every operation answers 401 without a token and 405 to an undeclared method on its path.
EVERY_OPERATION = tuple(operation.operation_id for operation in openapi_document.load().operations)
# The operations whose answers hold dates, and those whose answers hold tags.
DATED = (
    "listContacts", "searchContacts", "getContact", "getContactChat", "listContactGates", "createChannelGate",
    "listContactNotes", "createContactNote", "listContactMessages", "sendContactMessage", "listContactCheckout",
)  # fmt: skip
TAGGED = ("listContacts", "searchContacts", "getContact", "getContactInfo", "listContactTags")


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
# hands a search to the paging faults as a list, body-of-any-media-type hands the others a JSON body.
# A fault whose summary names a rule breaks a rule of the document's inventory (contract_tests/
# rules) that a check of its own judges; tests/contract/test_rule_checks.py proves each such check
# on its fault.
FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        Fault(
            "auth-ignored", "auth", "any bearer token, or none, is accepted as the first project's",
            EVERY_OPERATION, AuthIgnored,
        ),
        Fault(
            "body-of-any-media-type", "validation",
            "a body is read as JSON whatever its Content-Type (breaks: request media type application/json)",
            ("updateContact", "fireContactEvent", "createChannelGate"), AnyMediaTypeAccepted,
        ),
        Fault(
            "errors-as-problem-json", "status", "error answers are application/problem+json, not application/json",
            EVERY_OPERATION, ErrorsAsProblemJson,
        ),
        Fault(
            "missing-allow-header", "status", "405 answers carry no Allow header", EVERY_OPERATION, MissingAllowHeader,
        ),
        Fault(
            "error-code-mismatch", "shape", "every error envelope says code 400 (breaks: error-code-is-the-status)",
            EVERY_OPERATION, ErrorCodeAlways400,
        ),
        Fault(
            "error-message-with-trace", "shape",
            "error.message carries a stack trace after its line (breaks: error-message-is-one-line)",
            EVERY_OPERATION, ErrorMessageWithTrace,
        ),
        Fault(
            "rate-limit-header-per-hour", "shape",
            "X-Rate-Limit counts the hour's requests, 10800 (breaks: rate-limit-header-counts-requests-left)",
            EVERY_OPERATION, RateLimitPerHour,
        ),
        Fault(
            "dates-in-iso-8601", "shape",
            "dates are written 2024-01-15T09:30:00Z (breaks: dates-have-the-documented-form)",
            DATED, DatesInIso8601,
        ),
        Fault(
            "tag-colour-with-hash", "shape",
            "tag colours are written #ffb300 (breaks: tag-colour-has-the-documented-form)",
            TAGGED, TagColourWithHash,
        ),
        Fault(
            "gate-ids-beyond-int64", "shape",
            "listContactGates answers gate ids above 2^63 - 1 (breaks: body id format int64)",
            ("listContactGates",), GateIdsBeyondInt64,
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
            "info-adds-variables-array", "shape",
            "getContactInfo holds the variables array too (breaks: simple-view-has-no-variables-array)",
            ("getContactInfo",), SimpleViewWithVariablesArray,
        ),
        Fault(
            "full-name-without-last-name", "behaviour",
            "a contact's fullName is its first name only (breaks: full-name-joins-the-names)",
            ("listContacts", "searchContacts", "getContact"), FullNameWithoutLastName,
        ),
        Fault(
            "chat-name-is-first-name", "behaviour",
            "a chat's name is its contact's first name only (breaks: chat-name-is-the-full-name)",
            ("getContactChat",), ChatNameIsFirstName,
        ),
        Fault(
            "chat-of-unknown-contact", "status",
            "getContactChat answers 200 and an empty chat for a contact that does not exist "
            "(breaks: unknown-contact-is-not-found)",
            ("getContactChat",), ChatOfUnknownContact,
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
            "unknown-channel-answers-409", "status",
            "createChannelGate answers 409, not 404, for a channel that does not exist "
            "(breaks: unknown-channel-is-not-found)",
            ("createChannelGate",), UnknownChannelConflict,
        ),
        Fault(
            "creation-on-any-channel", "behaviour",
            "createChannelGate creates the contact on any channel, not only WhatsApp "
            "(breaks: creation-only-on-whatsapp)",
            ("createChannelGate",), CreationOnAnyChannel,
        ),
        Fault(
            "tenancy-leak", "auth", "getContact shows contacts of other projects",
            ("getContact", "getContactInfo"), TenancyLeak,
        ),
        Fault(
            "tenancy-leak-in-info", "auth",
            "getContactInfo alone shows contacts of other projects (breaks: foreign-contact-invisible)",
            ("getContactInfo",), TenancyLeakInInfo,
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
            "update-answers-state-false", "behaviour",
            "an update that skipped a value answers state false (breaks: update-answers-state-true)",
            ("updateContact",), UpdateAnswersStateFalse,
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
            "merge-drops-target-gates", "behaviour",
            "uniteContacts drops the target's gates instead of moving them (breaks: merge-moves-gates)",
            ("uniteContacts",), MergeDropsTargetGates,
        ),
        Fault(
            "self-merge-accepted", "behaviour",
            "merging a contact with itself answers 200, not 409 (breaks: merge-with-itself-is-refused)",
            ("uniteContacts",), SelfMergeAccepted,
        ),
        Fault(
            "refused-merge-removes-target", "behaviour",
            "a merge refused with 404 has removed the target already (breaks: merge-is-all-or-nothing)",
            ("uniteContacts",), RefusedMergeRemovesTarget,
        ),
        Fault(
            "delete-not-persisted", "behaviour", "deleteContact answers state true but the contact stays",
            ("deleteContact",), DeleteNotPersisted,
        ),
        Fault(
            "delete-leaves-chat", "behaviour",
            "getContactChat still answers a deleted contact's chat (breaks: deleted-contact-is-gone)",
            ("deleteContact",), DeleteLeavesChat,
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
