"""Reading a contact's paged lists (gates, tags, funnels, notes, messages) and its views as follow-ups."""

from __future__ import annotations

from typing import Any

from schemathesis import Response

from contract_tests.follow_up import ApiCase, follow_up, json_body

LARGEST_PAGE = 20  # the largest page the document allows
MAX_PAGES = 5  # a check reads at most this many pages of one list


def every_item(
    case: ApiCase, response: Response, operation: str, contact_id: Any, max_pages: int = MAX_PAGES
) -> list[Any] | None:
    """Every item of a contact's list `operation`, page by page at the largest size; None when a
    page cannot be read or the list is longer than `max_pages` pages (so nothing can be said)."""
    found: list[Any] = []
    for page in range(1, max_pages + 1):
        answer = follow_up(
            case, response, operation, path_parameters={"contactId": contact_id},
            query={"page": page, "limitation": LARGEST_PAGE},
        )  # fmt: skip
        body = json_body(answer)
        if answer.status_code != 200 or not isinstance(body, dict) or not isinstance(body.get("collection"), list):
            return None
        found += body["collection"]
        cursor = body.get("cursor")
        if not isinstance(cursor, dict) or not isinstance(cursor.get("pages"), int) or page >= cursor["pages"]:
            return found
    return None


def contact_view(case: ApiCase, response: Response, operation: str, contact_id: Any) -> dict[str, Any] | None:
    """The contact as `operation` (getContact, getContactInfo) shows it now, or None when it answers otherwise."""
    answer = follow_up(case, response, operation, path_parameters={"contactId": contact_id})
    body = json_body(answer)
    return body if answer.status_code == 200 and isinstance(body, dict) else None


def whole_page(case: ApiCase, response: Response) -> list[Any] | None:
    """The items of a list's answer when they are the whole list (page 1 of 1, or of 0), else None."""
    body = json_body(response)
    if not isinstance(body, dict) or not isinstance(body.get("collection"), list):
        return None
    cursor = body.get("cursor")
    if not isinstance(cursor, dict) or cursor.get("page") != 1 or cursor.get("pages") not in (0, 1):
        return None
    items: list[Any] = body["collection"]
    return items
