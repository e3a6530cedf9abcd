"""Which check verifies which rules of the document, and the rules no check verifies.

Semantic checks declare their rules where they are registered (`@semantic_check(rules=...)`,
contract_tests.checks.registry). The built-in checks of schemathesis are listed here, each with
the rules it verifies and when, having run on an answer, it judged them. UNCHECKED lists the rules
that no check verifies on purpose, with the reason. tests/contract/test_rule_inventory.py fails
for a rule of the document that none of them covers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from schemathesis import Response
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoverageScenario, coverage_scenario

from contract_tests.follow_up import ApiCase, succeeded

_SCHEMA_KEYWORDS = ("type", "enum", "required", "anyOf", "oneOf", "additionalProperties", "minimum", "maximum",
                    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern",
                    "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties")  # fmt: skip
# The formats schemathesis validates in answers (an integer's int32 and int64 it does not).
_STRING_FORMATS = ("date", "date-time", "time", "email", "hostname", "ipv4", "ipv6", "uri", "uuid")


def _keys(kind: str, *extra: str) -> frozenset[str]:
    return frozenset({*(f"{kind} {keyword}" for keyword in _SCHEMA_KEYWORDS), *extra})


def _always(case: ApiCase, response: Response) -> bool:
    return True


def _negative(case: ApiCase, response: Response) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_negative


def _positive(case: ApiCase, response: Response) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def _probed_auth(case: ApiCase, response: Response) -> bool:
    """ignored_auth sends its probes after a successful answer to a request whose path is valid."""
    return succeeded(response) and not (case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH))


def _undeclared_method(case: ApiCase, response: Response) -> bool:
    return coverage_scenario(case) == CoverageScenario.UNSPECIFIED_HTTP_METHOD and response.status_code not in (
        401, 403, 404, 429,  # unsupported_method lets these pass: they say nothing about the method
    )  # fmt: skip


def _options_with_allow(case: ApiCase, response: Response) -> bool:
    return response.request.method == "OPTIONS" and bool(response.headers.get("allow"))


@dataclass(frozen=True)
class BuiltIn:
    rules: frozenset[str]
    judges: Callable[[ApiCase, Response], bool] = _always  # having run on an answer, whether it judged its rules
    off: str = ""  # why it is off on a target where the run's configuration switches it off
    needs_probes: bool = False  # it judges requests with undeclared methods, which real servers are not sent
    when: str = ""  # the answers it judges its behaviour rules on


BUILT_INS: dict[str, BuiltIn] = {
    "status_code_conformance": BuiltIn(frozenset({"status"})),
    "content_type_conformance": BuiltIn(frozenset({"media type"})),
    "response_headers_conformance": BuiltIn(_keys("header", *(f"header format {name}" for name in _STRING_FORMATS))),
    "response_schema_conformance": BuiltIn(_keys("body", *(f"body format {name}" for name in _STRING_FORMATS))),
    "negative_data_rejection": BuiltIn(
        _keys("request", "request format int32", "request format int64", "request format email"),
        _negative,
        "accepting a request that breaks the document is judged on real servers only with --strict-validation",
    ),
    "positive_data_acceptance": BuiltIn(
        frozenset({"valid-requests-are-not-refused"}), _positive, when="answer to a generated valid request"
    ),
    "ignored_auth": BuiltIn(
        frozenset({"token-required"}),
        _probed_auth,
        "on real servers auth_is_enforced runs in its place",
        when="successful answer",
    ),
    "unsupported_method": BuiltIn(frozenset({"method"}), _undeclared_method, needs_probes=True),
    "allow_header_conformance": BuiltIn(frozenset({"method"}), _options_with_allow, needs_probes=True),
}
NO_PROBES = "real servers are sent no requests with undeclared methods (they would be writes)"

UNCHECKED: dict[str, str] = {
    "rate-limit": "checking it means going over the limit, which locks the token out for a minute or more "
    "(tests/sandbox/test_rate_limit.py checks the sandbox's)",
    "locked-out-answers-429": "checking it means going over the limit, which locks the token out for a minute or "
    "more (tests/sandbox/test_rate_limit.py checks the sandbox's)",
    "fire-triggers-event": "the API cannot tell which events fired or what they started "
    "(tests/sandbox/test_fire_merge_delete.py checks the sandbox's record of them)",
    "event-names-are-case-sensitive": "the API cannot tell which events fired "
    "(tests/sandbox/test_fire_merge_delete.py checks the sandbox's record of them)",
    "merge-default-counts-as-lacking": "a read does not tell a variable's default value from a value the contact "
    "set itself, so the merge check accepts either contact's value when both show one",
    "variable-value-falls-back-to-the-default": "a read does not tell a variable's default value from a value the "
    "contact set itself",
    "note-author-is-the-token-owner": "no operation of the document names the user a token belongs to "
    "(created_note_is_listed checks that a created note has an author; tests/sandbox checks the sandbox's)",
    "activities-only-when-asked": "the document does not say what an activity looks like, so no answer can show "
    "one (tests/sandbox checks the sandbox's)",
}
