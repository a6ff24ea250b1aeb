"""`python -m contract_tests --api easydb --live` end to end, against an easydb emulator standing in for
a customer's instance: a tree of the customer's own pools, one of them named as a run would name it, and
a pool a killed run left behind (the ledger of runs says so).

- Read-only by default: nothing is sent but GETs and the run's own session flow.
- With EASYDB_ALLOW_WRITES=1 the run creates one pool of its own in the standard pool and every other
  pool inside it, deletes them all at the end, sweeps the killed run's pool, and leaves every pool of the
  customer's as it was (its version, its names, its children, its timestamps); neither the password nor
  any session token the instance gave the run is in a file of its report folder or on its console.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, Login, create_app
from contract_tests.ledger import Entry, Ledger
from contract_tests.serving import serving
from tests.contract.live import Recorder, noting_tokens, run_live

API = "easydb"
LOGIN, PASSWORD = "ops@example.com", "live-password-0099"
DEAD_RUN = "19990101T000000-dead"
SESSION_FLOW = {("GET", "/api/v1/session"), ("POST", "/api/v1/session/authenticate"),
                ("POST", "/api/v1/session/deauthenticate")}  # fmt: skip


@dataclass
class Instance:
    url: str
    recorder: Recorder
    sessions: list[str]  # every session token the instance handed out (the run's, and the test's)
    token: str = ""

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        if not self.token:
            self.token = httpx.get(f"{self.url}/api/v1/session").json()["token"]
            answer = httpx.post(f"{self.url}/api/v1/session/authenticate", headers={"x-easydb-token": self.token},
                                data={"login": LOGIN, "password": PASSWORD})  # fmt: skip
            answer.raise_for_status()
        response = httpx.request(method, self.url + path, headers={"x-easydb-token": self.token}, **kwargs)
        response.raise_for_status()
        return response.json()

    def insert(self, name: str, parent: int | None = None, **attributes: Any) -> int:
        where = {"_id_parent": parent} if parent else {"lookup:_id_parent": {"reference": "system:standard"}}
        pool = {**where, "_version": 1, "name": {"en-US": name}, **attributes}
        (created,) = self.call("PUT", "/api/v1/pool", json=[{"pool": pool}])
        return int(created["pool"]["_id"])

    def pools(self) -> dict[int, Any]:
        """Every pool the user sees, in full, by id."""
        return {pool["pool"]["_id"]: pool for pool in self.call("GET", "/api/v1/pool")}


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[Instance]:
    settings = EmulatorSettings(logins=(Login(LOGIN, PASSWORD),), db=str(tmp_path / "instance.db"), rate_limit=0)
    sessions: list[str] = []
    recorder = Recorder(create_app(API, settings), {("GET", "/api/v1/session"): noting_tokens(sessions)})
    with serving(recorder) as url:
        yield Instance(url, recorder, sessions)


def run(instance: Instance, tmp_path: Path, **extra_env: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    env = {"EASYDB_BASE_URL": instance.url, "EASYDB_LOGIN": LOGIN, "EASYDB_PASSWORD": PASSWORD,
           "EASYDB_CONTRACT_RATE_LIMIT": "100000/m", **extra_env}  # fmt: skip
    return run_live(API, tmp_path / "reports", env)


def test_a_run_is_read_only_unless_writes_are_allowed(instance: Instance, tmp_path: Path) -> None:
    instance.insert("Archive")
    before = instance.pools()
    instance.recorder.requests.clear()
    done, run_dir = run(instance, tmp_path)
    assert done.returncode == 0, (run_dir / "summary.md").read_text()[-4000:]
    assert set(instance.recorder.writes()) <= SESSION_FLOW
    assert ("GET", "/api/v1/pool") in instance.recorder.requests
    assert instance.pools() == before


def test_a_writing_run_keeps_inside_its_own_pool_and_leaves_the_customers_as_they_were(
    instance: Instance, tmp_path: Path
) -> None:
    archive = instance.insert("Archive", reference="archive", shortname="archive")
    photos = instance.insert("Photos", archive)
    instance.insert("Maps", archive, description={"en-US": "Old maps"})
    instance.call("POST", "/api/v1/pool", json=[{"pool": {"_id": photos, "_version": 2, "comment": "checked"}}])
    lookalike = instance.insert(f"contract-run-{DEAD_RUN}-2")  # the customer's: no run created it
    leftover = instance.insert(f"contract-run-{DEAD_RUN}-1")  # what the killed run left
    ledger = Ledger(tmp_path / "ledger", API, instance.url)
    ledger.created(Entry(DEAD_RUN, "pool", str(leftover)))
    before = instance.pools()
    instance.recorder.requests.clear()

    done, run_dir = run(instance, tmp_path, EASYDB_ALLOW_WRITES="1")

    summary = (run_dir / "summary.md").read_text()
    assert done.returncode == 0, summary[-4000:]
    writes = [write for write in instance.recorder.writes() if write not in SESSION_FLOW]
    assert {method for method, _ in writes} == {"PUT", "POST", "DELETE"} and len(writes) > 20  # it did write
    customers = {pool_id for pool_id in before if pool_id != leftover}
    assert not any(path == f"/api/v1/pool/{pool_id}" for _, path in writes for pool_id in customers)
    after = instance.pools()
    assert after == {pool_id: pool for pool_id, pool in before.items() if pool_id != leftover}
    assert lookalike in after  # a name like a run's is not enough
    assert ledger.outstanding() == []  # its own pools and the killed run's are deleted, and recorded so
    run_sessions = [token for token in instance.sessions if token != instance.token]
    assert run_sessions  # the preflight's and the run's own
    texts = {path.name: path.read_text(errors="replace") for path in run_dir.rglob("*") if path.is_file()}
    texts["console"] = done.stdout + done.stderr
    leaks = [f"{name}: {secret}" for name, text in texts.items() for secret in (PASSWORD, *instance.sessions)
             if secret in text]  # fmt: skip
    assert {"summary.md", "junit.xml"} <= set(texts) and leaks == []
