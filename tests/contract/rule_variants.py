"""Sandboxes that each break one rule of the document that no check verified before the rules were
inventoried: each overrides `respond`, as a faulty implementation would answer. The fault
catalogue (sandbox/faults/) gains one fault per class; its docstring says how it deviates."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from sandbox import Response, SandboxApp, SandboxConfig

Headers = list[tuple[bytes, bytes]]
_UNITE = re.compile(r"/v1/contacts/([0-9]+)/unite/([0-9]+)")
_CONTACT = re.compile(r"/v1/contacts/([0-9]+)")
_LISTS = ("/v1/contacts", "/v1/contacts/search")
_DATE = re.compile(rb'"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})"')


def edited(answer: Response, edit: Callable[[Any], Any]) -> Response:
    """The answer with its JSON body changed by `edit`."""
    return Response(answer.status, json.dumps(edit(json.loads(answer.body))).encode(), answer.headers)


def _token_of(app: SandboxApp, project: int) -> list[tuple[bytes, bytes]]:
    return [(b"authorization", f"Bearer {app.projects[project].token}".encode())]


class Variant(SandboxApp):
    """A sandbox that answers like the reference, except where a subclass says otherwise."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config or SandboxConfig(rate_limit=False))

    def read(self, path: str, headers: Headers) -> Response:
        return super().respond("GET", path, b"", headers, b"")


class ErrorCodeAlways400(Variant):
    """error-code-mismatch (envelope): every error envelope says `"code": 400`, whatever the status
    of its answer (404, 409, 401, ...). Breaks error-code-is-the-status; touches every operation."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if answer.status >= 400:
            return edited(answer, lambda sent: {**sent, "error": {**sent["error"], "code": 400}})
        return answer


class ErrorMessageWithTrace(Variant):
    """error-message-with-trace (envelope): error.message carries a stack trace after its line, as a
    server left in debug mode does. Breaks error-message-is-one-line; touches every operation."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if answer.status >= 400:
            trace = "\nTraceback (most recent call last):\n  File app.py, line 1"

            def with_trace(sent: Any) -> Any:
                return {**sent, "error": {**sent["error"], "message": sent["error"]["message"] + trace}}

            return edited(answer, with_trace)
        return answer


class UpdateAnswersStateFalse(Variant):
    """update-answers-state-false (behaviour): an update that skipped a value (an e-mail address
    without @) answers `{"state": false}`, though it applied the rest. Breaks
    update-answers-state-true; touches updateContact."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        values = json.loads(body or b"{}").get("values") if method == "PUT" and answer.status == 200 else None
        if isinstance(values, dict) and isinstance(values.get("email"), str) and "@" not in values["email"]:
            return edited(answer, lambda sent: {**sent, "state": False})
        return answer


class ChatOfUnknownContact(Variant):
    """chat-of-unknown-contact (behaviour): getContactChat answers a contact that does not exist with
    200 and an empty chat `{"id": 0, "gates": []}` instead of 404. Breaks unknown-contact-is-not-found;
    touches getContactChat."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "GET" and path.endswith("/chat") and answer.status == 404:
            return Response(200, b'{"id": 0, "gates": []}', answer.headers)
        return answer


class UnknownChannelConflict(Variant):
    """unknown-channel-answers-409 (status): creating a contact on a channel that does not exist
    answers 409 (as for a channel that cannot create contacts), not 404. Breaks
    unknown-channel-is-not-found; touches createChannelGate."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "POST" and path.startswith("/v1/channels/") and answer.status == 404:
            return edited(Response(409, answer.body, answer.headers), lambda sent: {**sent, "error": {
                **sent["error"], "code": 409}})  # fmt: skip
        return answer


class CreationOnAnyChannel(Variant):
    """creation-on-any-channel (behaviour): createChannelGate creates the contact on a Telegram,
    Viber, ... channel too (its gate lands on the project's WhatsApp channel), instead of 409.
    Breaks creation-only-on-whatsapp; touches createChannelGate."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "POST" and path.startswith("/v1/channels/") and answer.status == 409:
            return super().respond(method, "/v1/channels/15/gates", query, headers, body)
        return answer


class SelfMergeAccepted(Variant):
    """self-merge-accepted (behaviour): merging a contact with itself answers 200 `{"state": true}`
    (and changes nothing) instead of 409. Breaks merge-with-itself-is-refused; touches uniteContacts."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        merge = _UNITE.fullmatch(path) if method == "POST" else None
        if merge and merge[1] == merge[2] and self.read(f"/v1/contacts/{merge[1]}", headers).status == 200:
            return Response(200, b'{"state": true}', [(b"content-type", b"application/json")])
        return super().respond(method, path, query, headers, body)


class RefusedMergeRemovesTarget(Variant):
    """refused-merge-removes-target (behaviour): uniteContacts removes the target before it looks the
    contact up, so a merge into a contact that does not exist answers 404 and the target is gone.
    Breaks merge-is-all-or-nothing; touches uniteContacts."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        merge = _UNITE.fullmatch(path) if method == "POST" else None
        if merge and self.read(f"/v1/contacts/{merge[1]}", headers).status == 404:
            super().respond("DELETE", f"/v1/contacts/{merge[2]}", b"", headers, b"")
        return super().respond(method, path, query, headers, body)


class MergeDropsTargetGates(Variant):
    """merge-drops-target-gates (behaviour): uniteContacts deletes the target's gates instead of moving
    them to the contact: afterwards the contact lists only its own gates. Breaks merge-moves-gates;
    touches uniteContacts (and what listContactGates and getContactChat show after it)."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config)
        self.dropped: dict[str, set[Any]] = {}  # contact id -> the ids of the gates it should not have

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        merge = _UNITE.fullmatch(path) if method == "POST" else None
        before = self.read(f"/v1/contacts/{merge[2]}/gates", headers) if merge else None
        answer = super().respond(method, path, query, headers, body)
        if merge and before is not None and before.status == 200 and answer.status == 200:
            self.dropped.setdefault(merge[1], set()).update(gate["id"] for gate in before.json()["collection"])
        gates = re.fullmatch(r"/v1/contacts/([0-9]+)/gates", path)
        if method == "GET" and gates and answer.status == 200 and gates[1] in self.dropped:
            hidden = self.dropped[gates[1]]
            return edited(
                answer, lambda page: {**page, "collection": [g for g in page["collection"] if g["id"] not in hidden]}
            )
        return answer


class DeleteLeavesChat(Variant):
    """delete-leaves-chat (behaviour): deleteContact removes the contact but not its chat, which still
    answers 200 afterwards. Breaks deleted-contact-is-gone (every read answers 404); touches
    deleteContact and getContactChat."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config)
        self.orphans: dict[str, Response] = {}

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        if method == "GET" and path in self.orphans:
            return self.orphans[path]
        chat = self.read(f"{path}/chat", headers) if method == "DELETE" and _CONTACT.fullmatch(path) else None
        answer = super().respond(method, path, query, headers, body)
        if chat is not None and chat.status == 200 and answer.status == 200:
            self.orphans[f"{path}/chat"] = chat
        return answer


class TenancyLeakInInfo(Variant):
    """tenancy-leak-in-info (auth): getContactInfo shows the simple view of another project's contact
    (it looks the contact up without the token's project). Breaks foreign-contact-invisible; touches
    getContactInfo."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "GET" and path.endswith("/info") and answer.status == 404:
            other = super().respond(method, path, query, _token_of(self, 1), body)
            return other if other.status == 200 else answer
        return answer


class ChatNameIsFirstName(Variant):
    """chat-name-is-first-name (behaviour): a chat's name is its contact's first name only, not the
    full name. Breaks chat-name-is-the-full-name; touches getContactChat."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "GET" and path.endswith("/chat") and answer.status == 200:
            contact = self.read(path.removesuffix("/chat"), headers)
            first = contact.json().get("firstName") if contact.status == 200 else None
            return edited(answer, lambda chat: {**chat, "name": first})
        return answer


class FullNameWithoutLastName(Variant):
    """full-name-without-last-name (behaviour): a contact's fullName is its first name only, though
    it has a last name. Breaks full-name-joins-the-names; touches listContacts, searchContacts and
    getContact."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method != "GET" or answer.status != 200 or not (_CONTACT.fullmatch(path) or path in _LISTS):
            return answer

        def first_only(contact: Any) -> Any:
            return {**contact, "fullName": contact.get("firstName")} if isinstance(contact, dict) else contact

        return edited(answer, lambda sent: {**sent, "collection": [first_only(c) for c in sent["collection"]]}
                      if "collection" in sent else first_only(sent))  # fmt: skip


class DatesInIso8601(Variant):
    """dates-in-iso-8601 (shape): every date is written `2024-01-15T09:30:00Z`, not
    `2024-01-15 09:30:00`. Breaks dates-have-the-documented-form; touches every operation whose
    answers hold dates (listContacts, searchContacts, getContact, getContactChat, listContactGates,
    createChannelGate)."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        return Response(answer.status, _DATE.sub(rb'"\1T\2Z"', answer.body), answer.headers)


class TagColourWithHash(Variant):
    """tag-colour-with-hash (shape): tag colours are written `#ffb300`, not `ffb300`. Breaks
    tag-colour-has-the-documented-form; touches listContacts, searchContacts, getContact and
    getContactInfo."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        return Response(answer.status, re.sub(rb'"color": ?"([0-9a-fA-F]{6})"', rb'"color":"#\1"', answer.body),
                        answer.headers)  # fmt: skip


class GateIdsBeyondInt64(Variant):
    """gate-ids-beyond-int64 (shape): gate ids are unsigned 64-bit numbers above 2^63 - 1 (the
    document says int64, which Java, Go and C# clients read them as). Breaks the body rules
    `... id: format int64` of listContactGates."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "GET" and path.endswith("/gates") and answer.status == 200:
            return edited(answer, lambda page: {**page, "collection": [
                {**gate, "id": gate["id"] + 2**63} for gate in page["collection"]]})  # fmt: skip
        return answer


class SimpleViewWithVariablesArray(Variant):
    """info-adds-variables-array (shape): the simple view holds the full `variables` array as well
    as a key per variable. Breaks simple-view-has-no-variables-array; touches getContactInfo."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if method == "GET" and path.endswith("/info") and answer.status == 200:
            full = self.read(path.removesuffix("/info"), headers).json()
            return edited(answer, lambda flat: {**flat, "variables": full["variables"]})
        return answer


class RateLimitPerHour(Variant):
    """rate-limit-header-per-hour (shape): X-Rate-Limit counts the requests left in the hour
    (10800 = 180 x 60 at first), not in the minute. Breaks rate-limit-header-counts-requests-left;
    touches every operation."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        kept = [(name, value) for name, value in answer.headers if name != b"x-rate-limit"]
        return Response(answer.status, answer.body, [*kept, (b"x-rate-limit", b"10800")])


class AnyMediaTypeAccepted(Variant):
    """body-of-any-media-type (validation): a body is read as JSON whatever its Content-Type says
    (text/plain, multipart/form-data, ...). Breaks the request rules `... body: media type
    application/json`; touches updateContact, fireContactEvent and createChannelGate."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        if body:
            headers = [(name, b"application/json" if name == b"content-type" else value) for name, value in headers]
        return super().respond(method, path, query, headers, body)
