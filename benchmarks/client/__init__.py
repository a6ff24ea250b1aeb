"""What the client benchmark (benchmarks/bench_client.py) measures for each API: one module per API here,
named as the API's generated package is, with a SCENARIO. The benchmark itself is the same for every API:
the client's call against a raw httpx get of the same page from the same local server, its iteration
against a hand-written page loop (page_loop.py), its import against `import httpx` (import_cost.py)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ClientScenario:
    app: str  # the ASGI app ("module:attribute") that serves fixed pages of this API's answers
    path: str  # the page the raw httpx loop gets
    headers: Mapping[str, str]  # what the raw loop sends (the credential as the client sends it)
    client: Callable[[str], Any]  # base URL -> the generated client, rate limiter off
    call: Callable[[Any], int]  # one call of the list operation; how many items it parsed
    described: str  # the call, as the report names it
    imports: str  # the import statements of the package and of the called operation's module
    iterate: Callable[[Any], Iterator[Any]] | None = None  # all records of a paginated list, if the API pages
    records: int = 0  # how many `iterate` yields
    pages_path: str = ""  # the list `iterate` walks, for the hand-written page loop
    per_page: int = 100  # the page size `iterate` asks for (its default), which the page loop asks for too


def load(package: str) -> ClientScenario:
    scenario = getattr(importlib.import_module(f"benchmarks.client.{package}"), "SCENARIO", None)
    if not isinstance(scenario, ClientScenario):
        raise LookupError(f"benchmarks/client/{package}.py has no SCENARIO (a ClientScenario)")
    return scenario
