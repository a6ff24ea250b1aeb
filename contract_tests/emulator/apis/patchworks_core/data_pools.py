"""Data pools: list, create, get, update and delete are served from the spec (core/resources.py) out of
the data_pools table; deleting one deletes its deduped records (a foreign key ON DELETE CASCADE)."""

from __future__ import annotations

from contract_tests.emulator.core.table_store import TableStore

COLLECTION = "/api/v1/data-pool"
PARAMETER = "data_pool"  # the path parameter naming one
STORE = TableStore("data_pools", ("id", "name", "description", "data_pool_template_id", "created_at", "updated_at"))
