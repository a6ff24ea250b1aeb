"""Connection pools over HTTP: CRUD with the spec's limit and timeout rules, include, clear."""

from __future__ import annotations

from typing import Any

from tests.emulator.patchworks_core.conftest import Emulator


def create(emulator: Emulator, **fields: Any) -> dict[str, Any]:
    response = emulator.call("POST", "/api/v1/connection-pools", json={"name": "NetSuite", "limit": 5, **fields})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_create_get_update_delete(emulator: Emulator) -> None:
    pool = create(emulator, timeout=None)
    assert (pool["name"], pool["limit"], pool["timeout"]) == ("NetSuite", 5, None)
    assert emulator.call("GET", f"/api/v1/connection-pools/{pool['id']}").json()["data"] == pool
    updated = emulator.call("PUT", f"/api/v1/connection-pools/{pool['id']}", json={"limit": 9, "timeout": 30}).json()[
        "data"
    ]
    assert (updated["limit"], updated["timeout"], updated["name"]) == (9, 30, "NetSuite")
    assert emulator.call("DELETE", f"/api/v1/connection-pools/{pool['id']}").json() == {
        "message": "Connection pool deleted."
    }
    assert emulator.call("GET", f"/api/v1/connection-pools/{pool['id']}").status_code == 404


def test_limit_and_timeout_rules(emulator: Emulator) -> None:
    response = emulator.call("POST", "/api/v1/connection-pools", json={"name": "", "limit": 0, "timeout": 0})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "limit": ["The limit field must be at least 1."],
        "name": ["The name field is required."],
        "timeout": ["The timeout field must be at least 1."],
    }
    assert emulator.call("POST", "/api/v1/connection-pools", json={"name": "x"}).json()["errors"] == {
        "limit": ["The limit field is required."]
    }


def test_list_sorts_and_includes_connectors_with_their_system(emulator: Emulator) -> None:
    emulator.reset(seed=True)
    pools = emulator.call("GET", "/api/v1/connection-pools", params={"sort": "-limit", "include": "connectors.system"})
    data = pools.json()["data"]
    assert [p["limit"] for p in data] == sorted((p["limit"] for p in data), reverse=True)
    shopify = next(p for p in data if p["name"] == "Shopify shared")
    assert [(c["name"], c["system"]["name"]) for c in shopify["connectors"]] == [
        ("Shopify UK", "Shopify"),
        ("Shopify EU", "Shopify"),
    ]
    assert "connectors" not in emulator.call("GET", "/api/v1/connection-pools").json()["data"][0]


def test_one_pool_includes_its_connectors_as_the_list_does(emulator: Emulator) -> None:
    """Get Connection Pool documents include ("Available: connectors.system"), as the list does."""
    emulator.reset(seed=True)
    listed = emulator.call("GET", "/api/v1/connection-pools", params={"include": "connectors.system"}).json()["data"]
    shopify = next(p for p in listed if p["name"] == "Shopify shared")
    path = f"/api/v1/connection-pools/{shopify['id']}"
    assert emulator.call("GET", path, params={"include": "connectors.system"}).json()["data"] == shopify
    plain = emulator.call("GET", path).json()["data"]
    assert "connectors" not in plain and plain == {k: v for k, v in shopify.items() if k != "connectors"}
    # a filter it does not take is ignored, as on getDataPool (spatie refuses one only where it filters)
    assert emulator.call("GET", path, params={"filter[name]": "x"}).json()["data"] == plain
    unknown = emulator.call("GET", path, params={"include": "flows"})
    assert unknown.status_code == 400
    assert "Allowed include(s) are `connectors, connectors.system`" in unknown.json()["message"]
    # spatie allows the leading part of a nested include: the connectors without their systems
    bare = emulator.call("GET", path, params={"include": "connectors"}).json()["data"]["connectors"]
    assert bare == [{k: v for k, v in connector.items() if k != "system"} for connector in shopify["connectors"]]
    for both in ("connectors,connectors.system", "connectors.system,connectors"):  # the deeper one, in any order
        assert emulator.call("GET", path, params={"include": both}).json()["data"] == shopify, both
        listed_both = emulator.call("GET", "/api/v1/connection-pools", params={"include": both}).json()["data"]
        assert next(p for p in listed_both if p["id"] == shopify["id"]) == shopify, both


def test_clear_drops_the_waiting_requests(emulator: Emulator) -> None:
    pool = create(emulator)
    control = emulator.call(
        "PUT", f"/__emulator__/connection-pools/{pool['id']}/pending-requests", json={"count": 7}, check=False
    )
    assert control.json() == {"pending_requests": 7}
    cleared = emulator.call("POST", f"/api/v1/connection-pools/{pool['id']}/clear")
    assert cleared.json() == {"message": "7 pending requests cleared."}
    state = emulator.call("GET", "/__emulator__/state", check=False).json()
    assert state["pending_requests"] == {str(pool["id"]): 0}


def test_an_update_without_a_body_is_refused_and_changes_nothing(emulator: Emulator) -> None:
    """Issue 12, D3, as for data pools: each of the three optional fields is required without the others."""
    pool = create(emulator)
    refused = emulator.call("PUT", f"/api/v1/connection-pools/{pool['id']}")
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "limit": ["The limit field is required when none of timeout / name are present."],
        "timeout": ["The timeout field is required when none of limit / name are present."],
        "name": ["The name field is required when none of limit / timeout are present."],
    }
    after = emulator.call("GET", f"/api/v1/connection-pools/{pool['id']}").json()["data"]
    assert (after["name"], after["limit"]) == ("NetSuite", 5)
