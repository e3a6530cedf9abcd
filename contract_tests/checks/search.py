"""Search: results hold the term, contacts are found by their e-mail address and phone number,
and long terms are ordinary terms."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.bodies import as_text, ids, variable_values
from contract_tests.checks.document_facts import parameter_range
from contract_tests.checks.registry import INFERRED, SearchMismatch, fail, judging, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body

MIN_WORD = 3  # shorter words of a term match nearly every contact, and would prove nothing
CONTACT_TEXT_FIELDS = ("fullName", "firstName", "lastName", "email", "phone")
LONG_TERM = "Kovalenko-" * 30  # 300 characters; the document sets no maximum length


def _contact_texts(contact: dict[str, Any]) -> Iterator[str]:
    """What a contact holds of its own: names, e-mail, phone, the names of its tags and funnels,
    its variables' values (not ids, links, dates or descriptions, which nearly any term matches)."""
    for field in CONTACT_TEXT_FIELDS:
        if isinstance(contact.get(field), str):
            yield contact[field]
    for key in ("tags", "funnels"):
        for item in contact.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                yield item["name"]
    for value in variable_values(contact).values():
        if value is not None and not isinstance(value, dict | list):
            yield str(as_text(value))


def holds(contact: dict[str, Any], term: str) -> bool:
    """Whether a result holds the term, or one of its words, in any of its own values (case
    ignored): where the vendor searches is not documented beyond "contacts", so any of them counts."""
    tokens = re.findall(r"\w+", term)
    long_tokens = [token.casefold() for token in tokens if len(token) >= MIN_WORD]
    if not long_tokens and tokens != [term]:
        return True  # only short words: a full-text search may match any of them, which proves nothing
    words = {term.casefold(), *long_tokens}
    return any(word in text.casefold() for text in _contact_texts(contact) for word in words if word)


@semantic_check(rules=("search-results-match-term", "search-for-nothing-is-empty"), when="successful search")
def search_matches_term(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """Every search result holds the term (or a word of it) somewhere, without regard to case."""
    if not is_operation(case, "searchContacts") or response.status_code != 200:
        return True
    term = (case.query or {}).get("term")
    body = json_body(response)
    if not isinstance(term, str) or not isinstance(body, dict) or not isinstance(body.get("collection"), list):
        return True
    if not term.strip():
        return True  # outside the document (term is "not empty"): what a lenient server answers proves nothing
    judging("search-results-match-term")
    strangers = [item.get("id") for item in body["collection"] if isinstance(item, dict) and not holds(item, term)]
    if strangers:
        fail(SearchMismatch, case, f"contacts {strangers[:5]} hold {term!r} (or a word of it) nowhere {INFERRED}")
    if state_of(case).first_time("search-for-nothing"):
        nobody = f"zq{uuid.uuid4().hex}"  # one token: a full-text search must not split it
        answer = follow_up(case, response, "searchContacts", query={"term": nobody})
        judging("search-results-match-term", "search-for-nothing-is-empty")
        found = json_body(answer)
        found_ids = ids(found.get("collection") or []) if isinstance(found, dict) else []
        if answer.status_code == 200 and found_ids:
            fail(
                SearchMismatch, case, f"a search for {nobody!r}, which no contact holds, found contacts {found_ids[:5]}"
            )
    return None


@semantic_check(
    rules=("searchContacts: search-finds-email-and-phone",),
    when="listed contact with an e-mail address or a phone number",
)
def search_finds_listed_contacts(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A contact of the list is found by its e-mail address and by its phone number: the searches
    live integrations rely on. (That names are searched too, and how a term is matched, is not
    documented, so this check does not presume it.)"""
    if not is_operation(case, "listContacts") or response.status_code != 200:
        return True
    if not state_of(case).first_time("search-finds"):
        return True
    body = json_body(response)
    contacts = body.get("collection") if isinstance(body, dict) else None
    if not isinstance(contacts, list):
        return True
    for contact in contacts[:5]:
        if not isinstance(contact, dict):
            continue
        probes = [contact[field] for field in ("email", "phone") if isinstance(contact.get(field), str)]
        for term in filter(str.strip, probes):
            found = _search_all(case, response, term)
            if found is not None and contact.get("id") not in found:
                fail(
                    SearchMismatch,
                    case,
                    f"searching {term!r} does not find contact {contact.get('id')}, which holds it",
                )
    return None


@semantic_check(rules=("searchContacts: valid-requests-are-not-refused",), when="successful search")
def search_accepts_long_terms(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """The document sets no maximum length for `term`: a 300-character term gets an ordinary answer."""
    if not is_operation(case, "searchContacts") or response.status_code != 200:
        return True
    if not state_of(case).first_time("long-term"):
        return True
    answer = follow_up(case, response, "searchContacts", query={"term": LONG_TERM})
    if answer.status_code != 200:
        fail(SearchMismatch, case, f"a search for a 300-character term answered {answer.status_code}, not 200")
    return None


def _search_all(case: ApiCase, response: Response, term: str, max_pages: int = 5) -> set[Any] | None:
    found: set[Any] = set()
    largest = parameter_range(state_of(case).document, "searchContacts", "limitation")[1]
    for page in range(1, max_pages + 1):
        query = {"term": term, "page": page, **({"limitation": largest} if largest else {})}
        answer = follow_up(case, response, "searchContacts", query=query)
        body = json_body(answer)
        if answer.status_code != 200 or not isinstance(body, dict) or not isinstance(body.get("collection"), list):
            return None
        found.update(ids(body["collection"]))
        cursor = body.get("cursor")
        if not isinstance(cursor, dict) or page >= cursor.get("pages", 0):
            return found
    return None  # too many pages to tell
