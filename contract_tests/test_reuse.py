"""The contract check with real ids: every operation that takes a resource's id in its path, through the
examples, coverage and fuzzing phases and every check, with the ids of resources that exist
(contract_tests/reuse.py says where they come from) in place of random ones.

test_contract.py's per-operation tests draw random ids, so on an update or a delete they mostly meet
404s, which every check accepts: an update that takes a missing required body on an existing resource
(the coverage phase's "Missing request body" case) answered 200 unseen. The schemathesis CLI finds such
defects because its engine feeds created ids across operations; its pytest integration has no setting for
that, hence this test. What may be sent to a live host is decided as for test_contract.py: the same
schema restrictions (contract_tests/schema.py), and the same live-write guard around every call.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
from schemathesis import Case

from contract_tests.reuse import IdSupply, consumers
from contract_tests.run import API, AUTH, SCHEMA, TARGET
from contract_tests.safety import Guard
from contract_tests.sending import host_gave_up, send_checked
from contract_tests.tally import Tally

CONTRACT_PHASE = "reuse"  # its cases are counted apart in the report's cases per phase

# Narrowed by exclusion only: schemathesis ORs one include with another, so an include here would bring
# back what contract_tests/schema.py keeps from a live host (a read-only run's writes).
fed = set(consumers(API))
schema = SCHEMA.exclude(operation_id=[operation.operation_id for operation in API.operations()
                                      if operation.operation_id not in fed])  # fmt: skip


@pytest.fixture(scope="session")
def supply(base_url: str, http: requests.Session, guard: Guard) -> IdSupply:
    return IdSupply(API, base_url, http, AUTH, guard, live=TARGET.live, writes_allowed=TARGET.writes_allowed)


@schema.parametrize()
def test_reuse(case: Case[Any], base_url: str, http: requests.Session, guard: Guard, supply: IdSupply,
               tally: Tally) -> None:  # fmt: skip
    # As test_contract.py's test_operation, with the supply's ids aimed into the case first.
    if host_gave_up(tally):
        return  # the test fails with the network errors it met
    try:
        supply.aim(case)
    except requests.RequestException as error:  # finding or creating a resource met no answer
        tally.network_error(case.operation.label, error, case)
        return
    # The guard decides after aiming: on a live host it still has the last word.
    response = send_checked(case, base_url, http, guard, tally)
    if response is not None:
        supply.record(case, response)  # only an answer that passed every check is trusted with what exists
