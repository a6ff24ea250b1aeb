"""The easydb client's benchmark: list_pools of 100 pools through a logged-in session (the token in the
x-easydb-token header); easydb does not paginate, so there is no iteration."""

from __future__ import annotations

from easydb_client import AuthenticatedClient
from easydb_client.api.pool import list_pools

from benchmarks.client import ClientScenario
from benchmarks.client.easydb_pages import TOKEN


def _client(base_url: str) -> AuthenticatedClient:
    return AuthenticatedClient.login("login", "password", base_url=base_url, rate_limit=None)


SCENARIO = ClientScenario(
    app="benchmarks.client.easydb_pages:app",
    path="/api/v1/pool",
    headers={"x-easydb-token": TOKEN, "Accept": "application/json"},
    client=_client,
    call=lambda client: len(list_pools.sync(client=client)),
    described="list_pools.sync",
    imports="import easydb_client\nfrom easydb_client.api.pool import list_pools",
)
