"""Faults of the merges (uniteContacts): what a merge keeps, drops or refuses."""

from __future__ import annotations

import orjson

from sandbox.app import Response, SandboxConfig
from sandbox.faults.answers import edit_json
from sandbox.faults.deviation import Deviation, Headers, whole_number
from sandbox.handlers import STATE_TRUE
from sandbox.store import Project


class MergeDropsTargetTags(Deviation):
    """uniteContacts leaves the contact with its own tags only: the target's are lost."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        project = self.project_of(headers)
        if match is None or match.operation.operation_id != "uniteContacts" or project is None:
            return super().respond(method, path, query_string, headers, body)
        contact_id = whole_number(match.path_parameters["contactId"])
        document = self.store.contact_document(project, contact_id) if contact_id is not None else None
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status != 200 or document is None:
            return answer
        own = [tag["id"] for tag in orjson.loads(document)["tags"]]
        with self.store.database.write() as db:
            db.execute(
                f"DELETE FROM contact_tags WHERE contact_id = ? AND tag_id NOT IN ({', '.join('?' * len(own))})",
                (contact_id, *own),
            )
        self.store.reload()
        return answer


class MergeKeepsTarget(Deviation):
    """After uniteContacts, the target's full and simple views are still served, as they were before
    the merge: a server that forgot to delete it."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config)
        self._merged_away: dict[tuple[int, int], dict[str, bytes]] = {}  # (project, contact) -> operation -> body

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        project = self.project_of(headers)
        operation_id = match.operation.operation_id if match else None
        if match is None or project is None or operation_id not in {"uniteContacts", "getContact", "getContactInfo"}:
            return super().respond(method, path, query_string, headers, body)
        if operation_id == "uniteContacts":
            target = whole_number(match.path_parameters["targetContactId"])
            views = self._views(project, target) if target is not None else None
            answer = super().respond(method, path, query_string, headers, body)
            if answer.status == 200 and target is not None and views is not None:
                self._merged_away[(project.id, target)] = views
            return answer
        answer = super().respond(method, path, query_string, headers, body)
        contact_id = whole_number(match.path_parameters["contactId"])
        kept = (
            self._merged_away.get((project.id, contact_id)) if answer.status == 404 and contact_id is not None else None
        )
        return answer if kept is None else Response(200, kept[str(operation_id)], answer.headers)

    def _views(self, project: Project, contact_id: int) -> dict[str, bytes] | None:
        document = self.store.contact_document(project, contact_id)
        flat = self.store.simple_contact(project, contact_id)
        if document is None or flat is None:
            return None
        return {"getContact": document.encode(), "getContactInfo": orjson.dumps(flat)}


class SelfMergeAccepted(Deviation):
    """Merging a contact with itself answers 200 `{"state": true}` (and changes nothing) instead of
    409. Breaks merge-with-itself-is-refused."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        if match is None or match.operation.operation_id != "uniteContacts":
            return super().respond(method, path, query_string, headers, body)
        contact_id = whole_number(match.path_parameters["contactId"])
        if contact_id is None or contact_id != whole_number(match.path_parameters["targetContactId"]):
            return super().respond(method, path, query_string, headers, body)
        # A read of the contact answers the token, the rate limit and a missing contact as the merge would.
        read = super().respond("GET", self.path_of("getContact").format(contactId=contact_id), b"", headers, b"")
        return Response(200, STATE_TRUE, read.headers) if read.status == 200 else read


class RefusedMergeRemovesTarget(Deviation):
    """uniteContacts removes the target before it looks the contact up, so a merge into a contact
    that does not exist answers 404 and the target is gone. Breaks merge-is-all-or-nothing."""

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        project = self.project_of(headers)
        if match is not None and project is not None and match.operation.operation_id == "uniteContacts":
            contact_id = whole_number(match.path_parameters["contactId"])
            target_id = whole_number(match.path_parameters["targetContactId"])
            if contact_id is not None and target_id is not None and not self._exists(project, contact_id):
                self.store.delete_contact(project, target_id)
        return super().respond(method, path, query_string, headers, body)

    def _exists(self, project: Project, contact_id: int) -> bool:
        return self.store.contact_document(project, contact_id) is not None


class MergeDropsTargetGates(Deviation):
    """uniteContacts drops the target's gates instead of moving them to the contact: afterwards
    listContactGates shows the contact's own gates only. Breaks merge-moves-gates."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config)
        self._dropped: dict[tuple[int, int], set[int]] = {}  # (project, contact) -> gate ids it lost

    def respond(self, method: str, path: str, query_string: bytes, headers: Headers, body: bytes | None) -> Response:
        match = self.route(method, path)
        project = self.project_of(headers)
        operation_id = match.operation.operation_id if match else None
        if match is None or project is None or operation_id not in {"uniteContacts", "listContactGates"}:
            return super().respond(method, path, query_string, headers, body)
        contact_id = whole_number(match.path_parameters["contactId"])
        if operation_id == "listContactGates":
            answer = super().respond(method, path, query_string, headers, body)
            hidden = self._dropped.get((project.id, contact_id or 0)) if answer.status == 200 else None
            if not hidden:
                return answer
            return edit_json(answer, lambda page: page.update(
                collection=[gate for gate in page["collection"] if gate["id"] not in hidden]))  # fmt: skip
        target_id = whole_number(match.path_parameters["targetContactId"])
        gates = self._gate_ids(project, target_id) if target_id is not None else set()
        answer = super().respond(method, path, query_string, headers, body)
        if answer.status == 200 and contact_id is not None:
            self._dropped.setdefault((project.id, contact_id), set()).update(gates)
        return answer

    def _gate_ids(self, project: Project, contact_id: int) -> set[int]:
        page = self.store.gate_page(project, contact_id, 1, 2**31)
        return set() if page is None else {orjson.loads(gate)["id"] for gate in page.documents}
