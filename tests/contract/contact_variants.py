"""Sandboxes that each break one rule of the contact's tags, funnels, notes and messages (issue 14)
that no catalogued fault (sandbox/faults/contact_lists.py) breaks, as a faulty implementation would
answer: each overrides `respond`. Its docstring names the rule."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from sandbox import Response, SandboxConfig
from sandbox.faults import Deviation
from sandbox.faults.deviation import Headers

_SUB = re.compile(r"/v1/contacts/([0-9]+)/(tags|funnels|notes|messages|send|unite)(?:/([^/]+))?")
_STATE_TRUE = Response(200, b'{"state": true}', [(b"content-type", b"application/json")])


def edited(answer: Response, edit: Callable[[Any], Any]) -> Response:
    """The answer with its JSON body replaced by what `edit` makes of it."""
    return Response(answer.status, json.dumps(edit(json.loads(answer.body))).encode(), answer.headers)


class Variant(Deviation):
    """The sandbox without its rate limit, answering as the reference except where a subclass says otherwise."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config or SandboxConfig(rate_limit=False))

    def read(self, path: str, headers: Headers) -> Response:
        """What the reference answers to a GET of `path`."""
        return super().respond("GET", path, b"", headers, b"")


def _sub(path: str) -> tuple[str, str, str | None] | None:
    """(contact id, sub-resource, its id) of a path of a contact's sub-resource, or None."""
    found = _SUB.fullmatch(path)
    return (found[1], found[2], found[3]) if found else None


class AddedTagMissingFromSimpleView(Variant):
    """The simple view shows no tags at all. Breaks added-tag-is-listed."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "GET" and path.endswith("/info") and answer.status == 200:
            return edited(answer, lambda sent: {**sent, "tags": []})
        return answer


class RepeatedTagAddAnswersFalse(Variant):
    """Adding a tag the contact already has answers state false. Breaks adding-a-present-tag-changes-nothing."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        sub = _sub(path)
        if method == "POST" and sub is not None and sub[1] == "tags":
            contact = json.loads(self.read(f"/v1/contacts/{sub[0]}", headers).body)
            if any(str(tag.get("id")) == sub[2] for tag in contact.get("tags") or []):
                return Response(200, b'{"state": false}', [(b"content-type", b"application/json")])
        return super().respond(method, path, query, headers, body)


class RemovingAnAbsentFunnelAddsIt(Variant):
    """Removing a funnel the contact is not in subscribes it (a toggle). Breaks
    removing-an-absent-funnel-changes-nothing."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        sub = _sub(path)
        if method == "DELETE" and sub is not None and sub[1] == "funnels":
            funnels = json.loads(self.read(f"/v1/contacts/{sub[0]}/funnels", headers).body).get("collection") or []
            if not any(str(funnel.get("serviceKey")) == sub[2] for funnel in funnels):
                return super().respond("POST", path, query, headers, body)
        return super().respond(method, path, query, headers, body)


class UnknownFunnelAnswers200(Variant):
    """A serviceKey no funnel has answers state true. Breaks unknown-funnel-is-not-found."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        sub = _sub(path)
        if sub is not None and sub[1] == "funnels" and sub[2] and answer.status == 404:
            return _STATE_TRUE
        return answer


class TagListOmitsTheLastTag(Variant):
    """The list of a contact's tags leaves out its last tag. Breaks contact-tags-are-the-contacts."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "GET" and path.endswith("/tags") and answer.status == 200:
            return edited(answer, lambda sent: {**sent, "collection": sent["collection"][:-1]})
        return answer


class NewNotesMissingFromTheContact(Variant):
    """getContact's `notes` show only the notes it had before the API wrote any. Breaks created-note-is-listed."""

    written: set[int]

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        written = self.__dict__.setdefault("written", set())
        if method == "POST" and path.endswith("/notes") and answer.status == 200:
            written.add(json.loads(answer.body)["id"])
        if method == "GET" and re.fullmatch(r"/v1/contacts/[0-9]+", path) and answer.status == 200:
            return edited(answer, lambda sent: {**sent, "notes": [n for n in sent["notes"] if n["id"] not in written]})
        return answer


class DeletedNoteDeletableAgain(Variant):
    """Deleting a note that is gone answers state true. Breaks deleted-note-is-gone."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        sub = _sub(path)
        if method == "DELETE" and sub is not None and sub[1] == "notes" and answer.status == 404:
            return _STATE_TRUE
        return answer


class NoteOfAnyContactUpdated(Variant):
    """A note can be updated through any contact of the project. Breaks unknown-note-is-not-found."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        sub = _sub(path)
        if method == "PUT" and sub is not None and sub[1] == "notes" and sub[2] and sub[2].isdigit():
            with self.store.database.write() as db:
                owner = db.execute("SELECT contact_id FROM notes WHERE id = ?", (int(sub[2]),)).fetchone()
            if owner is not None:
                return super().respond(method, f"/v1/contacts/{owner[0]}/notes/{sub[2]}", query, headers, body)
        return super().respond(method, path, query, headers, body)


class SentMessageWithoutItsText(Variant):
    """A sent text message is answered without its text. Breaks sent-message-is-answered."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "POST" and path.endswith("/send") and answer.status == 200:
            return edited(answer, lambda sent: {**sent, "content": {"type": "text", "resource": None}})
        return answer


class TagListColoursWithHash(Variant):
    """The list of a contact's tags writes colours with a leading #. Breaks tag-colour-has-the-documented-form."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "GET" and path.endswith("/tags") and answer.status == 200:
            hashed = [{**tag, "color": f"#{tag['color']}"} for tag in json.loads(answer.body)["collection"]]
            return edited(answer, lambda sent: {**sent, "collection": hashed})
        return answer
