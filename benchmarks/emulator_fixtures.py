"""What the emulator benchmarks share: the Patchworks Core emulator's test credentials, CSV files of
made-up records and their import, and a process's memory as /proc reports it."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

API = "patchworks-core"
KEY = "bench-key"
AUTH = {"Authorization": KEY}


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def csv_rows(count: int, start: int = 0, entity_type_id: int = 47) -> bytes:
    return (
        "value,entity_type_id\n"
        + "".join(f"person{i}@example.com,{entity_type_id}\n" for i in range(start, start + count))
    ).encode()


def import_file(http: httpx.Client, pool_id: int, content: bytes) -> float:
    started = time.perf_counter()
    response = http.post(f"/api/v1/data-pool/{pool_id}/deduped-data/import",
                         files={"deduped_data_file": ("records.csv", content, "text/csv")})  # fmt: skip
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed
