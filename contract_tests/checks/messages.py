"""A contact's messages: a sent message is answered with what was sent and listed first, and the
messages come newest first."""

from __future__ import annotations

import itertools
from typing import Any

from schemathesis import CheckContext, Response

from contract_tests.checks.registry import (
    INFERRED,
    MessageNotVisible,
    MessagesOutOfOrder,
    fail,
    judging,
    semantic_check,
)
from contract_tests.checks.run_state import state_of
from contract_tests.follow_up import ApiCase, follow_up, is_operation, json_body, query_integer, succeeded


def _text_of(message: Any) -> Any:
    """The text of a text message (content.resource.parameters.content), or None."""
    path = ("content", "resource", "parameters", "content")
    for key in path:
        message = message.get(key) if isinstance(message, dict) else None
    return message


@semantic_check(rules=("sent-message-is-answered", "sent-message-is-listed"), when="successful send of a message")
def sent_message_is_answered_and_listed(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """A sent message is answered with its id, its type and (for a text) the text sent, and is then
    the first message of the contact's first page of messages."""
    if not is_operation(case, "sendContactMessage") or not succeeded(response):
        return True
    sent, message = case.body, json_body(response)
    if not isinstance(sent, dict) or not isinstance(message, dict):
        return True  # the schema checks report the answer
    contact_id = case.path_parameters.get("contactId")
    content = message.get("content")
    problems = []
    if not isinstance(message.get("id"), int) or isinstance(message.get("id"), bool):
        problems.append(f"has no id ({message.get('id')!r})")
    if (content.get("type") if isinstance(content, dict) else None) != sent.get("type"):
        problems.append(f"has the content {content!r}, not of the type {sent.get('type')!r} sent")
    elif sent.get("type") == "text" and _text_of(message) != sent.get("content"):
        problems.append(f"has the text {_text_of(message)!r}, not the {sent.get('content')!r} sent")
    if problems:
        judging("sent-message-is-answered")
        fail(MessageNotVisible, case, f"the message sent to contact {contact_id} " + "; ".join(problems))

    def first() -> Any:
        answer = follow_up(case, response, "listContactMessages", path_parameters={"contactId": contact_id})
        body = json_body(answer)
        collection = body.get("collection") if isinstance(body, dict) else None
        if answer.status_code != 200 or not isinstance(collection, list):
            return f"answers {answer.status_code}"
        return collection[0].get("id") if collection and isinstance(collection[0], dict) else None

    listed = state_of(case).settled(first, lambda found: found == message["id"])
    if listed != message["id"]:
        fail(MessageNotVisible, case, f"the first message listed for contact {contact_id} is {listed!r}, not the "
             f"message {message['id']} just sent {INFERRED}")  # fmt: skip
    return None


def _dates(collection: list[Any]) -> list[str]:
    dates = [item.get("createdAt") for item in collection if isinstance(item, dict)]
    return [date for date in dates if isinstance(date, str)]


def _out_of_order(dates: list[str]) -> tuple[str, str] | None:
    """The first pair of dates that are not newest first (the form YYYY-MM-DD HH:MM:SS sorts as text)."""
    return next(((a, b) for a, b in itertools.pairwise(dates) if a < b), None)


@semantic_check(rules=("messages-newest-first",), when="successful page of a contact's messages")
def messages_come_newest_first(ctx: CheckContext, response: Response, case: ApiCase) -> bool | None:
    """The messages of a page come newest first, and (once per test) the next page's first message
    is no newer than this page's last."""
    if not is_operation(case, "listContactMessages") or response.status_code != 200:
        return True
    body = json_body(response)
    collection = body.get("collection") if isinstance(body, dict) else None
    if not isinstance(collection, list):
        return True
    dates = _dates(collection)
    contact_id = case.path_parameters.get("contactId")
    pair = _out_of_order(dates)
    if pair is not None:
        fail(MessagesOutOfOrder, case, f"contact {contact_id}'s messages list {pair[0]} before the newer {pair[1]} "
             f"{INFERRED}")  # fmt: skip
    cursor = body.get("cursor") if isinstance(body, dict) else None
    page = cursor.get("page") if isinstance(cursor, dict) else None
    pages = cursor.get("pages") if isinstance(cursor, dict) else None
    if not dates or not isinstance(page, int) or not isinstance(pages, int) or page >= pages:
        return None
    if not state_of(case).first_time("messages-next-page"):
        return None
    query = {key: value for key in ("limitation", "activities") if (value := query_integer(case, key)[1]) is not None}
    answer = follow_up(case, response, "listContactMessages", path_parameters={"contactId": contact_id},
                       query={**query, "page": page + 1})  # fmt: skip
    following = json_body(answer)
    later = _dates(following.get("collection") or []) if isinstance(following, dict) else []
    if answer.status_code == 200 and later and later[0] > dates[-1]:
        fail(MessagesOutOfOrder, case, f"page {page + 1} of contact {contact_id}'s messages starts with {later[0]}, "
             f"newer than {dates[-1]} at the end of page {page} {INFERRED}")  # fmt: skip
    return None
