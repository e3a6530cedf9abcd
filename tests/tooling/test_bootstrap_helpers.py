"""tooling.python_version and tooling.client_on_path, the two steps of scripts/_bootstrap.sh written in Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tooling.conftest import run_module
from tooling.client_on_path import PTH_NAME, put_on_path
from tooling.python_version import new_enough


@pytest.mark.slow
def test_python_3_11_and_later_are_new_enough() -> None:
    assert new_enough((3, 11, 0))
    assert new_enough((3, 13, 2))
    assert new_enough((4, 0))
    assert not new_enough((3, 10, 14))
    assert not new_enough((2, 7, 18))
    assert run_module("python_version").returncode == 0  # the interpreter running the tests


def test_the_generated_client_is_put_on_the_path_by_a_pth_file(tmp_path: Path) -> None:
    site_packages = tmp_path / "site-packages"
    site_packages.mkdir()
    client = tmp_path / "generated" / "python"
    written = put_on_path(client, site_packages)
    assert written == site_packages / PTH_NAME == site_packages / "smartsender-client-from-generated.pth"
    assert written.read_text() == f"{client}\n"
    put_on_path(client, site_packages)  # idempotent: the same one line
    assert written.read_text() == f"{client}\n"
