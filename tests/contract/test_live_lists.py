"""A live project gains contacts while the runner walks its pages: that alone is no failure."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from sandbox import Response, SandboxConfig
from sandbox.faults import Deviation
from sandbox.testing import running_sandbox
from tests.contract.conftest import SMALL_RUN, run_conform

pytestmark = pytest.mark.slow  # every test here starts a process or a server

NEW_CONTACTS_PER_WALK = 20  # a whole page, so the page count changes under the walk


class GrowingSandbox(Deviation):
    """A sandbox whose project 1 gains a page of new contacts whenever page 2 of the list is read,
    as a busy live project gains contacts from its chatbots."""

    def __init__(self, config: SandboxConfig) -> None:
        super().__init__(config)
        self._identifiers = itertools.count(380_990_000_000)

    def respond(
        self, method: str, path: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> Response:
        answer = super().respond(method, path, query_string, headers, body)
        if method == "GET" and path == "/v1/contacts" and b"page=2" in query_string.split(b"&"):
            for _ in range(NEW_CONTACTS_PER_WALK):
                request = {"identifier": f"+{next(self._identifiers)}", "firstName": "Walk-in"}
                self.store.create_gate(self.projects[0], 15, request)
        return answer


def test_a_list_that_grows_during_the_walk_is_not_reported(tmp_path: Path) -> None:
    with running_sandbox(app=GrowingSandbox(SandboxConfig(rate_limit=False))) as server:
        run = run_conform(tmp_path, "--base-url", server.base_url, *SMALL_RUN, token=server.token)
        grown = server.app.store.contact_page(server.app.projects[0], 1, 1).pages
    assert grown > 40 + NEW_CONTACTS_PER_WALK, "the list never grew: the test proves nothing"
    assert run.status == 0, run.output
