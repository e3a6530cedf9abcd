"""The five writing operations, sync (a fresh server per test) and async (a fresh ASGI app per test).

Every write is read back through the client: a `{"state": true}` answer alone proves little, because
the API answers it even when it skipped part of an update.
"""

from __future__ import annotations

import pytest
from smartsender_client import AuthenticatedClient
from smartsender_client.api.channels import create_channel_gate
from smartsender_client.api.contacts import (
    delete_contact,
    fire_contact_event,
    get_contact,
    get_contact_info,
    list_contact_gates,
    list_contacts,
    search_contacts,
    unite_contacts,
    update_contact,
)
from smartsender_client.models import (
    Channel,
    Contact,
    ContactPage,
    CreateGateRequest,
    CreateGateRequestParameters,
    FireEventRequest,
    Gate,
    GatePage,
    ServiceContact,
    SimpleContact,
    StateResult,
    UpdateContactRequest,
    UpdateContactRequestValues,
)

from sandbox import SandboxApp
from sandbox.testing import RunningSandbox
from tests.client.support import all_pages, asgi_client, expect, expect_error, ids_of

OLENA = 1001
TARAS = 1002
WHATSAPP_CHANNEL = 15  # project 1's WhatsApp channel
TELEGRAM_CHANNEL = 11  # project 1's Telegram channel
OTHER_PROJECTS_WHATSAPP_CHANNEL = 25


def expect_state_true(value: object) -> None:
    assert expect(value, StateResult).state is True


def contact_count(client: AuthenticatedClient) -> int:
    return sum(len(page.collection) for page in all_pages(client, limitation=20))


def tag_ids(contact: Contact) -> set[int]:
    return {tag.id for tag in expect(contact.tags, list)}


def funnel_ids(contact: Contact) -> set[int]:
    return {funnel.id for funnel in expect(contact.funnels, list)}


def gate_ids(client: AuthenticatedClient, contact_id: int) -> set[int]:
    return {gate.id for gate in expect(list_contact_gates.sync(contact_id, client=client), GatePage).collection}


# -- updateContact --------------------------------------------------------------------------------


def update_request(values: dict[str, object]) -> UpdateContactRequest:
    return UpdateContactRequest(values=UpdateContactRequestValues.from_dict(values))


def test_update_applies_valid_values_and_skips_invalid_ones(fresh_client: AuthenticatedClient) -> None:
    before = expect(get_contact_info.sync(OLENA, client=fresh_client), SimpleContact)
    assert (before["city"], before.email, before["order_total"]) == ("Kyiv", "olena.kovalenko@example.com", "0")

    body = update_request(
        {"city": "Lviv", "firstName": "Olenka", "email": "not-an-email", "order_total": "many", "no_such_field": "x"}
    )
    expect_state_true(update_contact.sync(OLENA, client=fresh_client, body=body))

    info = expect(get_contact_info.sync(OLENA, client=fresh_client), SimpleContact)
    assert info["city"] == "Lviv"
    assert (info.first_name, info.full_name) == ("Olenka", "Olenka Kovalenko")
    assert info.email == "olena.kovalenko@example.com", "an invalid e-mail address must be skipped"
    assert info["order_total"] == "0", "a word for a number variable must be skipped"
    assert "no_such_field" not in info
    # The full view agrees, and the search index follows the new name.
    contact = expect(get_contact.sync(OLENA, client=fresh_client), Contact)
    assert {variable.name: variable.value for variable in expect(contact.variables, list)}["city"] == "Lviv"
    found = expect(search_contacts.sync(client=fresh_client, term="olenka"), ContactPage)
    assert ids_of(found.collection) == [OLENA]


@pytest.mark.anyio
async def test_update_async(fresh_app: SandboxApp) -> None:
    async with asgi_client(fresh_app) as client:
        before = expect(await get_contact_info.asyncio(TARAS, client=client), SimpleContact)
        body = update_request({"utm_source": "newsletter", "phone": "+48123456789", "birthday": "1990-02-30"})
        expect_state_true(await update_contact.asyncio(TARAS, client=client, body=body))
        info = expect(await get_contact_info.asyncio(TARAS, client=client), SimpleContact)
    assert info["utm_source"] == "newsletter"
    assert info.phone == "+48123456789"
    assert info["birthday"] == before["birthday"] == "1991-05-05", "an impossible date must be skipped"


# -- fireContactEvent -----------------------------------------------------------------------------


def test_fire_contact_event(fresh_sandbox: RunningSandbox, fresh_client: AuthenticatedClient) -> None:
    expect_state_true(fire_contact_event.sync(OLENA, client=fresh_client, body=FireEventRequest(name="OrderPaid")))
    expect_state_true(fire_contact_event.sync(OLENA, client=fresh_client, body=FireEventRequest(name="orderpaid")))
    project = fresh_sandbox.app.projects[0]
    fired = [(event.name, event.matched_trigger) for event in fresh_sandbox.app.store.fired_events(project, OLENA)]
    assert fired == [("OrderPaid", True), ("orderpaid", False)], "event names are case-sensitive"


@pytest.mark.anyio
async def test_fire_contact_event_async(fresh_app: SandboxApp) -> None:
    async with asgi_client(fresh_app) as client:
        answer = await fire_contact_event.asyncio(TARAS, client=client, body=FireEventRequest(name="LeadCreated"))
    expect_state_true(answer)
    fired = fresh_app.store.fired_events(fresh_app.projects[0], TARAS)
    assert [(event.name, event.matched_trigger) for event in fired] == [("LeadCreated", True)]


# -- uniteContacts --------------------------------------------------------------------------------


def test_unite_merges_the_target_into_the_contact(fresh_client: AuthenticatedClient) -> None:
    contact_id, target_id = OLENA, 1004
    own = expect(get_contact.sync(contact_id, client=fresh_client), Contact)
    target = expect(get_contact.sync(target_id, client=fresh_client), Contact)
    # Preconditions, so that the assertions below can fail: the target brings tags, funnels and gates.
    assert tag_ids(target) - tag_ids(own)
    assert funnel_ids(target) - funnel_ids(own)
    own_gates, target_gates = gate_ids(fresh_client, contact_id), gate_ids(fresh_client, target_id)
    assert target_gates
    own_values = {variable.name: variable.value for variable in expect(own.variables, list)}
    target_values = {variable.name: variable.value for variable in expect(target.variables, list)}

    expect_state_true(unite_contacts.sync(contact_id, target_id, client=fresh_client))

    expect_error(get_contact.sync(target_id, client=fresh_client), 404)
    merged = expect(get_contact.sync(contact_id, client=fresh_client), Contact)
    assert tag_ids(merged) == tag_ids(own) | tag_ids(target)
    assert funnel_ids(merged) == funnel_ids(own) | funnel_ids(target)
    assert (merged.first_name, merged.email, merged.phone) == (own.first_name, own.email, own.phone)
    merged_values = {variable.name: variable.value for variable in expect(merged.variables, list)}
    for name, value in own_values.items():
        if value is None:
            assert merged_values[name] == target_values[name], name  # taken from the target
        elif name == "city":
            assert merged_values[name] == value  # the contact's own value wins
    assert gate_ids(fresh_client, contact_id) == own_gates | target_gates
    for gate in expect(list_contact_gates.sync(contact_id, client=fresh_client), GatePage).collection:
        assert expect(expect(gate.contact, ServiceContact).original_id, int) == contact_id
    assert target_id not in {contact.id for page in all_pages(fresh_client, 20) for contact in page.collection}


@pytest.mark.anyio
async def test_unite_async(fresh_app: SandboxApp) -> None:
    async with asgi_client(fresh_app) as client:
        expect_error(await unite_contacts.asyncio(OLENA, OLENA, client=client), 409)
        expect_error(await unite_contacts.asyncio(OLENA, 999_999, client=client), 404)
        expect_state_true(await unite_contacts.asyncio(TARAS, OLENA, client=client))
        expect_error(await get_contact.asyncio(OLENA, client=client), 404)
        merged = expect(await get_contact.asyncio(TARAS, client=client), Contact)
    assert tag_ids(merged) == {31, 32}  # Taras's Lead tag, and Olena's VIP tag came over
    assert merged.email == "olena.kovalenko@example.com"  # Taras had no e-mail address


# -- deleteContact --------------------------------------------------------------------------------


def test_delete_contact(fresh_client: AuthenticatedClient) -> None:
    before = contact_count(fresh_client)
    assert TARAS in ids_of(expect(search_contacts.sync(client=fresh_client, term="melnyk"), ContactPage).collection)

    expect_state_true(delete_contact.sync(TARAS, client=fresh_client))

    expect_error(get_contact.sync(TARAS, client=fresh_client), 404)
    expect_error(get_contact_info.sync(TARAS, client=fresh_client), 404)
    expect_error(list_contact_gates.sync(TARAS, client=fresh_client), 404)
    expect_error(delete_contact.sync(TARAS, client=fresh_client), 404)
    assert contact_count(fresh_client) == before - 1
    assert TARAS not in ids_of(expect(search_contacts.sync(client=fresh_client, term="melnyk"), ContactPage).collection)


@pytest.mark.anyio
async def test_delete_contact_async(fresh_app: SandboxApp) -> None:
    async with asgi_client(fresh_app) as client:
        expect_state_true(await delete_contact.asyncio(OLENA, client=client))
        expect_error(await get_contact.asyncio(OLENA, client=client), 404)
        first = expect(await list_contacts.asyncio(client=client, limitation=1), ContactPage)
    assert ids_of(first.collection) == [TARAS]


# -- createChannelGate ----------------------------------------------------------------------------


def marta(first_name: str = "Marta") -> CreateGateRequest:
    return CreateGateRequest(
        identifier="380931112233",
        first_name=first_name,
        last_name="Shevchenko",
        email="marta.shevchenko@example.com",
        phone="+380931112233",
        parameters=CreateGateRequestParameters.from_dict({"utm_source": "landing"}),
    )


def test_create_channel_gate_creates_a_contact_once(fresh_client: AuthenticatedClient) -> None:
    before = contact_count(fresh_client)

    gate = expect(create_channel_gate.sync(WHATSAPP_CHANNEL, client=fresh_client, body=marta()), Gate)
    channel = expect(gate.channel, Channel)
    assert (channel.id, channel.type_) == (WHATSAPP_CHANNEL, "whatsapp")
    contact_id = expect(expect(gate.contact, ServiceContact).original_id, int)
    created = expect(get_contact.sync(contact_id, client=fresh_client), Contact)
    assert (created.first_name, created.full_name) == ("Marta", "Marta Shevchenko")
    assert (created.email, created.phone) == ("marta.shevchenko@example.com", "+380931112233")
    assert expect(get_contact_info.sync(contact_id, client=fresh_client), SimpleContact)["utm_source"] == "landing"
    assert gate_ids(fresh_client, contact_id) == {gate.id}

    again = expect(create_channel_gate.sync(WHATSAPP_CHANNEL, client=fresh_client, body=marta("Somebody")), Gate)
    assert again.id == gate.id
    assert expect(expect(again.contact, ServiceContact).original_id, int) == contact_id
    assert expect(get_contact.sync(contact_id, client=fresh_client), Contact).first_name == "Marta"
    assert contact_count(fresh_client) == before + 1


def test_create_channel_gate_refusals(fresh_client: AuthenticatedClient) -> None:
    before = contact_count(fresh_client)
    error = expect_error(create_channel_gate.sync(TELEGRAM_CHANNEL, client=fresh_client, body=marta()), 409)
    assert "WhatsApp" in str(error.description)
    error = expect_error(
        create_channel_gate.sync(OTHER_PROJECTS_WHATSAPP_CHANNEL, client=fresh_client, body=marta()), 404
    )
    assert error.message == "Channel not found"
    invalid = CreateGateRequest(identifier="380931112233", first_name="Marta", phone="0931112233")
    expect_error(create_channel_gate.sync(WHATSAPP_CHANNEL, client=fresh_client, body=invalid), 400)
    assert contact_count(fresh_client) == before


@pytest.mark.anyio
async def test_create_channel_gate_async(fresh_app: SandboxApp) -> None:
    async with asgi_client(fresh_app) as client:
        # Olena's WhatsApp gate is identified by her phone number: no new contact.
        existing = CreateGateRequest(identifier="380501234567", first_name="Someone else")
        gate = expect(await create_channel_gate.asyncio(WHATSAPP_CHANNEL, client=client, body=existing), Gate)
        assert expect(expect(gate.contact, ServiceContact).original_id, int) == OLENA

        created = expect(await create_channel_gate.asyncio(WHATSAPP_CHANNEL, client=client, body=marta()), Gate)
        contact_id = expect(expect(created.contact, ServiceContact).original_id, int)
        assert contact_id != OLENA
        contact = expect(await get_contact.asyncio(contact_id, client=client), Contact)
    assert contact.full_name == "Marta Shevchenko"
