"""The Patchworks Core API's emulator package: what its spec cannot say (core/api.py).

Served from the spec by the core (core/resources.py), out of this package's tables (tables.py): data pools
(data_pools.py), connection pools (connection_pools.py) and the listing of deduped records
(deduped_data/). Hand-written, because it is more than CRUD: the CSV import and export and deleting
records by id (deduped_data/responses.py), clearing a connection pool's waiting requests and the control
route that sets them (connection_pools.py), and the login (sessions.py). seed.py is the demo data.
"""

from __future__ import annotations

from contract_tests.emulator.apis.patchworks_core import connection_pools, data_pools, seed, sessions
from contract_tests.emulator.apis.patchworks_core.deduped_data import models as deduped_data
from contract_tests.emulator.apis.patchworks_core.deduped_data import responses as deduped_data_responses
from contract_tests.emulator.apis.patchworks_core.tables import TABLES
from contract_tests.emulator.core.api import EmulatorApi

API = EmulatorApi(
    name="patchworks-core",
    handlers={**deduped_data_responses.HANDLERS, **connection_pools.HANDLERS, **sessions.HANDLERS},
    stores={
        data_pools.COLLECTION: data_pools.STORE,
        deduped_data.COLLECTION: deduped_data.STORE,
        connection_pools.COLLECTION: connection_pools.STORE,
    },
    tables=TABLES,
    seeds={"demo": seed.demo},
    control_routes=connection_pools.CONTROL_ROUTES,
    counted=("data_pools", "deduped_data", "connection_pools", "connectors"),
    state=connection_pools.state,
)
