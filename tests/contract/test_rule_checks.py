"""Each check written for a rule that had none catches the catalogued fault that breaks the rule
(sandbox/faults/), and passes the reference sandbox, judging the rule there (in process: one
request, one check)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from contract_tests.checks import envelope, forms, lifecycle, merge, rate_limit, requests, run_state, update, views
from contract_tests.checks.registry import Check
from sandbox import Response, SandboxApp, SandboxConfig
from sandbox.faults import FAULTS, Deviation, with_faults
from sandbox.faults.deviation import Headers
from tests.contract.check_harness import harness
from tests.contract.variants import UnknownContactAs400Sandbox


@dataclass(frozen=True)
class Breach:
    fault: str  # the catalogued fault that breaks the rule
    check: Check
    request: tuple[str, str, dict[str, Any]]  # method, path, parts of the case
    found: str  # what the failure says
    rule: str  # the rule the check judges on the request

    def __str__(self) -> str:
        return self.fault

    def app(self) -> SandboxApp:
        return with_faults({self.fault})(SandboxConfig(rate_limit=False))


def _contact(path: str = "", contact: int = 1001, **parts: Any) -> tuple[str, dict[str, Any]]:
    return f"/v1/contacts/{{contactId}}{path}", {"path_parameters": {"contactId": contact}, **parts}


CREATION = ("POST", "/v1/channels/{channelId}/gates", {
    "path_parameters": {"channelId": 15}, "body": {"identifier": "380931112233", "firstName": "Marta"}})  # fmt: skip
MERGE = ("POST", "/v1/contacts/{contactId}/unite/{targetContactId}",
         {"path_parameters": {"contactId": 1001, "targetContactId": 1002}})  # fmt: skip
UNKNOWN_CONTACT = ("GET", *_contact(contact=999_999))
BREACHES = [
    Breach("error-code-mismatch", envelope.error_code_is_the_status, UNKNOWN_CONTACT,
           "error.code is 400, but the answer's status is 404", "error-code-is-the-status"),
    Breach("error-message-with-trace", envelope.error_code_is_the_status, UNKNOWN_CONTACT,
           "error.message is 3 lines, not one", "error-message-is-one-line"),
    Breach("update-answers-state-false", update.update_answers_state_true,
           ("PUT", *_contact(body={"values": {"city": "Odesa", "email": "not-an-email"}})),
           "a processed update answered state False, not true", "update-answers-state-true"),
    Breach("chat-of-unknown-contact", lifecycle.unknown_contact_is_not_found, ("GET", *_contact("/chat")),
           "which exists nowhere, answered 200, not 404", "unknown-contact-is-not-found"),
    Breach("unknown-channel-answers-409", lifecycle.unknown_channel_is_not_found, CREATION,
           "which exists nowhere, answered 409, not 404", "unknown-channel-is-not-found"),
    Breach("creation-on-any-channel", lifecycle.only_whatsapp_channels_create_contacts, CREATION,
           "which is not a WhatsApp channel, answered 200, not 409", "creation-only-on-whatsapp"),
    Breach("self-merge-accepted", merge.self_merge_is_refused, MERGE,
           "merging contact 1001 with itself answered 200, not 409", "merge-with-itself-is-refused"),
    Breach("refused-merge-removes-target", merge.merge_follows_the_rule,
           ("POST", MERGE[1], {"path_parameters": {"contactId": 999_999, "targetContactId": 1002}}),
           "was refused (404), but the target 1002 answers 404", "merge-is-all-or-nothing"),
    Breach("merge-drops-target-gates", merge.merge_follows_the_rule, MERGE,
           "did not move to the contact", "merge-moves-gates"),
    Breach("delete-leaves-chat", lifecycle.deleted_contact_is_gone, ("DELETE", *_contact(contact=1003)),
           "answers 200 to getContactChat after it was deleted", "deleted-contact-is-gone"),
    Breach("tenancy-leak-in-info", views.foreign_contact_is_invisible, ("GET", *_contact("/info")),
           "getContactInfo of contact", "foreign-contact-invisible"),
    Breach("chat-name-is-first-name", views.chat_shows_its_contact, ("GET", *_contact("/chat")),
           "the chat's name is 'Olena', the contact's fullName 'Olena Kovalenko'", "chat-name-is-the-full-name"),
    Breach("full-name-without-last-name", forms.full_name_joins_the_names, ("GET", *_contact()),
           "fullName 'Olena' lacks ['Kovalenko']", "full-name-joins-the-names"),
    Breach("dates-in-iso-8601", forms.dates_and_colours_have_their_form, ("GET", *_contact()),
           "not YYYY-MM-DD HH:MM:SS", "dates-have-the-documented-form"),
    Breach("tag-colour-with-hash", forms.dates_and_colours_have_their_form, ("GET", *_contact()),
           "tags[0].color is '#ffb300', not six hexadecimal digits", "tag-colour-has-the-documented-form"),
    Breach("gate-ids-beyond-int64", forms.integers_fit_their_format, ("GET", *_contact("/gates")),
           "beyond int64", "body format int64"),
    Breach("info-adds-variables-array", views.simple_view_matches_contact, ("GET", *_contact("/info")),
           "key 'variables' holds a list", "simple-view-has-no-variables-array"),
    Breach("rate-limit-header-per-hour", rate_limit.requests_left_stay_within_the_limit, ("GET", "/v1/contacts", {}),
           "X-Rate-Limit is 10800, more than the 180 requests a minute", "rate-limit-header-counts-requests-left"),
    Breach("body-of-any-media-type", requests.other_media_types_are_refused,
           ("PUT", *_contact(body='{"values": {"city": "Lviv"}}', media_type="text/plain")),
           "a body sent as 'text/plain', not application/json, was accepted (200)", "request media type"),
]  # fmt: skip


def _foreign(app: SandboxApp) -> int:
    return int(app.store.contact_sample(app.projects[1], 1).first_ids[0])


@pytest.mark.parametrize("breach", BREACHES, ids=str)
def test_the_check_catches_the_server_that_breaks_the_rule(breach: Breach) -> None:
    app = breach.app()
    method, path, parts = breach.request
    with harness(app, foreign_contact_id=_foreign(app)) as running:
        verdict = running.check(breach.check, method, path, **parts)
    assert any(breach.found in failure for failure in verdict.failures), verdict.failures
    assert breach.rule in verdict.judged


@pytest.mark.parametrize("breach", BREACHES, ids=str)
def test_the_reference_sandbox_passes_and_the_rule_is_judged(breach: Breach) -> None:
    app = SandboxApp(SandboxConfig(rate_limit=True))  # with its rate limit: it sends X-Rate-Limit
    method, path, parts = breach.request
    with harness(app, foreign_contact_id=_foreign(app)) as running:
        verdict = running.check(breach.check, method, path, **parts)
    assert verdict.failures == []
    assert breach.rule in verdict.judged


@pytest.mark.parametrize("breach", [breach for breach in BREACHES if breach.request[0] == "GET"], ids=str)
def test_on_a_live_target_the_check_still_catches_what_reads_show(
    breach: Breach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_state, "LIVE_READ_AGAIN_AFTER", (0.0,))  # a lagging replica is not what is tested here
    app = breach.app()
    method, path, parts = breach.request
    with harness(app, live=True, foreign_contact_id=_foreign(app)) as running:
        verdict = running.check(breach.check, method, path, **parts)
    assert any(breach.found in failure for failure in verdict.failures), verdict.failures


def test_an_unknown_contact_may_answer_400_on_a_live_target_but_not_on_the_sandbox() -> None:
    path, parts = _contact("/chat")
    for live, failed in ((True, False), (False, True)):
        with harness(UnknownContactAs400Sandbox(SandboxConfig(rate_limit=False)), live=live) as running:
            verdict = running.check(lifecycle.unknown_contact_is_not_found, "GET", path, **parts)
        assert bool(verdict.failures) is failed, verdict.failures


def test_on_a_live_target_the_checks_that_write_where_the_guard_forbids_send_nothing() -> None:
    """A real server is not sent a merge of a contact with itself, a creation on an unknown or a
    Telegram channel, or a write to a contact that exists nowhere: those checks do not apply."""
    cases: list[tuple[Check, tuple[str, str, dict[str, Any]]]] = [
        (merge.self_merge_is_refused, MERGE),
        (lifecycle.unknown_channel_is_not_found, CREATION),
        (lifecycle.only_whatsapp_channels_create_contacts, CREATION),
        (lifecycle.unknown_contact_is_not_found, ("PUT", *_contact(body={"values": {"city": "Lviv"}}))),
    ]
    for check, (method, path, parts) in cases:
        with harness(SandboxApp(SandboxConfig(rate_limit=False)), live=True) as running:
            case = running.case(method, path, **parts)
            answer = case.call()
            sent_before = answer.status_code
            verdict = running.judge(check, case, answer)
        assert sent_before in (200, 201)
        assert (verdict.failures, verdict.judged) == ([], set()), check.__name__


class RetryAfterInMilliseconds(Deviation):
    """Locks the token out at once, and counts Retry-After in milliseconds (a 429 at once would fail
    every run, so it is no catalogued fault: this test gives the check its one answer)."""

    def respond(self, method: str, path: str, query: bytes, headers: Headers, body: bytes | None) -> Response:
        too_many = b'{"error": {"code": 429, "message": "Too many requests"}}'
        return Response(429, too_many, [(b"content-type", b"application/json"), (b"retry-after", b"60000")])


def test_a_retry_after_beyond_the_longest_lockout_is_caught_and_a_429_is_not_judged_on_live_targets() -> None:
    with harness(RetryAfterInMilliseconds(SandboxConfig(rate_limit=False))) as running:
        verdict = running.check(rate_limit.retry_after_stays_within_the_longest_lockout, "GET", "/v1/contacts")
    assert verdict.failures == ["Rate limit header out of its range: Retry-After is 60000, longer than the longest "
                                "lock-out (720 s, an inferred rule)"]  # fmt: skip
    assert verdict.judged == {"retry-after-counts-down-the-lockout"}
    with harness(RetryAfterInMilliseconds(SandboxConfig(rate_limit=False)), live=True) as running:
        envelope_verdict = running.check(envelope.error_code_is_the_status, "GET", "/v1/contacts")
    assert (envelope_verdict.failures, envelope_verdict.judged) == ([], set())  # a real server's 429 proves nothing


def test_every_fault_that_breaks_a_rule_has_its_breach() -> None:
    """A catalogued fault whose summary names the rule it breaks is proven against that rule's check here."""
    breaking = {fault.name for fault in FAULTS.values() if "(breaks: " in fault.summary}
    assert breaking == {breach.fault for breach in BREACHES}
