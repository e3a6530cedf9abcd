"""The Python snippets of the documentation run as they are written.

Every ```python block of the README's "Python client" section and of the generated package's README
runs in a fresh interpreter, from the repository root (so that `examples.client_usage` imports), with
SMARTSENDER_BASE_URL and SMARTSENDER_TOKEN set to a fresh sandbox on a loopback port: the snippets
read both variables, as the README says. Each snippet reads contact 1001 of the sandbox, Olena
Kovalenko, and prints it, which shows that it reached the sandbox with the token.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.testing import RunningSandbox

ROOT = Path(__file__).resolve().parents[2]
PROJECT_README = ROOT / "README.md"
PACKAGE_README = ROOT / "generated" / "python" / "README.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


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


def run_snippet(code: str, server: RunningSandbox) -> subprocess.CompletedProcess[str]:
    base = {name: value for name, value in os.environ.items() if not name.startswith("SMARTSENDER_")}
    env = {**base, "SMARTSENDER_BASE_URL": server.base_url, "SMARTSENDER_TOKEN": server.token}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in examples/ from the import
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_every_snippet_is_found() -> None:
    """Guards the extraction: an empty list would parametrize the test below into a silent skip."""
    assert len(PROJECT_SNIPPETS) == 2, [name for name, _ in PROJECT_SNIPPETS]
    assert "RetryOn429Transport(" in PROJECT_SNIPPETS[1][1]
    assert len(PACKAGE_SNIPPETS) == 1
    assert "timeout=httpx.Timeout(" in PACKAGE_SNIPPETS[0][1]


@pytest.mark.parametrize(("name", "code"), SNIPPETS, ids=[name for name, _ in SNIPPETS])
def test_the_snippet_runs_against_a_sandbox(fresh_sandbox: RunningSandbox, name: str, code: str) -> None:
    result = run_snippet(code, fresh_sandbox)
    assert result.returncode == 0, f"the snippet {name} failed:\n{result.stderr}"
    assert "Olena Kovalenko" in result.stdout, f"the snippet {name} did not read contact 1001:\n{result.stdout}"


def test_a_snippet_that_uses_an_undefined_name_fails(fresh_sandbox: RunningSandbox) -> None:
    """What the README's retry snippet once did: the runner must report it, not pass it."""
    result = run_snippet("import httpx\nprint(httpx.Timeout(TIMEOUT))\n", fresh_sandbox)
    assert result.returncode != 0
    assert "NameError: name 'TIMEOUT' is not defined" in result.stderr
