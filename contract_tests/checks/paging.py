"""Paging: every page matches its cursor, and walking the pages yields every item once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.bodies import ids
from contract_tests.checks.document_facts import in_range, parameter_range
from contract_tests.checks.registry import INFERRED, PagingIncomplete, PagingMismatch, fail, judging, semantic_check
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, query_integer
from openapi_document import Document

LISTS = ("listContacts", "searchContacts", "listContactGates", "listContactTags", "listContactFunnels",
         "listContactNotes", "listContactMessages", "listContactCheckout")  # fmt: skip
FULL_WALK_PAGES = 10  # lists with more pages are sampled: pages 2, 3, the last one and the one after
AFTER_THE_LAST = f"the document expects an empty page after the last {INFERRED}"


@dataclass(frozen=True)
class PagedAnswer:
    operation_id: str
    page: int
    limitation: int | None  # None: the request left it to the server's default
    collection: list[Any]
    pages: int


def paged_answer(case: ApiCase, response: Response) -> PagedAnswer | None:
    """A successful list answer to a request within the document's ranges, when it has that shape.

    A request outside the ranges (page 0, limitation 50) says nothing about paging: the document
    wants it refused, but a lenient server may clamp it, which the built-in checks judge."""
    operation_id = next((wanted for wanted in LISTS if is_operation(case, wanted)), None)
    if operation_id is None or response.status_code != 200:
        return None
    page_given, page = query_integer(case, "page")
    limitation_given, limitation = query_integer(case, "limitation")
    page = page if page_given else 1
    if page is None or not _usable(state_of(case).document, operation_id, page, limitation, limitation_given):
        return None
    body = json_body(response)
    if not isinstance(body, dict):
        return None
    cursor, collection = body.get("cursor"), body.get("collection")
    if not isinstance(cursor, dict) or not isinstance(collection, list) or not isinstance(cursor.get("pages"), int):
        return None  # the schema checks report this
    return PagedAnswer(operation_id, page, limitation, collection, cursor["pages"])


def _usable(document: Document, operation_id: str, page: int, limitation: int | None, limitation_given: bool) -> bool:
    if not in_range(document, operation_id, "page", page):
        return False
    if limitation_given:
        return limitation is not None and in_range(document, operation_id, "limitation", limitation)
    return True


def _largest_page(case: ApiCase, operation_id: str) -> int | None:
    return parameter_range(state_of(case).document, operation_id, "limitation")[1]


@semantic_check(
    rules=(
        "cursor-page-is-the-page-asked-for", "pages-hold-limitation-items", "next-page-while-page-below-pages",
        "page-after-the-last-is-empty", "pages-hold-every-item-once",
    ),
    when="list answer to a request within the documented ranges",
)  # fmt: skip
def paging_matches_cursor(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A page holds at most `limitation` items, exactly that many before the last page, none after
    it, no item twice, and its cursor names the page that was asked for. Without `limitation`, the
    page size is the server's (the vendor documents no default), at most the document's maximum."""
    answer = paged_answer(case, response)
    if answer is None:
        return True
    page, limitation, collection, pages = answer.page, answer.limitation, answer.collection, answer.pages
    cursor_page = json_body(response)["cursor"].get("page")
    size = limitation if limitation is not None else _largest_page(case, answer.operation_id)
    judging(
        "cursor-page-is-the-page-asked-for", "pages-hold-limitation-items", "pages-hold-every-item-once",
        "page-after-the-last-is-empty" if page > pages else "next-page-while-page-below-pages",
    )  # fmt: skip
    problems = []
    if cursor_page != page:
        problems.append(f"cursor.page is {cursor_page!r} for page={page}")
    if size is not None and len(collection) > size:
        problems.append(f"{len(collection)} items on a page of limitation={size}")
    elif limitation is not None and page < pages and len(collection) != limitation:
        problems.append(f"page {page} of {pages} holds {len(collection)} items, not limitation={limitation}")
    elif page < pages and not collection:
        problems.append(f"page {page} of {pages} is empty")
    if page > pages and collection:
        problems.append(f"page {page} is after the last ({pages}) but holds {len(collection)} items; {AFTER_THE_LAST}")
    if page == pages and pages > 1 and not collection:
        problems.append(f"the last page ({pages}) is empty")
    listed = ids(collection)
    if len(listed) != len(set(listed)):
        problems.append(f"an item appears twice on one page: {listed}")
    if problems:
        fail(PagingMismatch, case, "; ".join(problems))
    return None


@semantic_check(
    rules=(
        "pages-count-the-pages-of-the-list", "pages-hold-every-item-once", "pages-hold-limitation-items",
        "next-page-while-page-below-pages", "page-after-the-last-is-empty",
    ),
    when="first page of a list, of a request within the documented ranges",
)  # fmt: skip
def pages_are_complete(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """Walking the pages of a list (all of them, or a sample of long lists) yields every item
    once: full pages before the last, a non-empty last page and nothing after it, and as many
    pages as the item count (the page count at limitation=1) implies.

    A live project gains contacts while the walk runs, which shifts pages. So a problem is only
    reported when the list is still what the walk started from: page 1 and the item count are read
    again, and if either changed, the walk proves nothing and passes."""
    answer = paged_answer(case, response)
    if answer is None or answer.page != 1:
        return True
    query = {key: value for key, value in (case.query or {}).items() if key != "page"}
    key = ("pages", answer.operation_id, repr(case.path_parameters), repr(sorted(query.items())))
    if not state_of(case).first_time(*key):
        return True
    # Without `limitation`, page 1 of several is full, so its length is the server's page size.
    size = answer.limitation or (
        len(answer.collection) if answer.pages > 1 else _largest_page(case, answer.operation_id)
    )
    if not size:
        if answer.pages > 1:
            judging("next-page-while-page-below-pages")
            fail(PagingIncomplete, case, f"page 1 of {answer.pages} is empty")
        return True
    listing = _Listing(case, response, answer.operation_id, query)
    before = listing.state_of(size, answer.collection, answer.pages)
    walked = ("pages-hold-every-item-once", "pages-hold-limitation-items", "next-page-while-page-below-pages",
              "page-after-the-last-is-empty")  # fmt: skip
    judging(*walked, *(("pages-count-the-pages-of-the-list",) if size != 1 and before.items is not None else ()))
    problem = _page_count_problem(size, answer.pages, before.items) or _walk_problem(
        listing, answer.collection, size, answer.pages
    )
    if problem is not None and listing.state(size) == before:
        fail(PagingIncomplete, case, problem)
    return None


@dataclass(frozen=True)
class _ListState:
    first_page: tuple[Any, ...]  # the ids on page 1
    pages: int | None
    items: int | None  # the item count: cursor.pages at limitation=1


class _Listing:
    """Follow-up reads of one list: its operation and path parameters, and the checked case's query
    (whose `limitation`, when the case left it out, stays out: the walk checks the server's default)."""

    def __init__(self, case: ApiCase, response: Response, operation_id: str, query: dict[str, Any]) -> None:
        self._case, self._response, self._operation_id, self._query = case, response, operation_id, query

    def read(self, **query: Any) -> tuple[Response, list[Any] | None, int | None]:
        """The answer, its collection and its cursor.pages (None where the answer lacks them)."""
        answer = follow_up(
            self._case,
            self._response,
            self._operation_id,
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

    def state(self, size: int) -> _ListState:
        """The list's state now, read again."""
        _, collection, pages = self.read(page=1)
        return self.state_of(size, collection, pages)

    def state_of(self, size: int, collection: list[Any] | None, pages: int | None) -> _ListState:
        """The state of a list whose page 1 holds `collection` (pages of `size`) and reports `pages`."""
        items = (pages if collection else 0) if size == 1 else self.item_count()
        return _ListState(tuple(ids(collection or [])), pages, items)


def _page_count_problem(size: int, pages: int, items: int | None) -> str | None:
    """With limitation=1, cursor.pages is the number of items; every other page size must agree."""
    if size == 1 or items is None:
        return None
    expected = {-(-items // size)} | ({0, 1} if items == 0 else set())
    if pages in expected:
        return None
    return (
        f"cursor.pages is {pages} for pages of {size}, but the list holds {items} items "
        f"(its page count at limitation=1), so it should be {min(expected)}"
    )


def _walk_problem(listing: _Listing, collection: list[Any], size: int, pages: int) -> str | None:
    wanted = range(2, pages + 2) if pages <= FULL_WALK_PAGES else sorted({2, 3, pages, pages + 1})
    seen: dict[Any, int] = {item_id: 1 for item_id in ids(collection)}
    for page in wanted:
        answer, items, _ = listing.read(page=page)
        if items is None:
            after = f"; {AFTER_THE_LAST}" if page > pages else ""
            return f"page {page} of {pages} answered {answer.status_code}{after}"
        expected = "none" if page > pages else (f"{size}" if page < pages else f"1 to {size}")
        size_ok = (not items) if page > pages else (len(items) == size if page < pages else 0 < len(items) <= size)
        if not size_ok:
            after = f"; {AFTER_THE_LAST}" if page > pages else ""
            return f"page {page} of {pages} (pages of {size}) holds {len(items)} items, expected {expected}{after}"
        for item_id in ids(items):
            if item_id in seen:
                return f"item {item_id} is on page {seen[item_id]} and again on page {page}"
            seen[item_id] = page
    return None
