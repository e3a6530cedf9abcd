"""Seed data, the database file, the OpenAPI loader and the command line."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
import yaml

import openapi_document
from openapi_document import DEFAULT_SPEC_PATH, DocumentError
from sandbox import SandboxConfig, create_app
from sandbox.__main__ import main
from sandbox.database import APPLICATION_ID, SCHEMA_VERSION, DatabaseError
from sandbox.testing import free_port
from tests.sandbox.conftest import make_caller

ROOT = Path(__file__).resolve().parents[2]


def everything(db_path: str = ":memory:", seed: int = 0) -> list[Any]:
    app = create_app(SandboxConfig(db_path=db_path, seed=seed, rate_limit=False))
    return list(app.store.database.connection.iterdump())


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    assert everything(seed=3) == everything(seed=3)
    assert everything(seed=3) != everything(seed=4)


def test_every_seed_holds_the_ids_the_documents_examples_use() -> None:
    for seed in (0, 1, 99):
        call = make_caller(create_app(SandboxConfig(seed=seed, contacts_per_project=2, rate_limit=False)))
        assert call("GET", "/v1/contacts/1001").json()["fullName"] == "Olena Kovalenko"
        assert call("GET", "/v1/contacts/1002").json()["fullName"] == "Taras Melnyk"
        assert (
            call("POST", "/v1/channels/15/gates", json={"identifier": "380931112233", "firstName": "Marta"}).status
            == 200
        )


def test_two_projects_with_distinct_tokens_per_seed() -> None:
    first = create_app(SandboxConfig(seed=1)).projects
    second = create_app(SandboxConfig(seed=2)).projects
    assert [project.name for project in first] == ["Demo Shop", "Second Project"]
    assert len({project.token for project in first + second}) == 4


def test_a_database_file_keeps_the_data_across_restarts(tmp_path: Path) -> None:
    path = str(tmp_path / "sandbox.sqlite3")
    call = make_caller(create_app(SandboxConfig(db_path=path, rate_limit=False)))
    assert call("PUT", "/v1/contacts/1001", json={"values": {"city": "Lviv"}}).status == 200
    restarted = make_caller(create_app(SandboxConfig(db_path=path, seed=5, rate_limit=False)))  # no reseeding
    assert restarted("GET", "/v1/contacts/1001/info").json()["city"] == "Lviv"


def _write_database(path: Path, script: str) -> bytes:
    """Runs `script` on the SQLite file `path` and returns the file's bytes, to show that a refusal left it alone."""
    with closing(sqlite3.connect(path)) as database:
        database.executescript(script)
    return path.read_bytes()


def _assert_untouched(path: Path, original: bytes) -> None:
    assert path.read_bytes() == original  # neither stamped nor switched to WAL (the journal mode is in the header)
    assert list(path.parent.iterdir()) == [path]  # no -wal or -shm file beside it


def test_a_foreign_database_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    original = _write_database(path, "CREATE TABLE unrelated (x)")
    with pytest.raises(DatabaseError, match="delete it or choose another --db path"):
        create_app(SandboxConfig(db_path=str(path)))
    _assert_untouched(path, original)


SCHEMA = (ROOT / "sandbox" / "schema.sql").read_text()


@pytest.mark.parametrize(
    "script",
    [
        "CREATE TABLE t (x)",
        "CREATE TABLE projects (x)",  # the name of the sandbox's first table is no proof
        SCHEMA + "ALTER TABLE operators ADD COLUMN nickname TEXT;",
        SCHEMA + "CREATE TABLE unrelated (x);",
    ],
    ids=["another table", "a projects table", "a column more", "a table more"],
)
def test_a_foreign_file_with_the_sandboxs_schema_version_is_refused_and_left_as_it_was(
    tmp_path: Path, script: str
) -> None:
    path = tmp_path / "other.sqlite3"
    original = _write_database(path, f"{script}; PRAGMA user_version = {SCHEMA_VERSION};")
    with pytest.raises(DatabaseError, match=r"is another program's SQLite database, not the sandbox's; choose another"):
        create_app(SandboxConfig(db_path=str(path)))
    _assert_untouched(path, original)


def _older_sandbox_file(path: Path) -> None:
    """Makes the sandbox's file `path` look as a sandbox made it before it stamped its application id."""
    create_app(SandboxConfig(db_path=str(path))).store.database.close()
    _write_database(path, "PRAGMA application_id = 0; PRAGMA journal_mode = DELETE;")


def test_a_file_of_an_older_sandbox_without_the_application_id_still_opens_and_is_stamped(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite3"
    _older_sandbox_file(path)
    reopened = create_app(SandboxConfig(db_path=str(path), rate_limit=False))
    assert make_caller(reopened)("GET", "/v1/contacts/1001/info").json()["fullName"] == "Olena Kovalenko"
    connection = reopened.store.database.connection
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.slow
def test_a_file_whose_data_cannot_be_read_is_refused_at_start_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    _older_sandbox_file(path)
    with closing(sqlite3.connect(path)) as database:
        page_size = database.execute("PRAGMA page_size").fetchone()[0]
        page = database.execute("SELECT rootpage FROM sqlite_master WHERE name = 'variables'").fetchone()[0]
    damaged = bytearray(path.read_bytes())
    damaged[(page - 1) * page_size : page * page_size] = b"\xff" * page_size  # its tables are intact, not its data
    path.write_bytes(damaged)
    refused = _run("--db", str(path), "--port", str(free_port()))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"error: cannot use {path} as the sandbox's database (database disk image is malformed); "
        "choose another --db path\n"
    )
    _assert_untouched(path, bytes(damaged))


def test_a_read_only_database_file_is_refused_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "kept.sqlite3")
    create_app(SandboxConfig(db_path=path)).store.database.close()
    # As root, neither chmod nor a read-only folder stops a write; SQLite's own read-only mode does.
    connect = sqlite3.connect

    def read_only(database: str, **options: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = connect(f"file:{database}?mode=ro", uri=True, **options)
        return connection

    monkeypatch.setattr(sqlite3, "connect", read_only)
    with pytest.raises(DatabaseError, match=rf"{re.escape(path)} is read-only .*make it writable or choose another"):
        create_app(SandboxConfig(db_path=path))


def test_a_database_whose_seeding_was_interrupted_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "half.sqlite3")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("sandbox.app.seed_database", interrupted)
    with pytest.raises(KeyboardInterrupt):
        create_app(SandboxConfig(db_path=path))
    monkeypatch.undo()
    with pytest.raises(DatabaseError, match=r"is incomplete .* delete it or choose another --db path"):
        create_app(SandboxConfig(db_path=path))


@pytest.mark.parametrize("kind", ["a text file", "a folder", "a missing folder"])
def test_a_path_that_cannot_be_a_database_is_refused_with_advice(tmp_path: Path, kind: str) -> None:
    path = {"a text file": tmp_path / "notes.txt", "a folder": tmp_path, "a missing folder": tmp_path / "no" / "db"}[
        kind
    ]
    if kind == "a text file":
        path.write_text("not a database, but long enough to have a header of its own\n" * 4)
    advice = rf"cannot use {re.escape(str(path))} as the sandbox's database .*choose another --db path"
    with pytest.raises(DatabaseError, match=advice):
        create_app(SandboxConfig(db_path=str(path)))


def test_the_sandbox_serves_exactly_the_documents_operations() -> None:
    operations = openapi_document.load().operations
    document = yaml.safe_load(DEFAULT_SPEC_PATH.read_text())
    assert {op.operation_id for op in operations} == {
        op["operationId"]
        for item in document["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }


def test_the_loader_turns_nullable_into_a_null_type() -> None:
    contact = openapi_document.load().operation("getContact").response_schemas[200]
    assert contact is not None
    assert contact["properties"]["email"]["type"] == ["string", "null"]
    assert contact["properties"]["tags"]["items"]["required"] == ["id", "name"]  # $ref inlined


def test_a_document_the_sandbox_cannot_serve_is_refused(tmp_path: Path) -> None:
    document = yaml.safe_load(DEFAULT_SPEC_PATH.read_text())
    document["paths"]["/v1/contacts"]["get"]["parameters"].append(
        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(document))
    with pytest.raises(DocumentError, match="GET /v1/contacts: header parameters are not supported"):
        create_app(SandboxConfig(spec_path=broken))
    document["paths"]["/v1/contacts/{contactId}/info"]["get"]["operationId"] = "getContactFlat"
    broken.write_text(
        yaml.safe_dump(document).replace("- name: X-Trace", "- name: ignored").replace("in: header", "in: query")
    )
    with pytest.raises(DocumentError) as refused:
        create_app(SandboxConfig(spec_path=broken))
    assert str(refused.value) == (
        f"{broken}: the document's operations are not the sandbox's (it lacks getContactInfo; the sandbox does not "
        "implement getContactFlat): give a copy of the toolkit's document with the same operationIds"
    )


def test_a_document_the_sandbox_cannot_serve_names_the_file_and_creates_no_database(tmp_path: Path) -> None:
    document = yaml.safe_load(DEFAULT_SPEC_PATH.read_text())
    del document["components"]["parameters"]["Limitation"]["schema"]["maximum"]  # no largest page
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(document))
    database = tmp_path / "data.db"
    with pytest.raises(DocumentError) as refused:
        create_app(SandboxConfig(spec_path=broken, db_path=str(database)))
    assert str(refused.value).startswith(f"{broken}: every `limitation` parameter needs the same whole-number maximum")
    assert not database.exists()


@pytest.mark.parametrize(
    ("rate_limit", "problem"),
    [
        (None, "info.x-rate-limit must have exactly the keys first-lockout-seconds, "),
        ({"requests-per-minute": 180}, "info.x-rate-limit must have exactly the keys"),
        (
            {"requests-per-minute": "180", "first-lockout-seconds": 60, "lockout-step-seconds": 60,
             "max-lockout-seconds": 720},
            "info.x-rate-limit.requests-per-minute must be a whole number of at least 1, not '180'",
        ),
    ],
)  # fmt: skip
def test_a_document_without_a_usable_rate_limit_is_refused(tmp_path: Path, rate_limit: Any, problem: str) -> None:
    document = yaml.safe_load(DEFAULT_SPEC_PATH.read_text())
    document["info"]["x-rate-limit"] = rate_limit
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(document))
    with pytest.raises(DocumentError, match=re.escape(problem)):
        create_app(SandboxConfig(spec_path=broken))


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sandbox", *arguments]
    return subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.slow
def test_the_command_line_refuses_bad_options_clearly() -> None:
    unknown = _run("--inject-fault", "typo")
    assert unknown.returncode == 2
    assert "error: unknown fault(s): typo. Known faults:" in unknown.stderr
    too_few = _run("--contacts", "1")
    assert too_few.returncode == 2
    assert "--contacts must be at least 2" in too_few.stderr
    no_port = _run("--port", "99999")
    assert no_port.returncode == 2
    assert "argument --port: '99999' is not a port number (1 to 65535)" in no_port.stderr
    no_file = _run("--db", "", "--port", str(free_port()))
    assert no_file.returncode == 2
    assert "argument --db: '' names no file; give a file path, or leave --db out" in no_file.stderr
    not_a_database = _run("--db", str(ROOT), "--port", str(free_port()))  # the database is opened after the port
    assert not_a_database.returncode == 2
    assert f"error: cannot use {ROOT} as the sandbox's database" in not_a_database.stderr
    no_host = _run("--host", " ")
    assert no_host.returncode == 2
    assert "argument --host: ' ' names no interface (e.g. 127.0.0.1, 0.0.0.0 or ::1)" in no_host.stderr
    assert "--inject-fault NAME" in _run("--help").stdout


@pytest.mark.slow
def test_a_taken_port_is_reported_before_any_token_is_printed() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = _run("--port", str(port))
    assert busy.returncode == 2
    assert f"error: cannot listen on 127.0.0.1 port {port} (Address already in use); choose another --port" in (
        busy.stderr
    )
    assert "Bearer" not in busy.stdout + busy.stderr


@pytest.mark.parametrize("text", ["\u00b2", "\u0663", "0x50", ""])
def test_a_port_that_is_not_ascii_digits_gets_the_usual_message(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main(["--port", text])
    assert exit_status.value.code == 2
    assert f"argument --port: {text!r} is not a port number (1 to 65535)" in capsys.readouterr().err


def test_rate_limit_sets_the_allowance_and_refuses_what_is_not_one(capsys: pytest.CaptureFixture[str]) -> None:
    for arguments, problem in [
        (["--rate-limit", "0"], "argument --rate-limit: '0' is not a number of requests a minute (1 or more;"),
        (["--rate-limit", "30", "--no-rate-limit"], "not allowed with argument"),
    ]:
        with pytest.raises(SystemExit):
            main(arguments)
        assert problem in capsys.readouterr().err


@pytest.mark.slow
def test_the_banner_names_the_allowance_the_sandbox_enforces() -> None:
    assert _banner("--rate-limit", "30", count=10)[-1] == "rate limit: 30 requests a minute per token"
    assert _banner(count=10)[-1] == "rate limit: 180 requests a minute per token"  # the document's figure


@pytest.mark.slow
def test_an_ipv6_host_may_be_given_in_brackets_and_is_written_so_in_the_base_url() -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError as error:
        pytest.skip(f"this machine has no IPv6 loopback ({error})")
    port = free_port()
    assert _banner("--host", "[::1]", "--port", str(port), count=1) == [
        f"Smart Sender Contacts API sandbox at http://[::1]:{port}"
    ]


class _Lines:
    """What a child process prints, read by a thread, so that waiting for a line can time out."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line)
        self._lines.put(None)  # the end of the output

    def next(self, count: int, timeout: float = 30) -> list[str]:
        """The next `count` lines (stripped); fails, showing what came, at the end of the output or
        when they take longer than `timeout` seconds."""
        lines: list[str] = []
        deadline = time.monotonic() + timeout
        while len(lines) < count:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"the sandbox printed {len(lines)} of {count} lines in {timeout} s: {lines}")
            if line is None:
                pytest.fail(f"the sandbox ended after printing {len(lines)} of {count} lines: {lines}")
            lines.append(line.strip())
        return lines

    def rest(self, timeout: float = 30) -> list[str]:
        """Every further line, up to the end of the output."""
        lines: list[str] = []
        deadline = time.monotonic() + timeout
        while (line := self._lines.get(timeout=max(0.0, deadline - time.monotonic()))) is not None:
            lines.append(line.strip())
        return lines


def _start(*arguments: str, caller_dir: Path = ROOT) -> subprocess.Popen[str]:
    """`python -m sandbox` on a free port (unless `arguments` name one), run from `caller_dir`."""
    port = [] if "--port" in arguments else ["--port", str(free_port())]
    return subprocess.Popen(
        [sys.executable, "-m", "sandbox", *port, *arguments],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "SMARTSENDER_CALLER_DIR": str(caller_dir)},
    )  # fmt: skip


def _end(process: subprocess.Popen[str]) -> None:
    """Stops the process however far it got (SIGKILL: a test that failed early must not hang here)."""
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


@pytest.mark.slow
def test_the_command_line_serves_and_prints_ready_to_copy_tokens() -> None:
    """... and stops on SIGINT once it serves, even started the way a script starts a background job."""
    port = free_port()
    # Started with SIGINT ignored, which the child inherits: what a non-interactive shell does for `command &`.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process = _start("--port", str(port), "--seed", "3", "--contacts", "5")
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        assert process.stdout is not None
        output = _Lines(process.stdout)
        lines = output.next(9)  # the whole banner
        assert lines[0] == f"Smart Sender Contacts API sandbox at http://127.0.0.1:{port}"
        token = next(line for line in lines if line.startswith("Authorization: Bearer ")).split()[-1]
        assert token == create_app(SandboxConfig(seed=3)).projects[0].token
        answer = _first_answer(f"http://127.0.0.1:{port}/v1/contacts", token)
        assert answer.status_code == 200
        assert answer.json()["cursor"] == {"page": 1, "pages": 1}
        assert answer.headers["x-rate-limit"] == "179"
        # It serves, so it is ready: only now is the interrupt sent (earlier, before the sandbox
        # took SIGINT over from the ignoring parent, it would be lost).
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 130
        rest = output.rest()
    finally:
        _end(process)
    assert rest[-1] == "stopped"  # Ctrl-C: one word, no traceback
    assert not any("Traceback" in line for line in rest)


def _first_answer(url: str, token: str) -> httpx.Response:
    """The answer to a GET, retried while the server does not accept connections yet."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        except httpx.ConnectError:
            assert time.monotonic() < deadline, "the sandbox did not start listening"
            time.sleep(0.1)


def _banner(*arguments: str, caller_dir: Path = ROOT, count: int = 7) -> list[str]:
    """The first `count` lines the command line prints, with `caller_dir` as the folder it was run from."""
    process = _start(*arguments, caller_dir=caller_dir)
    try:
        assert process.stdout is not None
        return _Lines(process.stdout).next(count)
    finally:
        _end(process)


@pytest.mark.slow
def test_the_banner_says_when_an_existing_file_keeps_its_data_and_which_contacts_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite3"
    call = make_caller(create_app(SandboxConfig(db_path=str(path), rate_limit=False)))
    created = call("POST", "/v1/channels/15/gates", json={"identifier": "380990000004", "firstName": "Nina"}).json()
    assert created["contact"]["originalId"] == 1081  # after the second project's 1041 to 1080
    lines = _banner("--db", str(path), "--seed", "9")
    assert lines[1] == f"data: {path} (existing data kept; --seed and --contacts apply only to a new file)"
    assert lines[4] == "project 1 (Demo Shop, 41 contacts: 1001, 1002, 1003, ...):"
    assert lines[6] == "project 2 (Second Project, 40 contacts: 1041, 1042, 1043, ...):"


@pytest.mark.slow
def test_db_memory_keeps_the_data_in_memory_and_writes_no_file(tmp_path: Path) -> None:
    lines = _banner("--db", ":memory:", "--contacts", "2", caller_dir=tmp_path)
    assert lines[1] == "data: :memory:"
    assert lines[4] == "project 1 (Demo Shop, 2 contacts: 1001, 1002):"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_banner_names_the_document_and_the_sandbox_serves_it(tmp_path: Path) -> None:
    document = yaml.safe_load(DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    document["info"]["version"] = "9.8.7"
    copy = tmp_path / "copy.yaml"
    copy.write_text(yaml.safe_dump(document), encoding="utf-8")
    port = free_port()
    process = _start("--spec", "copy.yaml", "--port", str(port), "--no-rate-limit", caller_dir=tmp_path)
    try:
        assert process.stdout is not None
        lines = _Lines(process.stdout).next(3)
        assert lines[2] == f"document: {copy} (version 9.8.7; GET /openapi.yaml serves it)"
        served = httpx.get(f"http://127.0.0.1:{port}/openapi.yaml", timeout=10)
    finally:
        _end(process)
    assert (served.status_code, served.headers["content-type"]) == (200, "application/yaml")
    assert served.content == copy.read_bytes()


def test_the_document_is_served_without_a_token(call: Any) -> None:
    served = call("GET", "/openapi.yaml", token=None)
    assert served.status == 200
    assert served.body == DEFAULT_SPEC_PATH.read_bytes()
    assert call("POST", "/openapi.yaml").status == 404  # only read
