"""Faults of search: terms that are ignored, or that crash it."""

from __future__ import annotations

import logging

from sandbox.app import Response
from sandbox.errors import error_body
from sandbox.faults.deviation import Deviation, Headers, encode_query, query_pairs, query_value

logger = logging.getLogger("sandbox.faults")
LONGEST_TERM = 40


class SearchIgnoresTerm(Deviation):
    """A valid search is answered as the list of all contacts (with the same paging)."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        pairs = query_pairs(query_string)
        if (
            pairs is not None
            and self.operation_id(method, path) == "searchContacts"
            and self.is_valid(method, path, query_string, headers, body)
        ):
            listed = self.path_of("listContacts")
            return super().respond("GET", listed, encode_query([p for p in pairs if p[0] != "term"]), headers, body)
        return super().respond(method, path, query_string, headers, body)


class ServerErrorOnLongTerm(Deviation):
    """A search for a term longer than LONGEST_TERM characters fails with a 500, as a server whose
    index has a length limit it does not check."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        pairs = query_pairs(query_string) if answer.status == 200 else None
        if pairs is None or self.operation_id(method, path) != "searchContacts":
            return answer
        term = str(query_value(pairs, "term"))
        if len(term) <= LONGEST_TERM:
            return answer
        logger.error("a search term of %d characters crashed the search (injected fault)", len(term))
        return Response(500, error_body(500, "Internal sandbox error", ["see the sandbox's log"]), answer.headers)
