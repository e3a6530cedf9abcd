"""The Python snippets of the documentation run as they are written.

Every ```python block of the README's "Python client" section and of the generated package's README
runs in a fresh interpreter, from the repository root, with SMARTSENDER_BASE_URL and
SMARTSENDER_TOKEN set to a fresh sandbox on a loopback port (its rate limit on): the snippets read
both variables, as the README says. Each snippet reads contact 1001 of the sandbox, Olena
Kovalenko, and prints it, which shows that it reached the sandbox with the token.

The package README's first example is the integration of issue 13 (every page, a search, an
update, an event, a 404 and a 429): it must stay within 30 lines and pass `mypy --strict` without
`isinstance` or `type: ignore`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox import SandboxConfig
from sandbox.testing import RunningSandbox, running_sandbox

ROOT = Path(__file__).resolve().parents[2]
PROJECT_README = ROOT / "README.md"
PACKAGE_README = ROOT / "generated" / "python" / "README.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
OLENA = 1001


def section(path: Path, heading: str) -> str:
    """The text of `path` under the level-2 `heading`, up to the next level-2 heading."""
    text = path.read_text(encoding="utf-8")
    start = text.find(f"\n{heading}\n")
    if start == -1:
        raise LookupError(f"{path} has no '{heading}' heading: rename it in this test too if it was renamed")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def snippets(path: Path, text: str) -> list[tuple[str, str]]:
    """(a name for the test id, the code) of every python block of `text`, which comes from `path`."""
    name = path.relative_to(ROOT).as_posix()
    return [(f"{name}#{number}", code) for number, code in enumerate(PYTHON_BLOCK.findall(text), 1)]


PROJECT_SNIPPETS = snippets(PROJECT_README, section(PROJECT_README, "## Python client"))
PACKAGE_SNIPPETS = snippets(PACKAGE_README, PACKAGE_README.read_text(encoding="utf-8"))
SNIPPETS = PROJECT_SNIPPETS + PACKAGE_SNIPPETS
FIRST_EXAMPLE = PACKAGE_SNIPPETS[0][1]


@pytest.fixture
def limited_sandbox() -> Iterator[RunningSandbox]:
    """A fresh sandbox that enforces the document's rate limit, as the live API does."""
    with running_sandbox(SandboxConfig()) as server:
        yield server


def run_snippet(code: str, server: RunningSandbox) -> subprocess.CompletedProcess[str]:
    base = {name: value for name, value in os.environ.items() if not name.startswith("SMARTSENDER_")}
    env = {**base, "SMARTSENDER_BASE_URL": server.base_url, "SMARTSENDER_TOKEN": server.token}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_every_snippet_is_found() -> None:
    """Guards the extraction: an empty list would parametrize the test below into a silent skip."""
    assert len(PROJECT_SNIPPETS) == 2, [name for name, _ in PROJECT_SNIPPETS]
    assert len(PACKAGE_SNIPPETS) == 1
    assert ".iter_all(" in FIRST_EXAMPLE


@pytest.mark.slow
@pytest.mark.parametrize(("name", "code"), SNIPPETS, ids=[name for name, _ in SNIPPETS])
def test_the_snippet_runs_against_a_sandbox(limited_sandbox: RunningSandbox, name: str, code: str) -> None:
    result = run_snippet(code, limited_sandbox)
    assert result.returncode == 0, f"the snippet {name} failed:\n{result.stderr}"
    assert "Olena Kovalenko" in result.stdout, f"the snippet {name} did not read contact 1001:\n{result.stdout}"


@pytest.mark.slow
def test_the_first_example_does_the_whole_integration(limited_sandbox: RunningSandbox) -> None:
    result = run_snippet(FIRST_EXAMPLE, limited_sandbox)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    project = limited_sandbox.app.projects[0]
    listed = [line for line in lines if re.fullmatch(r"\d+ .*", line)]
    assert len(listed) == SandboxConfig().contacts_per_project  # every page
    assert lines[0] == "1001 Olena Kovalenko"
    assert "found 1001 olena.kovalenko@example.com" in lines
    assert lines[-1].startswith("no such contact: GET /v1/contacts/999999999 answered 404 Not Found: Contact not found")
    updated = limited_sandbox.app.store.simple_contact(project, OLENA)
    assert updated is not None
    assert updated["city"] == "Lviv"
    assert [event.name for event in limited_sandbox.app.store.fired_events(project, OLENA)] == ["OrderPaid"]


@pytest.mark.slow
def test_the_first_example_is_short_and_strictly_typed_without_narrowing(tmp_path: Path) -> None:
    assert len(FIRST_EXAMPLE.splitlines()) <= 30
    assert "isinstance" not in FIRST_EXAMPLE
    assert "type: ignore" not in FIRST_EXAMPLE
    assert "cast(" not in FIRST_EXAMPLE
    example = tmp_path / "first_example.py"
    example.write_text(FIRST_EXAMPLE)
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", "--strict", str(example)],
        cwd=ROOT,  # the repository's mypy settings and cache (scripts/test has just filled it)
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.slow
def test_a_snippet_that_uses_an_undefined_name_fails(limited_sandbox: RunningSandbox) -> None:
    """What the README's retry snippet once did: the runner must report it, not pass it."""
    result = run_snippet("import httpx\nprint(httpx.Timeout(TIMEOUT))\n", limited_sandbox)
    assert result.returncode != 0
    assert "NameError: name 'TIMEOUT' is not defined" in result.stderr
