"""The six reading operations, sync and async, against the shared sandbox: lists, paging, search and views.

Contact 1001 (Olena Kovalenko) is the seed's fixed first contact: tag VIP (31), funnel Onboarding
(41), variable city = Kyiv, a Telegram and a WhatsApp gate, and a note by an operator.
"""

from __future__ import annotations

import math

import pytest
from smartsender_client import AuthenticatedClient
from smartsender_client.api.contacts import (
    get_contact,
    get_contact_chat,
    get_contact_info,
    list_contact_gates,
    list_contacts,
    search_contacts,
)
from smartsender_client.models import (
    Channel,
    Chat,
    Contact,
    ContactPage,
    Gate,
    GatePage,
    ServiceContact,
    SimpleContact,
    User,
)

from sandbox import SandboxConfig
from sandbox.testing import RunningSandbox
from tests.client.support import all_pages, expect, ids_of, server_client

OLENA = 1001
SEEDED_CONTACTS = SandboxConfig().contacts_per_project  # the shared sandbox keeps the default


def check_olena(contact: Contact) -> None:
    assert contact.id == OLENA
    assert (contact.first_name, contact.last_name, contact.full_name) == ("Olena", "Kovalenko", "Olena Kovalenko")
    assert contact.email == "olena.kovalenko@example.com"
    assert contact.phone == "+380501234567"
    tags = expect(contact.tags, list)
    assert [(tag.id, tag.name, tag.color) for tag in tags] == [(31, "VIP", "ffb300")]
    funnels = expect(contact.funnels, list)
    assert [(funnel.id, funnel.name, funnel.service_key) for funnel in funnels] == [(41, "Onboarding", 7301)]
    variables = {variable.name: variable for variable in expect(contact.variables, list)}
    assert variables["city"].value == "Kyiv"
    assert variables["preferred_language"].content == ["uk", "en", "pl"]


def check_olena_gates(gates: list[Gate]) -> None:
    assert len(gates) == 2
    kinds = {expect(gate.channel, Channel).type_ for gate in gates}
    assert kinds == {"telegram", "whatsapp"}
    for gate in gates:
        assert expect(gate.contact, ServiceContact).original_id == OLENA


# -- listContacts and paging ----------------------------------------------------------------------


def test_list_contacts_returns_the_first_page_in_id_order(client: AuthenticatedClient) -> None:
    page = expect(list_contacts.sync(client=client, limitation=20), ContactPage)
    assert (page.cursor.page, page.cursor.pages) == (1, math.ceil(SEEDED_CONTACTS / 20))
    assert len(page.collection) == 20
    ids = ids_of(page.collection)
    assert ids == sorted(ids)
    check_olena(page.collection[0])


def test_list_contacts_without_paging_values_uses_the_first_page(client: AuthenticatedClient) -> None:
    page = expect(list_contacts.sync(client=client), ContactPage)
    assert page.cursor.page == 1
    assert page.collection[0].id == OLENA


def test_paging_to_the_last_page_yields_every_contact_once(client: AuthenticatedClient) -> None:
    pages = all_pages(client, limitation=7)
    assert len(pages) == math.ceil(SEEDED_CONTACTS / 7) == 6
    assert {page.cursor.pages for page in pages} == {6}
    assert [len(page.collection) for page in pages] == [7, 7, 7, 7, 7, SEEDED_CONTACTS - 35]
    ids = [contact_id for page in pages for contact_id in ids_of(page.collection)]
    assert len(ids) == len(set(ids)) == SEEDED_CONTACTS
    assert ids == sorted(ids)
    # A different page size walks to the very same contacts.
    assert ids == [contact_id for page in all_pages(client, limitation=20) for contact_id in ids_of(page.collection)]


def test_a_page_after_the_last_is_empty(client: AuthenticatedClient) -> None:
    page = expect(list_contacts.sync(client=client, page=99, limitation=20), ContactPage)
    assert page.collection == []
    assert (page.cursor.page, page.cursor.pages) == (99, 2)


@pytest.mark.anyio
async def test_list_contacts_async_pages_through_every_contact(shared_sandbox: RunningSandbox) -> None:
    async with server_client(shared_sandbox) as client:
        ids: list[int] = []
        page = 1
        while True:
            current = expect(await list_contacts.asyncio(client=client, page=page, limitation=9), ContactPage)
            assert current.cursor.page == page
            ids += ids_of(current.collection)
            if current.cursor.page >= current.cursor.pages:
                break
            page += 1
    assert page == math.ceil(SEEDED_CONTACTS / 9)
    assert len(ids) == len(set(ids)) == SEEDED_CONTACTS


# -- searchContacts -------------------------------------------------------------------------------


def searched_fields(contact: Contact) -> list[str]:
    return [value.casefold() for value in (contact.full_name, contact.email, contact.phone) if isinstance(value, str)]


@pytest.mark.parametrize("term", ["KOVALENKO", "ko", "+38050", "example.com"])
def test_search_finds_exactly_the_contacts_that_contain_the_term(client: AuthenticatedClient, term: str) -> None:
    everyone = [contact for page in all_pages(client, limitation=20) for contact in page.collection]
    expected = [contact.id for contact in everyone if any(term.casefold() in text for text in searched_fields(contact))]
    assert expected, f"the seed has no contact matching {term!r}; the test would prove nothing"

    pages = all_pages(client, limitation=5, term=term)
    found = [contact for page in pages for contact in page.collection]
    for contact in found:
        assert any(term.casefold() in text for text in searched_fields(contact)), (term, contact)
    assert ids_of(found) == expected
    assert pages[0].cursor.pages == math.ceil(len(expected) / 5)


def test_search_without_a_match_is_one_empty_page(client: AuthenticatedClient) -> None:
    page = expect(search_contacts.sync(client=client, term="no such contact anywhere"), ContactPage)
    assert page.collection == []
    assert page.cursor.page == 1


@pytest.mark.anyio
async def test_search_async(shared_sandbox: RunningSandbox) -> None:
    async with server_client(shared_sandbox) as client:
        page = expect(await search_contacts.asyncio(client=client, term="olena.kovalenko@"), ContactPage)
    assert ids_of(page.collection) == [OLENA]
    check_olena(page.collection[0])


# -- getContact and getContactInfo ----------------------------------------------------------------


def test_get_contact(client: AuthenticatedClient) -> None:
    contact = expect(get_contact.sync(OLENA, client=client), Contact)
    check_olena(contact)
    notes = expect(contact.notes, list)
    assert notes[0].content == "Asked for a call back after 18:00."
    assert expect(notes[0].user, User).full_name in {"Iryna Bondar", "Maksym Tkachenko"}  # nullable in general


@pytest.mark.anyio
async def test_get_contact_async(shared_sandbox: RunningSandbox) -> None:
    async with server_client(shared_sandbox) as client:
        check_olena(expect(await get_contact.asyncio(OLENA, client=client), Contact))


def test_get_contact_info_is_flat_with_variables_as_additional_properties(client: AuthenticatedClient) -> None:
    info = expect(get_contact_info.sync(OLENA, client=client), SimpleContact)
    assert (info.id, info.first_name, info.full_name) == (OLENA, "Olena", "Olena Kovalenko")
    assert info["city"] == "Kyiv"
    assert "city" in info
    assert "variables" not in info
    assert "notes" not in info
    tags = expect(info.tags, list)
    assert [tag.name for tag in tags] == ["VIP"]
    # Every variable of the full view appears, with the same value, as a key of the flat view.
    contact = expect(get_contact.sync(OLENA, client=client), Contact)
    variables = {variable.name: variable.value for variable in expect(contact.variables, list)}
    assert len(variables) == 8
    assert info.additional_properties == variables
    # System fields are attributes, never additional properties.
    assert not {"id", "firstName", "email", "tags"} & set(info.additional_keys)


@pytest.mark.anyio
async def test_get_contact_info_async(shared_sandbox: RunningSandbox) -> None:
    async with server_client(shared_sandbox) as client:
        info = expect(await get_contact_info.asyncio(OLENA, client=client), SimpleContact)
    assert info["city"] == "Kyiv"
    assert info["preferred_language"] == "uk"
    assert info.email == "olena.kovalenko@example.com"


# -- getContactChat and listContactGates ----------------------------------------------------------


def test_get_contact_chat(client: AuthenticatedClient) -> None:
    chat = expect(get_contact_chat.sync(OLENA, client=client), Chat)
    assert chat.name == "Olena Kovalenko"
    assert expect(chat.contact, ServiceContact).original_id == OLENA
    check_olena_gates(expect(chat.gates, list))


@pytest.mark.anyio
async def test_get_contact_chat_async(shared_sandbox: RunningSandbox) -> None:
    async with server_client(shared_sandbox) as client:
        chat = expect(await get_contact_chat.asyncio(OLENA, client=client), Chat)
    assert expect(chat.contact, ServiceContact).original_id == OLENA


def test_list_contact_gates_pages_like_the_contact_list(client: AuthenticatedClient) -> None:
    everything = expect(list_contact_gates.sync(OLENA, client=client), GatePage)
    assert (everything.cursor.page, everything.cursor.pages) == (1, 1)
    check_olena_gates(everything.collection)
    chat = expect(get_contact_chat.sync(OLENA, client=client), Chat)
    assert [gate.id for gate in everything.collection] == [gate.id for gate in expect(chat.gates, list)]

    first = expect(list_contact_gates.sync(OLENA, client=client, page=1, limitation=1), GatePage)
    second = expect(list_contact_gates.sync(OLENA, client=client, page=2, limitation=1), GatePage)
    assert first.cursor.pages == second.cursor.pages == 2
    assert [gate.id for gate in first.collection + second.collection] == [gate.id for gate in everything.collection]


@pytest.mark.anyio
async def test_list_contact_gates_async(shared_sandbox: RunningSandbox) -> None:
    async with server_client(shared_sandbox) as client:
        page = expect(await list_contact_gates.asyncio(OLENA, client=client), GatePage)
    check_olena_gates(page.collection)
