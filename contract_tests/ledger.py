"""The record of what writing live runs created on a host: what lets a later run clean up after one that
was killed, without ever deleting what no run of ours created.

One file per API and host (CONTRACT_LEDGER_DIR, by default ~/.local/state/contract-runs/), one JSON line
per event: a resource a run created ({"run", "resource", "id", "event": "created"}), and its deletion
("deleted"). A line is written (and flushed to disk) as soon as the host has answered, under an exclusive
lock, so that runs against the same host at the same time keep one consistent record. What a run created
and nobody deleted is outstanding; contract_tests/safety.py sweeps the outstanding resources of runs that
started more than a day ago.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from contract_tests import variables

CREATED, DELETED = "created", "deleted"


@dataclass(frozen=True)
class Entry:
    """A resource a run created: the run's id (its start time first), the kind and the id."""

    run: str
    resource: str
    id: str


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

    def created(self, entry: Entry) -> None:
        self._write(entry, CREATED)

    def deleted(self, entry: Entry) -> None:
        self._write(entry, DELETED)

    def outstanding(self) -> list[Entry]:
        """What runs created and nobody has deleted, in the order it was created."""
        if not self.path.exists():
            return []
        with self._locked("r") as file:
            return list(_outstanding(file))

    def compact(self) -> None:
        """Rewrite the file with the outstanding entries only (what was deleted need not be kept), or
        remove it when there are none."""
        if not self.path.exists():
            return
        with self._locked("r+") as file:
            kept = list(_outstanding(file))
            if not kept:
                self.path.unlink()  # a run waiting for the lock opens the path anew (_locked)
                return
            file.seek(0)
            file.truncate()
            file.writelines(_line(entry, CREATED) for entry in kept)
            file.flush()
            os.fsync(file.fileno())

    def _write(self, entry: Entry, event: str) -> None:
        with self._locked("a") as file:
            file.write(_line(entry, event))
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


def _line(entry: Entry, event: str) -> str:
    return json.dumps({"run": entry.run, "resource": entry.resource, "id": entry.id, "event": event}) + "\n"


def _outstanding(file: IO[str]) -> Iterator[Entry]:
    file.seek(0)
    entries: dict[Entry, None] = {}  # ordered
    for line in file:
        try:
            record = json.loads(line)
            entry = Entry(str(record["run"]), str(record["resource"]), str(record["id"]))
            event = record["event"]
        except (ValueError, KeyError, TypeError):
            continue  # a line a killed run left half-written
        if event == CREATED:
            entries[entry] = None
        elif event == DELETED:
            entries.pop(entry, None)
    yield from entries
