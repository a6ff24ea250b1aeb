"""The generated client's costs for one API (`--api`), against a local uvicorn server serving fixed pages
(benchmarks/client/<api with _ for ->.py says what is called for each API).

1. Per-call overhead: the API's list call (retries on, rate limiter off) against a raw
   `httpx.Client.get(...).json()` of the same page from the same server, interleaved call by call in one
   process; the figure is the ratio of the medians (target <= 1.2).
2. Memory, for an API that paginates: iterating over every record with `iterate`; the figure is the
   growth of the traced peak once the first page is in (target <= 10 MB), i.e. memory stays flat.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc

import httpx

from benchmarks.arguments import api_argument
from benchmarks.client import ClientScenario, load
from benchmarks.local_server import serving

CALLS = 600
OVERHEAD_TARGET = 1.2
MEMORY_TARGET_MB = 10.0


def per_call_overhead(scenario: ClientScenario, base_url: str) -> float:
    raw = httpx.Client(base_url=base_url, headers=dict(scenario.headers))
    client = scenario.client(base_url)
    for _ in range(50):  # warm both connections and code paths
        raw.get(scenario.path).json()
        scenario.call(client)
    raw_times, client_times = [], []
    items = 0
    for _ in range(CALLS):
        started = time.perf_counter()
        raw.get(scenario.path).json()
        raw_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        items = scenario.call(client)
        client_times.append(time.perf_counter() - started)
    assert items == 100, f"the page has {items} items, not 100"
    raw_median, client_median = statistics.median(raw_times), statistics.median(client_times)
    ratio = client_median / raw_median
    verdict = "ok" if ratio <= OVERHEAD_TARGET else "TOO SLOW"
    print(f"per-call overhead: {scenario.described} median {client_median * 1e3:.2f} ms, raw httpx get+json "
          f"median {raw_median * 1e3:.2f} ms, ratio {ratio:.2f} over {CALLS} interleaved calls of a 100-item page; "
          f"target <= {OVERHEAD_TARGET}: {verdict}")  # fmt: skip
    return ratio


def iteration_memory(scenario: ClientScenario, base_url: str) -> float:
    assert scenario.iterate is not None
    records = scenario.iterate(scenario.client(base_url))
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
    verdict = "ok" if growth_mb <= MEMORY_TARGET_MB and count == scenario.records else "FAILED"
    print(f"iterate over {count:,} records: peak memory grew {growth_mb:.2f} MB after the first page "
          f"(peak {peak / 1e6:.2f} MB); target <= {MEMORY_TARGET_MB:.0f} MB: {verdict}")  # fmt: skip
    return growth_mb


def main() -> int:
    api = api_argument(__doc__)
    scenario = load(api.replace("-", "_"))
    print(f"{api}: the client")
    with serving(scenario.app) as base_url:
        ratio = per_call_overhead(scenario, base_url)
        growth = iteration_memory(scenario, base_url) if scenario.iterate is not None else 0.0
    return 0 if ratio <= OVERHEAD_TARGET and growth <= MEMORY_TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
