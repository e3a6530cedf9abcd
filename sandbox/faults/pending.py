"""Faults of a contact's tags, funnels, notes, messages and cart (issue 14), not yet in the catalogue.

Each is a realistic way to break a behaviour that document 2.1.0 states, for the contract checks
of those behaviours, which are still being written: scripts/check-detection demands that every
fault of FAULTS (sandbox/faults/catalogue.py) fails its narrowed run, so these stay out of it, and
out of `--inject-fault`, until their checks exist. tests/sandbox/test_pending_faults.py proves that
each one breaks exactly the operations it names. To catalogue one: move its entry into FAULTS.
"""

from __future__ import annotations

from sandbox.faults.catalogue import Fault
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

PENDING_FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
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
