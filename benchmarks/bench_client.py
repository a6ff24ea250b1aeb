"""The generated client's costs for one API (`--api`), each a ratio against its anchor measured side by side
in the same run (medians of interleaved runs), against a local uvicorn server serving fixed pages
(benchmarks/client/<api with _ for ->.py says what is called for each API).

1. Per-call overhead: the API's list call (retries on, rate limiter off) against a raw
   `httpx.Client.get(...).json()` of the same 100-item page from the same server, interleaved call by call
   in one process (target <= 1.1). The client decodes with msgspec, its `speedups` extra (a dev dependency
   here). For information, in rounds of their own: the same call decoding with json, as without the
   extra, and a raw loop decoding with the client's decoder.
2. Import: `import <package>` and the module of the called operation against `import httpx`, each in a
   fresh interpreter, interleaved (target <= 1.3).
3. Iteration, for an API that paginates: `iterate` over every record (typed models) against a hand-written
   httpx page loop over the same pages (JSON only, benchmarks/client/page_loop.py), per record, page by
   page interleaved (target <= 1.2).
4. Memory, for an API that paginates: the growth of the traced peak while iterating, once the first page
   is in (target <= 10 MB), i.e. memory stays flat.

Each prints one line with its ratio, target and verdict (the per-call overhead a second line, for information,
with no target: the call decoding with json, and the call against raw httpx decoding as the client does); the
exit code is 1 when any misses.
"""

from __future__ import annotations

import gc
import importlib
import itertools
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from benchmarks.arguments import api_argument
from benchmarks.client import ClientScenario, load
from benchmarks.client.import_cost import ANCHOR, compiled_environment, import_seconds
from benchmarks.client.page_loop import page_loop
from benchmarks.local_server import serving

CALLS = 600
OVERHEAD_TARGET = 1.1
# A fresh interpreter's import time varies by a quarter from run to run on a shared machine: with 15 runs, the
# median ratio of unchanged code moved between 1.1 and 1.4, so the median is taken over more.
IMPORT_RUNS = 41
IMPORT_TARGET = 1.3
ITERATION_RUNS = 3
ITERATION_TARGET = 1.2
MEMORY_TARGET_MB = 10.0


def verdict(ratio: float, target: float) -> str:
    """How a figure's line ends."""
    return "ok" if ratio <= target else "TOO SLOW"


def _decoding(client: Any) -> Any:
    """The _json_decoding module of the client's package, which keeps the decoder it found in `_loads`."""
    return importlib.import_module(f"{type(client).__module__.partition('.')[0]}._json_decoding")


@contextmanager
def decoding_with_json(decoding: Any) -> Iterator[None]:
    """The client's package (its _json_decoding module, `decoding`) decodes with json for the block, as it
    does where msgspec is not installed."""
    found, decoding._loads = decoding._loads, json.loads
    try:
        yield
    finally:
        decoding._loads = found


def _interleaved(series: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """The median seconds of each call in `series`, over CALLS rounds of one call of each, in order."""
    for _ in range(50):  # warm the connections and code paths
        for call in series.values():
            call()
    times: dict[str, list[float]] = {name: [] for name in series}
    for _ in range(CALLS):
        for name, call in series.items():
            started = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def per_call_overhead(scenario: ClientScenario, base_url: str) -> bool:
    raw = httpx.Client(base_url=base_url, headers=dict(scenario.headers))
    client = scenario.client(base_url)
    decoding = _decoding(client)
    items = scenario.call(client)
    assert items == 100, f"the page has {items} items, not 100"

    def call_decoding_with_json() -> int:
        with decoding_with_json(decoding):
            return scenario.call(client)

    # The target's pair alone, as the figure has always been measured: other calls in the same rounds shift
    # it by a few hundredths (their garbage, collected during the next call).
    median = _interleaved({"raw": lambda: raw.get(scenario.path).json(), "client": lambda: scenario.call(client)})
    ratio = median["client"] / median["raw"]
    decoder = "json (msgspec is not installed)" if decoding._loads is json.loads else "msgspec"
    print(f"per-call overhead: {scenario.described} median {median['client'] * 1e3:.2f} ms (decoding with "
          f"{decoder}), raw httpx get+json median {median['raw'] * 1e3:.2f} ms, ratio {ratio:.2f} over {CALLS} "
          f"interleaved calls of a 100-item page; target <= {OVERHEAD_TARGET}: "
          f"{verdict(ratio, OVERHEAD_TARGET)}")  # fmt: skip
    informed = _interleaved({
        "raw": lambda: raw.get(scenario.path).json(),
        "client, json": call_decoding_with_json,
        "raw decoding as the client": lambda: decoding.loads(raw.get(scenario.path).content),
        "client": lambda: scenario.call(client),
    })  # fmt: skip
    print(f"  for information, in rounds of their own: the call decoding with json (the client without its "
          f"speedups extra) ratio {informed['client, json'] / informed['raw']:.2f} to raw httpx get+json; the "
          f"call against raw httpx decoding with {decoder} too, ratio "
          f"{informed['client'] / informed['raw decoding as the client']:.2f}")  # fmt: skip
    return ratio <= OVERHEAD_TARGET


def import_cost(scenario: ClientScenario) -> bool:
    package_times, anchor_times = [], []
    with tempfile.TemporaryDirectory(prefix="bench-bytecode-") as bytecode_dir:
        environment = compiled_environment(bytecode_dir)
        for statements in (scenario.imports, ANCHOR):  # bytecode compiled, files in the page cache
            import_seconds(statements, environment)
        for _ in range(IMPORT_RUNS):
            anchor_times.append(import_seconds(ANCHOR, environment))
            package_times.append(import_seconds(scenario.imports, environment))
    package_median, anchor_median = statistics.median(package_times), statistics.median(anchor_times)
    ratio = package_median / anchor_median
    imported = scenario.imports.replace("\n", "; ")
    print(f"import: `{imported}` median {package_median * 1e3:.1f} ms, `{ANCHOR}` median "
          f"{anchor_median * 1e3:.1f} ms, ratio {ratio:.2f} over {IMPORT_RUNS} interleaved fresh interpreters; "
          f"target <= {IMPORT_TARGET}: {verdict(ratio, IMPORT_TARGET)}")  # fmt: skip
    return ratio <= IMPORT_TARGET


def _page_seconds(records: Iterator[Any], per_page: int) -> float | None:
    """The time to take the next page's items from `records` (the page's request and its parsing), or None
    when it has none left."""
    started = time.perf_counter()
    taken = sum(1 for _ in itertools.islice(records, per_page))
    return time.perf_counter() - started if taken == per_page else None


def iteration_cost(scenario: ClientScenario, base_url: str) -> bool:
    """Page by page, interleaved: the loop's page n, then the client's page n (each iterator asks for a page
    when its first item is taken), so that a burst of load on the machine hits both sides alike."""
    assert scenario.iterate is not None
    iterate: Callable[[Any], Iterator[Any]] = scenario.iterate
    raw = httpx.Client(base_url=base_url, headers=dict(scenario.headers))
    client = scenario.client(base_url)
    per_page = scenario.per_page
    assert sum(1 for _ in iterate(client)) == scenario.records  # every page served once: the server's cache
    raw_times, client_times = [], []
    for _ in range(ITERATION_RUNS):
        raw_records = page_loop(raw, scenario.pages_path, per_page=per_page)
        client_records = iterate(client)
        while (raw_page := _page_seconds(raw_records, per_page)) is not None:
            client_page = _page_seconds(client_records, per_page)
            assert client_page is not None, "the client's iteration ended before the page loop's"
            raw_times.append(raw_page)
            client_times.append(client_page)
    raw_median, client_median = statistics.median(raw_times) / per_page, statistics.median(client_times) / per_page
    ratio = client_median / raw_median
    print(f"iterate over {scenario.records:,} records: {client_median * 1e6:.2f} us a record, a hand-written "
          f"httpx page loop {raw_median * 1e6:.2f} us, ratio {ratio:.2f} over {len(raw_times):,} interleaved "
          f"{per_page}-item pages; target <= {ITERATION_TARGET}: {verdict(ratio, ITERATION_TARGET)}")  # fmt: skip
    return ratio <= ITERATION_TARGET


def iteration_memory(scenario: ClientScenario, base_url: str) -> bool:
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
    met = growth_mb <= MEMORY_TARGET_MB and count == scenario.records
    print(f"iterate over {count:,} records: peak memory grew {growth_mb:.2f} MB after the first page "
          f"(peak {peak / 1e6:.2f} MB); target <= {MEMORY_TARGET_MB:.0f} MB: {'ok' if met else 'FAILED'}")  # fmt: skip
    return met


def main() -> int:
    api = api_argument(__doc__)
    scenario = load(api.replace("-", "_"))
    print(f"{api}: the client")
    figures = [import_cost(scenario)]
    with serving(scenario.app) as base_url:
        figures.append(per_call_overhead(scenario, base_url))
        if scenario.iterate is not None:
            figures.append(iteration_cost(scenario, base_url))
            figures.append(iteration_memory(scenario, base_url))
    return 0 if all(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
