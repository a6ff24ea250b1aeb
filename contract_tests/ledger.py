"""The record of what writing live runs created on a host: what lets a later run clean up after one that
was killed, without ever deleting what no run of ours created.

One file per API and host (CONTRACT_LEDGER_DIR, by default ~/.local/state/contract-runs/), one JSON line
per event: a resource a run created ({"run", "resource", "id", "event": "created"}), and its deletion
("deleted"). Before a run sends a create of its own, the name it gives the new resource ({"run",
"resource", "name", "event": "creating"}): settled by the "created" line that carries the name too, or by
a sweep that found no such resource ("absent"); a create the host answered without a readable id leaves
it unsettled, for a sweep to find the resource by that name. A line is written (and flushed to disk) at
once, under an exclusive lock, so that runs against the same host at the same time keep one consistent
record. What a run created and nobody deleted is outstanding; a writing run's clean-up
(contract_tests/cleanup.py, contract_tests/sweep.py) sweeps the outstanding resources (and unsettled
creates) of runs that started more than a day ago, and its summary lists what is outstanding after it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from contract_tests import variables

CREATED, DELETED = "created", "deleted"
CREATING, ABSENT = "creating", "absent"  # a name a run gave in a create; no resource has it (swept)


@dataclass(frozen=True)
class Entry:
    """A resource a run created: the run's id (its start time first), the kind and the id."""

    run: str
    resource: str
    id: str


@dataclass(frozen=True)
class Intent:
    """A create a run sent: the run's id, the kind and the name it gave the new resource."""

    run: str
    resource: str
    name: str


def default_directory(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(variables.LEDGER_DIR):
        return Path(env[variables.LEDGER_DIR])
    state = Path(env["XDG_STATE_HOME"]) if env.get("XDG_STATE_HOME") else Path.home() / ".local" / "state"
    return state / "contract-runs"


class Ledger:
    """The record of one API on one host (its base URL)."""

    def __init__(self, directory: Path, api: str, base_url: str) -> None:
        parts = urllib.parse.urlsplit(base_url.rstrip("/"))
        netloc = parts.hostname or ""  # without any user:password@ the URL may carry
        host = parts._replace(netloc=netloc if parts.port is None else f"{netloc}:{parts.port}", query="", fragment="")
        self.host = urllib.parse.urlunsplit(host)
        readable = re.sub(r"[^A-Za-z0-9.-]+", "_", f"{host.netloc}{host.path}").strip("_")
        digest = hashlib.sha256(self.host.encode()).hexdigest()[:12]
        self.path = directory / f"{api}-{readable}-{digest}.jsonl"

    def creating(self, intent: Intent) -> None:
        """Before the create is sent: whatever the host answers, a later sweep can look for the name."""
        self._write_line(_intent_record(intent, CREATING))

    def absent(self, intent: Intent) -> None:
        self._write_line(_intent_record(intent, ABSENT))

    def created(self, entry: Entry, name: str | None = None) -> None:
        """A resource a run created (with the name its create gave it, which settles that intent)."""
        self._write_line(_record(entry, CREATED, name))

    def deleted(self, entry: Entry) -> None:
        self._write(entry, DELETED)

    def unsettled(self) -> list[Intent]:
        """The creates whose resource nobody knows the id of: no "created" line names them."""
        if not self.path.exists():
            return []
        with self._locked("r") as file:
            return list(_unsettled(file))

    def outstanding(self) -> list[Entry]:
        """What runs created and nobody has deleted, in the order it was created."""
        if not self.path.exists():
            return []
        with self._locked("r") as file:
            return list(_outstanding(file))

    def compact(self) -> None:
        """Rewrite the file with the outstanding entries and the unsettled creates only (what was deleted
        or settled need not be kept), or remove it when there are none."""
        if not self.path.exists():
            return
        with self._locked("r+") as file:
            kept, intents = list(_outstanding(file)), list(_unsettled(file))
            if not kept and not intents:
                self.path.unlink()  # a run waiting for the lock opens the path anew (_locked)
                return
            file.seek(0)
            file.truncate()
            file.writelines(_line(_record(entry, CREATED)) for entry in kept)
            file.writelines(_line(_intent_record(intent, CREATING)) for intent in intents)
            file.flush()
            os.fsync(file.fileno())

    def _write(self, entry: Entry, event: str) -> None:
        self._write_line(_record(entry, event))

    def _write_line(self, record: dict[str, str]) -> None:
        with self._locked("a") as file:
            file.write(_line(record))
            file.flush()
            os.fsync(file.fileno())

    @contextlib.contextmanager
    def _locked(self, mode: str) -> Iterator[IO[str]]:
        """The file, opened and locked; opened again when another run removed it while this one waited."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            self.path.touch(exist_ok=True)
            file = self.path.open(mode, encoding="utf-8")
            fcntl.flock(file.fileno(), fcntl.LOCK_EX)
            try:
                current = self.path.stat().st_ino
            except FileNotFoundError:
                current = None
            if current == os.fstat(file.fileno()).st_ino:
                break
            file.close()
        with file:
            try:
                yield file
            finally:
                fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def _record(entry: Entry, event: str, name: str | None = None) -> dict[str, str]:
    record = {"run": entry.run, "resource": entry.resource, "id": entry.id, "event": event}
    return record if name is None else {**record, "name": name}


def _intent_record(intent: Intent, event: str) -> dict[str, str]:
    return {"run": intent.run, "resource": intent.resource, "name": intent.name, "event": event}


def _line(record: dict[str, str]) -> str:
    return json.dumps(record) + "\n"


_Key = TypeVar("_Key")  # what a replay of the ledger gives: an Entry, an Intent


def _outstanding(file: IO[str]) -> Iterator[Entry]:
    return _replayed(file, lambda record: Entry(str(record["run"]), str(record["resource"]), str(record["id"])),
                     adds=(CREATED,), removes=(DELETED,))  # fmt: skip


def _unsettled(file: IO[str]) -> Iterator[Intent]:
    # A line without a name (an id's event) is no intent's.
    return _replayed(file, lambda record: Intent(str(record["run"]), str(record["resource"]), str(record["name"])),
                     adds=(CREATING,), removes=(CREATED, ABSENT))  # fmt: skip


def _replayed(file: IO[str], key: Callable[[Any], _Key], *, adds: tuple[str, ...],
              removes: tuple[str, ...]) -> Iterator[_Key]:  # fmt: skip
    """The keys (entries, intents) an event of `adds` wrote and none of `removes` since, in order; a line a
    killed run left half-written, or one `key` cannot read, is skipped."""
    file.seek(0)
    keys: dict[_Key, None] = {}  # ordered
    for line in file:
        try:
            record = json.loads(line)
            found, event = key(record), record["event"]
        except (ValueError, KeyError, TypeError):
            continue
        if event in adds:
            keys[found] = None
        elif event in removes:
            keys.pop(found, None)
    yield from keys
