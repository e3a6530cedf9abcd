"""The inventory of rules: walked from the document's structure, declared in its `x-rules`."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import pytest

import openapi_document
from openapi_document import DocumentError

DOCUMENT = openapi_document.load()
RULES = {rule.id: rule for rule in DOCUMENT.rules}


def test_structural_rules_have_readable_ids_and_point_where_the_document_states_them() -> None:
    pages = RULES["listContacts 200 body cursor.pages: type integer"]
    assert (pages.pointer, pages.kind, pages.key, pages.status) == (
        "/components/schemas/Cursor/properties/pages/type", "body", "body type", 200)  # fmt: skip
    assert pages.location == ("cursor", "pages")
    color = RULES["getContact 200 body tags[].color: type string or null"]
    assert color.location == ("tags", "[]", "color")
    assert (
        RULES["listContacts query limitation: maximum 20"].pointer == "/components/parameters/Limitation/schema/maximum"
    )
    assert RULES["searchContacts query term: required"].key == "request required"
    assert RULES["createChannelGate body: no properties but identifier, firstName, lastName, email, phone, parameters"]
    assert RULES["listContacts 200 header X-Rate-Limit: minimum 0"].applies_to == "number"
    assert RULES["getContactChat 200 body contact: one of ServiceContact or null"].key == "body anyOf"
    assert RULES["getContactChat 200 body contact.originalId: format int64"].key == "body format int64"
    assert RULES["path /v1/contacts/{contactId}: only GET, PUT, DELETE"].operation == "getContact"
    assert RULES["updateContact: status 200, 400, 401, 403, 404 or 429"].pointer.endswith("/put/responses")


def test_every_kind_is_inventoried_and_ids_are_unique() -> None:
    kinds = Counter(rule.kind for rule in DOCUMENT.rules)
    assert set(kinds) == set(openapi_document.KINDS)
    assert kinds["status"] == len(DOCUMENT.operations)
    assert len(RULES) == len(DOCUMENT.rules)


def test_a_rule_is_inferred_where_its_evidence_or_its_statement_says_so() -> None:
    assert RULES["deleteContact 200 body: required state"].inferred  # the operation's evidence is `inferred`
    assert RULES["listContacts 401 body error.code: type integer"].inferred  # UnverifiedErrorResponse
    assert RULES["listContacts 429 header Retry-After: minimum 0"].inferred
    assert not RULES["listContacts 400 body error.code: type integer"].inferred
    assert RULES["uniteContacts: merge-removes-target"].inferred
    assert not RULES["uniteContacts: merge-unites-in-favour-of-contact"].inferred


def test_a_behaviour_rule_applies_to_the_operations_that_reach_where_it_is_declared() -> None:
    def operations(name: str) -> set[str | None]:
        return {rule.operation for rule in DOCUMENT.rules if rule.key == name}

    assert operations("error-code-is-the-status") == {op.operation_id for op in DOCUMENT.operations}
    assert operations("pages-hold-limitation-items") == {
        "listContacts", "searchContacts", "listContactGates", "listContactTags", "listContactFunnels",
        "listContactNotes", "listContactMessages", "listContactCheckout",
    }  # fmt: skip
    assert operations("service-contact-is-the-contact") == {"getContactChat", "listContactGates", "createChannelGate"}
    assert operations("enum-variables-take-only-their-choices") == {"updateContact"}  # named in `operations`
    assert operations("rate-limit") == {None}  # scope: api
    assert RULES["API: rate-limit"].pointer == "/info/description"
    assert RULES["uniteContacts: merge-removes-target"].pointer.endswith("~1unite~1{targetContactId}/post/description")


def _with(change: Any) -> dict[str, Any]:
    raw = copy.deepcopy(dict(DOCUMENT.raw))
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["info"]["x-rules"]["rate-limit"].update(quote="180 calls an hour"),
         r"/info/x-rules/rate-limit: the description beside it does not hold its quote '180 calls an hour'"),
        (lambda raw: raw["info"]["x-rules"]["rate-limit"].update(operations=["listEverything"]),
         r"listEverything is not an operation of the document"),
        (lambda raw: raw["info"]["x-rules"].update({"Rate_Limit": {"rule": "r", "quote": "q"}}),
         r"a rule name is words in lower case joined by '-'"),
        (lambda raw: raw["info"]["x-rules"].update({"rate-limit": {"quote": "A token may send 180 requests"}}),
         r"a rule needs `rule` \(what it says\) and `quote`"),
        (lambda raw: raw["components"]["schemas"]["Cursor"]["x-rules"].update(
            {"rate-limit": {"rule": "r", "quote": "There is a next page"}}),
         r"the rule name 'rate-limit' is also declared at /info/x-rules/rate-limit"),
        (lambda raw: raw["components"]["schemas"]["Cursor"]["x-rules"]["pages-hold-every-item-once"].update(
            kind="x"), r"unknown fields kind"),
    ],
)  # fmt: skip
def test_a_malformed_x_rules_is_refused_naming_the_place(change: Any, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        openapi_document.index(_with(change), DOCUMENT.path).rules  # noqa: B018 (reading it builds it)
