"""The demo data: a few data pools and connection pools, entity types, flows, and 10,000 deduped records."""

from __future__ import annotations

import random

from contract_tests.emulator.core.storage import Database
from contract_tests.emulator.dialects.laravel_responses import now

RECORDS = 10_000
ENTITY_TYPES = [(47, "Customer"), (12, "Order"), (31, "Product"), (55, "Fulfillment")]
FLOWS = [(1, "Shopify orders to NetSuite"), (2, "Customers to Klaviyo")]
STEPS = [(1, 1, "De-dupe orders"), (2, 2, "De-dupe customers")]
POOLS = [
    ("Shopify order numbers", "Orders already sent to NetSuite"),
    ("Customer emails", "Customers already synced to Klaviyo"),
    ("Imported products", None),
]
SYSTEMS = [(1, "Shopify"), (2, "NetSuite"), (3, "Klaviyo")]
CONNECTION_POOLS = [
    ("NetSuite concurrency", 5, 30, [("NetSuite production", 2)]),
    ("Shopify shared", 10, None, [("Shopify UK", 1), ("Shopify EU", 1)]),
]


def demo(db: Database, seed: int = 7) -> None:
    """Fill an empty database; the same records every time (a fixed random seed)."""
    chooser = random.Random(seed)
    stamp = now()
    with db.transaction() as connection:
        connection.executemany("INSERT INTO entity_types (id, name) VALUES (?, ?)", ENTITY_TYPES)
        connection.executemany("INSERT INTO flows (id, name) VALUES (?, ?)", FLOWS)
        connection.executemany("INSERT INTO flow_steps (id, flow_id, name) VALUES (?, ?, ?)", STEPS)
        connection.executemany(
            "INSERT INTO flow_runs (id, flow_id, name) VALUES (?, ?, ?)",
            [(run, 1 + run % 2, f"Run {run}") for run in range(1, 21)],
        )
        connection.executemany("INSERT INTO systems (id, name) VALUES (?, ?)", SYSTEMS)
        pool_ids = [
            connection.execute(
                "INSERT INTO data_pools (name, description, data_pool_template_id, created_at, updated_at) "
                "VALUES (?, ?, NULL, ?, ?)",
                (name, description, stamp, stamp),
            ).lastrowid
            for name, description in POOLS
        ]
        records = []
        for number in range(1, RECORDS + 1):
            pool_id = pool_ids[number % len(pool_ids)]
            entity_type = chooser.choice(ENTITY_TYPES)[0]
            tracked = chooser.random() < 0.7  # the rest were imported: no flow
            flow, step = (1, 1) if number % 2 else (2, 2)
            records.append(
                (
                    pool_id,
                    f"customer{number}@example.com" if entity_type == 47 else f"#{100000 + number}",
                    entity_type,
                    flow if tracked else None,
                    chooser.randint(1, 20) if tracked else None,
                    step if tracked else None,
                    stamp,
                    stamp,
                )
            )
        connection.executemany(
            "INSERT INTO deduped_data (data_pool_id, value, entity_type_id, flow_id, flow_run_id, step_id, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            records,
        )
        for name, limit, timeout, connectors in CONNECTION_POOLS:
            pool_id = connection.execute(
                'INSERT INTO connection_pools (name, "limit", timeout, pending_requests, created_at, updated_at) '
                "VALUES (?, ?, ?, 0, ?, ?)",
                (name, limit, timeout, stamp, stamp),
            ).lastrowid
            connection.executemany(
                "INSERT INTO connectors (name, system_id, connection_pool_id) VALUES (?, ?, ?)",
                [(connector, system, pool_id) for connector, system in connectors],
            )
