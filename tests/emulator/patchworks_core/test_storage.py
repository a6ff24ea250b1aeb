"""SQLite storage: data survives a restart, a killed import leaves nothing, concurrent imports lose no row."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from contract_tests.emulator import create_app
from contract_tests.serving import free_port, serving
from contract_tests.testing import wait_until_up
from generator.layout import REPO_ROOT
from tests.emulator.patchworks_core.conftest import API, API_KEY, settings

AUTH = {"Authorization": API_KEY}


def rows(count: int, prefix: str = "person") -> bytes:
    return ("value,entity_type_id\n" + "".join(f"{prefix}{i}@example.com,47\n" for i in range(count))).encode()


def count_records(db: Path) -> int:
    app = create_app(API, settings(db=str(db)))
    total = app.state.emulator.db.one("SELECT COUNT(*) FROM deduped_data")[0]
    app.state.emulator.db.close()
    return int(total)


def test_data_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "patchworks.db"
    with serving(create_app(API, settings(db=str(db)))) as url, httpx.Client(base_url=url, headers=AUTH) as http:
        pool = http.post("/api/v1/data-pool", json={"name": "orders"}).json()["data"]
        files = {"deduped_data_file": ("r.csv", rows(3), "text/csv")}
        assert http.post(f"/api/v1/data-pool/{pool['id']}/deduped-data/import", files=files).status_code == 200
    with serving(create_app(API, settings(db=str(db)))) as url, httpx.Client(base_url=url, headers=AUTH) as http:
        assert http.get(f"/api/v1/data-pool/{pool['id']}").json()["data"] == pool
        assert http.get(f"/api/v1/data-pool/{pool['id']}/deduped-data").json()["meta"]["total"] == 3


def test_concurrent_imports_lose_no_row(tmp_path: Path) -> None:
    with (
        serving(create_app(API, settings(db=str(tmp_path / "p.db")))) as url,
        httpx.Client(base_url=url, headers=AUTH) as http,
    ):
        pool = http.post("/api/v1/data-pool", json={"name": "orders"}).json()["data"]
        statuses: list[int] = []

        def import_rows(client_number: int) -> None:
            files = {"deduped_data_file": ("r.csv", rows(2_000, f"c{client_number}-"), "text/csv")}
            with httpx.Client(base_url=url, headers=AUTH, timeout=60) as own:
                statuses.append(
                    own.post(f"/api/v1/data-pool/{pool['id']}/deduped-data/import", files=files).status_code
                )

        threads = [threading.Thread(target=import_rows, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [200] * 6
        assert http.get(f"/api/v1/data-pool/{pool['id']}/deduped-data").json()["meta"]["total"] == 12_000


def test_a_process_killed_in_the_middle_of_an_import_leaves_no_partial_import(tmp_path: Path) -> None:
    db = tmp_path / "patchworks.db"
    port = free_port()
    command = [sys.executable, "-m", "contract_tests.emulator", "serve", "--api", API, "--port", str(port),
               "--db", str(db), "--api-key", API_KEY, "--rate-limit", "0"]  # fmt: skip
    server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(port, server, what="the emulator")
        pool = httpx.post(f"{url}/api/v1/data-pool", json={"name": "orders"}, headers=AUTH).json()["data"]
        outcome: list[object] = []

        def import_rows() -> None:
            files = {"deduped_data_file": ("r.csv", rows(180_000), "text/csv")}
            try:
                outcome.append(httpx.post(f"{url}/api/v1/data-pool/{pool['id']}/deduped-data/import", files=files,
                                          headers=AUTH, timeout=60).status_code)  # fmt: skip
            except httpx.TransportError as error:
                outcome.append(error)

        importer = threading.Thread(target=import_rows)
        importer.start()
        wal = Path(f"{db}-wal")
        # The uncommitted transaction spills into the write-ahead log as its batches are written: once it
        # has grown by a few megabytes, the import is under way and not yet committed.
        baseline = wal.stat().st_size if wal.exists() else 0
        while importer.is_alive() and (not wal.exists() or wal.stat().st_size < baseline + 3_000_000):
            time.sleep(0.005)
        os.kill(server.pid, signal.SIGKILL)
        importer.join()
    finally:
        server.kill()
        server.wait()
    assert isinstance(outcome[0], httpx.TransportError), f"the import finished before the kill: {outcome}"
    assert count_records(db) == 0
