"""Faults that change the sandbox's answers only: their shape, their status, their headers, the
error envelope, and the written form of dates, colours and ids."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import orjson

from sandbox.app import Response
from sandbox.faults.deviation import Deviation, Headers


def edit_json(answer: Response, edit: Callable[[Any], object]) -> Response:
    """The answer with its JSON body changed in place by `edit`."""
    body = orjson.loads(answer.body)
    edit(body)
    return Response(answer.status, orjson.dumps(body), answer.headers)


class _BodyEdit(Deviation):
    """Edits the body of the 200 answers of `operations`."""

    operations: frozenset[str] = frozenset()

    @staticmethod
    def edit(body: Any) -> object:
        raise NotImplementedError

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status == 200 and self.operation_id(method, path) in self.operations:
            return edit_json(answer, self.edit)
        return answer


class ContactIdAsString(_BodyEdit):
    operations = frozenset({"getContact"})

    @staticmethod
    def edit(body: Any) -> object:
        return body.update(id=str(body["id"]))


class CursorWithoutPages(_BodyEdit):
    operations = frozenset({"listContacts", "searchContacts"})

    @staticmethod
    def edit(body: Any) -> object:
        return body["cursor"].pop("pages")


class ChatWithoutId(_BodyEdit):
    operations = frozenset({"getContactChat"})

    @staticmethod
    def edit(body: Any) -> object:
        return body.pop("id")


class CreatedGatePointsElsewhere(_BodyEdit):
    """The gate names its contact's `id` (the gate's own contact id) where the new contact's id belongs."""

    operations = frozenset({"createChannelGate"})

    @staticmethod
    def edit(body: Any) -> object:
        return body["contact"].update(originalId=body["contact"]["id"])


class InfoNestsVariables(Deviation):
    """The simple view keeps the full contact's `variables` list instead of one key per variable."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status != 200 or self.operation_id(method, path) != "getContactInfo":
            return answer
        project = self.project_of(headers)
        if project is None:
            return answer
        flat = orjson.loads(answer.body)
        document = self.store.contact_document(project, flat["id"])
        if document is None:
            return answer
        contact = orjson.loads(document)
        names = {variable["name"] for variable in contact["variables"]}
        nested = {key: value for key, value in flat.items() if key not in names or key in contact}
        nested["variables"] = contact["variables"]
        return Response(200, orjson.dumps(nested), answer.headers)


class FireAnswers202(Deviation):
    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status == 200 and self.operation_id(method, path) == "fireContactEvent":
            return Response(202, answer.body, answer.headers)
        return answer


class ErrorsAsProblemJson(Deviation):
    """Error answers (4xx) say `application/problem+json`, with the same envelope in them."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if not 400 <= answer.status < 500:
            return answer
        problem_json = (b"content-type", b"application/problem+json")
        changed = [problem_json if name == b"content-type" else (name, value) for name, value in answer.headers]
        return Response(answer.status, answer.body, changed)


class MissingAllowHeader(Deviation):
    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status != 405:
            return answer
        return Response(
            answer.status, answer.body, [(name, value) for name, value in answer.headers if name != b"allow"]
        )


def _edit_error(answer: Response, edit: Callable[[dict[str, Any]], object]) -> Response:
    """The error answer with its envelope's `error` object changed in place by `edit`."""
    if answer.status < 400:
        return answer
    body = orjson.loads(answer.body)
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        return answer
    edit(body["error"])
    return Response(answer.status, orjson.dumps(body), answer.headers)


class ErrorCodeAlways400(Deviation):
    """Every error envelope says `"code": 400`, whatever the status of its answer (404, 409, 401,
    ...), as a server that fills the code in once. Breaks error-code-is-the-status."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        return _edit_error(answer, lambda error: error.update(code=400))


TRACE = "\nTraceback (most recent call last):\n  File app.py, line 1"


class ErrorMessageWithTrace(Deviation):
    """error.message carries a stack trace after its line, as a server left in debug mode does.
    Breaks error-message-is-one-line."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        return _edit_error(answer, lambda error: error.update(message=f"{error.get('message')}{TRACE}"))


class RateLimitPerHour(Deviation):
    """X-Rate-Limit counts the requests left in the hour (10800 = 180 x 60), not in the minute, on
    every answer. Breaks rate-limit-header-counts-requests-left."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        kept = [(name, value) for name, value in answer.headers if name != b"x-rate-limit"]
        return Response(answer.status, answer.body, [*kept, (b"x-rate-limit", b"10800")])


DATE = re.compile(rb'"([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:[0-9]{2}:[0-9]{2})"')
COLOUR = re.compile(rb'"color":"([0-9a-fA-F]{6})"')


class DatesInIso8601(Deviation):
    """Every date is written `2024-01-15T09:30:00Z`, not `2024-01-15 09:30:00`. Breaks
    dates-have-the-documented-form."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        return Response(answer.status, DATE.sub(rb'"\1T\2Z"', answer.body), answer.headers)


class TagColourWithHash(Deviation):
    """Tag colours are written `#ffb300`, not `ffb300`. Breaks tag-colour-has-the-documented-form."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        return Response(answer.status, COLOUR.sub(rb'"color":"#\1"', answer.body), answer.headers)


class GateIdsBeyondInt64(_BodyEdit):
    """listContactGates answers gate ids as unsigned 64-bit numbers above 2^63 - 1 (the document
    says int64, which Java, Go and C# clients read them as). Breaks the body rule `id: format int64`."""

    operations = frozenset({"listContactGates"})

    @staticmethod
    def edit(body: Any) -> object:
        return [gate.update(id=gate["id"] + 2**63) for gate in body["collection"]]
