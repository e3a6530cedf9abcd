"""The SQLite connection of a sandbox: schema set-up and transactions.

Every write runs in a `BEGIN IMMEDIATE` transaction (all or nothing, and serialised against other
processes sharing the file); reads that span several statements run in a deferred transaction,
so they see one consistent snapshot.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

SCHEMA_VERSION = 3
# Stamped into every database the sandbox creates ("SSnd"), so that another program's file is not
# taken for one of its own merely because it happens to have the same user_version.
APPLICATION_ID = 0x53536E64
IN_MEMORY = ":memory:"

T = TypeVar("T")


class DatabaseError(RuntimeError):
    """The database file cannot be used by this version of the sandbox."""


class Database:
    def __init__(self, path: str | Path = IN_MEMORY) -> None:
        self.path = str(path)
        # One connection may be used by a server thread and a test thread at once.
        self._lock = threading.RLock()
        try:
            self.connection = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, cached_statements=512
            )
            self.connection.execute("PRAGMA foreign_keys = ON")
            self.connection.execute("PRAGMA busy_timeout = 10000")
            self.created = self._ensure_schema()
        except sqlite3.Error as error:  # not a database, a directory, no such folder, no permission, ...
            raise _refusal(self.path, error) from None

    def adopt(self, load: Callable[[], T]) -> T:
        """Returns what `load` makes of the data (the store, the first to read it), and only then
        makes the file the sandbox's for good: stamps its application id and switches it to WAL.
        Until then nothing is written to an existing file, so one that is refused, here or before,
        is left exactly as it was."""
        try:
            loaded = load()
            with self._lock:
                # A harmless write, so that a read-only file is refused now rather than failing every
                # write later; it also stamps a file made before the sandbox stamped its id.
                self.connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                if self.path != IN_MEMORY:
                    self.connection.execute("PRAGMA journal_mode = WAL")
                    self.connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as error:  # a damaged page, say, which only reading the data comes across
            raise _refusal(self.path, error) from None
        return loaded

    def _ensure_schema(self) -> bool:
        """Creates the tables in an empty database; returns whether it did. The schema version is
        only stamped by `mark_ready`, once the caller has filled the new database."""
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            if not self._made_by_the_sandbox():
                raise DatabaseError(
                    f"{self.path} is another program's SQLite database, not the sandbox's; choose another --db path"
                )
            return False
        has_tables = self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and has_tables:
            raise DatabaseError(
                f"{self.path} is incomplete (its seeding was interrupted, or it is another program's "
                "database); delete it or choose another --db path"
            )
        if version != 0:
            raise DatabaseError(
                f"{self.path} was not created by this version of the sandbox (schema version {version}, "
                f"expected {SCHEMA_VERSION}); delete it or choose another --db path"
            )
        with self._lock:
            self.connection.executescript(
                f"BEGIN IMMEDIATE;\nPRAGMA application_id = {APPLICATION_ID};\n{_schema_script()}\nCOMMIT;"
            )
        return True

    def _made_by_the_sandbox(self) -> bool:
        """Whether a database stamped with the sandbox's schema version was made by the sandbox: it
        bears its application id or, made before the sandbox stamped one, has the tables (with their
        columns) and views of schema.sql; another program may well have a table called projects."""
        if self.connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            return True
        with closing(sqlite3.connect(IN_MEMORY)) as expected:
            expected.executescript(_schema_script())
            return _structure(self.connection) == _structure(expected)

    def mark_ready(self) -> None:
        """Stamps the schema version: from now on the database opens as complete."""
        with self._lock:
            self.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self.connection.execute("BEGIN")
            try:
                yield self.connection
            finally:
                self.connection.execute("COMMIT")

    def restore(self, source: sqlite3.Connection) -> None:
        """Replaces every page of this database with those of `source` (SQLite's backup)."""
        with self._lock:
            source.backup(self.connection)

    def close(self) -> None:
        with self._lock:
            self.connection.close()


def _schema_script() -> str:
    return files("sandbox").joinpath("schema.sql").read_text(encoding="utf-8")


# Every table with each of its columns, and every view. The search tables are left out: there is one
# per project (contact_search_<id>, with FTS5's own tables behind it), and SQLite adds tables of its own.
_STRUCTURE = (
    "SELECT m.type, m.name, c.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS c "
    "WHERE m.type = 'table' AND m.name NOT GLOB 'sqlite_*' AND m.name NOT GLOB 'contact_search_*' "
    "UNION SELECT type, name, NULL FROM sqlite_master WHERE type = 'view'"
)


def _structure(connection: sqlite3.Connection) -> set[tuple[str, str, str | None]]:
    return set(connection.execute(_STRUCTURE).fetchall())


def _refusal(path: str, error: sqlite3.Error) -> DatabaseError:
    """The start-up refusal for an SQLite error of opening `path`, checking its schema or reading its data."""
    if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_READONLY:  # the low byte is the primary result code
        return DatabaseError(f"{path} is read-only ({error}), and the sandbox writes to its database; "
                             "make it writable or choose another --db path")  # fmt: skip
    return DatabaseError(f"cannot use {path} as the sandbox's database ({error}); choose another --db path")
