"""Faults of paging: page sizes and page counts that break the document's rules."""

from __future__ import annotations

import orjson

from sandbox.app import Response
from sandbox.faults.answers import edit_json
from sandbox.faults.deviation import (
    Deviation,
    Headers,
    QueryPairs,
    encode_query,
    query_pairs,
    query_value,
    whole_number,
)
from sandbox.handlers import DEFAULT_PAGE, page_body
from sandbox.store import Page

PAGED_OPERATIONS = frozenset({"listContacts", "searchContacts", "listContactGates"})


def _with_value(pairs: QueryPairs, name: str, value: int) -> bytes:
    """The query with every value of `name` set to `value` (added when missing; repeats stay repeats)."""
    if all(key != name for key, _ in pairs):
        return encode_query([*pairs, (name, str(value))])
    return encode_query([(key, str(value) if key == name else text) for key, text in pairs])


class LimitationUnchecked(Deviation):
    """A `limitation` above the document's maximum is accepted, and pages hold that many items."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        pairs = query_pairs(query_string)
        if match is None or match.operation.operation_id not in PAGED_OPERATIONS or pairs is None:
            return super().respond(method, path, query_string, headers, body)
        limitation = whole_number(query_value(pairs, "limitation"))
        if limitation is None or not self.max_limitation < limitation < 2**63:
            return super().respond(method, path, query_string, headers, body)
        # The sandbox checks the rest of the request at the largest page size it accepts ...
        answer = super().respond(method, path, _with_value(pairs, "limitation", self.max_limitation), headers, body)
        project = self.project_of(headers)
        if answer.status != 200 or project is None:
            return answer
        # ... and the page is then read at the size asked for.
        page = whole_number(query_value(pairs, "page")) or DEFAULT_PAGE
        operation_id = match.operation.operation_id
        found: Page | None
        if operation_id == "listContacts":
            found = self.store.contact_page(project, page, limitation)
        elif operation_id == "searchContacts":
            found = self.store.search_page(project, str(query_value(pairs, "term")), page, limitation)
        else:
            contact_id = int(match.path_parameters["contactId"])
            found = self.store.gate_page(project, contact_id, page, limitation)
        return answer if found is None else Response(200, page_body(found), answer.headers)


class LimitationIgnored(Deviation):
    """listContacts pages by the largest page size, whatever valid `limitation` was asked for."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        pairs = query_pairs(query_string)
        if pairs is not None and self.operation_id(method, path) == "listContacts":
            limitation = whole_number(query_value(pairs, "limitation"))
            if limitation is not None and 1 <= limitation <= self.max_limitation:
                query_string = _with_value(pairs, "limitation", self.max_limitation)
        return super().respond(method, path, query_string, headers, body)


class PagingSkipsAPage(Deviation):
    """listContacts answers page N with the items (and the cursor) of page N+1, labelled page N."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        pairs = query_pairs(query_string)
        if pairs is None or self.operation_id(method, path) != "listContacts":
            return super().respond(method, path, query_string, headers, body)
        given = query_value(pairs, "page")
        page = DEFAULT_PAGE if given is None and all(key != "page" for key, _ in pairs) else whole_number(given)
        if page is None or not 1 <= page < 2**63 - 1:
            return super().respond(method, path, query_string, headers, body)
        answer = super().respond(method, path, _with_value(pairs, "page", page + 1), headers, body)
        if answer.status != 200:
            return answer
        return edit_json(answer, lambda found: found["cursor"].update(page=page))


class PagesRoundedDown(Deviation):
    """listContacts counts only whole pages: a last, partial page is left out of `cursor.pages` and
    answered empty."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        pairs = query_pairs(query_string)
        project = self.project_of(headers)
        if answer.status != 200 or pairs is None or project is None:
            return answer
        if self.operation_id(method, path) != "listContacts":
            return answer
        limitation = whole_number(query_value(pairs, "limitation")) or self.max_limitation
        total = self.store.contact_sample(project, 0).count
        pages = max(1, total // limitation)
        found = orjson.loads(answer.body)
        found["cursor"]["pages"] = pages
        if found["cursor"]["page"] > pages:
            found["collection"] = []
        return Response(200, orjson.dumps(found), answer.headers)
