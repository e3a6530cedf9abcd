"""A catalogue of realistic ways to break the contract, for measuring the contract tests.

Each fault is a deviation that a real implementation (or a proxy, or a hand-written fake) could
plausibly ship. They are off unless named one by one (`SandboxConfig(faults=...)`, or
`scripts/serve --inject-fault NAME`); unknown names are refused, and a sandbox with faults marks
every answer with an `X-Sandbox-Faults` header so that nobody mistakes it for a correct one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from openapi_document import Operation
from sandbox.database import Database
from sandbox.handlers import Reply
from sandbox.store import INT64_MAX, Page, Project, Store, UpdateOutcome

if TYPE_CHECKING:
    from sandbox.app import Response


@dataclass(frozen=True)
class Fault:
    name: str
    kind: str  # shape, status, auth, validation, behaviour
    summary: str


CATALOGUE: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        Fault("contact-id-as-string", "shape", "getContact answers the contact's id as a string"),
        Fault("cursor-without-pages", "shape", "list and search answers omit the required cursor.pages"),
        Fault("chat-without-id", "shape", "getContactChat answers without the required chat id"),
        Fault("info-nests-variables", "shape", "getContactInfo answers variables as an array, not as flat keys"),
        Fault("fire-answers-202", "status", "fireContactEvent answers 202 instead of 200"),
        Fault("errors-as-problem-json", "status", "error answers are application/problem+json, not application/json"),
        Fault("missing-allow-header", "status", "405 answers carry no Allow header"),
        Fault("auth-ignored", "auth", "any bearer token, or none, is accepted as the first project's"),
        Fault("tenancy-leak", "auth", "getContact shows contacts of other projects"),
        Fault("limitation-unchecked", "validation", "limitation above 20 is accepted (and honoured)"),
        Fault("server-error-on-long-term", "validation", "search terms longer than 40 characters crash with a 500"),
        Fault("paging-skips-a-page", "behaviour", "page N answers the items of page N+1"),
        Fault("pages-rounded-down", "behaviour", "cursor.pages leaves out a last, partial page"),
        Fault("limitation-ignored", "behaviour", "pages always hold up to 20 items, whatever limitation says"),
        Fault("search-ignores-term", "behaviour", "search answers every contact, whatever the term"),
        Fault("update-not-persisted", "behaviour", "updateContact answers state true but stores nothing"),
        Fault(
            "update-stores-invalid-values", "behaviour", "updateContact stores invalid values instead of skipping them"
        ),
        Fault("merge-drops-target-tags", "behaviour", "uniteContacts keeps only the contact's own tags"),
        Fault("merge-keeps-target", "behaviour", "the target contact is still readable after a merge"),
        Fault("delete-not-persisted", "behaviour", "deleteContact answers state true but the contact stays"),
        Fault(
            "created-gate-points-elsewhere",
            "behaviour",
            "createChannelGate answers a gate whose contact is not the new one",
        ),
    )
}


class UnknownFault(ValueError):
    pass


def check_fault_names(names: frozenset[str]) -> None:
    unknown = sorted(names - CATALOGUE.keys())
    if unknown:
        raise UnknownFault(
            f"unknown fault(s): {', '.join(unknown)}. Known faults: {', '.join(sorted(CATALOGUE))} "
            "(see sandbox/faults.py)"
        )


class FaultInjector:
    """The app-level side of the enabled faults; the store-level side is FaultyStore."""

    def __init__(self, names: frozenset[str]) -> None:
        check_fault_names(names)
        self.names = names
        self._marker = (b"x-sandbox-faults", ",".join(sorted(names)).encode())

    def store(self, database: Database, largest_page: int) -> Store:
        return FaultyStore(database, self.names, largest_page)

    def adjust_operations(self, operations: list[Operation]) -> list[Operation]:
        if "limitation-unchecked" not in self.names:
            return operations
        return [_without_limitation_maximum(operation) for operation in operations]

    def authenticate(self, project: Project | None, projects: list[Project]) -> Project | None:
        if project is None and "auth-ignored" in self.names:
            return projects[0]
        return project

    def reply(self, operation_id: str, reply: Reply) -> Reply:
        if operation_id == "fireContactEvent" and "fire-answers-202" in self.names:
            return Reply(202, reply.body)
        for (operation, fault), edit in _BODY_EDITS.items():
            if operation_id == operation and fault in self.names and reply.status == 200:
                body = orjson.loads(reply.body)
                edit(body)
                reply = Reply(reply.status, orjson.dumps(body))
        return reply

    def error_response(self, response: Response) -> Response:
        headers = response.headers
        if "errors-as-problem-json" in self.names:
            problem_json = (b"content-type", b"application/problem+json")
            headers = [problem_json if name == b"content-type" else (name, value) for name, value in headers]
        if "missing-allow-header" in self.names:
            headers = [(name, value) for name, value in headers if name != b"allow"]
        return dataclasses.replace(response, headers=headers)

    def marker(self) -> tuple[bytes, bytes]:
        return self._marker


# (operationId, fault) -> how the fault changes a 200 answer of that operation
_BODY_EDITS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("getContact", "contact-id-as-string"): lambda body: body.update(id=str(body["id"])),
    ("listContacts", "cursor-without-pages"): lambda body: body["cursor"].pop("pages"),
    ("searchContacts", "cursor-without-pages"): lambda body: body["cursor"].pop("pages"),
    ("getContactChat", "chat-without-id"): lambda body: body.pop("id"),
    ("createChannelGate", "created-gate-points-elsewhere"): lambda body: body["contact"].update(
        originalId=body["contact"]["id"]
    ),
}


def _without_limitation_maximum(operation: Operation) -> Operation:
    parameters = tuple(
        dataclasses.replace(parameter, schema={k: v for k, v in parameter.schema.items() if k != "maximum"})
        if parameter.name == "limitation"
        else parameter
        for parameter in operation.parameters
    )
    return dataclasses.replace(operation, parameters=parameters)


class FaultyStore(Store):
    """A store whose behaviour deviates as the enabled faults say."""

    def __init__(self, database: Database, names: frozenset[str], largest_page: int) -> None:
        self.faults = names
        self.largest_page = largest_page
        super().__init__(database)

    def contact_page(self, project: Project, page: int, limitation: int) -> Page:
        if "limitation-ignored" in self.faults:
            limitation = self.largest_page
        if "paging-skips-a-page" in self.faults:
            found = super().contact_page(project, page + 1, limitation)
            return Page(page, found.pages, found.documents)
        found = super().contact_page(project, page, limitation)
        if "pages-rounded-down" in self.faults:
            with self.database.read() as db:
                total = db.execute("SELECT count(*) FROM contacts WHERE project_id = ?", (project.id,)).fetchone()[0]
            pages = max(1, total // limitation)
            return Page(page, pages, found.documents if page <= pages else [])
        return found

    def search_page(self, project: Project, term: str, page: int, limitation: int) -> Page:
        if "server-error-on-long-term" in self.faults and len(term) > 40:
            raise RuntimeError("search term too long for the index (injected fault)")
        if "search-ignores-term" in self.faults:
            return self.contact_page(project, page, limitation)
        return super().search_page(project, term, page, limitation)

    def contact_document(self, project: Project, contact_id: int) -> str | None:
        if "tenancy-leak" in self.faults and contact_id <= INT64_MAX:
            with self.database.read() as db:
                row = db.execute("SELECT document FROM contacts WHERE id = ?", (contact_id,)).fetchone()
            return None if row is None else str(row[0])
        return super().contact_document(project, contact_id)

    def simple_contact(self, project: Project, contact_id: int) -> dict[str, Any] | None:
        flat = super().simple_contact(project, contact_id)
        if flat is not None and "info-nests-variables" in self.faults:
            contact = orjson.loads(super().contact_document(project, contact_id) or "{}")
            names = {variable["name"] for variable in contact["variables"]}
            flat = {key: value for key, value in flat.items() if key not in names or key in contact}
            flat["variables"] = contact["variables"]
        return flat

    def update_contact(self, project: Project, contact_id: int, values: Any) -> UpdateOutcome | None:
        if "update-not-persisted" in self.faults:
            if contact_id > INT64_MAX:
                return None
            with self.database.read() as db:
                return None if not self._contact_exists(db, project, contact_id) else self._nothing_applied(values)
        return super().update_contact(project, contact_id, values)

    @staticmethod
    def _nothing_applied(values: Any) -> UpdateOutcome:
        return UpdateOutcome(skipped=dict.fromkeys(values, "not persisted (injected fault)"))

    def accept_system_value(self, name: str, value: Any) -> str | None:
        if "update-stores-invalid-values" in self.faults:
            return None if value is None else str(value)
        return super().accept_system_value(name, value)

    def accept_variable_value(self, kind: str, choices: list[str], value: Any) -> str | None:
        if "update-stores-invalid-values" in self.faults:
            return None if value is None else str(value)
        return super().accept_variable_value(kind, choices, value)

    def unite(self, project: Project, contact_id: int, target_id: int) -> None:
        if "merge-drops-target-tags" not in self.faults:
            return super().unite(project, contact_id, target_id)
        with self.database.read() as db:
            own = [row[0] for row in db.execute("SELECT tag_id FROM contact_tags WHERE contact_id = ?", (contact_id,))]
        super().unite(project, contact_id, target_id)
        with self.database.write() as db:
            kept = ",".join(map(str, own)) or "-1"  # integer ids; `NOT IN (NULL)` would keep everything
            db.execute(f"DELETE FROM contact_tags WHERE contact_id = ? AND tag_id NOT IN ({kept})", (contact_id,))
            self._refresh_document(db, contact_id)
        return None

    def remove_merged_target(self, db: Any, project: Project, target_id: int) -> None:
        if "merge-keeps-target" not in self.faults:
            super().remove_merged_target(db, project, target_id)

    def delete_contact(self, project: Project, contact_id: int) -> bool:
        if "delete-not-persisted" in self.faults:
            with self.database.read() as db:
                return contact_id <= INT64_MAX and self._contact_exists(db, project, contact_id)
        return super().delete_contact(project, contact_id)
