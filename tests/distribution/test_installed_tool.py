"""The toolkit outside a clone: its wheel, installed into a fresh virtualenv in a folder that has
never seen this repository, gives smartsender-sandbox and smartsender-conform, which work as
scripts/serve and scripts/conform do, with the document the wheel carries."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from openapi_document import DEFAULT_SPEC_PATH
from sandbox.testing import free_port

pytestmark = pytest.mark.slow  # every test here starts processes

ROOT = Path(__file__).resolve().parents[2]
# What the wheel is built from (pyproject.toml's packages, setup.py's document); copied, since a
# build writes into its source folder.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "openapi/smartsender-contacts.yaml",
           "openapi_document", "sandbox", "contract_tests")  # fmt: skip
SMALL_RUN = ["--max-examples", "2", "--stateful-examples", "2", "--max-rate", "100000", "--deterministic"]


@dataclass(frozen=True)
class Installed:
    bin: Path
    elsewhere: Path  # a folder outside the repository, where the commands run
    wheel: Path

    def environment(self) -> dict[str, str]:
        kept = {key: value for key, value in os.environ.items() if not key.startswith(("SMARTSENDER_", "PYTHON"))}
        return {**kept, "PATH": f"{self.bin}{os.pathsep}{kept.get('PATH', '')}", "PYTHONDONTWRITEBYTECODE": "1"}

    def run(self, command: str, *arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / command), *arguments], cwd=self.elsewhere, env=self.environment(),
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip


def _constraints(folder: Path) -> Path:
    """requirements/dev.lock without its hashes: the installed tool gets the versions CI tests."""
    pins = re.findall(r"^([A-Za-z0-9_.\-]+==[^\s\\]+)", (ROOT / "requirements" / "dev.lock").read_text(), re.M)
    path = folder / "constraints.txt"
    path.write_text("\n".join(pins) + "\n")
    return path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    folder = tmp_path_factory.mktemp("installed")
    source = folder / "source"
    for name in SOURCES:
        origin, copy = ROOT / name, source / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            subprocess.run(["cp", "-r", str(origin), str(copy)], check=True)
        else:
            copy.write_bytes(origin.read_bytes())
    wheels = folder / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels)]
    subprocess.run([*build, str(source)], check=True, capture_output=True, timeout=180)
    (wheel,) = wheels.glob("smartsender_contacts_toolkit-*.whl")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    install = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q"]
    subprocess.run([*install, "-c", str(_constraints(folder)), str(wheel)], check=True, capture_output=True,
                   timeout=600)  # fmt: skip
    elsewhere = folder / "elsewhere"
    elsewhere.mkdir()
    return Installed(venv / "bin", elsewhere, wheel)


@pytest.fixture(scope="module")
def sandbox(installed: Installed) -> Iterator[tuple[str, str]]:
    """The installed sandbox, serving on a free port: its base URL and its first project's token."""
    port = free_port()
    process = subprocess.Popen(
        [str(installed.bin / "smartsender-sandbox"), "--port", str(port), "--no-rate-limit"],
        cwd=installed.elsewhere, env=installed.environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    assert process.stdout is not None
    banner = [process.stdout.readline() for _ in range(6)]
    try:
        token = next(line.split("Bearer ")[1].strip() for line in banner if "Bearer " in line)
        yield f"http://127.0.0.1:{port}", token
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_wheel_carries_the_document_and_the_commands(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert "openapi_document/smartsender-contacts.yaml" in names
    assert "sandbox/schema.sql" in names
    entry_points = zipfile.ZipFile(installed.wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"smartsender-conform = contract_tests.runner:main" in entry_points
    assert b"smartsender-sandbox = sandbox.__main__:main" in entry_points
    assert not any(name.startswith(("tests/", "tooling/", "benchmarks/", "generated/")) for name in names)


def test_the_installed_sandbox_serves_the_documents_version(installed: Installed, sandbox: tuple[str, str]) -> None:
    base_url, token = sandbox
    served = yaml.safe_load(httpx.get(f"{base_url}/openapi.yaml", timeout=10).text)
    assert served["info"]["version"] == yaml.safe_load(DEFAULT_SPEC_PATH.read_text())["info"]["version"]
    contacts = httpx.get(f"{base_url}/v1/contacts", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert contacts.status_code == 200
    shown = installed.run("smartsender-sandbox", "--help")
    assert shown.returncode == 0
    assert shown.stdout.startswith("usage: smartsender-sandbox ")


def test_the_installed_conformance_command_checks_a_server_read_only_and_with_writes(
    installed: Installed, sandbox: tuple[str, str]
) -> None:
    base_url, token = sandbox
    read_only = installed.run("smartsender-conform", "--base-url", base_url, "--token", token, *SMALL_RUN)
    assert read_only.returncode == 0, read_only.stdout + read_only.stderr
    assert "read-only" in read_only.stdout
    assert "Result: the target conforms" in read_only.stdout
    report = installed.elsewhere / "reports" / "conformance.xml"  # in the folder it was started in
    assert ET.parse(report).getroot().get("failures") == "0"  # noqa: S314 (our own report)
    writes = ["--allow-writes", "--contact-ids", "1003,1004", "--channel-ids", "15"]
    writing = installed.run("smartsender-conform", "--base-url", base_url, "--token", token, *writes, *SMALL_RUN)
    assert writing.returncode == 0, writing.stdout + writing.stderr
    assert "writes to contacts [1003, 1004] and channels [15]" in writing.stdout
    assert token not in writing.stdout + writing.stderr


def test_the_installed_conformance_command_checks_its_embedded_sandbox_and_names_itself(
    installed: Installed, tmp_path: Path
) -> None:
    own = tmp_path / "own.yaml"
    own.write_bytes(DEFAULT_SPEC_PATH.read_bytes())
    run = installed.run("smartsender-conform", "--operation", "getContact", "--spec", str(own), *SMALL_RUN[:4])
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"Checking the embedded sandbox against {own}" in run.stdout
    wrong = installed.run("smartsender-conform", "--max-rate", "0")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("smartsender-conform: error: --max-rate (SMARTSENDER_MAX_RATE) must be")
    shown = installed.run("smartsender-conform", "--help")
    assert shown.stdout.startswith("usage: smartsender-conform ")
