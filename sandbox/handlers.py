"""One handler per operation of the OpenAPI document, keyed by operationId."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import orjson

from sandbox.errors import contact_not_found
from sandbox.request_validation import ValidRequest
from sandbox.store import Page, Project, Store

DEFAULT_PAGE = 1
STATE_TRUE = b'{"state":true}'


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes


Handler = Callable[[Project, ValidRequest], Reply]


def page_body(page: Page) -> bytes:
    collection = ",".join(page.documents).encode()
    return b'{"cursor":{"page":%d,"pages":%d},"collection":[%b]}' % (page.page, page.pages, collection)


class Handlers:
    def __init__(self, store: Store, default_limitation: int) -> None:
        """`default_limitation`: the page size when a request gives none (the vendor documents no
        default; the sandbox uses the largest the document allows, which MindCloud also names)."""
        self.store = store
        self.default_limitation = default_limitation

    def _paging(self, request: ValidRequest) -> tuple[int, int]:
        return request.query.get("page", DEFAULT_PAGE), request.query.get("limitation", self.default_limitation)

    def by_operation_id(self) -> dict[str, Handler]:
        return {
            "listContacts": self.list_contacts,
            "searchContacts": self.search_contacts,
            "getContact": self.get_contact,
            "getContactInfo": self.get_contact_info,
            "getContactChat": self.get_contact_chat,
            "listContactGates": self.list_contact_gates,
            "updateContact": self.update_contact,
            "fireContactEvent": self.fire_contact_event,
            "uniteContacts": self.unite_contacts,
            "deleteContact": self.delete_contact,
            "createChannelGate": self.create_channel_gate,
            "listContactTags": self.list_contact_tags,
            "addContactTag": self.add_contact_tag,
            "removeContactTag": self.remove_contact_tag,
            "listContactFunnels": self.list_contact_funnels,
            "addContactFunnel": self.add_contact_funnel,
            "removeContactFunnel": self.remove_contact_funnel,
            "listContactNotes": self.list_contact_notes,
            "createContactNote": self.create_contact_note,
            "updateContactNote": self.update_contact_note,
            "deleteContactNote": self.delete_contact_note,
            "listContactMessages": self.list_contact_messages,
            "sendContactMessage": self.send_contact_message,
            "listContactCheckout": self.list_contact_checkout,
        }

    def list_contacts(self, project: Project, request: ValidRequest) -> Reply:
        return Reply(200, page_body(self.store.contact_page(project, *self._paging(request))))

    def search_contacts(self, project: Project, request: ValidRequest) -> Reply:
        return Reply(200, page_body(self.store.search_page(project, request.query["term"], *self._paging(request))))

    def get_contact(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        document = self.store.contact_document(project, contact_id)
        if document is None:
            raise contact_not_found(contact_id)
        return Reply(200, document.encode())

    def get_contact_info(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        flat = self.store.simple_contact(project, contact_id)
        if flat is None:
            raise contact_not_found(contact_id)
        return Reply(200, orjson.dumps(flat))

    def get_contact_chat(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        document = self.store.chat_document(project, contact_id)
        if document is None:
            raise contact_not_found(contact_id)
        return Reply(200, document.encode())

    def list_contact_gates(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        page = self.store.gate_page(project, contact_id, *self._paging(request))
        if page is None:
            raise contact_not_found(contact_id)
        return Reply(200, page_body(page))

    def update_contact(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        if not self.store.update_contact(project, contact_id, request.body["values"]):
            raise contact_not_found(contact_id)
        return Reply(200, STATE_TRUE)

    def fire_contact_event(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        if not self.store.fire_event(project, contact_id, request.body["name"]):
            raise contact_not_found(contact_id)
        return Reply(200, STATE_TRUE)

    def unite_contacts(self, project: Project, request: ValidRequest) -> Reply:
        self.store.unite(project, request.path["contactId"], request.path["targetContactId"])
        return Reply(200, STATE_TRUE)

    def delete_contact(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        if not self.store.delete_contact(project, contact_id):
            raise contact_not_found(contact_id)
        return Reply(200, STATE_TRUE)

    def create_channel_gate(self, project: Project, request: ValidRequest) -> Reply:
        return Reply(200, self.store.create_gate(project, request.path["channelId"], request.body).encode())

    def _contact_list(self, project: Project, request: ValidRequest, key: str) -> Reply:
        contact_id = request.path["contactId"]
        page = self.store.contact_list_page(project, contact_id, key, *self._paging(request))
        if page is None:
            raise contact_not_found(contact_id)
        return Reply(200, page_body(page))

    def list_contact_tags(self, project: Project, request: ValidRequest) -> Reply:
        return self._contact_list(project, request, "tags")

    def add_contact_tag(self, project: Project, request: ValidRequest) -> Reply:
        self.store.set_tag(project, request.path["contactId"], request.path["tagId"], present=True)
        return Reply(200, STATE_TRUE)

    def remove_contact_tag(self, project: Project, request: ValidRequest) -> Reply:
        self.store.set_tag(project, request.path["contactId"], request.path["tagId"], present=False)
        return Reply(200, STATE_TRUE)

    def list_contact_funnels(self, project: Project, request: ValidRequest) -> Reply:
        return self._contact_list(project, request, "funnels")

    def add_contact_funnel(self, project: Project, request: ValidRequest) -> Reply:
        self.store.set_funnel(project, request.path["contactId"], request.path["serviceKey"], present=True)
        return Reply(200, STATE_TRUE)

    def remove_contact_funnel(self, project: Project, request: ValidRequest) -> Reply:
        self.store.set_funnel(project, request.path["contactId"], request.path["serviceKey"], present=False)
        return Reply(200, STATE_TRUE)

    def list_contact_notes(self, project: Project, request: ValidRequest) -> Reply:
        return self._contact_list(project, request, "notes")

    def create_contact_note(self, project: Project, request: ValidRequest) -> Reply:
        return Reply(200, self.store.create_note(project, request.path["contactId"], request.body["content"]).encode())

    def update_contact_note(self, project: Project, request: ValidRequest) -> Reply:
        path = request.path
        self.store.update_note(project, path["contactId"], path["noteId"], request.body["content"])
        return Reply(200, STATE_TRUE)

    def delete_contact_note(self, project: Project, request: ValidRequest) -> Reply:
        self.store.delete_note(project, request.path["contactId"], request.path["noteId"])
        return Reply(200, STATE_TRUE)

    def list_contact_messages(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        activities = request.query.get("activities", 0) == 1
        page = self.store.message_page(project, contact_id, activities, *self._paging(request))
        if page is None:
            raise contact_not_found(contact_id)
        return Reply(200, page_body(page))

    def send_contact_message(self, project: Project, request: ValidRequest) -> Reply:
        return Reply(200, self.store.send_message(project, request.path["contactId"], request.body).encode())

    def list_contact_checkout(self, project: Project, request: ValidRequest) -> Reply:
        contact_id = request.path["contactId"]
        page = self.store.cart_page(project, contact_id, *self._paging(request))
        if page is None:
            raise contact_not_found(contact_id)
        return Reply(200, page_body(page))
