"""Faults of the contact's views: what the full view, the simple view and the chat say of one contact
disagree with each other or with the contact's names."""

from __future__ import annotations

from typing import Any

import orjson

from sandbox.app import Response
from sandbox.faults.answers import edit_json
from sandbox.faults.deviation import Deviation, Headers, whole_number

NAMED_OPERATIONS = frozenset({"listContacts", "searchContacts", "getContact"})


def _first_name_only(contact: Any) -> None:
    if isinstance(contact, dict):
        contact["fullName"] = contact.get("firstName")


def _first_names_only(page: Any) -> None:
    for contact in page["collection"]:
        _first_name_only(contact)


class FullNameWithoutLastName(Deviation):
    """A contact's fullName is its first name only, though it has a last name (in listContacts,
    searchContacts and getContact). Breaks full-name-joins-the-names."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        operation_id = self.operation_id(method, path)
        if answer.status != 200 or operation_id not in NAMED_OPERATIONS:
            return answer
        if operation_id == "getContact":
            return edit_json(answer, _first_name_only)
        return edit_json(answer, _first_names_only)


class ChatNameIsFirstName(Deviation):
    """getContactChat names the chat by its contact's first name only, not the full name. Breaks
    chat-name-is-the-full-name."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        contact = self._contact(method, path, headers) if answer.status == 200 else None
        if contact is None:
            return answer
        return edit_json(answer, lambda chat: chat.update(name=contact.get("firstName")))

    def _contact(self, method: str, path: str, headers: Headers) -> dict[str, Any] | None:
        """The simple view of the contact whose chat the request reads; None for any other request."""
        match = self.route(method, path)
        project = self.project_of(headers)
        if match is None or match.operation.operation_id != "getContactChat" or project is None:
            return None
        contact_id = whole_number(match.path_parameters["contactId"])
        return self.store.simple_contact(project, contact_id) if contact_id is not None else None


class SimpleViewWithVariablesArray(Deviation):
    """getContactInfo holds the full view's `variables` array as well as a key per variable. Breaks
    simple-view-has-no-variables-array (info-nests-variables, by contrast, drops the keys)."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        project = self.project_of(headers)
        if answer.status != 200 or project is None or self.operation_id(method, path) != "getContactInfo":
            return answer
        flat = orjson.loads(answer.body)
        document = self.store.contact_document(project, flat["id"]) if isinstance(flat, dict) else None
        if document is None:
            return answer
        flat["variables"] = orjson.loads(document)["variables"]
        return Response(200, orjson.dumps(flat), answer.headers)
