"""easydb's demo seed (--seed demo): a pool tree three levels under the standard pool, named in both of
the instance's languages, as a user with bag_read sees it."""

from __future__ import annotations

import httpx

from contract_tests.emulator import create_app
from contract_tests.emulator.apis.easydb.seed import TREE
from contract_tests.serving import serving
from tests.emulator.conftest import Spec
from tests.emulator.easydb.conftest import STANDARD, Emulator, settings


def test_the_demo_seed_is_a_pool_tree_under_the_standard_pool(spec: Spec) -> None:
    app = create_app("easydb", settings(seed="demo"))
    with serving(app) as url, httpx.Client(base_url=url) as http:
        emulator = Emulator(url, http, spec, app)
        pools = [entry["pool"] for entry in emulator.pools(emulator.login("reader"))]
    by_reference = {pool["reference"]: pool for pool in pools}
    assert set(by_reference) == {"system:standard", *(reference for reference, *_ in TREE)}
    names = {pool["reference"]: pool["name"] for pool in pools}
    assert names["demo:spring-sale"] == {"en-US": "Spring sale", "de-DE": "Frühjahrsaktion"}

    def depth(pool: dict[str, object]) -> int:
        """How many levels below the standard pool."""
        parent = pool["_id_parent"]
        if parent == STANDARD:
            return 1
        return 1 + depth(next(p for p in pools if p["_id"] == parent))

    assert {depth(by_reference[reference]) for reference, *_ in TREE} == {1, 2, 3}
    assert all(pool["_version"] == 1 and set(pool["name"]) == {"en-US", "de-DE"} for pool in pools[1:])
