"""The value rules of `updateContact` and creation: any JSON value is accepted or skipped, never a crash."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.field_rules import MAX_TEXT, SYSTEM_FIELDS, InvalidValue, system_field_value, variable_value

VARIABLE_KINDS = ("string", "number", "date", "email", "phone", "url", "enum")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3),
    max_leaves=8,
)
url_like = st.builds(
    lambda scheme, rest: f"{scheme}{rest}", st.sampled_from(["http://", "https://", "http://[", ""]), st.text()
)


def _stored_or_skipped(rule: Any, *arguments: Any) -> None:
    try:
        stored = rule(*arguments)
    except InvalidValue:
        return
    assert stored is None or isinstance(stored, str)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(VARIABLE_KINDS), value=json_values | url_like)
def test_a_variable_value_is_stored_as_text_or_skipped(kind: str, value: Any) -> None:
    _stored_or_skipped(variable_value, kind, ["a", "b"], value)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(SYSTEM_FIELDS), value=json_values)
def test_a_system_field_value_is_stored_as_text_or_skipped(name: str, value: Any) -> None:
    _stored_or_skipped(system_field_value, name, value)


@settings(max_examples=300, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_a_stored_number_is_the_same_number_in_the_form_the_field_accepts_as_text(value: float) -> None:
    stored = variable_value("number", [], value)
    assert stored is not None
    assert variable_value("number", [], stored) == stored
    assert float(stored) == value


@pytest.mark.parametrize(
    "text", ["http://[::1", "https://[x", "http://ex\uff03ample.com/", "http://ex\u2100ample.com/", "ftp://example.com"]
)
def test_a_malformed_url_is_skipped_not_a_crash(text: str) -> None:
    with pytest.raises(InvalidValue, match="not an http or https URL"):
        variable_value("url", [], text)


def test_a_number_sent_as_a_string_is_held_to_the_length_of_a_string() -> None:
    assert variable_value("number", [], "9" * MAX_TEXT) == "9" * MAX_TEXT
    with pytest.raises(InvalidValue, match=f"^longer than {MAX_TEXT} characters$"):
        variable_value("number", [], "9" * 500_000)
    with pytest.raises(InvalidValue, match=f"^longer than {MAX_TEXT} characters$"):
        variable_value("string", [], "9" * (MAX_TEXT + 1))


@pytest.mark.parametrize(("name", "text"), [("firstName", "A\x00Bee"), ("lastName", "\x00"), ("email", "a\x00@b.org")])
def test_a_text_with_a_nul_character_is_refused_with_the_reason(name: str, text: str) -> None:
    with pytest.raises(InvalidValue, match=r"^contains a NUL character \(\\u0000\); remove it$"):
        system_field_value(name, text)
