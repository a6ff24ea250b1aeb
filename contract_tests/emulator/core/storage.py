"""SQLite storage: connections, transactions, and the tables every part of the emulator declares.

The core knows no table of any API: each part (the core's own token and document tables, an API package's
resources) brings its own Tables, created on start. Handlers run on worker threads (so that one slow query
never holds up the event loop, or another request): a database file gives each thread a connection of its
own (WAL: readers never wait for a writer, and a read snapshot() sees one state of the database however
many statements it takes). Writes take turns in the process (one write transaction at a time, BEGIN
IMMEDIATE ... COMMIT, the others queued on a lock for up to WRITE_WAIT_SECONDS) rather than in SQLite,
which would give up on a writer after busy_timeout and answer "database is locked"; busy_timeout is then
only for another process writing the same file. A write that still cannot have its turn is DatabaseBusy.

A database in memory exists only for its one connection, which every thread shares: every use of it
(a handler, exclusive(); a query, a snapshot or a transaction) holds one lock, so one thread at a time
uses it. A process killed in the middle of a write leaves nothing half done (SQLite's journal rolls it
back on the next open).

state_version() names the committed state, for what is worth keeping until the next write (the totals of
lists, the answers of point lookups): it changes with every commit, this process's or another's, on any
connection (a test, or another process, may write the file too). state_version_on_loop() is the same name
for a read on the event loop, asking SQLite at most once an event-loop turn.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests.emulator.core.turns import TurnMemo


@dataclass(frozen=True)
class Tables:
    """Tables one part of the emulator keeps: the SQL that creates them (idempotent: IF NOT EXISTS), the
    tables `reset` empties, children before parents, and of those the bookkeeping ones (tokens, index
    watermarks), which do not count as data when deciding whether a database is empty. After a reset the
    ids of its AUTOINCREMENT tables count from 1 again, as in a fresh database (MySQL's TRUNCATE), unless
    `ids_survive_reset`: then no id is ever given out twice, a reset or not."""

    sql: str
    names: tuple[str, ...]
    bookkeeping: tuple[str, ...] = ()
    ids_survive_reset: bool = False


def quoted(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


BUSY_TIMEOUT_MS = 5000  # how long SQLite waits for another process's write before "database is locked"
WRITE_WAIT_SECONDS = 60.0  # how long a write waits for its turn in this process before DatabaseBusy


class DatabaseBusy(Exception):
    """A write could not have its turn: the writes before it took longer than WRITE_WAIT_SECONDS, or
    another process held the database file for longer than BUSY_TIMEOUT_MS. Worth retrying."""


def is_busy(error: BaseException) -> bool:
    """Whether an error is the database being busy (DatabaseBusy, or SQLite's "database is locked")."""
    if isinstance(error, DatabaseBusy):
        return True
    code = getattr(error, "sqlite_errorcode", None) if isinstance(error, sqlite3.OperationalError) else None
    # The primary code (the low byte): SQLITE_BUSY_SNAPSHOT and the like are kinds of SQLITE_BUSY.
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class Database:
    def __init__(self, path: str, tables: Sequence[Tables], *, served: bool = False) -> None:
        """`served`: the app is served by uvicorn, which starts each request's task in a later event-loop
        turn than the one that read the request: state_version_on_loop() may then ask SQLite once a turn."""
        self.path = path
        self._tables = tuple(tables)
        self._in_memory = path == ":memory:"
        if not self._in_memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opening = threading.Lock()
        self._closed = False
        # In memory, the one lock of the shared connection (re-entrant: a handler holding it runs queries
        # that take it again); for a file, the writers' turn (held by the thread whose connection is in
        # the write transaction: an import's inserting thread works inside its turn without taking it).
        self._exclusive = threading.RLock()
        self._writes = self._exclusive if self._in_memory else threading.Lock()
        self._handler_context: AbstractContextManager[object] = self._exclusive if self._in_memory else nullcontext()
        self._shared = self._connect() if self._in_memory else None
        self._commits = 0  # the write transactions this object committed
        # A connection that never writes, only asked for its data_version: SQLite changes it whenever any
        # other connection (of this process or another) has committed, so it sees every commit. A database
        # in memory has no other connection: its writes are all on the one, counted (state_version).
        self._watcher = None if self._in_memory else self._connect()
        self._watching = threading.Lock()
        self._data_version_this_turn = TurnMemo(self._data_version) if served and self._watcher else None
        with self.exclusive():
            for part in self._tables:
                self.connection.executescript(part.sql)

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: transactions are explicit (transaction()), never implicit. check_same_thread
        # off: a connection is closed by the thread that stops the emulator, and an import hands its own to
        # the thread inserting its batches.
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        connection.row_factory = sqlite3.Row
        pragmas = (
            "journal_mode = WAL",
            "synchronous = NORMAL",
            "foreign_keys = ON",
            f"busy_timeout = {BUSY_TIMEOUT_MS}",
        )
        for pragma in pragmas:
            connection.execute(f"PRAGMA {pragma}")
        with self._opening:
            self._opened.append(connection)
        return connection

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection (the one connection of a database in memory: use it inside exclusive())."""
        if self._shared is not None:
            return self._shared
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            if self._closed:  # a late thread (a background index catch-up) must not open the file again
                raise sqlite3.ProgrammingError(f"{self.path}: the database is closed")
            connection = self._local.connection = self._connect()
        return connection

    @property
    def in_memory(self) -> bool:
        return self._in_memory

    def exclusive(self) -> AbstractContextManager[object]:
        """What a handler runs inside: for a database in memory, whose one connection every thread shares
        (and whose transactions would interleave), one handler at a time; for a file, nothing to wait for."""
        return self._handler_context

    @contextmanager
    def _write_turn(self) -> Iterator[None]:
        if not self._writes.acquire(timeout=WRITE_WAIT_SECONDS):
            raise DatabaseBusy(f"{self.path}: no turn to write in {WRITE_WAIT_SECONDS:g} s (other writes before it)")
        self._local.writing = True
        try:
            yield
        finally:
            self._local.writing = False
            self._writes.release()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing, in its turn (one write transaction at a time). Inside another
        transaction it is a savepoint of that one: several writes that must happen together (a batch of
        creates, a reset and its seed) are one transaction around them."""
        with self.exclusive():
            connection = self.connection
            if connection.in_transaction:
                if not self._in_memory and not getattr(self._local, "writing", False):
                    # A read snapshot has no turn to write: its write could fail on another's, or undo it.
                    raise RuntimeError("a write inside a read snapshot: begin the transaction before it")
                connection.execute("SAVEPOINT nested")
                try:
                    yield connection
                except BaseException:
                    connection.execute("ROLLBACK TO nested")
                    connection.execute("RELEASE nested")
                    raise
                connection.execute("RELEASE nested")
                return
            with self._write_turn():
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    if connection.in_transaction:  # SQLite rolls some failures back itself
                        connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
                self._commits += 1  # in the write's turn: one writer at a time

    def state_version(self) -> tuple[int, int]:
        """The committed state, named: two calls answer the same only if no commit came between them (by this
        object, counted; or by any connection, SQLite's data_version on the watcher connection). A read
        snapshot taken between two equal answers sees exactly the state they name. In memory the one
        connection's total_changes stands for data_version: it also moves with a write made on it outside
        transaction() (autocommit, which no commit of this object counts), and with one rolled back (a
        needless recount, never a stale total)."""
        if self._watcher is None:  # in memory: no other connection to watch
            assert self._shared is not None, f"{self.path}: a database in memory without its connection"
            return self._commits, self._shared.total_changes
        commits = self._commits
        return commits, self._data_version()

    def _data_version(self) -> int:
        assert self._watcher is not None, f"{self.path}: a file database without its watcher"
        with self._watching:
            return int(self._watcher.execute("PRAGMA data_version").fetchone()[0])

    def state_version_on_loop(self) -> tuple[int, int]:
        """state_version() for a read on the event loop. When `served`, SQLite's data_version is asked at most
        once an event-loop turn (a statement and two locking system calls: under load, most of a point
        lookup's cost), this process's commits counted at once, as always. A request must see every commit
        that ended before it came, and the value it is answered with was read after its bytes were: uvicorn
        reads a request in one turn and starts its task with create_task, so in a later one (asyncio runs
        the callbacks that were ready when a turn began, in order); the value is read at the first use in a
        turn and forgotten at the start of the next (what runs there before it was scheduled before the
        value was read, for requests read before that). Not so for an app called in-process (httpx's
        ASGITransport runs it in the caller's task, two requests may share a turn) or under an eager task
        factory: there, and on a worker thread, it is state_version() every time."""
        if self._data_version_this_turn is None:  # in memory, or not served
            return self.state_version()
        commits = self._commits
        return commits, self._data_version_this_turn.get()

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads that see one state of the database (one WAL snapshot: a write committed meanwhile
        is not in it), e.g. a page's total and its records. Inside a transaction, that transaction's state."""
        with self.exclusive():
            connection = self.connection
            if connection.in_transaction:
                yield connection
                return
            connection.execute("BEGIN DEFERRED")
            try:
                # A read now, so that the snapshot is taken here rather than at the caller's first read: what
                # it sees is the state as of entering (state_version() just before and just after names it).
                connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
                yield connection
            finally:
                if connection.in_transaction:
                    connection.execute("COMMIT")  # it wrote nothing: ends the read

    def one(self, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None
        if self._shared is None:  # a file: this thread's own connection, nothing to wait for (exclusive())
            row = self.connection.execute(sql, parameters).fetchone()
            return row
        with self.exclusive():
            row = self.connection.execute(sql, parameters).fetchone()
        return row

    def all(self, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self.exclusive():
            return self.connection.execute(sql, parameters).fetchall()

    def count(self, table: str) -> int:
        row = self.one(f"SELECT COUNT(*) FROM {quoted(table)}")
        return int(row[0]) if row else 0

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Add one row; its id."""
        columns = ", ".join(quoted(column) for column in values)
        marks = ", ".join("?" for _ in values)
        if values:
            sql = f"INSERT INTO {quoted(table)} ({columns}) VALUES ({marks})"
        else:
            sql = f"INSERT INTO {quoted(table)} DEFAULT VALUES"
        with self.transaction() as connection:
            cursor = connection.execute(sql, tuple(values.values()))
        return int(cursor.lastrowid or 0)

    def update(self, table: str, changes: dict[str, Any], where: str, parameters: Sequence[Any]) -> bool:
        """Set the given columns of the rows `where` selects; whether there were any."""
        with self.transaction() as connection:
            if not changes:  # nothing to set: whether the rows exist
                found = connection.execute(f"SELECT 1 FROM {quoted(table)} WHERE {where}", tuple(parameters))
                return found.fetchone() is not None
            assignments = ", ".join(f"{quoted(column)} = ?" for column in changes)
            cursor = connection.execute(
                f"UPDATE {quoted(table)} SET {assignments} WHERE {where}", (*changes.values(), *parameters)
            )
        return cursor.rowcount > 0

    def delete(self, table: str, where: str, parameters: Sequence[Any]) -> int:
        """Delete the rows `where` selects; how many."""
        with self.transaction() as connection:
            return connection.execute(f"DELETE FROM {quoted(table)} WHERE {where}", tuple(parameters)).rowcount

    def is_empty(self) -> bool:
        """No data in any table (bookkeeping aside): what a seed may fill."""
        return all(
            self.one(f"SELECT 1 FROM {quoted(name)} LIMIT 1") is None
            for part in self._tables
            for name in part.names
            if name not in part.bookkeeping
        )

    def reset(self) -> None:
        """Empty every table; the ids count from 1 again where the tables' part says so (Tables)."""
        restarted = [name for part in self._tables if not part.ids_survive_reset for name in part.names]
        with self.transaction() as connection:
            for part in self._tables:
                for name in part.names:
                    connection.execute(f"DELETE FROM {quoted(name)}")
            # SQLite keeps each AUTOINCREMENT table's last id in sqlite_sequence, made with the first of them.
            if (
                restarted
                and connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
            ):
                marks = ", ".join("?" for _ in restarted)
                connection.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", restarted)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._opening:
            self._closed = True
            opened, self._opened = self._opened, []
        for connection in opened:
            connection.close()
        self._local = threading.local()
