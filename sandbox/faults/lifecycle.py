"""Faults of a contact's life: its creation on a channel, a contact or channel that does not exist,
and what stays after a deletion."""

from __future__ import annotations

from sandbox.app import Response, SandboxConfig
from sandbox.faults.deviation import Deviation, Headers, whole_number

EMPTY_CHAT = b'{"id":0,"gates":[]}'


class ChatOfUnknownContact(Deviation):
    """getContactChat answers a contact that does not exist with 200 and an empty chat
    `{"id": 0, "gates": []}` instead of 404. Breaks unknown-contact-is-not-found."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status == 404 and self.operation_id(method, path) == "getContactChat":
            return Response(200, EMPTY_CHAT, answer.headers)
        return answer


class UnknownChannelConflict(Deviation):
    """createChannelGate on a channel that does not exist answers 409 (as for a channel that cannot
    create contacts), not 404. Breaks unknown-channel-is-not-found."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status != 404 or self.operation_id(method, path) != "createChannelGate":
            return answer
        conflict = b'{"error":{"code":409,"message":"Conflict","description":["the channel cannot create contacts"]}}'
        return Response(409, conflict, answer.headers)


class CreationOnAnyChannel(Deviation):
    """createChannelGate creates the contact on a Telegram, Viber, ... channel too (its gate lands on
    the project's WhatsApp channel), instead of answering 409. Breaks creation-only-on-whatsapp."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        project = self.project_of(headers)
        if answer.status != 409 or project is None or self.operation_id(method, path) != "createChannelGate":
            return answer
        with self.store.database.read() as db:
            row = db.execute(
                "SELECT id FROM channels WHERE project_id = ? AND type = 'whatsapp' ORDER BY id", (project.id,)
            ).fetchone()
        if row is None:
            return answer
        whatsapp = self.path_of("createChannelGate").format(channelId=row[0])
        return super().respond(method, whatsapp, query_string, headers, body)


class DeleteLeavesChat(Deviation):
    """deleteContact removes the contact but not its chat, which getContactChat still answers (200)
    afterwards. Breaks deleted-contact-is-gone (every read of a deleted contact answers 404)."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config)
        self._orphans: dict[tuple[int, int | None], Response] = {}  # (project, contact id) -> its chat's answer

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        project = self.project_of(headers)
        operation_id = match.operation.operation_id if match else None
        if match is None or project is None or operation_id not in {"deleteContact", "getContactChat"}:
            return super().respond(method, path, query_string, headers, body)
        contact_id = whole_number(match.path_parameters["contactId"])
        key = (project.id, contact_id)
        if operation_id == "getContactChat":
            answer = super().respond(method, path, query_string, headers, body)
            return self._orphans.get(key, answer) if answer.status == 404 else answer
        chat_path = self.path_of("getContactChat").format(contactId=contact_id)
        chat = super().respond("GET", chat_path, b"", headers, b"") if contact_id is not None else None
        answer = super().respond(method, path, query_string, headers, body)
        if chat is not None and chat.status == 200 and answer.status == 200:
            self._orphans[key] = chat
        return answer
