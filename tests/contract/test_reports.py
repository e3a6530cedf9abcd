"""What scripts/conform reports, against a correct and a broken sandbox."""

from __future__ import annotations

import io
import json
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

import openapi_document
from contract_tests.checks.merge import merged_variable_problem
from contract_tests.checks.search import holds
from contract_tests.checks.update import clearly_invalid, clearly_valid
from contract_tests.runner import replay_command
from contract_tests.runner.reporting import ConformanceReporter, TestOutcome, failure_summary
from contract_tests.suite.connection import failed_request, lost_connection, only_connection_errors
from sandbox import Response, SandboxConfig
from sandbox.testing import running_sandbox
from tests.contract.conftest import SMALL_RUN, ConformRun, RecordingSandbox, requests_of, run_conform

DOCUMENT = openapi_document.load()


@pytest.mark.slow
def test_a_broken_sandbox_fails_the_run_with_a_readable_report(tmp_path: Path) -> None:
    run = run_conform(tmp_path, "--sandbox-fault", "update-not-persisted", "-k", "updateContact or PUT", *SMALL_RUN)
    assert run.status == 1, run.output
    assert "Update not visible on the next read" in run.output
    assert "does not show the updated firstName='Conform' (reads 'Olena')" in run.output  # the smoke test
    assert "does not show the updated firstName='Olenka'" in run.output  # the document's example
    assert "Reproduce with:" in run.output
    assert """curl -X PUT -H "Authorization: Bearer $SMARTSENDER_TOKEN" """ in run.output  # runs as pasted
    assert "[Filtered]" not in run.output
    assert "Result: the target does NOT conform" in run.output
    assert "Replay with: scripts/conform --seed" in run.output
    report = ET.parse(tmp_path / "reports" / "junit.xml").getroot()  # noqa: S314 (our own report)
    assert report.get("failures") == "2"
    failures = {case.get("name"): case.find("failure") for case in report.iter("testcase")}
    failed = [name for name, failure in failures.items() if failure is not None]
    assert failed == ["operation answers a valid request: updateContact", "PUT /v1/contacts/{contactId}"]
    smoke = failures["operation answers a valid request: updateContact"]
    assert smoke is not None
    assert smoke.get("message", "").startswith("ST901 Update not visible on the next read")


class SlowSandbox(RecordingSandbox):
    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        time.sleep(0.1)
        return super().respond(method, path, query_string, headers, body)


@pytest.mark.slow
def test_a_long_test_reports_its_progress_while_it_runs(tmp_path: Path) -> None:
    with running_sandbox(app=SlowSandbox(SandboxConfig(rate_limit=False))) as server:
        run = run_conform(
            tmp_path, "--base-url", server.base_url, "-k", "chat", *SMALL_RUN, "--progress-every", "1",
            token=server.token,
        )  # fmt: skip
    assert run.status == 0, run.output
    progress = [line for line in run.output.splitlines() if "cases so far" in line]
    # Any long test reports (on a loaded machine the smoke request of the chat may, too): the fuzzing of the chat must.
    assert any(line.strip().startswith("... GET /v1/contacts/{contactId}/chat: ") for line in progress), run.output


def test_a_short_token_is_masked_where_it_stands_alone_and_a_long_one_everywhere() -> None:
    short = ConformanceReporter(token="x")
    assert short.mask("exception for token x in 'Bearer x'") == "exception for token *** in 'Bearer ***'"
    long = ConformanceReporter(token="abcdef0123456789")
    assert long.mask("Bearer%20abcdef0123456789 and xabcdef0123456789x") == "Bearer%20*** and x***x"


def test_the_junit_message_is_the_failure_not_the_curl_line() -> None:
    details = (
        "Schemathesis found 1 distinct failure\n\n- ST901 Merge does not follow the union rule\n\n"
        "    merging 1002 into 1001\n\nReproduce with:\n\n    curl -X POST http://testserver/v1/contacts/1001/unite/1002"
    )
    assert failure_summary(details) == "ST901 Merge does not follow the union rule"
    assert failure_summary("def test():\n>   assert 1 == 2\nE   AssertionError: 401 to a valid request\nfile.py:3") == (
        "AssertionError: 401 to a valid request"
    )


@pytest.mark.slow
def test_a_correct_sandbox_conforms_and_every_operation_reaches_every_phase(tmp_path: Path) -> None:
    run = run_conform(tmp_path, *SMALL_RUN, "--stateful-examples", "100")
    assert run.status == 0, run.output
    rows = [line for line in run.output.splitlines() if line.startswith(("GET ", "PUT ", "POST ", "DELETE "))]
    assert len(rows) == 24
    assert all(line.split()[2] == "ECFS" for line in rows), rows
    assert "Result: the target conforms" in run.output
    _the_rule_coverage_is_reported(run)


def _the_rule_coverage_is_reported(run: ConformRun) -> None:
    """The table after the operations', the JSON summary and the JUnit properties carry the same figures."""
    summary = json.loads((run.folder / "reports" / "rule-coverage.json").read_text(encoding="utf-8"))
    totals = summary["totals"]
    assert totals["rules"] == len(DOCUMENT.rules) == len(summary["rules"])
    assert 0 < totals["verified"] <= totals["exercised"] < totals["rules"]
    assert set(summary["kinds"]) == set(openapi_document.KINDS)
    assert sum(kind["rules"] for kind in summary["kinds"].values()) == totals["rules"]
    lines = run.output.splitlines()
    coverage = lines[next(i for i, line in enumerate(lines) if line.startswith("rules of the document")) :]
    total_row = next(line for line in coverage if line.startswith("total  "))
    assert total_row.split()[1:3] == [str(totals["rules"]), str(totals["exercised"])]
    assert f"never exercised: {totals['rules'] - totals['exercised']} rules, by reason" in run.output
    rules = {rule["id"]: rule for rule in summary["rules"]}
    assert rules["listContacts query limitation: maximum 20"]["verified"]  # a request that broke it was refused
    assert rules["getContact: error-code-is-the-status"]["verified"]
    assert rules["uniteContacts 409 body error.code: type integer"]["verified"]  # a self-merge's answer
    assert rules["listContacts 429 body: type object"]["reason"] == "no 429 answer was seen"
    report = ET.parse(run.folder / "reports" / "junit.xml").getroot()  # noqa: S314 (our own report)
    properties = {item.get("name"): item.get("value") for item in report.iter("property")}
    assert properties["rules"] == str(totals["rules"])
    assert properties["rules.verified"] == str(totals["verified"])
    assert properties["rules.operation.listContacts.verified"] == str(summary["operations"]["listContacts"]["verified"])
    assert properties["rules.kind.media-type"] == str(summary["kinds"]["media type"]["rules"])


@pytest.mark.slow
def test_a_run_below_the_rule_coverage_it_asks_for_fails_and_says_so(tmp_path: Path) -> None:
    run = run_conform(tmp_path, "-k", "valid and listContacts", "--min-rule-coverage", "50", *SMALL_RUN)
    assert run.status == 1, run.output
    assert "Result: the target conforms, in " in run.output
    assert "Rule coverage too low: the run verified " in run.output
    assert "of the document's rules (" in run.output and "below --min-rule-coverage 50." in run.output
    assert [failure.split(":", 1)[0] for failure in run.junit_failures or []] == ["rule coverage"]
    summary = json.loads((tmp_path / "reports" / "rule-coverage.json").read_text(encoding="utf-8"))
    assert (summary["min_rule_coverage"], summary["meets_min_rule_coverage"]) == (50, False)


def test_merged_variables_accept_a_default_replaced_by_the_targets_value() -> None:
    assert merged_variable_problem(None, "Odesa", "Odesa") is None
    assert merged_variable_problem("uk", "en", "en") is None  # "uk" may be the variable's default
    assert merged_variable_problem("Kyiv", None, "Kyiv") is None
    assert (
        merged_variable_problem(None, "Odesa", None)
        == "the contact had none, the target 'Odesa', the merged contact shows None"
    )
    assert merged_variable_problem("Kyiv", None, "Lviv") is not None
    assert merged_variable_problem("Kyiv", "Odesa", "Lviv") is not None


def test_only_unambiguous_values_are_judged() -> None:
    assert clearly_valid(DOCUMENT, "email", "olena@example.com")
    assert not clearly_valid(DOCUMENT, "email", "Olena@Example.com")  # a server may lower-case it
    assert not clearly_valid(DOCUMENT, "firstName", " Olena")  # a server may trim it
    assert clearly_valid(DOCUMENT, "lastName", None)
    assert clearly_invalid("email", "not-an-email")
    assert clearly_invalid("phone", "call me")
    assert not clearly_invalid("phone", "0501234567")  # a server may accept national numbers


class ThrottlingSandbox(RecordingSandbox):
    """Answers every `every`-th request with 429, as a limiter shared with another client would.
    The vendor limits per token, so only requests that carry the project's token are counted."""

    def __init__(self, config: SandboxConfig, every: int) -> None:
        super().__init__(config)
        self.every = every
        self.counted = 0

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if (b"authorization", f"Bearer {self.projects[0].token}".encode()) not in headers:
            return answer
        self.counted += 1
        if self.counted > 1 and self.counted % self.every == 0:
            return Response(429, b'{"message": "Too Many Attempts."}', [(b"content-type", b"application/json")])
        return answer


@pytest.mark.slow
def test_a_run_that_was_mostly_rate_limited_is_not_called_conforming(tmp_path: Path) -> None:
    with running_sandbox(app=ThrottlingSandbox(SandboxConfig(rate_limit=False), every=5)) as server:
        run = run_conform(
            tmp_path, "--base-url", server.base_url, "-k", "contacts and not valid", *SMALL_RUN, token=server.token
        )
    assert run.status == 1, run.output
    assert "answers were 429 (" in run.output
    assert "the run fails (at most 5% may be)" in run.output
    assert "Result: the target could not be checked: too many answers were 429" in run.output
    failures = run.junit_failures or []
    assert failures[-1].startswith("the run as a whole: The target could not be checked: too many answers were 429")


def test_the_replay_command_repeats_the_options_without_the_token() -> None:
    argv = ["--base-url", "http://x", "--token", "secret", "--seed", "7", "-k", "list and not valid", "--token=s2"]
    assert replay_command(argv, 42) == "scripts/conform --seed 42 --base-url http://x -k 'list and not valid'"


@pytest.mark.slow
def test_a_few_429_answers_are_counted_but_do_not_fail_the_run(tmp_path: Path) -> None:
    with running_sandbox(app=ThrottlingSandbox(SandboxConfig(rate_limit=False), every=30)) as server:
        run = run_conform(tmp_path, "--base-url", server.base_url, *SMALL_RUN, token=server.token)
    assert run.status == 0, run.output
    assert "answers were 429 (3%), so those requests checked nothing; the run still counts" in run.output


class EmptyDefaultPageSandbox(RecordingSandbox):
    """Keeps the cursor but sends no items when a list request leaves `limitation` out."""

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if method == "GET" and path == "/v1/contacts" and b"limitation" not in query_string and answer.status == 200:
            page = json.loads(answer.body)
            return Response(200, json.dumps({**page, "collection": []}).encode(), answer.headers)
        return answer


@pytest.mark.slow
def test_empty_pages_before_the_last_are_caught_without_a_limitation(tmp_path: Path) -> None:
    with running_sandbox(app=EmptyDefaultPageSandbox(SandboxConfig(rate_limit=False))) as server:
        run = run_conform(tmp_path, "--base-url", server.base_url, "-k", "contacts", *SMALL_RUN, token=server.token)
    assert run.status == 1, run.output
    assert "page 1 of 2 is empty" in run.output


def test_search_results_are_judged_by_the_contacts_own_values() -> None:
    contact = {
        "id": 1001,
        "fullName": "Olena Kovalenko",
        "email": "olena@example.com",
        "photo": "https://cdn.example/the-photo.jpg",
        "tags": [{"id": 31, "name": "VIP"}],
        "variables": [{"name": "city", "value": "Kyiv", "description": "the city"}, {"name": "n", "value": 12}],
    }
    assert all(holds(contact, term) for term in ("kovalenko", "OLENA@", "vip", "kyiv", "12", "Lviv or Kyiv"))
    assert not any(holds(contact, term) for term in ("the", "cdn", "1001", "city", "photo"))


def test_a_term_of_short_words_proves_nothing_and_one_token_is_judged_whole() -> None:
    contact = {"id": 1, "email": "olena@example.com"}
    assert holds(contact, "a b")  # a full-text search may match either word
    assert holds(contact, "example.com")  # split at the dot, "example" is held
    assert not holds(contact, "zq0123456789abcdef")


@pytest.mark.slow
def test_a_target_that_stops_answering_stops_the_run_with_one_line_per_failure(tmp_path: Path) -> None:
    with ThreadPoolExecutor(1) as worker:
        with running_sandbox(app=RecordingSandbox(SandboxConfig(rate_limit=False))) as server:
            base_url = server.base_url
            options = ["--base-url", base_url, "--max-rate", "100000", "--deterministic"]
            run_started = worker.submit(run_conform, tmp_path, *options, token=server.token)
            deadline = time.monotonic() + 120
            while len(requests_of(server)) < 60 and time.monotonic() < deadline:
                time.sleep(0.01)
        run = run_started.result()  # the server is gone: the run must notice and stop
    assert run.status == 1, run.output
    assert f"a request failed: GET {base_url}/v1/" in run.output
    assert "Traceback" not in run.output
    assert (
        f"Result: the target could not be checked: it stopped answering ({base_url} (Connection refused)), "
        "so the run stopped, in "
    ) in run.output


def test_a_test_that_sends_nothing_for_a_while_says_why_it_may_wait() -> None:
    out = io.StringIO()
    reporter = ConformanceReporter(token="t", out=out, heartbeat_seconds=0, throttle="150 requests a minute")
    reporter._current = TestOutcome("GET /v1/contacts")  # as pytest_runtest_setup sets it
    reporter._started = time.monotonic()
    reporter.heartbeat()
    expected = (
        "GET /v1/contacts: 0 cases so far, 0 s (none since the last line: throttled to 150 requests a minute, "
        "or waiting for an answer)"
    )
    assert out.getvalue().rstrip().endswith(expected)


def test_a_failed_connection_beside_real_findings_does_not_hide_them() -> None:
    reset = requests.ConnectionError(("Connection aborted.", ConnectionResetError(104, "Connection reset by peer")))
    finding = AssertionError("ST901 Update not visible on the next read")
    assert only_connection_errors(ExceptionGroup("Schemathesis found 2 distinct failures", [reset, reset]))
    assert not only_connection_errors(ExceptionGroup("Schemathesis found 2 distinct failures", [finding, reset]))
    assert lost_connection(ExceptionGroup("found", [finding, reset])) is reset
    assert failed_request(reset) == "Connection reset by peer"  # the operating system's words
