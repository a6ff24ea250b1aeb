"""The generated client's costs, against a local uvicorn server.

1. Per-call overhead: `list_data_pools.sync` (retries on, rate limiter off) against a raw
   `httpx.Client.get(...).json()` of the same 100-item page from the same server, interleaved call by
   call in one process; the figure is the ratio of the medians (target <= 1.2).
2. Memory: iterating over 100,000 deduped records (1,000 pages of 100) with `iterate`; the figure is the
   growth of the traced peak once the first page is in (target <= 10 MB), i.e. memory stays flat.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc

import httpx
from patchworks_core_client import AuthenticatedClient
from patchworks_core_client.api.data_pools import list_data_pools, list_deduped_data

from benchmarks.local_server import serving
from benchmarks.pages_app import RECORDS

CALLS = 600
OVERHEAD_TARGET = 1.2
MEMORY_TARGET_MB = 10.0


def per_call_overhead(base_url: str) -> float:
    raw = httpx.Client(base_url=base_url, headers={"Authorization": "key", "Accept": "application/json"})
    client = AuthenticatedClient(api_key="key", base_url=base_url, rate_limit=None)
    for _ in range(50):  # warm both connections and code paths
        raw.get("/api/v1/data-pool").json()
        list_data_pools.sync(client=client)
    raw_times, client_times = [], []
    for _ in range(CALLS):
        started = time.perf_counter()
        raw.get("/api/v1/data-pool").json()
        raw_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        page = list_data_pools.sync(client=client)
        client_times.append(time.perf_counter() - started)
    assert len(page.data) == 100
    raw_median, client_median = statistics.median(raw_times), statistics.median(client_times)
    ratio = client_median / raw_median
    verdict = "ok" if ratio <= OVERHEAD_TARGET else "TOO SLOW"
    print(f"per-call overhead: list_data_pools.sync median {client_median * 1e3:.2f} ms, raw httpx get+json "
          f"median {raw_median * 1e3:.2f} ms, ratio {ratio:.2f} over {CALLS} interleaved calls of a 100-item page; "
          f"target <= {OVERHEAD_TARGET}: {verdict}")  # fmt: skip
    return ratio


def iteration_memory(base_url: str) -> float:
    client = AuthenticatedClient(api_key="key", base_url=base_url, rate_limit=None)
    records = list_deduped_data.iterate(1, client=client)
    gc.collect()
    tracemalloc.start()
    count = 1
    next(records)  # the first page is in memory from here on
    _, peak_after_first_page = tracemalloc.get_traced_memory()
    for _ in records:
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    growth_mb = (peak - peak_after_first_page) / 1e6
    verdict = "ok" if growth_mb <= MEMORY_TARGET_MB and count == RECORDS else "FAILED"
    print(f"iterate over {count:,} records: peak memory grew {growth_mb:.2f} MB after the first page "
          f"(peak {peak / 1e6:.2f} MB); target <= {MEMORY_TARGET_MB:.0f} MB: {verdict}")  # fmt: skip
    return growth_mb


def main() -> int:
    with serving("benchmarks.pages_app:app") as base_url:
        ratio = per_call_overhead(base_url)
        growth = iteration_memory(base_url)
    return 0 if ratio <= OVERHEAD_TARGET and growth <= MEMORY_TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
