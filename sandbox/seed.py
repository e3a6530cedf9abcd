"""Deterministic seed data: two projects with channels, tags, funnels, variables and contacts.

The same seed number always gives the same data, tokens included. Whatever the seed, project 1
holds the ids that the OpenAPI document's examples use: contacts 1001 (Olena Kovalenko) and 1002
(Taras Melnyk), tag 31, funnel 41, variables 301 and 305, and WhatsApp channel 15, so the
schemathesis examples phase and the README's snippets meet real data. The two contacts differ in
tags, funnels and variables, so that the example merge (1002 into 1001) exercises every rule.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from sandbox.database import IN_MEMORY, Database
from sandbox.store import create_search_table, full_name, rebuild_documents, search_row, search_table

FIRST_CONTACT_ID = 1001
FIRST_GATE_ID = 50001
FIRST_CHAT_ID = 70001
FIRST_NOTE_ID = 9001
FIRST_MESSAGE_ID = 120001
# (product, its units as (name, price)); every project sells the same, in its own currency
PRODUCTS = (("T-shirt", (("Size M", 450.0), ("Size L", 470.0))), ("Mug", (("White", 200.0), ("Black", 220.0))))
CURRENCIES = ("UAH", "EUR")
CONTACT_TEXTS = ("Where is my order?", "Hello!", "Can I pay by card?", "Thank you")
BOT_TEXTS = ("Your order has shipped.", "Hi! How can we help?", "Yes, we accept cards.")
ACTIVITY_TEXT = "The chat was opened"
PROJECT_NAMES = ("Demo Shop", "Second Project")
CHANNEL_TYPES = ("telegram", "viber", "instagram", "facebook", "whatsapp")
TAGS = (
    ("VIP", "ffb300"),
    ("Lead", "2196f3"),
    ("Customer", "4caf50"),
    ("Newsletter", "9c27b0"),
    ("Wholesale", "795548"),
)
FUNNELS = ("Onboarding", "Abandoned cart", "Reactivation")
# (name, type, description, choices, default value)
VARIABLES: tuple[tuple[str, str, str, list[str], str | None], ...] = (
    ("city", "string", "City the contact lives in", [], None),
    ("utm_source", "string", "Where the contact came from", [], None),
    ("order_total", "number", "Sum of the contact's orders", [], "0"),
    ("birthday", "date", "Birthday, YYYY-MM-DD", [], None),
    ("preferred_language", "enum", "Language for messages", ["uk", "en", "pl"], "uk"),
    ("website", "url", "The contact's website", [], None),
    ("backup_email", "email", "A second e-mail address", [], None),
    ("np_tracking", "string", "Nova Poshta tracking number", [], None),
)
TRIGGERS = ("OrderPaid", "LeadCreated", "subscribed")
OPERATORS = (("Iryna", "Bondar"), ("Maksym", "Tkachenko"))
FIRST_NAMES = (
    "Olena", "Taras", "Iryna", "Andrii", "Oksana", "Dmytro", "Natalia", "Serhii", "Yulia", "Oleksandr",
    "Kateryna", "Bohdan", "Sofia", "Mykola", "Anna", "Viktor", "Maria", "Roman", "Daria", "Ivan",
    "Emma", "Liam", "Olivia", "Noah", "Zofia", "Jakub",
)  # fmt: skip
LAST_NAMES = (
    "Kovalenko", "Melnyk", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliinyk", "Koval",
    "Polishchuk", "Lysenko", "Marchenko", "Savchenko", "Rudenko", "Moroz", "Nowak", "Smith", "Brown",
)  # fmt: skip
CITIES = ("Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Warsaw", "Berlin")
SOURCES = ("instagram", "facebook", "landing", "google", "referral")
NOTES = ("Asked for a call back after 18:00.", "Prefers WhatsApp.", "Wholesale enquiry, send the price list.")
PERSONAS: tuple[dict[str, Any], ...] = (
    {
        "first": "Olena", "last": "Kovalenko", "email": "olena.kovalenko@example.com", "phone": "+380501234567",
        "photo": True, "tags": [0], "funnels": [0], "values": {"city": "Kyiv", "utm_source": "instagram"},
        "channels": [0, 4], "note": 0, "cart": [(0, 2)],
        "messages": [("contact", "Where is my order?", "2024-03-02 18:09:00"),
                     ("bot", "Your order has shipped.", "2024-03-02 18:10:00")],
    },
    {
        "first": "Taras", "last": "Melnyk", "email": None, "phone": "+380672345678", "photo": False,
        "tags": [1], "funnels": [1], "values": {"city": "Odesa", "birthday": "1991-05-05"}, "channels": [0],
        "note": None, "cart": [], "messages": [],
    },
)  # fmt: skip


@dataclass(frozen=True)
class SeedPlan:
    seed: int = 0
    contacts_per_project: int = 40


def project_token(seed: int, project_id: int) -> str:
    return hashlib.sha256(f"smartsender-sandbox/{seed}/{project_id}".encode()).hexdigest()[:40]


def _stamp(rng: random.Random, year: int) -> str:
    return (
        f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
        f"{rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    )


class _Rows:
    """Rows to insert, collected per table and written with executemany, and the id counters.

    Tables are written in the order they were first seen, which is an order that satisfies the
    foreign keys; `flush` writes what has been collected so far, so memory stays bounded."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        # Messages and carts draw from their own generator, so that they leave the rest of the data
        # as it was before the sandbox had them.
        self.extra_rng = random.Random(f"{seed}/messages")
        self.tables: dict[str, list[tuple[Any, ...]]] = {}
        self.next_id = {
            "contact": FIRST_CONTACT_ID,
            "gate": FIRST_GATE_ID,
            "chat": FIRST_CHAT_ID,
            "note": FIRST_NOTE_ID,
            "message": FIRST_MESSAGE_ID,
        }
        self.whatsapp_numbers: set[tuple[int, str]] = set()

    def add(self, table: str, *row: Any) -> None:
        self.tables.setdefault(table, []).append(row)

    def new_id(self, kind: str) -> int:
        value = self.next_id[kind]
        self.next_id[kind] += 1
        return value

    def flush(self, db: sqlite3.Connection) -> None:
        for table, table_rows in self.tables.items():
            if not table_rows:
                continue
            marks = ", ".join("?" * len(table_rows[0]))
            columns = "(rowid, name, email, phone)" if table.startswith("contact_search") else ""  # rowid is no column
            db.executemany(f"INSERT INTO {table} {columns} VALUES ({marks})", table_rows)
            table_rows.clear()


FLUSH_EVERY = 20_000  # contacts


def seed_database(database: Database, plan: SeedPlan) -> None:
    """Fills a new database with the plan's data. An in-memory one gets a copy of a database seeded
    once per plan in this process (SQLite's backup: a copy of the pages, some 20 times as fast as
    seeding again, which a conformance run does for every test)."""
    if database.path != IN_MEMORY:
        _seed(database, plan)
        return
    template, lock = _seeded_in_memory(plan)
    with lock:
        database.restore(template)


@functools.lru_cache(maxsize=4)
def _seeded_in_memory(plan: SeedPlan) -> tuple[sqlite3.Connection, threading.Lock]:
    template = Database(IN_MEMORY)
    _seed(template, plan)
    return template.connection, threading.Lock()


def _seed(database: Database, plan: SeedPlan) -> None:
    rows = _Rows(plan.seed)
    with database.write() as db:
        for index, name in enumerate(PROJECT_NAMES):
            project_id = index + 1
            create_search_table(db, project_id)
            rows.add("projects", project_id, name, project_token(plan.seed, project_id))
            catalogue = _project_catalogue(rows, project_id, index)
            for number in range(plan.contacts_per_project):
                is_persona = project_id == 1 and number < len(PERSONAS)
                _add_contact(rows, project_id, catalogue, PERSONAS[number] if is_persona else _random_persona(rows.rng))
                if number % FLUSH_EVERY == FLUSH_EVERY - 1:
                    rows.flush(db)
            rows.flush(db)
        rebuild_documents(db)


def _project_catalogue(rows: _Rows, project_id: int, index: int) -> dict[str, Any]:
    created = "2023-11-20 10:00:00"
    channels = []
    for offset, kind in enumerate(CHANNEL_TYPES):
        channel_id = 10 * project_id + offset + 1
        app = f"38044{project_id}23456{offset}" if kind == "whatsapp" else f"project{project_id}_{kind}_bot"
        link = f"https://wa.me/{app}" if kind == "whatsapp" else f"https://{kind}.example/{app}"
        name = f"{PROJECT_NAMES[index]} {kind.capitalize()}"
        rows.add("channels", channel_id, project_id, kind, name, app, link, 1, 1, None, created, "2024-02-01 12:00:00")
        channels.append((channel_id, kind))
    tags = [31 + 5 * index + k for k in range(len(TAGS))]
    for tag_id, (name, color) in zip(tags, TAGS, strict=True):
        rows.add("tags", tag_id, project_id, name, color)
    funnels = [41 + 3 * index + k for k in range(len(FUNNELS))]
    for funnel_id, name in zip(funnels, FUNNELS, strict=True):
        rows.add("funnels", funnel_id, project_id, name, 7300 + funnel_id - 40)
    variables = {}
    for offset, (name, kind, description, choices, default) in enumerate(VARIABLES):
        variable_id = 301 + len(VARIABLES) * index + offset
        rows.add(
            "variables", variable_id, project_id, name, kind, description, json.dumps(choices), default,
            "2024-01-15 09:30:00", "2024-01-15 09:30:00",
        )  # fmt: skip
        variables[name] = variable_id
    operators = []
    for offset, (first, last) in enumerate(OPERATORS):
        operator_id = 10 * project_id + offset + 2
        email = f"{first.lower()}@{PROJECT_NAMES[index].lower().replace(' ', '-')}.example"
        rows.add("operators", operator_id, project_id, first, f"{first} {last}", email, None)
        operators.append(operator_id)
    for event in TRIGGERS:
        rows.add("triggers", project_id, event)
    essences = []
    for k, (product, units) in enumerate(PRODUCTS):
        product_id = 61 + len(PRODUCTS) * index + k
        rows.add("products", product_id, project_id, product)
        for j, (unit, price) in enumerate(units):
            essence_id = 601 + 4 * index + 2 * k + j
            rows.add("product_essences", essence_id, product_id, unit, price, CURRENCIES[index], "2024-01-10 12:00:00")
            essences.append(essence_id)
    return {
        "channels": channels, "tags": tags, "funnels": funnels, "variables": [variables], "operators": operators,
        "essences": essences, "project": PROJECT_NAMES[index],
    }  # fmt: skip


def _random_persona(rng: random.Random) -> dict[str, Any]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    values: dict[str, str] = {}
    if rng.random() < 0.7:
        values["city"] = rng.choice(CITIES)
    if rng.random() < 0.5:
        values["utm_source"] = rng.choice(SOURCES)
    if rng.random() < 0.3:
        values["order_total"] = str(rng.randint(100, 20000))
    if rng.random() < 0.3:
        values["preferred_language"] = rng.choice(("uk", "en", "pl"))
    return {
        "first": first,
        "last": last if rng.random() < 0.9 else None,
        "email": f"{first}.{last}{rng.randint(1, 999)}@example.com".lower() if rng.random() < 0.8 else None,
        "phone": f"+380{rng.choice((50, 63, 66, 67, 68, 73, 93, 97))}{rng.randint(1000000, 9999999)}"
        if rng.random() < 0.85
        else None,
        "photo": rng.random() < 0.6,
        "tags": rng.sample(range(len(TAGS)), rng.choice((0, 0, 1, 1, 2))),
        "funnels": rng.sample(range(len(FUNNELS)), rng.choice((0, 1))),
        "values": values,
        "channels": sorted(rng.sample(range(len(CHANNEL_TYPES)), rng.choice((1, 1, 2)))),
        "note": rng.randrange(len(NOTES)) if rng.random() < 0.3 else None,
    }


def _add_contact(rows: _Rows, project_id: int, catalogue: dict[str, Any], persona: dict[str, Any]) -> None:
    rng = rows.rng
    contact_id = rows.new_id("contact")
    created = _stamp(rng, 2023)
    updated = _stamp(rng, 2024)
    first, last, email, phone = persona["first"], persona["last"], persona["email"], persona["phone"]
    full = full_name(first, last)
    photo = f"https://cdn.smartsender.example/avatars/{contact_id}.jpg" if persona["photo"] else None
    rows.add("contacts", contact_id, project_id, first, last, full, email, phone, photo, created, updated, None)
    rows.add(search_table(project_id), *search_row(contact_id, full, email, phone))
    for tag in persona["tags"]:
        rows.add("contact_tags", contact_id, catalogue["tags"][tag])
    for funnel in persona["funnels"]:
        rows.add("contact_funnels", contact_id, catalogue["funnels"][funnel])
    variables = catalogue["variables"][0]
    for name, value in persona["values"].items():
        rows.add("contact_values", contact_id, variables[name], value, updated)
    first_gate = None
    for position, channel in enumerate(persona["channels"]):
        channel_id, kind = catalogue["channels"][channel]
        gate_id = rows.new_id("gate")
        first_gate = first_gate or gate_id
        identifier = str(5_000_000_000 + gate_id)  # unique per channel, like a messenger's user id
        if kind == "whatsapp" and phone and (channel_id, phone) not in rows.whatsapp_numbers:
            identifier = phone.lstrip("+")  # WhatsApp identifies users by phone number
            rows.whatsapp_numbers.add((channel_id, phone))
        subscribed = position == 0 or rng.random() < 0.8
        rows.add("gates", gate_id, channel_id, contact_id, identifier, subscribed, rng.choice((0, 0, 0, 1, 2)), created)
        if position == 0:
            rows.add("chats", rows.new_id("chat"), contact_id, gate_id + 38000, created, updated)
    if persona["note"] is not None:
        operator = rng.choice(catalogue["operators"])
        rows.add("notes", rows.new_id("note"), contact_id, operator, NOTES[persona["note"]], updated)
    _add_messages_and_cart(
        rows, contact_id, catalogue, persona, gate_id=first_gate, photo=photo, full=full, updated=updated
    )


def _add_messages_and_cart(
    rows: _Rows,
    contact_id: int,
    catalogue: dict[str, Any],
    persona: dict[str, Any],
    *,
    gate_id: int | None,
    photo: str | None,
    full: str | None,
    updated: str,
) -> None:
    rng = rows.extra_rng
    messages = persona.get("messages")
    if messages is None:
        messages = [
            (sender, rng.choice(CONTACT_TEXTS if sender == "contact" else BOT_TEXTS), updated)
            for sender in rng.choice(((), ("contact",), ("contact", "bot"), ("bot", "contact", "bot")))
        ]
        if rng.random() < 0.15:
            messages.insert(0, ("activity", ACTIVITY_TEXT, updated))
    senders = {
        "contact": {"type": "contact", "image": photo, "fullName": full},
        "bot": {"type": "bot", "image": None, "fullName": catalogue["project"]},
    }
    for sender, text, stamp in messages:
        content = json.dumps({"type": "text", "resource": {"parameters": {"content": text}}})
        kind = "activity" if sender == "activity" else "message"
        who = None if kind == "activity" else json.dumps(senders[sender])
        state = json.dumps({"type": "delivered", "message": None}) if sender == "bot" else None
        seen = stamp if sender == "contact" else None
        rows.add(
            "messages", rows.new_id("message"), contact_id, gate_id, kind, content, who, state, 0, stamp, stamp, seen
        )
    cart = persona.get("cart")
    if cart is None:
        cart = [(rng.randrange(len(catalogue["essences"])), rng.randint(1, 3))] if rng.random() < 0.2 else []
    for essence, quantity in cart:
        rows.add("cart_items", contact_id, catalogue["essences"][essence], quantity)
