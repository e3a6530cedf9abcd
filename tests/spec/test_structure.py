"""Structural rules of the document that generic validators do not check."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from openapi_document import resolve, resolve_pointer
from tests.spec.conftest import ROOT, iter_operations, operation_parameters

EXPECTED_OPERATIONS = {
    ("GET", "/v1/contacts"): "listContacts",
    ("GET", "/v1/contacts/search"): "searchContacts",
    ("GET", "/v1/contacts/{contactId}"): "getContact",
    ("GET", "/v1/contacts/{contactId}/info"): "getContactInfo",
    ("GET", "/v1/contacts/{contactId}/chat"): "getContactChat",
    ("GET", "/v1/contacts/{contactId}/gates"): "listContactGates",
    ("PUT", "/v1/contacts/{contactId}"): "updateContact",
    ("POST", "/v1/contacts/{contactId}/fire"): "fireContactEvent",
    ("POST", "/v1/contacts/{contactId}/unite/{targetContactId}"): "uniteContacts",
    ("DELETE", "/v1/contacts/{contactId}"): "deleteContact",
    ("POST", "/v1/channels/{channelId}/gates"): "createChannelGate",
    ("GET", "/v1/contacts/{contactId}/tags"): "listContactTags",
    ("POST", "/v1/contacts/{contactId}/tags/{tagId}"): "addContactTag",
    ("DELETE", "/v1/contacts/{contactId}/tags/{tagId}"): "removeContactTag",
    ("GET", "/v1/contacts/{contactId}/funnels"): "listContactFunnels",
    ("POST", "/v1/contacts/{contactId}/funnels/{serviceKey}"): "addContactFunnel",
    ("DELETE", "/v1/contacts/{contactId}/funnels/{serviceKey}"): "removeContactFunnel",
    ("GET", "/v1/contacts/{contactId}/notes"): "listContactNotes",
    ("POST", "/v1/contacts/{contactId}/notes"): "createContactNote",
    ("PUT", "/v1/contacts/{contactId}/notes/{noteId}"): "updateContactNote",
    ("DELETE", "/v1/contacts/{contactId}/notes/{noteId}"): "deleteContactNote",
    ("GET", "/v1/contacts/{contactId}/messages"): "listContactMessages",
    ("POST", "/v1/contacts/{contactId}/send"): "sendContactMessage",
    ("GET", "/v1/contacts/{contactId}/checkout"): "listContactCheckout",
}
CONFIDENCE_LEVELS = {"high", "medium", "inferred"}
ERROR_STATUSES = ("400", "401", "403", "429")


def documented_source_labels() -> set[str]:
    """The source labels listed in openapi/README.md, the only ones `x-evidence` may cite."""
    readme = (ROOT / "openapi" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Source labels", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z-]*)` \|", section, flags=re.MULTILINE))


def evidence_problems(where: str, evidence: Any, labels: set[str]) -> list[str]:
    if not isinstance(evidence, dict):
        return [f"{where}: has no x-evidence object"]
    problems = []
    if evidence.get("confidence") not in CONFIDENCE_LEVELS:
        problems.append(
            f"{where}: x-evidence.confidence is {evidence.get('confidence')!r}, not one of {sorted(CONFIDENCE_LEVELS)}"
        )
    sources = evidence.get("sources")
    if not isinstance(sources, list) or not sources:
        problems.append(f"{where}: x-evidence.sources must be a non-empty list")
        return problems
    for source in sources:
        label = str(source).split(" ", 1)[0]
        if label not in labels:
            problems.append(f"{where}: x-evidence source {source!r} does not start with a label of openapi/README.md")
    return problems


def test_the_document_describes_exactly_the_twenty_four_operations(document: dict[str, Any]) -> None:
    found = {(method, path): operation.get("operationId") for method, path, operation in iter_operations(document)}
    assert found == EXPECTED_OPERATIONS


def test_only_the_delete_operation_is_deprecated(document: dict[str, Any]) -> None:
    deprecated = {
        operation["operationId"] for _, _, operation in iter_operations(document) if operation.get("deprecated")
    }
    assert deprecated == {"deleteContact"}


def test_readme_documents_the_source_labels() -> None:
    assert {"DOC-CONTACTS", "SDK", "MC", "COMM"} <= documented_source_labels()


def test_every_operation_schema_and_parameter_carries_evidence(document: dict[str, Any]) -> None:
    labels = documented_source_labels()
    problems = evidence_problems("info", document["info"].get("x-evidence"), labels)
    for method, path, operation in iter_operations(document):
        problems += evidence_problems(f"{method} {path}", operation.get("x-evidence"), labels)
    for kind in ("schemas", "parameters"):
        for name, component in document["components"][kind].items():
            problems += evidence_problems(f"components/{kind}/{name}", component.get("x-evidence"), labels)
    assert not problems, "\n".join(problems)


def _walk_refs(node: Any, where: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            found.append((where, node["$ref"]))
        for key, value in node.items():
            found += _walk_refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _walk_refs(value, f"{where}/{index}")
    return found


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    problems = []
    for where, ref in _walk_refs(document, "#"):
        try:
            resolve_pointer(document, ref)
        except LookupError as error:
            problems.append(f"{where}: dangling $ref: {error}")
    assert not problems, "\n".join(problems)


ERROR_ENVELOPE = {"$ref": "#/components/schemas/ErrorResponse"}
# The vendor documents neither the status nor the body of these two; see UnverifiedErrorResponse.
UNVERIFIED_ERROR = {"$ref": "#/components/schemas/UnverifiedErrorResponse"}
UNVERIFIED_ERROR_STATUSES = {"401", "429"}


def test_every_operation_documents_the_shared_errors(document: dict[str, Any]) -> None:
    problems = []
    for method, path, operation in iter_operations(document):
        statuses = set(map(str, operation["responses"]))
        missing = [status for status in ERROR_STATUSES if status not in statuses]
        if "{" in path and "404" not in statuses:
            missing.append("404")
        if missing:
            problems.append(f"{method} {path}: no response for {', '.join(missing)}")
        for status, response in operation["responses"].items():
            if str(status).startswith("4"):
                content = resolve(document, response).get("content", {})
                envelope = UNVERIFIED_ERROR if status in UNVERIFIED_ERROR_STATUSES else ERROR_ENVELOPE
                if list(content) != ["application/json"] or content["application/json"]["schema"] != envelope:
                    problems.append(f"{method} {path} {status}: must be {envelope['$ref']} as application/json")
    assert not problems, "\n".join(problems)


def schema_alternatives(document: dict[str, Any], schema: Any) -> list[dict[str, Any]]:
    """`schema` resolved, followed by the resolved branches of its allOf, anyOf and oneOf (recursively):
    a nullable object is written `anyOf: [{$ref: ...}, <null>]`, and its fields are the branch's."""
    node = resolve(document, schema)
    found = [node]
    for keyword in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(keyword, []):
            found += schema_alternatives(document, branch)
    return found


def body_pointer_problem(document: dict[str, Any], schema: dict[str, Any], pointer: str) -> str | None:
    """Why `pointer` (the part after `$response.body#`) names no field of `schema`, or None."""
    node = resolve(document, schema)
    walked = ""
    for part in pointer.strip("/").split("/"):
        walked += f"/{part}"
        alternatives = schema_alternatives(document, node)
        arrays = [option for option in alternatives if option.get("type") == "array"]
        fields = [option["properties"][part] for option in alternatives if part in option.get("properties", {})]
        if part.isdigit() and arrays:
            node = resolve(document, arrays[0].get("items", {}))
        elif fields:
            node = resolve(document, fields[0])
        else:
            return f"{walked} is not a field of the response schema"
    return None


def _link_problems(
    document: dict[str, Any],
    where: str,
    link: dict[str, Any],
    source_parameters: set[str],
    operations: dict[str, Any],
    response_schema: dict[str, Any] | None,
) -> list[str]:
    target = operations.get(link.get("operationId", ""))
    if target is None:
        return [f"{where}: links to operationId {link.get('operationId')!r}, which does not exist"]
    target_path, target_operation = target
    accepted = {parameter["name"] for parameter in operation_parameters(document, target_path, target_operation)}
    problems = []
    for name, expression in link.get("parameters", {}).items():
        if name not in accepted:
            problems.append(f"{where}: parameter {name!r} is not a parameter of {link['operationId']}")
        if expression.startswith("$request.path."):
            if expression.removeprefix("$request.path.") not in source_parameters:
                problems.append(f"{where}: {expression} names no path parameter of the linking operation")
        elif not re.fullmatch(r"\$response\.body#(/[A-Za-z0-9_]+)+", expression):
            problems.append(f"{where}: {expression!r} is not a $response.body pointer or $request.path value")
        elif response_schema is None:
            problems.append(f"{where}: {expression} points into a response without a JSON body")
        else:
            problem = body_pointer_problem(document, response_schema, expression.removeprefix("$response.body#"))
            if problem:
                problems.append(f"{where}: {expression}: {problem}")
    return problems


def test_every_link_targets_an_existing_operation_and_parameter(document: dict[str, Any]) -> None:
    operations = {operation["operationId"]: (path, operation) for _, path, operation in iter_operations(document)}
    problems = []
    link_count = 0
    for method, path, operation in iter_operations(document):
        source_parameters = {p["name"] for p in operation_parameters(document, path, operation) if p["in"] == "path"}
        for status, reference in operation["responses"].items():
            response = resolve(document, reference)
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            for name, link in response.get("links", {}).items():
                link_count += 1
                where = f"{method} {path} {status} link {name}"
                problems += _link_problems(document, where, link, source_parameters, operations, schema)
    assert not problems, "\n".join(problems)
    assert link_count >= 20, "the stateful tests rely on the links; do not drop them"


STATEFUL_STARTING_POINTS = {"listContacts", "searchContacts", "createChannelGate"}


@pytest.mark.parametrize("operation_id", sorted(set(EXPECTED_OPERATIONS.values()) - STATEFUL_STARTING_POINTS))
def test_every_operation_that_takes_an_id_is_reachable_through_a_link(
    document: dict[str, Any], operation_id: str
) -> None:
    targets = {
        link["operationId"]
        for _, _, operation in iter_operations(document)
        for response in operation["responses"].values()
        for link in resolve(document, response).get("links", {}).values()
    }
    assert operation_id in targets, f"no link leads to {operation_id}"


def test_the_checks_report_a_missing_evidence_and_a_dangling_reference(document: dict[str, Any]) -> None:
    broken = copy.deepcopy(document)
    broken["paths"]["/v1/contacts"]["get"].pop("x-evidence", None)
    broken["components"]["schemas"]["Contact"]["properties"]["tags"]["items"]["$ref"] = "#/components/schemas/Tags"
    labels = documented_source_labels()
    assert evidence_problems("GET /v1/contacts", broken["paths"]["/v1/contacts"]["get"].get("x-evidence"), labels) == [
        "GET /v1/contacts: has no x-evidence object"
    ]
    dangling = [ref for _, ref in _walk_refs(broken, "#") if ref.endswith("/Tags")]
    assert dangling == ["#/components/schemas/Tags"]
    with pytest.raises(LookupError, match="'#/components/schemas/Tags' does not resolve: no 'Tags'"):
        resolve_pointer(broken, dangling[0])


def test_the_link_check_reports_a_pointer_to_a_field_the_response_lacks() -> None:
    tiny = {"components": {"schemas": {"Contact": {"type": "object", "properties": {"id": {"type": "integer"}}}}}}
    gate = {"type": "object", "properties": {"contact": {"$ref": "#/components/schemas/Contact"}}}
    page = {"type": "object", "properties": {"collection": {"type": "array", "items": gate}}}
    assert body_pointer_problem(tiny, page, "/collection/0/contact/id") is None
    assert body_pointer_problem(tiny, page, "/collection/0/contact/idx") == (
        "/collection/0/contact/idx is not a field of the response schema"
    )
    assert body_pointer_problem(tiny, page, "/collection/first") == (
        "/collection/first is not a field of the response schema"
    )
    # A nullable object (`anyOf` the object and null) still has the object's fields.
    null = {"type": "object", "nullable": True, "enum": [None]}
    nullable = {"anyOf": [{"$ref": "#/components/schemas/Contact"}, null]}
    gate_with_nullable_contact = {"type": "object", "properties": {"contact": nullable}}
    assert body_pointer_problem(tiny, gate_with_nullable_contact, "/contact/id") is None
    assert body_pointer_problem(tiny, gate_with_nullable_contact, "/contact/originalId") == (
        "/contact/originalId is not a field of the response schema"
    )
