"""Faults that change the sandbox's answers only: their shape, their status or their headers."""

from __future__ import annotations

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
