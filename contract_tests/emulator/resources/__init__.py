"""The emulated resources, each a package with models.py (storage) and responses.py (HTTP handlers)."""

from __future__ import annotations

import logging

from contract_tests.emulator.app import Handler
from contract_tests.emulator.operations import Operation
from contract_tests.emulator.query import check_columns
from contract_tests.emulator.resources.connection_pools import responses as connection_pools
from contract_tests.emulator.resources.data_pools import responses as data_pools
from contract_tests.emulator.resources.deduped_data import models as deduped_data_models
from contract_tests.emulator.resources.deduped_data import responses as deduped_data
from contract_tests.emulator.resources.sessions import responses as sessions

logger = logging.getLogger("patchworks_emulator")

HANDLERS: dict[str, Handler] = {
    **data_pools.HANDLERS,
    **deduped_data.HANDLERS,
    **connection_pools.HANDLERS,
    **sessions.HANDLERS,
}
# The columns each list operation's filters and sorts may name.
LIST_COLUMNS = {
    "listDataPools": data_pools.COLUMNS,
    "listDedupedData": deduped_data_models.COLUMNS,
    "listConnectionPools": connection_pools.COLUMNS,
}


def check_resources(operations: list[Operation]) -> None:
    """At start: the spec's filters and sorts name real columns; an operation without a handler is logged."""
    for operation in operations:
        if operation.operation_id in LIST_COLUMNS:
            check_columns(operation, LIST_COLUMNS[operation.operation_id])
        if operation.operation_id not in HANDLERS:
            logger.warning("%s is in the spec but not emulated: it answers 501", operation.operation_id)
