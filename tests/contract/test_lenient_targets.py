"""A live API may differ from the sandbox wherever the vendor is silent (tests/contract/variants.py);
such a difference must not fail a run, and must not hide a real fault."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox import SandboxConfig
from sandbox.faults import Deviation, with_faults
from sandbox.testing import RunningSandbox, running_sandbox
from tests.contract.conftest import SMALL_RUN, ConformRun, RecordingSandbox, requests_of, run_conform
from tests.contract.variants import (
    PROXY_PREFIX,
    LenientSandbox,
    LimitedBeforeAuthSandbox,
    PlausibleLiveApi,
)

pytestmark = pytest.mark.slow  # every test here starts a process or a server


def test_a_lenient_server_conforms_and_strict_validation_tells_it_apart(tmp_path: Path) -> None:
    with running_sandbox(app=LenientSandbox(SandboxConfig(rate_limit=False))) as server:
        lenient = run_conform(tmp_path, "--base-url", server.base_url, *SMALL_RUN, token=server.token)
        read_only = _rules(tmp_path)
        strict = run_conform(
            tmp_path, "--base-url", server.base_url, "--strict-validation", "-k", "contacts and not valid",
            *SMALL_RUN, token=server.token,
        )  # fmt: skip
    assert lenient.status == 0, lenient.output
    assert "invalid requests are sent but their acceptance is not judged (--strict-validation)" in lenient.output
    assert strict.status == 1, strict.output
    assert "ST201 Schema-violating request accepted" in strict.output, strict.output
    # What a read-only run against a real server cannot verify, and why:
    assert (
        read_only["updateContact: update-sets-values"]["reason"] == "a read-only run sends no writes (--allow-writes)"
    )
    refused = read_only["listContacts query limitation: maximum 20"]
    assert (refused["exercised"], refused["verified"]) == (True, False)  # sent, but its acceptance is not judged
    assert refused["reason"].startswith("off on this target: negative_data_rejection: accepting a request that")
    assert (
        "real servers are sent no requests with undeclared methods"
        in read_only["path /v1/contacts: only GET"]["reason"]
    )
    foreign = read_only["getContact: foreign-contact-invisible"]["reason"]
    assert foreign.endswith("it needs --foreign-contact-id (a contact of another project)")
    assert read_only["getContact: token-required"]["verified"]  # by auth_is_enforced, in ignored_auth's place
    assert read_only["getContactChat: unknown-contact-is-not-found"]["verified"]  # a read, sent again


def _read_as_text(name: str) -> bool:
    """Whether an event name is a JSON number or truth value that CoercingSandbox read as text."""
    try:
        return isinstance(json.loads(name), (int, float, bool))
    except ValueError:
        return False


def _rules(folder: Path) -> dict[str, dict[str, Any]]:
    """The rules of a run's JSON summary, by id."""
    summary = json.loads((folder / "reports" / "rule-coverage.json").read_text(encoding="utf-8"))
    return {rule["id"]: rule for rule in summary["rules"]}


@pytest.mark.parametrize("sandbox", [RecordingSandbox, LimitedBeforeAuthSandbox])
def test_a_server_that_ignores_the_token_fails_a_live_run(tmp_path: Path, sandbox: type[Deviation]) -> None:
    """The live-target versions of the authentication checks catch what the built-ins catch, also
    when a request without a token is rate-limited before it could be refused: then a wrong token
    is tried."""
    app = with_faults({"auth-ignored"}, sandbox)(SandboxConfig(rate_limit=False))
    with running_sandbox(app=app) as server:
        run = run_conform(tmp_path, "--base-url", server.base_url, *SMALL_RUN, "-k", "contacts", token=server.token)
    assert run.status == 1, run.output
    assert "Expected 401 or 403, got `200 OK`" in run.output
    if sandbox is LimitedBeforeAuthSandbox:
        assert "(invalid credentials provided)" in run.output


def test_a_plausible_live_api_conforms_and_is_written_safely(tmp_path: Path) -> None:
    """Every documented-silent difference at once, in a writing run: lenient paging, a lagging
    replica, a limiter before authentication, a proxy path, lenient body types."""
    with running_sandbox(app=PlausibleLiveApi(SandboxConfig(rate_limit=False))) as server:
        assert isinstance(server.app, PlausibleLiveApi)
        project = server.app.projects[0]
        contacts_before = server.app.store.contact_page(project, 1, 1).pages
        run = _run_against(server, tmp_path, "--contact-ids", "1003,1004")
        fired = {event.name for contact in (1003, 1004) for event in server.app.store.fired_events(project, contact)}
        created = server.app.store.contact_page(project, 1, 1).pages - contacts_before
        app = server.app
    assert run.status == 0, run.output
    # Beside the one allowed event, only names the document refuses (not text: a number, a truth
    # value), which this lenient server reads as text: the write guard sends them as generated, and
    # only --strict-validation judges their acceptance.
    assert "ConformanceCheck" in fired
    refused = {name for name in fired - {"ConformanceCheck"} if not _read_as_text(name)}
    assert (app.outside_prefix, refused) == (0, set())
    assert created >= 1
    rules = _rules(tmp_path)
    assert rules["fireContactEvent body name: minLength 1"]["exercised"]
    assert rules["updateContact: update-sets-values"]["verified"]
    assert app.stale_reads > 0 and app.unauthenticated > 0, "a difference was never exercised"
    assert len(requests_of(server)) > 300


def test_a_plausible_live_api_conforms_to_a_destructive_run(tmp_path: Path) -> None:
    """Merges and deletes read back from the lagging replica too. The run merges away only the
    second allowed contact and deletes only the third, so the others outlive it and the writes of
    later tests still find their contact."""
    with running_sandbox(app=PlausibleLiveApi(SandboxConfig(rate_limit=False))) as server:
        run = _run_against(server, tmp_path, "--allow-destructive", "--contact-ids", "1005,1006,1007,1008")
        assert isinstance(server.app, PlausibleLiveApi)
        app, project = server.app, server.app.projects[0]
        survivors = [app.store.contact_document(project, contact) is not None for contact in (1005, 1006, 1007, 1008)]
        writes = [(method, path.removeprefix(PROXY_PREFIX)) for method, path in requests_of(server)]
    assert run.status == 0, run.output
    assert {"DELETE", "POST", "PUT"} <= {method for method, _ in writes}
    assert app.stale_reads > 0
    assert survivors == [True, False, False, True]
    assert "merges contact 1006 into another, deletes contact 1007, writes to contacts 1005, 1008" in run.output
    deletes = {path for method, path in writes if method == "DELETE"}
    # beside the third contact, only notes (the run's own) of the contacts that outlive the run
    assert {path for path in deletes if "/notes/" not in path} == {"/v1/contacts/1007"}
    assert {path.split("/")[3] for path in deletes if "/notes/" in path} <= {"1005", "1008"}
    merges = {path for method, path in writes if "/unite/" in path}
    assert merges and merges <= {"/v1/contacts/1005/unite/1006", "/v1/contacts/1008/unite/1006"}, merges


def _run_against(server: RunningSandbox, folder: Path, *options: str) -> ConformRun:
    return run_conform(
        folder, "--base-url", f"{server.base_url}{PROXY_PREFIX}", "--allow-writes", "--channel-ids", "15", *options,
        *SMALL_RUN, token=server.token,
    )  # fmt: skip
