"""The Patchworks Core client's benchmark: list_data_pools on a 100-item page, and iterating over 100,000
deduped records (benchmarks/client/patchworks_core_pages.py serves them)."""

from __future__ import annotations

from patchworks_core_client import AuthenticatedClient
from patchworks_core_client.api.data_pools import list_data_pools, list_deduped_data

from benchmarks.client import ClientScenario
from benchmarks.client.patchworks_core_pages import RECORDS


def _client(base_url: str) -> AuthenticatedClient:
    return AuthenticatedClient(api_key="key", base_url=base_url, rate_limit=None)


SCENARIO = ClientScenario(
    app="benchmarks.client.patchworks_core_pages:app",
    path="/api/v1/data-pool",
    headers={"Authorization": "key", "Accept": "application/json"},
    client=_client,
    call=lambda client: len(list_data_pools.sync(client=client).data),
    described="list_data_pools.sync",
    imports="import patchworks_core_client\nfrom patchworks_core_client.api.data_pools import list_data_pools",
    iterate=lambda client: list_deduped_data.iterate(1, client=client),
    records=RECORDS,
    pages_path="/api/v1/data-pool/1/deduped-data",
)
