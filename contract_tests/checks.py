"""Semantic checks: what the Contacts API must *do*, beyond the shapes the document describes.

Each function is a schemathesis check (`@schemathesis.check`): it takes the check context, the
response and the case, and passes (returns None), does not apply (returns True), or raises a
Failure that says what went wrong. Importing this module registers them, in pytest and, through
`contract_tests.hooks`, under plain `schemathesis run`. They read only, except where noted:
`created_gate_is_readable` repeats the creation it checks (which must create nothing new).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import schemathesis
from schemathesis import CheckContext, Response
from schemathesis.core.failures import Failure, Severity

from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, query_integer, succeeded

CONTACT = "/v1/contacts/{contactId}"
DEFAULT_LIMITATION = 20
FULL_WALK_PAGES = 10  # lists with more pages are sampled: pages 2, 3, the last one and the one after
SEARCHED_FIELDS = ("fullName", "firstName", "lastName", "email", "phone")
CONTACT_FIELDS = frozenset({"id", "fullName", "firstName", "lastName", "email", "phone", "photo", "tags", "funnels"})
_CLEAN_TEXT = re.compile(r"[^\x00-\x1f\x7f]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,40}@[A-Za-z0-9-]{1,40}(\.[A-Za-z0-9-]{1,20})*\.[A-Za-z]{2,10}")
_PHONE = re.compile(r"\+[1-9][0-9]{6,14}")


class PagingMismatch(Failure):
    kind_title = "Page does not match its cursor"


class PagingIncomplete(Failure):
    kind_title = "Pages skip or repeat items"


class SearchMismatch(Failure):
    kind_title = "Search result does not match the term"


class UpdateNotVisible(Failure):
    kind_title = "Update not visible on the next read"


class InvalidValueStored(Failure):
    kind_title = "Invalid value stored instead of skipped"


class MergeRuleBroken(Failure):
    kind_title = "Merge does not follow the union rule"


class DeletedContactReadable(Failure):
    kind_title = "Deleted contact still readable"


class CreatedGateUnreadable(Failure):
    kind_title = "Created contact or gate not readable"


class ForeignContactVisible(Failure):
    kind_title = "Contact of another project visible"


class ViewsDisagree(Failure):
    kind_title = "Views of one contact disagree"


def _fail(kind: type[Failure], case: ApiCase, message: str) -> None:
    raise kind(operation=case.operation.label, message=message, severity=Severity.HIGH)


class _Settings:
    """Run-wide inputs of the checks: set by the pytest suite, or read from the environment by
    `contract_tests.hooks` under `schemathesis run`."""

    foreign_contact_id: int | None = None


settings = _Settings()
_memo_lock = threading.Lock()
_done_once: set[tuple[Any, ...]] = set()
_merge_snapshots: dict[str, tuple[Any, Any]] = {}


def first_time(*key: Any) -> bool:
    """True the first time a key is seen in this process (bounds the cost of expensive checks)."""
    with _memo_lock:
        if key in _done_once:
            return False
        _done_once.add(key)
        return True


def forget_memos() -> None:
    with _memo_lock:
        _done_once.clear()
        _merge_snapshots.clear()


# -- paging ---------------------------------------------------------------------------------------

_PAGED = {
    "listContacts": "/v1/contacts",
    "searchContacts": "/v1/contacts/search",
    "listContactGates": "/v1/contacts/{contactId}/gates",
}


def _paged_request(case: ApiCase, response: Response) -> tuple[str, int, int, list[Any], int] | None:
    """(path, page, limitation, collection, pages) of a successful list answer, when it has that shape."""
    path = next((path for operation, path in _PAGED.items() if is_operation(case, operation)), None)
    if path is None or response.status_code != 200:
        return None
    page, limitation = query_integer(case, "page", 1), query_integer(case, "limitation", DEFAULT_LIMITATION)
    body = json_body(response)
    if page is None or limitation is None or not isinstance(body, dict):
        return None
    cursor, collection = body.get("cursor"), body.get("collection")
    if not isinstance(cursor, dict) or not isinstance(collection, list) or not isinstance(cursor.get("pages"), int):
        return None  # the schema checks report this
    return path, page, limitation, collection, cursor["pages"]


def _ids(collection: list[Any]) -> list[Any]:
    return [item.get("id") for item in collection if isinstance(item, dict)]


@schemathesis.check
def paging_matches_cursor(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A page holds at most `limitation` items, exactly that many before the last page, none after
    it, no item twice, and its cursor names the page that was asked for."""
    request = _paged_request(case, response)
    if request is None:
        return True
    _, page, limitation, collection, pages = request
    cursor_page = json_body(response)["cursor"].get("page")
    problems = []
    if cursor_page != page:
        problems.append(f"cursor.page is {cursor_page!r} for page={page}")
    if len(collection) > limitation:
        problems.append(f"{len(collection)} items on a page of limitation={limitation}")
    elif page < pages and len(collection) != limitation:
        problems.append(f"page {page} of {pages} holds {len(collection)} items, not limitation={limitation}")
    if page > pages and collection:
        problems.append(f"page {page} is after the last ({pages}) but holds {len(collection)} items")
    if page == pages and pages > 1 and not collection:
        problems.append(f"the last page ({pages}) is empty")
    ids = _ids(collection)
    if len(ids) != len(set(ids)):
        problems.append(f"an item appears twice on one page: {ids}")
    if problems:
        _fail(PagingMismatch, case, "; ".join(problems))
    return None


@schemathesis.check
def pages_are_complete(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """Walking the pages of a list (all of them, or a sample of long lists) yields every item
    once: full pages before the last, a non-empty last page and nothing after it, and as many
    pages as the item count (the page count at limitation=1) implies.

    A live project gains contacts while the walk runs, which shifts pages. So a problem is only
    reported when the list is still what the walk started from: page 1 and the item count are read
    again, and if either changed, the walk proves nothing and passes."""
    request = _paged_request(case, response)
    if request is None or request[1] != 1:
        return True
    path, _, limitation, collection, pages = request
    query = {key: value for key, value in (case.query or {}).items() if key != "page"}
    if not first_time("pages", path, repr(case.path_parameters), repr(sorted(query.items()))):
        return True
    listing = _Listing(case, response, path, query)
    before = listing.state_of(limitation, collection, pages)
    problem = _page_count_problem(limitation, pages, before.items) or _walk_problem(
        listing, collection, limitation, pages
    )
    if problem is not None and listing.state(limitation) == before:
        _fail(PagingIncomplete, case, problem)
    return None


@dataclass(frozen=True)
class _ListState:
    first_page: tuple[Any, ...]  # the ids on page 1
    pages: int | None
    items: int | None  # the item count: cursor.pages at limitation=1


class _Listing:
    """Follow-up reads of one list: its path and path parameters, and the checked case's query (whose
    `limitation`, when the case left it out, stays out: the walk checks the server's default)."""

    def __init__(self, case: ApiCase, response: Response, path: str, query: dict[str, Any]) -> None:
        self._case, self._response, self._path, self._query = case, response, path, query

    def read(self, **query: Any) -> tuple[Response, list[Any] | None, int | None]:
        """The answer, its collection and its cursor.pages (None where the answer lacks them)."""
        answer = follow_up(
            self._case,
            self._response,
            "GET",
            self._path,
            path_parameters=self._case.path_parameters,
            query={**self._query, **query},
        )
        body = json_body(answer)
        if answer.status_code != 200 or not isinstance(body, dict) or not isinstance(body.get("collection"), list):
            return answer, None, None
        cursor = body.get("cursor")
        pages = cursor.get("pages") if isinstance(cursor, dict) else None
        return answer, body["collection"], pages if isinstance(pages, int) else None

    def item_count(self) -> int | None:
        _, collection, pages = self.read(page=1, limitation=1)
        if collection is None or pages is None:
            return None
        return pages if collection else 0  # an empty list may report one (empty) page

    def state(self, limitation: int) -> _ListState:
        """The list's state now, read again."""
        _, collection, pages = self.read(page=1)
        return self.state_of(limitation, collection, pages)

    def state_of(self, limitation: int, collection: list[Any] | None, pages: int | None) -> _ListState:
        """The state of a list whose page 1 holds `collection` (at `limitation`) and reports `pages`."""
        items = (pages if collection else 0) if limitation == 1 else self.item_count()
        return _ListState(tuple(_ids(collection or [])), pages, items)


def _page_count_problem(limitation: int, pages: int, items: int | None) -> str | None:
    """With limitation=1, cursor.pages is the number of items; every other limitation must agree."""
    if limitation == 1 or items is None:
        return None
    expected = {-(-items // limitation)} | ({0, 1} if items == 0 else set())
    if pages in expected:
        return None
    return (
        f"cursor.pages is {pages} for limitation={limitation}, but the list holds {items} items "
        f"(its page count at limitation=1), so it should be {min(expected)}"
    )


def _walk_problem(listing: _Listing, collection: list[Any], limitation: int, pages: int) -> str | None:
    wanted = range(2, pages + 2) if pages <= FULL_WALK_PAGES else sorted({2, 3, pages, pages + 1})
    seen: dict[Any, int] = {item_id: 1 for item_id in _ids(collection)}
    for page in wanted:
        answer, items, _ = listing.read(page=page)
        if items is None:
            return f"page {page} of {pages} answered {answer.status_code}"
        expected = "none" if page > pages else (f"{limitation}" if page < pages else f"1 to {limitation}")
        size_ok = (
            (not items)
            if page > pages
            else (len(items) == limitation if page < pages else 0 < len(items) <= limitation)
        )
        if not size_ok:
            return f"page {page} of {pages} (limitation={limitation}) holds {len(items)} items, expected {expected}"
        for item_id in _ids(items):
            if item_id in seen:
                return f"item {item_id} is on page {seen[item_id]} and again on page {page}"
            seen[item_id] = page
    return None


# -- search ---------------------------------------------------------------------------------------


def _matches(item: Any, term: str) -> bool:
    folded = term.casefold()
    return isinstance(item, dict) and any(
        isinstance(item.get(field), str) and folded in item[field].casefold() for field in SEARCHED_FIELDS
    )


@schemathesis.check
def search_matches_term(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """Every search result holds the term, without regard to case, in its name, e-mail or phone."""
    if not is_operation(case, "searchContacts") or response.status_code != 200:
        return True
    term = (case.query or {}).get("term")
    body = json_body(response)
    if not isinstance(term, str) or not isinstance(body, dict) or not isinstance(body.get("collection"), list):
        return True
    strangers = [item.get("id") for item in body["collection"] if isinstance(item, dict) and not _matches(item, term)]
    if strangers:
        _fail(SearchMismatch, case, f"contacts {strangers[:5]} match {term!r} in none of {', '.join(SEARCHED_FIELDS)}")
    return None


@schemathesis.check
def search_finds_listed_contacts(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A contact of the list is found by its e-mail address and by its phone number: the searches
    live integrations rely on. (That names are searched too, and how a term is matched, is not
    documented, so this check does not presume it.)"""
    if not is_operation(case, "listContacts") or response.status_code != 200 or not first_time("search-finds"):
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
                _fail(
                    SearchMismatch,
                    case,
                    f"searching {term!r} does not find contact {contact.get('id')}, which holds it",
                )
    return None


LONG_TERM = "Kovalenko-" * 30  # 300 characters; the document sets no maximum length


@schemathesis.check
def search_accepts_long_terms(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """The document sets no maximum length for `term`: a 300-character term gets an ordinary answer."""
    if not is_operation(case, "searchContacts") or response.status_code != 200 or not first_time("long-term"):
        return True
    answer = follow_up(case, response, "GET", "/v1/contacts/search", query={"term": LONG_TERM})
    if answer.status_code != 200:
        _fail(SearchMismatch, case, f"a search for a 300-character term answered {answer.status_code}, not 200")
    return None


def _search_all(case: ApiCase, response: Response, term: str, max_pages: int = 5) -> set[Any] | None:
    found: set[Any] = set()
    for page in range(1, max_pages + 1):
        answer = follow_up(
            case, response, "GET", "/v1/contacts/search", query={"term": term, "page": page, "limitation": 20}
        )
        body = json_body(answer)
        if answer.status_code != 200 or not isinstance(body, dict) or not isinstance(body.get("collection"), list):
            return None
        found.update(_ids(body["collection"]))
        if page >= body.get("cursor", {}).get("pages", 0):
            return found
    return None  # too many pages to tell


# -- update ---------------------------------------------------------------------------------------


def _clearly_valid(field: str, value: Any) -> bool:
    """Values that any reasonable implementation stores as sent (no trimming, no case folding)."""
    if value is None:
        return field == "lastName"
    if not isinstance(value, str) or not _CLEAN_TEXT.fullmatch(value) or value != value.strip() or len(value) > 255:
        return False
    if field in {"firstName", "lastName"}:
        return True
    if field == "email":
        return bool(_EMAIL.fullmatch(value)) and value == value.lower()
    return bool(_PHONE.fullmatch(value))


def _clearly_invalid(field: str, value: Any) -> bool:
    if field == "firstName":
        return not isinstance(value, str) or not value.strip()
    if field == "email":
        return isinstance(value, str) and "@" not in value
    if field == "phone":
        return isinstance(value, str) and any(char.isalpha() for char in value)
    return False


@schemathesis.check
def update_is_visible(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a successful update, valid values of system fields and enum variables can be read
    back; invalid ones (an e-mail address without @, a value outside an enum) and unknown names
    were skipped, not stored."""
    if not is_operation(case, "updateContact") or not succeeded(response):
        return True
    values = case.body.get("values") if isinstance(case.body, dict) else None
    if not isinstance(values, dict) or not values:
        return True
    contact_id = case.path_parameters.get("contactId")
    flat = json_body(follow_up(case, response, "GET", f"{CONTACT}/info", path_parameters={"contactId": contact_id}))
    full = json_body(follow_up(case, response, "GET", CONTACT, path_parameters={"contactId": contact_id}))
    if not isinstance(flat, dict) or not isinstance(full, dict):
        _fail(UpdateNotVisible, case, f"contact {contact_id} cannot be read after a successful update")
    variables = {v.get("name"): v for v in full.get("variables", []) if isinstance(v, dict)}
    lost: list[str] = []
    stored: list[str] = []
    for name, value in values.items():
        if name in {"firstName", "lastName", "email", "phone"}:
            _judge_system_field(name, value, flat.get(name), lost, stored)
        elif name in variables:
            _judge_variable(name, value, variables[name], lost, stored)
        elif name not in CONTACT_FIELDS and name in flat and flat[name] == value:
            stored.append(f"{name}={value!r}, which is neither a variable nor a system field")
    if lost:
        _fail(UpdateNotVisible, case, f"contact {contact_id} does not show the updated {', '.join(lost)}")
    if stored:
        _fail(InvalidValueStored, case, f"contact {contact_id} stored {', '.join(stored)}")
    return None


def _judge_system_field(name: str, sent: Any, read: Any, lost: list[str], stored: list[str]) -> None:
    if _clearly_valid(name, sent) and read != sent:
        lost.append(f"{name}={sent!r} (reads {read!r})")
    elif _clearly_invalid(name, sent) and sent is not None and read == sent:
        stored.append(f"{name}={sent!r}")


def _judge_variable(name: str, sent: Any, variable: dict[str, Any], lost: list[str], stored: list[str]) -> None:
    """Only enum variables (their `content` lists the allowed values) tell valid from invalid."""
    choices = variable.get("content")
    if not isinstance(choices, list) or not choices or not all(isinstance(choice, str) for choice in choices):
        return
    if sent in choices and variable.get("value") != sent:
        lost.append(f"{name}={sent!r} (reads {variable.get('value')!r})")
    elif isinstance(sent, str) and sent not in choices and variable.get("value") == sent:
        stored.append(f"{name}={sent!r}, not one of {choices}")


# -- merge ----------------------------------------------------------------------------------------


def snapshot_before_merge(case: ApiCase, kwargs: dict[str, Any]) -> None:
    """Before a merge, remembers both contacts, so that `merge_follows_the_rule` can compare.

    A `before_call` hook calls it (contract_tests.hooks, or the suite's conftest after the write
    guard has chosen the ids), so it is not registered here."""
    if not is_operation(case, "uniteContacts") or "Authorization" not in (case.headers or {}):
        return
    snapshots = []
    for name in ("contactId", "targetContactId"):
        operation = case.operation.schema[CONTACT]["GET"]
        follow = operation.Case(path_parameters={"contactId": case.path_parameters.get(name)})
        answer = follow.call(headers={"Authorization": case.headers["Authorization"]}, **_base(kwargs))
        snapshots.append(json_body(answer) if answer.status_code == 200 else None)
    _merge_snapshots[case.id] = (snapshots[0], snapshots[1])


def _base(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"base_url": kwargs["base_url"]} if kwargs.get("base_url") else {}


def _set(contact: Any, key: str) -> set[Any]:
    items = contact.get(key) if isinstance(contact, dict) else None
    return {item.get("id") for item in items if isinstance(item, dict)} if isinstance(items, list) else set()


def _values(contact: Any) -> dict[Any, Any]:
    variables = contact.get("variables") if isinstance(contact, dict) else None
    return (
        {v.get("name"): v.get("value") for v in variables if isinstance(v, dict)} if isinstance(variables, list) else {}
    )


def _merged_variable_problem(own: Any, target: Any, merged: Any) -> str | None:
    """What is wrong with a merged variable value, if anything.

    A read shows a variable's default value when a contact has none of its own, so a value the
    contact shows may be a default that the target's value rightly replaces: when both contacts
    show a value, the merged one must be one of the two, not necessarily the contact's."""
    empty = (None, "")
    if own in empty and target not in empty and merged != target:
        return f"the contact had none, the target {target!r}, the merged contact shows {merged!r}"
    if own not in empty and target in empty and merged != own:
        return f"the contact had {own!r}, the target none, the merged contact shows {merged!r}"
    if own not in empty and target not in empty and merged not in (own, target):
        return f"the contact had {own!r}, the target {target!r}, the merged contact shows {merged!r}"
    return None


@schemathesis.check
def merge_follows_the_rule(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a merge, the target is gone; the contact has the union of both contacts' tags and
    funnels; the variables it lacked come from the target, and the ones it had are kept."""
    if not is_operation(case, "uniteContacts"):
        return True
    own, target = _merge_snapshots.pop(case.id, (None, None))
    if not succeeded(response):
        return True
    contact_id, target_id = case.path_parameters.get("contactId"), case.path_parameters.get("targetContactId")
    gone = follow_up(case, response, "GET", CONTACT, path_parameters={"contactId": target_id})
    if gone.status_code != 404:
        _fail(
            MergeRuleBroken,
            case,
            f"the merged target {target_id} still answers {gone.status_code}, not 404 "
            "(an inferred rule: the vendor does not document what becomes of the target)",
        )
    merged_answer = follow_up(case, response, "GET", CONTACT, path_parameters={"contactId": contact_id})
    merged = json_body(merged_answer)
    if merged_answer.status_code != 200 or not isinstance(merged, dict):
        _fail(MergeRuleBroken, case, f"contact {contact_id} answers {merged_answer.status_code} after the merge")
    if own is None or target is None:
        return None  # no snapshot (e.g. the hooks module was not loaded): only the removal is checked
    problems = []
    for key in ("tags", "funnels"):
        missing = (_set(own, key) | _set(target, key)) - _set(merged, key)
        if missing:
            problems.append(f"{key} {sorted(missing, key=str)} of the two contacts are missing")
    own_values, target_values, merged_values = _values(own), _values(target), _values(merged)
    for name, value in own_values.items():
        problem = _merged_variable_problem(value, target_values.get(name), merged_values.get(name))
        if problem:
            problems.append(f"variable {name}: {problem}")
    if problems:
        _fail(MergeRuleBroken, case, f"merging {target_id} into {contact_id}: " + "; ".join(problems))
    return None


# -- delete and create ----------------------------------------------------------------------------


@schemathesis.check
def deleted_contact_is_gone(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """After a successful delete, the contact answers 404."""
    if not is_operation(case, "deleteContact") or not succeeded(response):
        return True
    contact_id = case.path_parameters.get("contactId")
    answer = follow_up(case, response, "GET", CONTACT, path_parameters={"contactId": contact_id})
    if answer.status_code != 404:
        _fail(DeletedContactReadable, case, f"contact {contact_id} answers {answer.status_code} after it was deleted")
    return None


@schemathesis.check
def created_gate_is_readable(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A created gate's contact can be read and lists the gate; creating it again with the same
    identifier returns the same gate."""
    if not is_operation(case, "createChannelGate") or not succeeded(response):
        return True
    gate = json_body(response)
    contact = gate.get("contact") if isinstance(gate, dict) else None
    contact_id = contact.get("originalId") if isinstance(contact, dict) else None
    if contact_id is None:
        return True  # the document does not promise `contact` on a gate
    read = follow_up(case, response, "GET", CONTACT, path_parameters={"contactId": contact_id})
    if read.status_code != 200:
        _fail(CreatedGateUnreadable, case, f"the created gate's contact {contact_id} answers {read.status_code}")
    gates = json_body(follow_up(case, response, "GET", f"{CONTACT}/gates", path_parameters={"contactId": contact_id}))
    if isinstance(gates, dict) and gate.get("id") not in _ids(gates.get("collection") or []):
        _fail(CreatedGateUnreadable, case, f"contact {contact_id} does not list its new gate {gate.get('id')}")
    again = follow_up(
        case, response, "POST", "/v1/channels/{channelId}/gates", path_parameters=case.path_parameters, body=case.body
    )
    repeated = json_body(again)
    repeated_id = repeated.get("id") if isinstance(repeated, dict) else None
    if not succeeded(again) or repeated_id != gate.get("id"):
        message = f"creating the same identifier again answered {again.status_code} with gate {repeated_id!r}"
        _fail(CreatedGateUnreadable, case, f"{message}, not the existing gate {gate.get('id')}")
    return None


# -- tenancy and views ----------------------------------------------------------------------------


@schemathesis.check
def foreign_contact_is_invisible(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A contact of another project never appears in a list and cannot be read: any 4xx will do,
    as callers of the live API have seen 404, 400 and 403 for it."""
    foreign = settings.foreign_contact_id
    if foreign is None:
        return True
    if is_operation(case, "listContacts") and response.status_code == 200:
        body = json_body(response)
        if isinstance(body, dict) and foreign in _ids(body.get("collection") or []):
            _fail(ForeignContactVisible, case, f"contact {foreign} of another project is in the list")
        return None
    if not is_operation(case, "getContact") or not succeeded(response) or not first_time("foreign"):
        return True
    answer = follow_up(case, response, "GET", CONTACT, path_parameters={"contactId": foreign})
    if not 400 <= answer.status_code < 500:
        _fail(
            ForeignContactVisible,
            case,
            f"contact {foreign} of another project answers {answer.status_code}, not a 4xx (the document expects 404)",
        )
    return None


@schemathesis.check
def simple_view_matches_contact(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """The simple view holds every variable of the contact as a key with the same value, and the
    same system fields."""
    if not is_operation(case, "getContactInfo") or response.status_code != 200:
        return True
    flat = json_body(response)
    full_answer = follow_up(case, response, "GET", CONTACT, path_parameters=case.path_parameters)
    full = json_body(full_answer)
    if not isinstance(flat, dict) or not isinstance(full, dict) or full_answer.status_code != 200:
        return True
    problems = [
        f"{field} is {flat.get(field)!r}, not {full[field]!r}"
        for field in ("id", "fullName", "email", "phone")
        if field in full and flat.get(field) != full[field]
    ]
    for name, value in _values(full).items():
        if name in CONTACT_FIELDS:
            continue  # a system field wins over a variable of the same name
        if name not in flat:
            problems.append(f"variable {name!r} has no key")
        elif flat[name] != value:
            problems.append(f"variable {name!r} is {flat[name]!r}, not {value!r}")
    if problems:
        _fail(ViewsDisagree, case, f"GET {case.formatted_path} disagrees with the contact: " + "; ".join(problems[:5]))
    return None


@schemathesis.check
def chat_and_gates_belong_to_contact(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A contact's chat and gates point back at that contact (ServiceContact.originalId)."""
    body = json_body(response)
    if response.status_code != 200 or not isinstance(body, dict):
        return True
    if is_operation(case, "getContactChat"):
        gates = [body, *(body.get("gates") or [])]
    elif is_operation(case, "listContactGates"):
        gates = body.get("collection") or []
    else:
        return True
    contact_id = case.path_parameters.get("contactId")
    strangers = {
        gate["contact"].get("originalId")
        for gate in gates
        if isinstance(gate, dict) and isinstance(gate.get("contact"), dict) and "originalId" in gate["contact"]
        and str(gate["contact"]["originalId"]) != str(contact_id)
    }  # fmt: skip
    if strangers:
        _fail(
            ViewsDisagree, case, f"contact {contact_id}'s chat or gates point at contacts {sorted(strangers, key=str)}"
        )
    return None
