"""The Patchworks resources' SQLite tables: data pools, their deduped records (with a trigram search index
of their values), connection pools and their connectors, and the reference tables includes embed."""

from __future__ import annotations

from contract_tests.emulator.apis.patchworks_core.deduped_data.models import SEARCH
from contract_tests.emulator.core.storage import Tables

SQL = f"""
-- AUTOINCREMENT on the resources' tables: an id is never reused (as in the real API's MySQL), so a deleted
-- record's id names nothing ever after (without it SQLite gives a new row the largest id plus one, which is
-- the id of the record deleted last). For deduped_data it also keeps the search index's entries for
-- deleted records harmless: a search always joins back to the live rows.
CREATE TABLE IF NOT EXISTS data_pools (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT,
    data_pool_template_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS data_pools_name ON data_pools (name);
CREATE INDEX IF NOT EXISTS data_pools_created_at ON data_pools (created_at);

CREATE TABLE IF NOT EXISTS entity_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS flows (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS flow_runs (id INTEGER PRIMARY KEY, flow_id INTEGER NOT NULL, name TEXT);
CREATE TABLE IF NOT EXISTS flow_steps (id INTEGER PRIMARY KEY, flow_id INTEGER NOT NULL, name TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS deduped_data (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    data_pool_id INTEGER NOT NULL REFERENCES data_pools (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    entity_type_id INTEGER NOT NULL,
    flow_id INTEGER,
    flow_run_id INTEGER,
    step_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deduped_data_pool_id ON deduped_data (data_pool_id, id);
CREATE INDEX IF NOT EXISTS deduped_data_pool_created_at ON deduped_data (data_pool_id, created_at);
-- The sorts of mixed directions (sort=created_at,-id and sort=-created_at,id): without it a list sorted so
-- sorts each run of records sharing one created_at (a whole import) in a temporary B-tree.
CREATE INDEX IF NOT EXISTS deduped_data_pool_created_at_id_down ON deduped_data (data_pool_id, created_at, id DESC);
CREATE INDEX IF NOT EXISTS deduped_data_pool_entity_type ON deduped_data (data_pool_id, entity_type_id);
-- Partial: imported records have no flow, so an import does not pay for these three indexes. The pool
-- after the id: a filter of several ids (flow_id IN (1, 2)) in a pool is then served by one of them, where
-- SQLite would rather walk the whole pool than find the ids in an index of the ids alone (whose older
-- versions, by other names, are dropped).
DROP INDEX IF EXISTS deduped_data_flow;
DROP INDEX IF EXISTS deduped_data_flow_run;
DROP INDEX IF EXISTS deduped_data_step;
CREATE INDEX IF NOT EXISTS deduped_data_flow_pool ON deduped_data (flow_id, data_pool_id) WHERE flow_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS deduped_data_flow_run_pool ON deduped_data (flow_run_id, data_pool_id)
    WHERE flow_run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS deduped_data_step_pool ON deduped_data (step_id, data_pool_id) WHERE step_id IS NOT NULL;
-- Substring search on value (spatie's partial filter is LIKE %v%, which no b-tree serves), brought up to
-- date lazily so that imports stay fast (core/search.py: SearchIndex).
{SEARCH.sql}

CREATE TABLE IF NOT EXISTS systems (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connection_pools (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    "limit" INTEGER NOT NULL,
    timeout INTEGER,
    pending_requests INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS connection_pools_name ON connection_pools (name);
CREATE INDEX IF NOT EXISTS connection_pools_limit ON connection_pools ("limit");
CREATE INDEX IF NOT EXISTS connection_pools_created_at ON connection_pools (created_at);
CREATE TABLE IF NOT EXISTS connectors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    system_id INTEGER REFERENCES systems (id),
    connection_pool_id INTEGER REFERENCES connection_pools (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS connectors_pool ON connectors (connection_pool_id);
"""

TABLES = Tables(
    sql=SQL,
    # Children first: the order reset empties them in.
    names=(
        SEARCH.name,
        "deduped_data",
        "data_pools",
        "connectors",
        "connection_pools",
        "systems",
        "flow_steps",
        "flow_runs",
        "flows",
        "entity_types",
    ),
)
