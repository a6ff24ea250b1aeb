"""`python -m contract_tests --api patchworks-core --live` end to end, against Patchworks emulators
standing in for a customer's account.

- A read-only run against a host that has drifted from the spec: it fails, says the API has drifted
  (naming the operation and the field), sends nothing but GETs, and leaks the key nowhere.
- A run allowed to write: it touches only what it creates, deletes that at the end, sweeps away what
  the ledger of runs says a run that started more than a day ago left (and nothing only named like it),
  and leaves the account's own resources as they were.
- A run that logs in instead of using a key: its own login is its only write.
"""

from __future__ import annotations

import re
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
from tests.contract.live import Recorder, without_field
from tests.contract.live import run_live as run_contract

API = "patchworks-core"
SECRET = "a-customer's-live-key-0042"
USER, PASSWORD = "ops@example.com", "live-password-0077"


@dataclass
class Account:
    url: str
    recorder: Recorder

    def get(self, path: str, **params: Any) -> Any:
        response = httpx.get(self.url + path, params=params, headers={"Authorization": SECRET})
        response.raise_for_status()
        return response.json()


def account(tmp_path: Path, *, drop_pool_names: bool = False) -> Iterator[Account]:
    settings = EmulatorSettings(
        api_keys=(SECRET,),
        logins=(Login(USER, PASSWORD),),
        db=str(tmp_path / "account.db"),
        rate_limit=0,
        seed="demo",
        downloads_dir=tmp_path / "downloads",
    )
    rewrites = {("GET", "/api/v1/data-pool"): without_field("name")} if drop_pool_names else {}
    recorder = Recorder(create_app(API, settings), rewrites)
    with serving(recorder) as url:
        yield Account(url, recorder)


@pytest.fixture
def drifted(tmp_path: Path) -> Iterator[Account]:
    yield from account(tmp_path, drop_pool_names=True)


@pytest.fixture
def healthy(tmp_path: Path) -> Iterator[Account]:
    yield from account(tmp_path)


def run_live(host: Account, reports: Path, **extra_env: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    env = {"PATCHWORKS_BASE_URL": host.url, "PATCHWORKS_API_KEY": SECRET, "PATCHWORKS_CONTRACT_RATE_LIMIT": "100000/m",
           **extra_env}  # fmt: skip
    return run_contract(API, reports, env)


def test_a_read_only_run_reports_drift_sends_only_gets_and_leaks_no_key(drifted: Account, tmp_path: Path) -> None:
    done, run_dir = run_live(drifted, tmp_path / "reports")
    summary = (run_dir / "summary.md").read_text()
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert "## The live API has drifted from its docs" in summary
    assert "Clean-up" not in summary  # a read-only run deletes nothing, and says nothing of it
    # One line per drifted field, naming the schema's field and the operations (contract_tests/summary.py).
    assert re.search(r"^- DataPool\.name: missing in [0-9]+ responses? of GET /api/v1/data-pool$", summary, re.M), (
        summary
    )
    methods = {method for method, _ in drifted.recorder.requests}
    assert methods <= {"GET", "HEAD"}, methods
    assert not any(path.endswith("/download") for _, path in drifted.recorder.requests)
    assert len(drifted.recorder.requests) > 50  # the run did run
    for text in (summary, (run_dir / "junit.xml").read_text(), done.stdout, done.stderr):
        assert "live-key-0042" not in text  # in any spelling: the key has a quote that curl commands escape


def test_a_writing_run_cleans_up_after_itself_and_what_the_ledger_says_killed_runs_left(
    healthy: Account, tmp_path: Path
) -> None:
    # A run killed long ago left a pool, and the ledger of runs says so; a customer's pool has a name like
    # it, but no run created it; a run that may still be going has one of its own.
    ledger = Ledger(tmp_path / "ledger", API, healthy.url)
    names = {"dead": "contract-run-19990101T000000-dead-1", "lookalike": "contract-run-19990101T000000-dead-2",
             "going": "contract-run-20991231T000000-live-1"}  # fmt: skip
    ids = {}
    for key, name in names.items():
        created = httpx.post(healthy.url + "/api/v1/data-pool", json={"name": name}, headers={"Authorization": SECRET})
        created.raise_for_status()
        ids[key] = str(created.json()["data"]["id"])
    ledger.created(Entry("19990101T000000-dead", "data_pool", ids["dead"]))
    ledger.created(Entry("20991231T000000-live", "data_pool", ids["going"]))
    before = account_state(healthy)

    done, run_dir = run_live(healthy, tmp_path / "reports", PATCHWORKS_ALLOW_WRITES="1")

    assert done.returncode == 0, (run_dir / "summary.md").read_text()[-4000:]
    writes = healthy.recorder.writes()
    assert len(writes) > 20  # it did write
    assert not any(path.endswith("/download") for _, path in healthy.recorder.requests)  # an export stays behind
    after = account_state(healthy)
    left = {name for name in after["data pools"] if name.startswith("contract-run-")}
    assert left == {names["lookalike"], names["going"]}, left  # its own gone, the recorded leftover swept
    assert {k: v for k, v in after["data pools"].items() if k != names["dead"]} == {
        k: v for k, v in before["data pools"].items() if k != names["dead"]
    }
    assert after["connection pools"] == before["connection pools"]
    assert ledger.outstanding() == [Entry("20991231T000000-live", "data_pool", ids["going"])]
    summary = (run_dir / "summary.md").read_text()
    assert re.search(r"^- The run's own resources: [0-9]+ deleted \(.*data_pool: [0-9]+", summary, re.M), summary
    assert f"as the ledger has them: 1 deleted\n  - data_pool {ids['dead']}, of run 19990101T000000-dead\n" in summary
    assert "- Not deleted: none" in summary
    assert f"  - data_pool {ids['going']}, of run 20991231T000000-live, under a day old" in summary
    assert "clean-up: deleted " in done.stdout


def account_state(host: Account) -> dict[str, dict[str, Any]]:
    """The account's data pools (with their record counts) and connection pools, by name."""
    pools = host.get("/api/v1/data-pool", per_page=100)["data"]
    connection_pools = host.get("/api/v1/connection-pools", per_page=100)["data"]
    return {
        "data pools": {
            pool["name"]: (
                pool["id"],
                pool["description"],
                host.get(f"/api/v1/data-pool/{pool['id']}/deduped-data", per_page=1)["meta"]["total"],
            )
            for pool in pools
        },
        "connection pools": {pool["name"]: (pool["id"], pool["limit"], pool["timeout"]) for pool in connection_pools},
    }


def test_a_run_can_log_in_instead_of_using_a_key(healthy: Account, tmp_path: Path) -> None:
    login = {"PATCHWORKS_API_KEY": "", "PATCHWORKS_USERNAME": USER, "PATCHWORKS_PASSWORD": PASSWORD,
             "PATCHWORKS_LOGIN_URL": f"{healthy.url}/fabric/api/login"}  # fmt: skip
    done, run_dir = run_live(healthy, tmp_path / "reports", **login)
    assert done.returncode == 0, (run_dir / "summary.md").read_text()[-4000:]
    writes = healthy.recorder.writes()
    assert writes and set(writes) == {("POST", "/fabric/api/login")}  # its own login only: never fuzzed
    assert len(writes) <= 2
    for text in (run_dir.joinpath("summary.md").read_text(), done.stdout, done.stderr):
        assert PASSWORD not in text
