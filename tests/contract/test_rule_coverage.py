"""What counts as exercising and as verifying a rule, and why a rule that was not is reported so
(in process: answers of the sandbox fed to the accounting as the run's hook feeds them)."""

from __future__ import annotations

from typing import Any

from schemathesis.checks import CheckResult
from schemathesis.engine import Status

from contract_tests.checks import views
from contract_tests.checks.run_state import RunState
from contract_tests.checks.verifiers import NO_PROBES
from contract_tests.suite.rule_coverage import RuleCoverage, Target
from sandbox import Response, SandboxApp, SandboxConfig
from sandbox.faults import Deviation
from sandbox.faults.answers import edit_json
from sandbox.faults.deviation import Headers
from tests.contract.check_harness import DOCUMENT, harness


def _coverage(state: RunState, **target: Any) -> RuleCoverage:
    return RuleCoverage(DOCUMENT, Target(state, target.get("excluded", {}), target.get("off", {}),
                                         target.get("pinned", {})))  # fmt: skip


def _outcomes(coverage: RuleCoverage) -> dict[str, Any]:
    return {outcome.rule.id: outcome for outcome in coverage.outcomes()}


SCHEMA_CHECKED = [CheckResult(name="response_schema_conformance", status=Status.SUCCESS, failure=None)]


class PagesAsText(Deviation):
    """Sends cursor.pages as text: its type rule applies, its minimum does not."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        answer = super().respond(method, path, query, headers, body)
        if path == "/v1/contacts" and answer.status == 200:
            return edit_json(answer, lambda page: page["cursor"].update(pages="2"))
        return answer


def test_a_body_rule_is_exercised_by_an_answer_that_holds_its_value_and_verified_by_the_schema_check() -> None:
    with harness(PagesAsText(SandboxConfig(rate_limit=False))) as running:
        coverage = _coverage(running.state)
        case = running.case("GET", "/v1/contacts", query={"page": 1, "limitation": 5})
        coverage.after_validate(case, case.call(), SCHEMA_CHECKED)
        outcomes = _outcomes(coverage)
    pages_type, pages_minimum = outcomes["listContacts 200 body cursor.pages: type integer"], outcomes[
        "listContacts 200 body cursor.pages: minimum 0"]  # fmt: skip
    assert (pages_type.exercised, pages_type.verified) == (True, True)
    assert (pages_minimum.exercised, pages_minimum.reason) == (False, "no answer held the value it constrains")
    status = outcomes["listContacts: status 200, 400, 401, 403 or 429"]
    assert (status.exercised, status.verified) == (True, False)  # status_code_conformance did not run on it
    assert status.reason == "no check judged the answers that exercised it"
    assert outcomes["listContacts 429 body: type object"].reason == "no 429 answer was seen"
    assert outcomes["listContacts 200 header X-Rate-Limit: type integer"].reason == "no answer carried the header"


def test_a_behaviour_rule_is_exercised_and_verified_by_a_semantic_check_that_judged_it() -> None:
    with harness(SandboxApp(SandboxConfig(rate_limit=False))) as running:
        coverage = _coverage(running.state)
        running.state.on_judged = coverage.judged
        case = running.case("GET", "/v1/contacts/{contactId}/chat", path_parameters={"contactId": 1001})
        answer = case.call()
        case.validate_response(answer, checks=[views.chat_shows_its_contact])  # tells on_judged
        coverage.after_validate(case, answer, [])
        outcomes = _outcomes(coverage)
    assert outcomes["getContactChat: chat-name-is-the-full-name"].verified
    never = outcomes["getContactChat: service-contact-is-the-contact"]  # its check did not run
    assert not never.exercised
    assert never.reason == "no chat or gate that names its contact was seen"


def test_a_rule_that_cannot_be_verified_on_the_target_says_why() -> None:
    state = RunState(DOCUMENT, live=True, strict_validation=False)
    coverage = _coverage(
        state,
        excluded={"updateContact": "a read-only run sends no writes (--allow-writes)"},
        off={"negative_data_rejection": "judged on real servers only with --strict-validation",
             "unsupported_method": NO_PROBES, "allow_header_conformance": NO_PROBES,
             "ignored_auth": "on real servers auth_is_enforced runs in its place"},
        pinned={"fireContactEvent": {("body", "name"): "one value only"}},
    )  # fmt: skip
    outcomes = _outcomes(coverage)
    assert outcomes["updateContact: update-sets-values"].reason == "a read-only run sends no writes (--allow-writes)"
    assert outcomes["listContacts query limitation: maximum 20"].reason == (
        "off on this target: negative_data_rejection: judged on real servers only with --strict-validation"
    )
    assert NO_PROBES in outcomes["path /v1/contacts: only GET"].reason
    assert outcomes["getContact: foreign-contact-invisible"].reason == (
        "off on this target: foreign_contact_is_invisible: it needs --foreign-contact-id (a contact of another project)"
    )
    assert outcomes["uniteContacts: merge-with-itself-is-refused"].reason.startswith(
        "off on this target: self_merge_is_refused: the write guard sends real servers only the planned merge"
    )
    assert outcomes["API: rate-limit"].reason.startswith("not checked: checking it means going over the limit")
    assert outcomes["getContact: token-required"].reason == (
        "no successful answer from a real server or request without a required header, to a real server was seen"
    )


def test_a_field_the_write_guard_pins_is_said_to_be_pinned() -> None:
    state = RunState(DOCUMENT, live=True, strict_validation=True)
    pinned = {("body", "name"): "one value only", ("path", "contactId"): "only allowed ids (--contact-ids)"}
    outcomes = _outcomes(_coverage(state, pinned={"fireContactEvent": pinned}))
    assert outcomes["fireContactEvent body name: minLength 1"].reason == (
        "the write guard sends real servers one value only in `name`"
    )
    assert outcomes["fireContactEvent path contactId: minimum 1"].reason == (
        "the write guard sends real servers only allowed ids (--contact-ids) in `contactId`"
    )
    assert outcomes["fireContactEvent body: required name"].reason == "no request broke it"
