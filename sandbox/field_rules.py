"""Which values `updateContact` accepts for each field, and how they are stored; contact creation
(POST /v1/channels/{channelId}/gates) applies the same rules to the fields it sets.

The vendor's rule is that an invalid value skips its field while the rest of the update is
applied. What counts as invalid is not published; these rules are the sandbox's reading of the
field and variable types the vendor documents (e-mail, phone, number, date, url, enum, string).
Every accepted value is stored as text, as the API returns variable values as strings.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

MAX_TEXT = 4096
MAX_NAME = 255
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+[1-9][0-9]{6,14}")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# System fields that `values` may set; the rest of the contact (id, fullName, photo) is read-only.
SYSTEM_FIELDS = ("firstName", "lastName", "email", "phone")


class InvalidValue(ValueError):
    """The value does not fit its field; the field is skipped."""


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"expected a string, got {type(value).__name__}")
    if len(value) > limit:
        raise InvalidValue(f"longer than {limit} characters")
    if "\x00" in value:
        # Search could never find what follows it in a name, e-mail or phone (FTS5 and GLOB read text
        # only up to a NUL); other text fields follow the same rule, so that every text field reads alike.
        raise InvalidValue("contains a NUL character (\\u0000); remove it")
    return value


def _email(value: Any) -> str:
    text = _text(value, MAX_NAME)
    if not _EMAIL.fullmatch(text):
        raise InvalidValue("not an e-mail address")
    return text


def _phone(value: Any) -> str:
    text = _text(value, MAX_NAME)
    if not _PHONE.fullmatch(text):
        raise InvalidValue("not a phone number in international form (+ and 7 to 15 digits)")
    return text


def _number(value: Any) -> str:
    if isinstance(value, bool):
        raise InvalidValue("expected a number, got a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValue("not a finite number")
        # Plain decimal digits (1e-07 as 0.0000001), the form _NUMBER accepts, so that a stored value
        # sent back as a string is accepted as it is; at most about 330 characters, for 5e-324.
        # repr gives the shortest digits that read back as the same float: 1e300 is stored as 1 and
        # 300 zeros, not as the binary float's exact and longer expansion.
        shortest = Decimal(repr(value))
        return str(int(shortest)) if value.is_integer() else format(shortest, "f")
    if isinstance(value, str) and _NUMBER.fullmatch(_text(value)):
        return value
    raise InvalidValue("not a number")


def _date(value: Any) -> str:
    text = _text(value, 10)
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        datetime.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue("not a date of the form YYYY-MM-DD") from None
    return text


def _url(value: Any) -> str:
    text = _text(value)
    try:
        parts = urlsplit(text)
    except ValueError:  # an unclosed IPv6 bracket, or a host that is not text after NFKC
        raise InvalidValue("not an http or https URL") from None
    if parts.scheme not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in text):
        raise InvalidValue("not an http or https URL")
    return text


def _string(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidValue(f"expected a string, got {type(value).__name__}")
    return _text(value if isinstance(value, str) else _number(value))


def system_field_value(name: str, value: Any) -> str | None:
    """The text to store for a system field, or None to clear it; raises InvalidValue."""
    if name == "firstName":
        text = _text(value, MAX_NAME)
        if not text.strip():
            raise InvalidValue("the first name cannot be empty")
        return text
    if value is None:
        return None
    if name == "lastName":
        return _text(value, MAX_NAME)
    if name == "email":
        return _email(value)
    if name == "phone":
        return _phone(value)
    raise InvalidValue(f"{name} is not a system field")


def variable_value(kind: str, choices: list[str], value: Any) -> str | None:
    """The text to store for a variable of type `kind`, or None to clear it; raises InvalidValue."""
    if value is None:
        return None
    if kind == "enum":
        if value not in choices:
            raise InvalidValue(f"not one of {', '.join(choices)}")
        return str(value)
    checks = {"string": _string, "number": _number, "date": _date, "email": _email, "phone": _phone, "url": _url}
    return checks[kind](value)
