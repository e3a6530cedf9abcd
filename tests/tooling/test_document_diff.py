"""tooling.document_diff: which changes of the document break clients, by direction."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tooling.document_diff import compare
from tooling.schema_diff import Change

THING = {"$ref": "#/components/schemas/Thing"}


def a_document() -> dict[str, Any]:
    """One read and one write of a `Thing`, which both directions use."""
    page = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 20}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "things", "version": "1.0.0"},
        "paths": {
            "/things/{thingId}": {
                "get": {
                    "operationId": "getThing",
                    "tags": ["things"],
                    "parameters": [page],
                    "responses": {
                        "200": {"description": "it", "content": {"application/json": {"schema": THING}}},
                        "404": {"description": "no such thing"},
                    },
                },
                "put": {
                    "operationId": "putThing",
                    "tags": ["things"],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": THING}}},
                    "responses": {"200": {"description": "done"}},
                },
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "kind": {"type": "string", "enum": ["big", "small"]},
                        "parts": {"type": "array", "items": {"type": "string", "maxLength": 10}},
                    },
                }
            }
        },
    }


def changes_after(edit: Any) -> list[Change]:
    old = a_document()
    new = copy.deepcopy(old)
    edit(new)
    return compare(old, new)


def thing(document: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"]["Thing"]
    return schema


def described(changes: list[Change]) -> set[tuple[str, bool]]:
    return {(str(change), change.breaking) for change in changes}


def test_the_same_document_has_no_changes() -> None:
    assert compare(a_document(), a_document()) == []


def test_descriptions_examples_and_extensions_are_not_changes() -> None:
    def edit(document: dict[str, Any]) -> None:
        thing(document)["description"] = "A thing."
        thing(document)["properties"]["name"]["example"] = "Olena"
        thing(document)["x-evidence"] = {"confidence": "high"}
        document["info"]["version"] = "1.0.1"

    assert changes_after(edit) == []


def test_a_field_that_may_become_null_breaks_readers_only() -> None:
    changes = changes_after(lambda document: thing(document)["properties"]["name"].update(nullable=True))
    assert described(changes) == {
        ("schema Thing in responses, name: it may now be null", True),
        ("schema Thing in requests, name: it may now be null", False),
    }


def test_a_new_enum_value_breaks_readers_and_a_removed_one_breaks_senders() -> None:
    added = changes_after(lambda document: thing(document)["properties"]["kind"]["enum"].append("huge"))
    assert described(added) == {
        ("schema Thing in responses, kind: new allowed values 'huge'", True),
        ("schema Thing in requests, kind: new allowed values 'huge'", False),
    }
    removed = changes_after(lambda document: thing(document)["properties"]["kind"]["enum"].remove("big"))
    assert described(removed) == {
        ("schema Thing in responses, kind: values no longer allowed: 'big'", False),
        ("schema Thing in requests, kind: values no longer allowed: 'big'", True),
    }


def test_required_properties_break_senders_when_added_and_readers_when_dropped() -> None:
    now_required = changes_after(lambda document: thing(document)["required"].append("name"))
    assert described(now_required) == {
        ("schema Thing in requests, name: the property is now required", True),
        ("schema Thing in responses, name: the property is now required", False),
    }
    no_longer = changes_after(lambda document: thing(document).update(required=[]))
    assert described(no_longer) == {
        ("schema Thing in requests, id: the property is no longer required", False),
        ("schema Thing in responses, id: the property is no longer required", True),
    }


def test_bounds_break_senders_when_they_narrow_and_readers_when_they_widen() -> None:
    narrower = changes_after(lambda document: thing(document)["properties"]["parts"]["items"].update(maxLength=5))
    assert described(narrower) == {
        ("schema Thing in requests, parts[]: maxLength changed from 10 to 5", True),
        ("schema Thing in responses, parts[]: maxLength changed from 10 to 5", False),
    }
    page = "GET /things/{thingId} query parameter 'page'"
    wider = changes_after(
        lambda document: document["paths"]["/things/{thingId}"]["get"]["parameters"][0]["schema"].pop("maximum")
    )
    assert described(wider) == {(f"{page}: maximum changed from 20 to none", False)}


def test_removed_and_renamed_things_break_generated_code() -> None:
    def edit(document: dict[str, Any]) -> None:
        operations = document["paths"]["/things/{thingId}"]
        operations["get"]["operationId"] = "readThing"
        operations["put"]["tags"] = ["stuff"]
        del thing(document)["properties"]["parts"]

    assert described(changes_after(edit)) == {
        (
            "GET /things/{thingId}: operationId changed from 'getThing' to 'readThing' "
            "(generated clients name its call after it)",
            True,
        ),
        (
            "PUT /things/{thingId}: its first tag changed from 'things' to 'stuff' "
            "(generated clients put its call in a module or class of that name)",
            True,
        ),
        ("schema Thing in responses, parts: the property was removed (code that uses it breaks)", True),
        ("schema Thing in requests, parts: the property was removed (code that uses it breaks)", True),
    }


def test_operations_are_matched_by_method_and_path_whatever_their_parameter_names() -> None:
    def edit(document: dict[str, Any]) -> None:
        document["paths"]["/things/{id}"] = document["paths"].pop("/things/{thingId}")
        document["paths"]["/things/{id}"]["get"]["deprecated"] = True
        document["paths"]["/things"] = {
            "post": {"operationId": "makeThing", "responses": {"200": {"description": "ok"}}}
        }

    assert described(changes_after(edit)) == {
        ("GET /things/{id}: the operation is now deprecated", False),
        ("POST /things: a new operation", False),
    }
    removed = changes_after(lambda document: document["paths"]["/things/{thingId}"].pop("put"))
    assert described(removed) == {("PUT /things/{thingId}: the operation was removed", True)}


@pytest.mark.parametrize(
    ("parameter", "expected"),
    [
        (
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
            ("a new required parameter", True),
        ),
        ({"name": "q", "in": "query", "schema": {"type": "string"}}, ("a new optional parameter", False)),
    ],
)
def test_a_new_parameter_breaks_callers_only_when_required(
    parameter: dict[str, Any], expected: tuple[str, bool]
) -> None:
    changes = changes_after(
        lambda document: document["paths"]["/things/{thingId}"]["get"]["parameters"].append(parameter)
    )
    assert described(changes) == {(f"GET /things/{{thingId}} query parameter 'q': {expected[0]}", expected[1])}


def test_a_changed_type_is_one_breaking_change_in_both_directions() -> None:
    def to_array(document: dict[str, Any]) -> None:
        thing(document)["properties"]["name"] = {"type": "array", "items": {"type": "string"}}

    typed = "(typed clients change the field's type)"
    assert described(changes_after(to_array)) == {
        (f"schema Thing in responses, name: its type changed from string to array {typed}", True),
        (f"schema Thing in requests, name: its type changed from string to array {typed}", True),
    }
    # Even a wider type: an int64 field of a Go or Java client becomes a float.
    to_number = changes_after(lambda document: thing(document)["properties"]["id"].update(type="number"))
    assert described(to_number) == {
        (f"schema Thing in responses, id: its type changed from integer to number {typed}", True),
        (f"schema Thing in requests, id: its type changed from integer to number {typed}", True),
    }


def test_a_nullable_reference_written_as_any_of_is_read_as_may_be_null_where_it_is_used() -> None:
    def edit(document: dict[str, Any]) -> None:
        ok = document["paths"]["/things/{thingId}"]["get"]["responses"]["200"]
        ok["content"]["application/json"]["schema"] = {
            "anyOf": [THING, {"type": "object", "nullable": True, "enum": [None]}]
        }

    assert described(changes_after(edit)) == {("GET /things/{thingId} response 200: it may now be null", True)}


def test_a_renamed_schema_is_named_and_compared_under_its_new_name() -> None:
    def edit(document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        schemas["Item"] = schemas.pop("Thing")
        schemas["Item"]["properties"]["name"]["nullable"] = True
        operations = document["paths"]["/things/{thingId}"]
        operations["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
            "$ref": "#/components/schemas/Item"
        }
        del operations["put"]

    assert described(changes_after(edit)) == {
        (
            "GET /things/{thingId} response 200: the schema Thing is now Item "
            "(generated clients name a class after it)",
            True,
        ),
        ("schema Item (was Thing) in responses, name: it may now be null", True),
        ("PUT /things/{thingId}: the operation was removed", True),
    }


def test_responses_removed_break_readers_only_when_successful() -> None:
    def edit(document: dict[str, Any]) -> None:
        responses = document["paths"]["/things/{thingId}"]["get"]["responses"]
        del responses["404"]
        responses["201"] = responses.pop("200")

    assert described(changes_after(edit)) == {
        ("GET /things/{thingId} response 200: the response was removed (clients that expect it break)", True),
        ("GET /things/{thingId} response 404: the response was removed", False),
        ("GET /things/{thingId} response 201: a new response (clients that do not expect it break)", True),
    }


def test_a_recursive_schema_is_compared_without_end() -> None:
    def recursive(document: dict[str, Any]) -> None:
        thing(document)["properties"]["parent"] = THING

    old, new = a_document(), a_document()
    recursive(old)
    recursive(new)
    thing(new)["properties"]["name"]["nullable"] = True
    assert ("schema Thing in responses, name: it may now be null", True) in described(compare(old, new))


def test_a_component_that_several_operations_use_is_reported_once() -> None:
    def list_things(document: dict[str, Any]) -> None:
        ok = {"description": "them", "content": {"application/json": {"schema": {"type": "array", "items": THING}}}}
        document["paths"]["/things"] = {"get": {"operationId": "listThings", "responses": {"200": ok}}}

    old, new = a_document(), a_document()
    list_things(old)
    list_things(new)
    thing(new)["properties"]["name"]["nullable"] = True
    assert [str(change) for change in compare(old, new) if change.breaking] == [
        "schema Thing in responses, name: it may now be null"
    ]


def test_a_new_format_changes_the_type_typed_clients_give_a_field_in_both_directions() -> None:
    changes = changes_after(lambda document: thing(document)["properties"]["id"].update(format="int64"))
    what = "its format changed from none to int64 (typed clients change the field's type)"
    assert described(changes) == {
        (f"schema Thing in responses, id: {what}", True),
        (f"schema Thing in requests, id: {what}", True),
    }


def test_a_choice_of_types_that_becomes_untyped_is_one_change() -> None:
    old = a_document()
    thing(old)["properties"]["name"] = {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    new = copy.deepcopy(old)
    del new["paths"]["/things/{thingId}"]["put"]
    thing(new)["properties"]["name"] = {"description": "an integer or a string"}
    assert described(compare(old, new)) == {
        ("PUT /things/{thingId}: the operation was removed", True),
        ("schema Thing in responses, name: it is no longer an anyOf", True),
    }


# Changes a first version of the comparison missed or misjudged (found by a review).


def get_operation(document: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"]["/things/{thingId}"]["get"]
    return operation


def ok_content(document: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = get_operation(document)["responses"]["200"]["content"]
    return content


def test_what_authenticates_a_request_must_keep_its_meaning() -> None:
    def with_scheme(document: dict[str, Any], scheme: dict[str, Any]) -> None:
        document["components"]["securitySchemes"] = {"token": scheme}
        document["security"] = [{"token": []}]

    old, new = a_document(), a_document()
    with_scheme(old, {"type": "http", "scheme": "bearer"})
    with_scheme(new, {"type": "apiKey", "in": "header", "name": "X-Token"})
    changed = described(compare(old, new))
    assert len(changed) == 2  # both operations
    assert all(breaking and "the security scheme 'token' changed" in text for text, breaking in changed)
    more = copy.deepcopy(old)
    more["security"] = [{"token": []}, {}]  # another way, none: only relaxed
    assert described(compare(old, more)) == {
        ("GET /things/{thingId}: authentication is now optional", False),
        ("PUT /things/{thingId}: authentication is now optional", False),
    }


def test_a_new_way_for_an_answer_to_come_breaks_readers() -> None:
    def edit(document: dict[str, Any]) -> None:
        ok_content(document)["text/plain"] = {"schema": {"type": "string"}}

    assert described(changes_after(edit)) == {("GET /things/{thingId} response 200: a new media type text/plain", True)}


def test_a_schema_moved_in_or_out_of_line_renames_the_generated_class() -> None:
    def inline(document: dict[str, Any]) -> None:
        ok_content(document)["application/json"]["schema"] = copy.deepcopy(thing(document))

    changes = described(changes_after(inline))
    assert (
        "GET /things/{thingId} response 200: it is now an inline schema, not the schema Thing "
        "(generated clients name its class differently)",
        True,
    ) in changes


def test_servers_defaults_and_serialisation_are_what_calls_send() -> None:
    def edit(document: dict[str, Any]) -> None:
        document["servers"] = [{"url": "https://api.example/v2"}]
        page = get_operation(document)["parameters"][0]
        page["schema"]["default"] = 5
        page["explode"] = False

    page = "GET /things/{thingId} query parameter 'page'"
    assert described(changes_after(edit)) == {
        ("servers: the first server changed from ['/'] to ['https://api.example/v2']", True),
        (f"{page}: its default changed from none to 5", False),
        (f"{page}: it is written differently into requests (explode true to false)", True),
    }
    changed_default = copy.deepcopy(a_document())
    edit(changed_default)
    again = copy.deepcopy(changed_default)
    get_operation(again)["parameters"][0]["schema"]["default"] = 1
    assert (f"{page}: its default changed from 5 to 1", True) in described(compare(changed_default, again))


def test_read_only_and_write_only_properties_travel_one_way() -> None:
    read_only = changes_after(lambda document: thing(document)["properties"]["name"].update(readOnly=True))
    assert described(read_only) == {
        ("schema Thing in requests, name: the property was removed (code that uses it breaks)", True)
    }

    def created_at(document: dict[str, Any]) -> None:
        thing(document)["properties"]["createdAt"] = {"type": "string", "readOnly": True}
        thing(document)["required"].append("createdAt")  # required in answers only

    assert described(changes_after(created_at)) == {
        ("schema Thing in responses, createdAt: a new required property", False)
    }


def test_an_enum_that_appears_changes_the_type_typed_clients_give_a_field() -> None:
    changes = changes_after(lambda document: thing(document)["properties"]["name"].update(enum=["a", "b"]))
    what = "it is now limited to 'a', 'b' (typed clients change the field's type)"
    assert described(changes) == {
        (f"schema Thing in responses, name: {what}", True),
        (f"schema Thing in requests, name: {what}", True),
    }


def test_unchanged_compositions_and_reordered_members_are_no_change() -> None:
    old = a_document()
    schemas = old["components"]["schemas"]
    schemas["User"] = {"type": "object", "properties": {"id": {"type": "integer"}}}
    thing(old)["properties"]["code"] = {"type": "string", "not": {"enum": [""]}}
    thing(old)["properties"]["owner"] = {"oneOf": [{"$ref": "#/components/schemas/User"}, THING]}
    new = copy.deepcopy(old)
    thing(new)["properties"]["owner"]["oneOf"].reverse()
    assert compare(old, new) == []


def test_tags_after_the_first_and_the_case_of_header_names_change_nothing() -> None:
    def edit(document: dict[str, Any]) -> None:
        get_operation(document)["tags"].append("admin")

    old = a_document()
    get_operation(old)["responses"]["200"]["headers"] = {"X-Rate-Limit": {"schema": {"type": "integer"}}}
    new = copy.deepcopy(old)
    edit(new)
    response = get_operation(new)["responses"]["200"]
    response["headers"] = {"x-rate-limit": response["headers"].pop("X-Rate-Limit")}
    assert compare(old, new) == []


def test_a_deep_tree_of_shared_components_is_compared_once_per_component() -> None:
    def tree(document: dict[str, Any], depth: int) -> None:
        schemas = document["components"]["schemas"]
        for level in range(depth):
            child = {"$ref": f"#/components/schemas/L{level + 1}"}
            schemas[f"L{level}"] = {"type": "object", "properties": {"a": child, "b": child}}
        schemas[f"L{depth}"] = {"type": "object", "properties": {"leaf": {"type": "string"}}}
        ok_content(document)["application/json"]["schema"] = {"$ref": "#/components/schemas/L0"}

    old, new = a_document(), a_document()
    tree(old, 40)  # 2**40 paths to the leaf: only a memo makes this finish
    tree(new, 40)
    new["components"]["schemas"]["L40"]["properties"]["leaf"]["nullable"] = True
    assert described(compare(old, new)) == {("schema L40 in responses, leaf: it may now be null", True)}


# Changes a second review found misjudged.


def test_the_title_of_an_object_names_its_class() -> None:
    changes = changes_after(lambda document: thing(document).update(title="A thing"))
    what = "its title changed from none to 'A thing' (generated clients name its class after it)"
    assert described(changes) == {
        (f"schema Thing in responses: {what}", True),
        (f"schema Thing in requests: {what}", True),
    }


def test_making_an_operation_public_breaks_no_client() -> None:
    old = a_document()
    old["components"]["securitySchemes"] = {"token": {"type": "http", "scheme": "bearer"}}
    old["security"] = [{"token": []}]
    new = copy.deepcopy(old)
    get_operation(new)["security"] = []
    assert described(compare(old, new)) == {("GET /things/{thingId}: authentication is now optional", False)}


def test_a_format_that_adds_a_rule_to_a_string_follows_the_direction() -> None:
    changes = changes_after(lambda document: thing(document)["properties"]["name"].update(format="email"))
    assert described(changes) == {
        ("schema Thing in requests, name: its format changed from none to email", True),
        ("schema Thing in responses, name: its format changed from none to email", False),
    }


def test_wrapping_a_reference_to_describe_it_changes_nothing() -> None:
    def edit(document: dict[str, Any]) -> None:
        ok_content(document)["application/json"]["schema"] = {"allOf": [THING], "description": "The thing."}

    assert changes_after(edit) == []


def test_swapped_path_parameters_break_callers() -> None:
    def two(document: dict[str, Any], path: str) -> None:
        document["paths"] = {path: {"post": {"operationId": "unite", "responses": {"200": {"description": "ok"}}}}}

    old, new = a_document(), a_document()
    two(old, "/things/{thingId}/unite/{otherId}")
    two(new, "/things/{otherId}/unite/{thingId}")
    assert described(compare(old, new)) == {
        (
            "POST /things/{otherId}/unite/{thingId}: its path parameters changed places "
            "(/things/{thingId}/unite/{otherId} to /things/{otherId}/unite/{thingId})",
            True,
        )
    }


def test_a_plain_type_moved_out_of_line_renames_nothing_and_defaults_count_both_ways() -> None:
    def edit(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["Id"] = {"type": "integer"}
        thing(document)["properties"]["id"] = {"$ref": "#/components/schemas/Id"}

    assert changes_after(edit) == []
    old = a_document()
    thing(old)["properties"]["kind"]["default"] = "big"
    new = copy.deepcopy(old)
    thing(new)["properties"]["kind"]["default"] = "small"
    assert described(compare(old, new)) == {
        ("schema Thing in responses, kind: its default changed from 'big' to 'small'", True),
        ("schema Thing in requests, kind: its default changed from 'big' to 'small'", True),
    }


def test_a_new_way_to_write_an_error_breaks_nothing() -> None:
    old = a_document()
    get_operation(old)["responses"]["404"]["content"] = {"application/json": {"schema": {}}}
    new = copy.deepcopy(old)
    get_operation(new)["responses"]["404"]["content"]["application/problem+json"] = {"schema": {}}
    assert described(compare(old, new)) == {
        ("GET /things/{thingId} response 404: a new media type application/problem+json", False)
    }
