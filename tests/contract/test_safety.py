"""The safety rules of runs against servers other than the embedded sandbox."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
import requests

import openapi_document
from contract_tests.runner.options import parser, settings_from
from contract_tests.settings import MESSAGE_TEXT, RunSettings, SettingsError
from contract_tests.suite.safety import WriteGuard
from openapi_document import DEFAULT_SPEC_PATH
from sandbox import SandboxConfig
from sandbox.faults import with_faults
from sandbox.testing import RunningSandbox, running_sandbox
from tests.contract.conftest import SMALL_RUN, RecordingSandbox, refuse, requests_of, run_conform
from tests.contract.variants import EmptyEventNameSandbox

WRITES = {"PUT", "POST", "DELETE", "PATCH"}


@pytest.mark.slow
def test_a_default_run_against_a_server_sends_no_write(recording_server: RunningSandbox, tmp_path: Path) -> None:
    run = run_conform(tmp_path, "--base-url", recording_server.base_url, *SMALL_RUN, token=recording_server.token)
    assert run.status == 0, run.output
    assert "read-only" in run.output
    methods = {method for method, _ in requests_of(recording_server)}
    assert methods == {"GET"}, methods
    assert len(requests_of(recording_server)) > 100
    read = {path.rsplit("/", 1)[-1] for _, path in requests_of(recording_server)}
    assert {"tags", "funnels", "notes", "messages", "checkout"} <= read  # the new reads are in the run


@pytest.mark.slow
def test_writes_touch_only_the_allowed_ids(recording_server: RunningSandbox, tmp_path: Path) -> None:
    app = recording_server.app
    assert isinstance(app, RecordingSandbox)
    project = app.projects[0]
    contacts_before = app.store.contact_page(project, 1, 1).pages
    run = run_conform(
        tmp_path, "--base-url", recording_server.base_url, "--allow-writes", "--contact-ids", "1003,1004",
        "--channel-ids", "15", "--event-name", "Ping", *SMALL_RUN, token=recording_server.token,
    )  # fmt: skip
    assert run.status == 0, run.output
    assert "firing only the event 'Ping'" in run.output
    fired = [event.name for contact in (1003, 1004) for event in app.store.fired_events(project, contact)]
    assert fired, "the run fired no event"
    assert set(fired) == {"Ping"}
    # every creation names the same messenger user, so at most one contact is new
    assert app.store.contact_page(project, 1, 1).pages - contacts_before == 1
    writes = [(method, path) for method, path in requests_of(recording_server) if method in WRITES]
    # no merge, no delete of a contact (not --allow-destructive); the deletes are of the run's notes
    assert {method for method, _ in writes} == {"PUT", "POST", "DELETE"}
    assert all("/notes/" in path for method, path in writes if method == "DELETE")
    allowed = {
        "/v1/contacts/1003",
        "/v1/contacts/1004",
        "/v1/contacts/1003/fire",
        "/v1/contacts/1004/fire",
        "/v1/channels/15/gates",
    }
    others = {path for _, path in writes} - allowed  # notes only, of the allowed contacts
    assert all(re.fullmatch(r"/v1/contacts/100[34]/notes(/[^/]+)?", path) for path in others), others
    assert len(writes) > 20
    # no --tag-ids, --funnel-keys or --send-messages: no tag, funnel or message is written
    assert not [path for _, path in writes if "/tags/" in path or "/funnels/" in path or path.endswith("/send")]
    assert "leaves tags alone (no --tag-ids" in run.output
    assert "sends no message (no --send-messages" in run.output


@pytest.mark.slow
def test_the_token_is_in_no_output_and_no_file(tmp_path: Path) -> None:
    faults = {"contact-id-as-string", "update-not-persisted"}
    app = with_faults(faults, RecordingSandbox)(SandboxConfig(rate_limit=False))
    with running_sandbox(app=app) as server:
        run = run_conform(
            tmp_path,
            "--base-url",
            server.base_url,
            *SMALL_RUN,
            "--allow-writes",
            "--contact-ids",
            "1001,1002",
            token=server.token,
        )
    assert run.status == 1, run.output  # there were failures to report, curl commands included
    assert "Reproduce with" in run.output
    assert server.token not in run.output
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert tmp_path / "reports" / "junit.xml" in written
    for path in written:
        assert server.token.encode() not in path.read_bytes(), f"{path} holds the token"


@pytest.mark.slow
def test_a_rejected_token_fails_the_run_after_one_request(recording_server: RunningSandbox, tmp_path: Path) -> None:
    run = run_conform(tmp_path, "--base-url", recording_server.base_url, *SMALL_RUN, token="not-the-token")
    assert run.status == 1
    assert "error: the target refuses the token (401 to GET /v1/contacts)" in run.output
    assert requests_of(recording_server) == [("GET", "/v1/contacts")]


@pytest.mark.slow
def test_one_allowed_contact_is_enough_and_an_unknown_one_is_refused_up_front(
    recording_server: RunningSandbox, tmp_path: Path
) -> None:
    base = ["--base-url", recording_server.base_url, "--allow-writes", *SMALL_RUN]
    single = run_conform(tmp_path, *base, "--contact-ids", "1003", token=recording_server.token)
    assert single.status == 0, single.output
    unknown = run_conform(tmp_path, *base, "--contact-ids", "1003,999999", token=recording_server.token)
    assert unknown.status == 2
    assert "error: contact 999999 of --contact-ids answers 404: give ids of contacts the token can read" in (
        unknown.output
    )


@pytest.mark.slow
def test_a_base_url_that_misses_the_api_is_refused_with_advice(
    recording_server: RunningSandbox, tmp_path: Path
) -> None:
    run = run_conform(tmp_path, "--base-url", f"{recording_server.base_url}/v1", *SMALL_RUN, token="t")
    assert run.status == 2
    assert f"answers 404: --base-url is the API's root, try {recording_server.base_url}\n" in run.output
    assert requests_of(recording_server) == [("GET", "/v1/v1/contacts")]
    elsewhere = run_conform(tmp_path, "--base-url", f"{recording_server.base_url}/api", *SMALL_RUN, token="t")
    assert elsewhere.status == 2
    assert "/api/v1/contacts answers 404: --base-url is the API's root, e.g. https://api.smartsender.com" in (
        elsewhere.output
    )


def test_an_unreachable_target_is_one_line_not_a_run_and_replaces_an_older_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "junit.xml").write_text('<testsuite failures="0"><testcase name="green"/></testsuite>')
    run = refuse(tmp_path, monkeypatch, capsys, "--base-url", "http://127.0.0.1:1", *SMALL_RUN, token="t")
    assert run.status == 2
    message = "cannot reach http://127.0.0.1:1 (Connection refused); check --base-url and the network"
    assert run.output.strip().splitlines() == [f"scripts/conform: error: {message}"]
    assert run.junit_failures == [f"the run could not start: {message}"]  # CI must not publish the old report


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--base-url", "http://127.0.0.1:1"], "a token is needed with a base URL"),
        (
            ["--base-url", "ftp://example.com", "--token", "t"],
            "--base-url (SMARTSENDER_BASE_URL) must be an http(s) URL",
        ),
        (["--base-url", "http://127.0.0.1:1", "--token", "t", "--allow-writes"], "--allow-writes needs --contact-ids"),
        (["--base-url", "http://127.0.0.1:1", "--token", "t", "--contact-ids", "1"], "only apply with --allow-writes"),
        (["--base-url", "http://127.0.0.1:1", "--token", "t", "--event-name", "E"], "only apply with --allow-writes"),
        (["--base-url", "http://127.0.0.1:1", "--token", "t", "--tag-ids", "31"], "only apply with --allow-writes"),
        (
            ["--base-url", "http://127.0.0.1:1", "--token", "t", "--send-messages"],
            "--send-messages and --allow-destructive only apply with --allow-writes",
        ),
        (
            [
                "--base-url",
                "http://127.0.0.1:1",
                "--token",
                "t",
                "--allow-writes",
                "--contact-ids",
                "1",
                "--tag-ids",
                "31,a",
            ],
            "--tag-ids (SMARTSENDER_TAG_IDS) must be comma-separated ids like 12,34,56, not '31,a'",
        ),
        (
            [
                "--base-url",
                "http://127.0.0.1:1",
                "--token",
                "t",
                "--allow-writes",
                "--contact-ids",
                "1",
                "--funnel-keys",
                "7301,a/b",
            ],
            "--funnel-keys (SMARTSENDER_FUNNEL_KEYS) must be comma-separated keys of letters, digits",
        ),
        (["--send-messages"], "--send-messages (SMARTSENDER_SEND_MESSAGES): only for a --base-url target"),
        (
            [
                "--base-url",
                "http://127.0.0.1:1",
                "--token",
                "t",
                "--allow-writes",
                "--contact-ids",
                "1",
                "--event-name",
                " ",
            ],
            "--event-name (SMARTSENDER_EVENT_NAME) must be the name of an event, not ' '",
        ),
        (
            ["--base-url", "http://127.0.0.1:1", "--token", "t", "--allow-writes", "--contact-ids", "x"],
            "--contact-ids (SMARTSENDER_CONTACT_IDS) must be comma-separated ids like 12,34,56, not 'x'",
        ),
        (  # roles go by position: a repeat would make the run delete another contact than the third
            ["--base-url", "http://127.0.0.1:1", "--token", "t", "--allow-writes", "--contact-ids", "6,7,6,8"],
            "--contact-ids (SMARTSENDER_CONTACT_IDS) must be ids listed once each (6 is repeated), not '6,7,6,8'",
        ),
        (
            ["--allow-writes", "--contact-ids", "1"],
            "--allow-writes (SMARTSENDER_ALLOW_WRITES), --contact-ids (SMARTSENDER_CONTACT_IDS): only for a --base-url",
        ),
        (["--channel-ids", "7"], "--channel-ids (SMARTSENDER_CHANNEL_IDS): only for a --base-url target"),
        (["--foreign-contact-id", "5"], "--foreign-contact-id (SMARTSENDER_FOREIGN_CONTACT_ID): only for a --base-url"),
        (
            ["--base-url", "http://127.0.0.1:1", "--token", "t", "--foreign-contact-id", "0"],
            "--foreign-contact-id (SMARTSENDER_FOREIGN_CONTACT_ID) must be a whole number of at least 1, not '0'",
        ),
        (
            ["--base-url", "http://127.0.0.1:1", "--token", "ab\ncd"],
            "--token (SMARTSENDER_TOKEN) must be visible ASCII",
        ),
        (
            ["--base-url", "http://127.0.0.1:1", "--token", "t\u043eken"],
            "a letter outside ASCII (a Cyrillic look-alike?)",
        ),
        (["--junit-xml", "."], "--junit-xml . is a folder: name a file in it, e.g. conformance.xml"),
        (["--rule-summary", "."], "--rule-summary . is a folder: name a file in it"),
        (["--min-rule-coverage", "85%"], "--min-rule-coverage must be a percentage from 0 to 100, e.g. 80 or 92.5"),
        (["--min-rule-coverage", "101"], "--min-rule-coverage must be a percentage from 0 to 100"),
        (["--sandbox-fault", "typo"], "unknown fault(s): typo"),
        (["--max-rate", "0"], "--max-rate (SMARTSENDER_MAX_RATE) must be a whole number of at least 1, not '0'"),
        (["--max-examples", "-3"], "--max-examples (SMARTSENDER_MAX_EXAMPLES) must be a whole number of at least 1"),
        (["--max-rate"], "argument --max-rate: expected one argument"),
        (["--spec", "missing.yaml"], "cannot read the OpenAPI document"),
    ],
)
def test_wrong_options_are_refused_before_anything_is_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], arguments: list[str],
    message: str,
) -> None:  # fmt: skip
    run = refuse(tmp_path, monkeypatch, capsys, *arguments)
    assert run.status == 2
    assert message in run.output
    assert "t\u043eken" not in run.output and "ab\ncd" not in run.output  # a token is never shown
    if arguments[0] == "--junit-xml":
        return  # no report where none can be written
    (failure,) = run.junit_failures or ["no report"]  # a refused run replaces an older, green report
    assert failure.startswith("the run could not start: ")
    assert message in failure


DOCUMENT = openapi_document.load(DEFAULT_SPEC_PATH)
JSON = "application/json"


def _guard(**settings: Any) -> WriteGuard:
    return WriteGuard(dataclasses.replace(RunSettings(base_url="https://api.example", token="t"), **settings), DOCUMENT)


def test_the_guard_refuses_writes_of_a_read_only_run_and_allows_reads() -> None:
    guard = _guard()
    assert guard.refusal("GET", "https://api.example/v1/contacts/5") is None
    assert "read-only" in str(guard.refusal("PUT", "https://api.example/v1/contacts/5"))
    assert "read-only" in str(guard.refusal("PATCH", "https://api.example/v1/contacts"))


def test_the_guard_follows_the_base_url_path() -> None:
    guard = _guard(base_url="https://proxy.example/smartsender", allow_writes=True, contact_ids=(5,))
    assert guard.refusal("PUT", "https://proxy.example/smartsender/v1/contacts/5") is None
    assert (
        guard.refusal("PUT", "https://proxy.example/smartsender/v1/contacts/6") == "contact 6 is not in --contact-ids"
    )
    assert guard.refusal("PUT", "https://proxy.example/v1/contacts/5") == (
        "PUT /v1/contacts/5 is outside the base URL's path /smartsender"
    )
    quoted = _guard(base_url="https://proxy.example/smart%2Dsender", allow_writes=True, contact_ids=(5,))
    assert quoted.refusal("PUT", "https://proxy.example/smart-sender/v1/contacts/5") is None  # as requests sends it


def test_the_guard_allows_only_allow_listed_ids() -> None:
    guard = _guard(allow_writes=True, contact_ids=(5, 6), channel_ids=(7,))
    assert guard.refusal("PUT", "https://api.example/v1/contacts/5") is None
    assert guard.refusal("PUT", "https://api.example/v1/contacts/8") == "contact 8 is not in --contact-ids"
    for spelling in ("0_5", "%205", "%D9%A5", "05"):  # other ways of writing 5 that int() would accept
        assert guard.refusal("PUT", f"https://api.example/v1/contacts/{spelling}") is not None, spelling
    assert guard.refusal("POST", "https://api.example/v1/channels/7/gates") is None
    assert guard.refusal("POST", "https://api.example/v1/channels/9/gates") == "channel 9 is not in --channel-ids"
    assert "needs --allow-destructive" in str(guard.refusal("POST", "https://api.example/v1/contacts/5/unite/6"))
    assert "not a write operation" in str(guard.refusal("POST", "https://api.example/v1/contacts"))


def test_the_guard_refuses_any_other_valid_identifier_or_event_name_and_lets_invalid_ones_through() -> None:
    guard = _guard(allow_writes=True, contact_ids=(5,), channel_ids=(7,), event_name="Ping")
    create, fire = "https://api.example/v1/channels/7/gates", "https://api.example/v1/contacts/5/fire"
    assert guard.refusal("POST", create, b'{"identifier": "380000000001", "firstName": "A"}', JSON) is None
    assert guard.refusal("POST", create, b"not json", JSON) is None
    assert guard.refusal("POST", create, b'["380931112233"]', JSON) is None  # no field a server could read
    assert guard.refusal("POST", create, b'{"identifier": "380931112233", "firstName": "A"}', JSON) == (
        "createChannelGate may only send the identifier '380000000001' (the messenger identifier), not '380931112233'"
    )
    assert guard.refusal("POST", fire, '{"name": "Ping"}', JSON) is None
    assert guard.refusal("POST", fire, '{"name": "OrderPaid"}', JSON) == (
        "fireContactEvent may only send the name 'Ping' (the event name), not 'OrderPaid'"
    )
    assert "streamed body" in str(guard.refusal("POST", fire, iter([b'{"name": "OrderPaid"}']), JSON))
    # What the document refuses cannot reach an automation on a conforming server: it goes as it is,
    # and --strict-validation judges its acceptance.
    for invalid in (b'{"name": ""}', b'{"name": 0}', b"{}", b'{"name": ["Ping"]}'):
        assert guard.refusal("POST", fire, invalid, JSON) is None, invalid
        assert guard.let_through("POST", fire, invalid, JSON), invalid
    assert (
        guard.refusal("POST", create, b'{"identifier": 380931112233, "firstName": "A"}', JSON) is None
    )  # a wrong type
    assert guard.refusal("POST", create, b'{"firstName": "A"}', JSON) is None  # none at all
    assert guard.refusal("POST", create, b'{"identifier": 380931112233}', JSON) is not None  # no firstName either
    assert guard.let_through("POST", fire, b'{"name": "Ping"}', JSON) is None
    # invalid for another reason too: with the name in its place still refused, so the name is held to the rule
    assert guard.refusal("POST", fire, b'{"name": "OrderPaid", "unknown": 1}', JSON) is not None
    assert guard.refusal("POST", fire, b'{"name": ""}') is not None  # no media type: refused whatever the name


def test_the_guard_lets_a_destructive_run_remove_only_its_second_and_third_contact() -> None:
    guard = _guard(allow_writes=True, allow_destructive=True, contact_ids=(5, 6, 7, 8))
    assert guard.refusal("POST", "https://api.example/v1/contacts/5/unite/6") is None
    assert guard.refusal("POST", "https://api.example/v1/contacts/8/unite/6") is None
    assert guard.refusal("POST", "https://api.example/v1/contacts/5/unite/9") == "contact 9 is not in --contact-ids"
    assert guard.refusal("POST", "https://api.example/v1/contacts/6/unite/5") == (
        "uniteContacts may only merge away contact 6, the second of --contact-ids"
    )
    assert guard.refusal("POST", "https://api.example/v1/contacts/7/unite/6") == (
        "uniteContacts may only merge into a contact that outlives the run, not 7"
    )
    assert guard.refusal("DELETE", "https://api.example/v1/contacts/7") is None
    assert guard.refusal("DELETE", "https://api.example/v1/contacts/5") == (
        "deleteContact may only remove contact 7, the third of --contact-ids"
    )
    assert guard.refusal("PUT", "https://api.example/v1/contacts/6") is None  # harmless, if pointless once merged


def test_a_report_path_under_a_file_is_refused_before_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "report.xml").write_text("")
    run = refuse(tmp_path, monkeypatch, capsys, "--junit-xml", "report.xml/conformance.xml")
    assert run.status == 2
    assert "--junit-xml report.xml/conformance.xml cannot be written: report.xml is not a folder" in run.output


def test_settings_read_the_environment() -> None:
    settings = RunSettings.from_environment(
        {
            "SMARTSENDER_BASE_URL": "https://api.example/",
            "SMARTSENDER_TOKEN": " t0k3n\r\n",  # as read from a file with Windows line ends
            "SMARTSENDER_ALLOW_WRITES": "1",
            "SMARTSENDER_CONTACT_IDS": "12,34",
            "SMARTSENDER_MAX_RATE": "",
        }
    )
    assert (settings.base_url, settings.token, settings.contact_ids, settings.max_rate, settings.max_examples) == (
        "https://api.example",
        "t0k3n",
        (12, 34),
        150,
        5,
    )
    assert not settings.may_send("deleteContact", "DELETE")
    assert not settings.may_send("createChannelGate", "POST")
    assert settings.may_send("updateContact", "PUT")
    with pytest.raises(SettingsError, match=r"--allow-writes \(SMARTSENDER_ALLOW_WRITES\) must be 1 or 0"):
        RunSettings.from_environment({"SMARTSENDER_ALLOW_WRITES": "maybe"})
    with pytest.raises(SettingsError, match=r"--foreign-contact-id \(SMARTSENDER_FOREIGN_CONTACT_ID\): only for a"):
        RunSettings.from_environment({"SMARTSENDER_FOREIGN_CONTACT_ID": "7"})


def test_the_command_line_reads_only_the_base_url_and_the_token_from_the_environment() -> None:
    environment = {
        "SMARTSENDER_BASE_URL": "https://api.example",
        "SMARTSENDER_TOKEN": "t0k3n",
        "SMARTSENDER_ALLOW_WRITES": "1",  # a stale variable must not switch writes on
        "SMARTSENDER_CONTACT_IDS": "12",
        "SMARTSENDER_MAX_RATE": "7",
    }
    settings = settings_from(parser().parse_args([]), environment)
    assert (settings.base_url, settings.token, settings.allow_writes, settings.max_rate) == (
        "https://api.example", "t0k3n", False, 150,
    )  # fmt: skip
    chosen = settings_from(parser().parse_args(["--base-url", "https://other.example", "--token", "x"]), environment)
    assert (chosen.base_url, chosen.token) == ("https://other.example", "x")


def test_an_empty_base_url_chooses_the_embedded_sandbox_whatever_the_environment() -> None:
    environment = {"SMARTSENDER_BASE_URL": "https://api.example"}
    assert settings_from(parser().parse_args(["--base-url", ""]), environment).is_sandbox
    with pytest.raises(
        SettingsError, match=r"base URL \(https://api.example, from --base-url or SMARTSENDER_BASE_URL\)"
    ):
        settings_from(parser().parse_args([]), environment)


def test_every_option_has_one_description_in_the_table_of_settings() -> None:
    """--help lists every setting of the table once, with its help, and nothing else but --help."""
    from contract_tests.settings import SETTINGS  # noqa: PLC0415

    actions = [action for action in parser()._actions if action.dest != "help"]
    assert [(action.option_strings, action.help) for action in actions] == [
        ([setting.option], f"{setting.help} (repeatable)" if setting.repeatable else setting.help)
        for setting in SETTINGS
    ]
    variables = [setting.variable for setting in SETTINGS if setting.variable]
    assert len(variables) == len(set(variables))
    assert all(variable.startswith("SMARTSENDER_") for variable in variables)


@pytest.mark.slow
def test_wrong_allow_list_ids_get_a_hint_not_a_bare_failure(recording_server: RunningSandbox, tmp_path: Path) -> None:
    run = run_conform(
        tmp_path, "--base-url", recording_server.base_url, "--allow-writes", "--contact-ids", "1003",
        "--channel-ids", "11", "--foreign-contact-id", "1004", "-k", "valid and createChannelGate or another_project",
        *SMALL_RUN, token=recording_server.token,
    )  # fmt: skip
    assert run.status == 1, run.output
    assert "(check --channel-ids: 11 must be a channel of the token's project" in run.output  # a Telegram channel
    assert "contact 1004 of another project answered 200" in run.output
    assert "or --foreign-contact-id names a contact of the token's own project" in run.output
    assert "where" not in run.output  # no assertion rewriting around the messages


def test_an_option_argparse_refuses_also_replaces_an_older_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "junit.xml").write_text('<testsuite failures="0"><testcase name="green"/></testsuite>')
    (tmp_path / "reports" / "rule-coverage.json").write_text('{"totals": {"rules": 1, "verified": 1}}')
    run = refuse(tmp_path, monkeypatch, capsys, "--max-rate", "0", "--no-such-option")
    assert run.status == 2
    assert run.junit_failures == ["the run could not start: unrecognized arguments: --no-such-option"]
    summary = json.loads((tmp_path / "reports" / "rule-coverage.json").read_text(encoding="utf-8"))
    assert summary == {"result": "not checked: unrecognized arguments: --no-such-option", "totals": None}


def test_a_document_whose_x_rules_do_not_hold_is_refused_naming_the_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = DEFAULT_SPEC_PATH.read_text(encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(
        text.replace("quote: A token may send 180 requests a minute.", "quote: 9 a day")
    )
    run = refuse(tmp_path, monkeypatch, capsys, "--spec", "spec.yaml")
    assert run.status == 2
    problem = "/info/x-rules/rate-limit: the description beside it does not hold its quote '9 a day'"
    assert f"--spec: {tmp_path / 'spec.yaml'}: {problem}" in run.output


def test_a_document_the_embedded_sandbox_cannot_serve_is_refused_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "spec.yaml").write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    run = refuse(tmp_path, monkeypatch, capsys, "--spec", "spec.yaml")
    assert run.status == 2
    assert f"error: --spec: {tmp_path / 'spec.yaml'}: every `limitation` parameter needs" in run.output
    assert "Traceback" not in run.output
    assert run.junit_failures is not None
    assert run.junit_failures[0].startswith("the run could not start: --spec: ")


@pytest.mark.slow
def test_a_server_that_accepts_an_empty_event_name_fails_a_strict_writing_run(tmp_path: Path) -> None:
    app = EmptyEventNameSandbox(SandboxConfig(rate_limit=False))
    writing = ["--allow-writes", "--contact-ids", "1003", "--event-name", "Ping", *SMALL_RUN]
    with running_sandbox(app=app) as server:
        lenient = run_conform(tmp_path, "--base-url", server.base_url, *writing, "--operation", "fireContactEvent",
                              token=server.token)  # fmt: skip
        sent_leniently = app.empty_names
        strict = run_conform(tmp_path, "--base-url", server.base_url, *writing, "--strict-validation", "--operation",
                             "fireContactEvent", token=server.token)  # fmt: skip
    assert sent_leniently > 0, "the write guard replaced the empty event name"
    assert lenient.status == 0, lenient.output  # its acceptance is judged only with --strict-validation
    assert strict.status == 1, strict.output
    assert "fireContactEvent accepted (200) a request the document says must be refused: body.name: " in strict.output
    assert "BLOCKED" not in strict.output


def test_tags_and_funnels_are_written_only_with_their_allow_lists() -> None:
    plain = _guard(allow_writes=True, contact_ids=(5,))
    tag, funnel = "https://api.example/v1/contacts/5/tags/31", "https://api.example/v1/contacts/5/funnels/7301"
    assert "needs --tag-ids" in str(plain.refusal("POST", tag))
    assert "needs --tag-ids" in str(plain.refusal("DELETE", tag))
    assert "needs --funnel-keys" in str(plain.refusal("POST", funnel))
    assert "needs --funnel-keys" in str(plain.refusal("DELETE", funnel))
    assert not plain.settings.may_send("addContactTag", "POST")
    assert plain.settings.may_send("listContactTags", "GET")
    guard = _guard(allow_writes=True, contact_ids=(5,), tag_ids=(31, 32), funnel_keys=("7301",))
    assert guard.refusal("POST", tag) is None
    assert guard.refusal("DELETE", "https://api.example/v1/contacts/5/tags/32") is None
    assert guard.refusal("POST", "https://api.example/v1/contacts/6/tags/31") == "contact 6 is not in --contact-ids"
    assert guard.refusal("POST", "https://api.example/v1/contacts/5/tags/33") == (
        "addContactTag may only send the tagId 31 or 32 (--tag-ids), not '33'"
    )
    assert guard.refusal("POST", "https://api.example/v1/contacts/5/tags/031") is not None  # 31 to a lenient reader
    assert guard.refusal("POST", funnel) is None
    assert guard.refusal("DELETE", "https://api.example/v1/contacts/5/funnels/7302") == (
        "removeContactFunnel may only send the serviceKey '7301' (--funnel-keys), not '7302'"
    )
    # a tag id the document refuses (not an integer, below 1) is sent: a conforming server refuses it
    for invalid in ("abc", "0", "-1", "1.5"):
        assert guard.refusal("POST", f"https://api.example/v1/contacts/5/tags/{invalid}") is None, invalid
    assert guard.let_through("POST", "https://api.example/v1/contacts/5/tags/abc", None, None)
    assert guard.let_through("POST", tag, None, None) is None


def test_notes_change_only_when_the_run_created_them() -> None:
    guard = _guard(allow_writes=True, contact_ids=(5, 6))
    create = "https://api.example/v1/contacts/5/notes"
    assert guard.refusal("POST", create, b'{"content": "any text"}', JSON) is None
    assert guard.refusal("PUT", "https://api.example/v1/contacts/5/notes/77", b'{"content": "x"}', JSON) == (
        "updateContactNote may only send the noteId none yet (the notes this run created), not '77'"
    )
    request = requests.Request("POST", create, json={"content": "any text"}).prepare()
    guard.answered(request, _answer(200, {"id": 77, "content": "any text"}))
    guard.answered(request, _answer(400, {"id": 78}))  # not created
    assert guard.created_notes == {77: 5}
    assert guard.refusal("PUT", "https://api.example/v1/contacts/5/notes/77", b'{"content": "x"}', JSON) is None
    assert guard.refusal("DELETE", "https://api.example/v1/contacts/5/notes/77") is None
    assert guard.refusal("DELETE", "https://api.example/v1/contacts/5/notes/78") is not None
    assert guard.refusal("DELETE", "https://api.example/v1/contacts/9/notes/77") == "contact 9 is not in --contact-ids"


def test_a_message_goes_out_only_with_its_option_inside_the_smoke_test_and_only_with_the_fixed_text() -> None:
    send = "https://api.example/v1/contacts/5/send"
    fixed = json.dumps({"type": "text", "content": MESSAGE_TEXT})
    without = _guard(allow_writes=True, contact_ids=(5,))
    with without.sending_message():
        assert "needs --send-messages" in str(without.refusal("POST", send, fixed, JSON))
    guard = _guard(allow_writes=True, contact_ids=(5,), send_messages=True)
    assert "never a generated phase" in str(guard.refusal("POST", send, fixed, JSON))  # outside the smoke test
    with guard.sending_message():
        assert guard.refusal("POST", send, fixed, JSON) is None
        assert guard.refusal("POST", "https://api.example/v1/contacts/6/send", fixed, JSON) == (
            "contact 6 is not in --contact-ids"
        )
        other = json.dumps({"type": "text", "content": "Your order is ready"})
        assert guard.refusal("POST", send, other, JSON) == (
            f"sendContactMessage may only send the content {MESSAGE_TEXT!r} (the message text), not "
            "'Your order is ready'"
        )
        picture = json.dumps({"type": "picture", "media": "https://example.com/a.png"})
        assert "may only send the type 'text'" in str(guard.refusal("POST", send, picture, JSON))
        empty = json.dumps({"type": "text", "content": ""})  # refused by the document: sent, and judged
        assert guard.refusal("POST", send, empty, JSON) is None
        assert guard.let_through("POST", send, empty, JSON)
    assert "never a generated phase" in str(guard.refusal("POST", send, fixed, JSON))
    # the generated phases never get the operation on real servers; the sandbox gets everything
    assert guard.settings.may_send("sendContactMessage", "POST")
    assert not guard.settings.may_generate("sendContactMessage", "POST")
    assert RunSettings().may_generate("sendContactMessage", "POST")


def _answer(status: int, body: object) -> requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer._content = json.dumps(body).encode()
    return answer


@pytest.mark.slow
def test_a_run_with_every_allow_list_undoes_tags_funnels_and_notes_and_sends_one_fixed_message(
    recording_server: RunningSandbox, tmp_path: Path
) -> None:
    before = {contact: _holdings(recording_server, contact) for contact in (1003, 1004)}
    run = run_conform(
        tmp_path, "--base-url", recording_server.base_url, "--allow-writes", "--contact-ids", "1003,1004",
        "--tag-ids", "31,32", "--funnel-keys", "7301", "--send-messages", *SMALL_RUN, token=recording_server.token,
    )  # fmt: skip
    assert run.status == 0, run.output
    app = recording_server.app
    assert isinstance(app, RecordingSandbox)
    sent = list(zip(app.requests, app.bodies, strict=True))
    writes = [(method, path) for (method, path), _ in sent if method in WRITES]
    tag_writes = {path for _, path in writes if "/tags/" in path}
    funnel_writes = {path for _, path in writes if "/funnels/" in path}
    assert tag_writes and funnel_writes, "the run wrote no tag or funnel"
    valid_ids = {f"/v1/contacts/{contact}/tags/{tag}" for contact in (1003, 1004) for tag in (31, 32)}
    for path in tag_writes - valid_ids:  # only what the document refuses (an int64 of at least 1 it takes)
        tag = path.rsplit("/", 1)[-1]
        assert not (tag.isascii() and tag.isdigit() and 1 <= int(tag) < 2**63), path
    assert {path.rsplit("/", 1)[-1] for path in funnel_writes} == {"7301"}  # every other key is valid
    messages = [(path, body) for (method, path), body in sent if method == "POST" and path.endswith("/send")]
    # one message, from the smoke test: the generated phases send none
    assert messages == [("/v1/contacts/1003/send", json.dumps({"type": "text", "content": MESSAGE_TEXT}).encode())]
    assert "Undone at the end:" in run.output
    assert {contact: _holdings(recording_server, contact) for contact in (1003, 1004)} == before


def _holdings(server: RunningSandbox, contact_id: int) -> tuple[set[int], set[str], list[Any]]:
    """A contact's tags, funnel keys and notes, read over HTTP."""
    headers = {"Authorization": f"Bearer {server.token}"}
    contact = requests.get(f"{server.base_url}/v1/contacts/{contact_id}", headers=headers, timeout=10).json()
    notes = requests.get(f"{server.base_url}/v1/contacts/{contact_id}/notes", headers=headers, timeout=10).json()
    return (
        {tag["id"] for tag in contact["tags"]},
        {str(funnel["serviceKey"]) for funnel in contact["funnels"]},
        notes["collection"],
    )
