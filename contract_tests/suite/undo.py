"""What a writing run against a real server puts back when it ends: each contact that outlives
the run gets back the allowed tags and funnels it had before (one read of each contact at the start,
one at the end, and a request per difference), and the notes the run created are deleted. The
write guard lets the run change no other tag, funnel or note, so nothing else needs undoing.

Updates, fired events, merges, deletes, a created contact and a sent message cannot be undone:
the README says what a writing run leaves behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests

from contract_tests.settings import FUNNEL_OPERATIONS, TAG_OPERATIONS, RunSettings
from contract_tests.suite.connection import TIMEOUT_SECONDS, get, reason, send
from contract_tests.suite.safety import NOTE_OPERATIONS, WriteGuard

# The note a run creates before any other write, for the generated updates and deletes of notes to
# change: they may only name the notes the run created.
FIRST_NOTE = "Conformance check: a note the run changes and deletes again"


@dataclass
class Holdings:
    """The allowed tags and funnels of one contact."""

    tags: set[int] = field(default_factory=set)
    funnels: set[str] = field(default_factory=set)


class Undo:
    def __init__(self, settings: RunSettings, guard: WriteGuard) -> None:
        self.settings = settings
        self.guard = guard
        self.before: dict[int, Holdings] = {}
        self.undone = 0  # the requests that put something back
        self.problems: list[str] = []  # what could not be undone
        self._tags = any(settings.may_send(operation, "POST") for operation in TAG_OPERATIONS)
        self._funnels = any(settings.may_send(operation, "POST") for operation in FUNNEL_OPERATIONS)

    def remember(self) -> None:
        """Reads what each contact holds before the run writes to it, and creates the run's first note."""
        if any(self.settings.may_send(operation, "PUT") for operation in NOTE_OPERATIONS):
            self._create_note(self.settings.surviving_contact_ids[0])
        if not (self._tags or self._funnels):
            return
        for contact_id in self.settings.surviving_contact_ids:
            holdings = self._holdings(contact_id)
            if holdings is None:
                raise RuntimeError(f"could not read contact {contact_id} before the run: its tags could not be undone")
            self.before[contact_id] = holdings

    def restore(self) -> None:
        """Puts the tags and funnels back and deletes the run's notes (`undone`; `problems`: what could not be)."""
        problems = self.problems
        for contact_id, before in self.before.items():
            now = self._holdings(contact_id)
            if now is None:
                problems.append(f"contact {contact_id} could not be read at the end: its tags and funnels stay")
                continue
            changes = [
                *(("DELETE", f"tags/{tag}") for tag in sorted(now.tags - before.tags)),
                *(("POST", f"tags/{tag}") for tag in sorted(before.tags - now.tags)),
                *(("DELETE", f"funnels/{key}") for key in sorted(now.funnels - before.funnels)),
                *(("POST", f"funnels/{key}") for key in sorted(before.funnels - now.funnels)),
            ]
            for method, where in changes:
                self._send(method, f"/v1/contacts/{contact_id}/{where}")
        for note_id, contact_id in dict(self.guard.created_notes).items():
            self._send("DELETE", f"/v1/contacts/{contact_id}/notes/{note_id}", gone_is_fine=True)

    def _create_note(self, contact_id: int) -> None:
        """One note, which the tripwire sees created (WriteGuard.answered)."""
        url = f"{self.settings.base_url}/v1/contacts/{contact_id}/notes"
        headers = {"Authorization": f"Bearer {self.settings.token}"}
        try:
            requests.post(url, json={"content": FIRST_NOTE}, headers=headers, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            self.problems.append(f"POST /v1/contacts/{contact_id}/notes: {reason(error)}")

    def _holdings(self, contact_id: int) -> Holdings | None:
        try:
            answer = get(self.settings, f"/v1/contacts/{contact_id}")
            contact = answer.json() if answer.status_code == 200 else None
        except (requests.RequestException, ValueError):
            return None
        if not isinstance(contact, dict):
            return None
        tags = {tag.get("id") for tag in contact.get("tags") or [] if isinstance(tag, dict)}
        keys = {str(funnel.get("serviceKey")) for funnel in contact.get("funnels") or [] if isinstance(funnel, dict)}
        return Holdings(
            {tag for tag in tags if tag in self.settings.tag_ids},
            {key for key in keys if key in self.settings.funnel_keys},
        )

    def _send(self, method: str, path: str, gone_is_fine: bool = False) -> None:
        """One request that puts something back (a note already deleted by the run answers 404)."""
        try:
            answer = send(self.settings, method, path)
        except requests.RequestException as error:
            self.problems.append(f"{method} {path}: {reason(error)}")
            return
        if 200 <= answer.status_code < 300:
            self.undone += 1
        elif not (gone_is_fine and answer.status_code == 404):
            self.problems.append(f"{method} {path} answered {answer.status_code}")
