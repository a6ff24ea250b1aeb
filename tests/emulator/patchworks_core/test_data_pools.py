"""Data pools over HTTP: each operation's happy path and its error paths, every answer checked against the spec."""

from __future__ import annotations

from typing import Any

from tests.emulator.patchworks_core.conftest import Emulator


def create(emulator: Emulator, name: str, description: str | None = None) -> dict[str, Any]:
    response = emulator.call("POST", "/api/v1/data-pool", json={"name": name, "description": description})
    assert response.status_code == 201
    data: dict[str, Any] = response.json()["data"]
    return data


def test_create_get_update_delete(emulator: Emulator) -> None:
    pool = create(emulator, "orders", "orders sent")
    assert (pool["name"], pool["description"], pool["data_pool_template_id"]) == ("orders", "orders sent", None)
    assert pool["created_at"].endswith("Z")
    assert emulator.call("GET", f"/api/v1/data-pool/{pool['id']}").json()["data"] == pool
    updated = emulator.call("PUT", f"/api/v1/data-pool/{pool['id']}", json={"description": None}).json()["data"]
    assert (updated["name"], updated["description"]) == ("orders", None)
    deleted = emulator.call("DELETE", f"/api/v1/data-pool/{pool['id']}")
    assert deleted.json() == {"message": "Data pool deleted."}
    assert emulator.call("GET", f"/api/v1/data-pool/{pool['id']}").status_code == 404


def test_unknown_ids_are_404_on_every_operation_with_an_id(emulator: Emulator) -> None:
    for method, path, body in [
        ("GET", "/api/v1/data-pool/999", None),
        ("PUT", "/api/v1/data-pool/999", {"name": "abc"}),
        ("DELETE", "/api/v1/data-pool/999", None),
        ("GET", "/api/v1/data-pool/999/deduped-data", None),
        ("GET", "/api/v1/data-pool/999/deduped-data/download", None),
        ("DELETE", "/api/v1/data-pool/999/deduped-data/delete-records", {"ids": [1]}),
        ("GET", "/api/v1/data-pool/not-a-number", None),
    ]:
        response = emulator.call(method, path, json=body)
        assert response.status_code == 404, (method, path)


def test_a_missing_record_is_404_before_its_body_is_validated(emulator: Emulator) -> None:
    """Laravel binds {data_pool} to its record (route-model binding) before a FormRequest validates the
    body: a pool that does not exist is a 404, whatever the body; an existing one gets the 422."""
    pool = create(emulator, "orders")
    for method, path, body in [
        ("PUT", "/api/v1/data-pool/{}", {"name": "a"}),  # too short
        ("PUT", "/api/v1/data-pool/{}", None),  # no body, which the spec requires
        ("DELETE", "/api/v1/data-pool/{}/deduped-data/delete-records", {}),  # ids missing
    ]:
        missing = emulator.call(method, path.format(999), json=body)
        assert missing.status_code == 404, (method, path, missing.text)
        assert emulator.call(method, path.format(pool["id"]), json=body).status_code == 422, (method, path)
    upload = emulator.call("POST", "/api/v1/data-pool/999/deduped-data/import")  # no file at all
    assert upload.status_code == 404, upload.text
    # A body over the server's limit is refused before the application looks anything up (the emulator's
    # 10 MB limit, which the spec documents on the import only: not checked against it here).
    huge = b'{"name": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    headers = {"Content-Type": "application/json"}
    too_large = emulator.call("PUT", "/api/v1/data-pool/999", content=huge, headers=headers, check=False)
    assert too_large.status_code == 413, too_large.text


def test_validation_speaks_laravel(emulator: Emulator) -> None:
    missing = emulator.call("POST", "/api/v1/data-pool", json={})
    assert missing.status_code == 422
    assert missing.json() == {
        "message": "The name field is required.",
        "errors": {"name": ["The name field is required."]},
    }
    several = emulator.call("POST", "/api/v1/data-pool", json={"name": "ab", "description": "x" * 256})
    assert (
        several.json()["message"] == "The description field must not be greater than 255 characters. (and 1 more error)"
    )
    assert several.json()["errors"] == {
        "description": ["The description field must not be greater than 255 characters."],
        "name": ["The name field must be at least 3 characters."],
    }
    wrong_type = emulator.call("POST", "/api/v1/data-pool", json={"name": 12345})
    assert wrong_type.json()["errors"] == {"name": ["The name field must be a string."]}


def test_list_pages_filters_and_sorts(emulator: Emulator) -> None:
    for name in ["orders", "returns", "order lines", "customers"]:
        create(emulator, name)
    page = emulator.call("GET", "/api/v1/data-pool", params={"filter[name]": "order,cust", "per_page": 2}).json()
    assert [pool["name"] for pool in page["data"]] == ["orders", "order lines"]
    assert page["meta"] == {
        "current_page": 1, "from": 1, "last_page": 2, "path": f"{emulator.url}/api/v1/data-pool", "per_page": 2,
        "to": 2, "total": 3,
    }  # fmt: skip
    assert page["links"]["next"] == f"{emulator.url}/api/v1/data-pool?page=2"
    assert page["links"]["prev"] is None
    newest_first = emulator.call("GET", "/api/v1/data-pool", params={"sort": "-created_at"}).json()["data"]
    assert newest_first[0]["name"] == "customers"
    by_ids = emulator.call("GET", "/api/v1/data-pool", params={"filter[id]": "1,3"}).json()["data"]
    assert [pool["id"] for pool in by_ids] == [1, 3]


def test_a_page_past_the_end_is_empty_with_correct_meta(emulator: Emulator) -> None:
    create(emulator, "orders")
    page = emulator.call("GET", "/api/v1/data-pool", params={"page": 5}).json()
    assert page["data"] == []
    assert (page["meta"]["current_page"], page["meta"]["last_page"], page["meta"]["total"]) == (5, 1, 1)
    assert (page["meta"]["from"], page["meta"]["to"]) == (None, None)


def test_per_page_defaults_to_15_and_stops_at_100(emulator: Emulator) -> None:
    assert emulator.call("GET", "/api/v1/data-pool").json()["meta"]["per_page"] == 15
    too_many = emulator.call("GET", "/api/v1/data-pool", params={"per_page": 101})
    assert too_many.status_code == 422
    assert too_many.json()["errors"] == {"per_page": ["The per page field must not be greater than 100."]}


def test_unknown_filters_sorts_and_includes_are_400_naming_the_allowed_ones(emulator: Emulator) -> None:
    assert emulator.call("GET", "/api/v1/data-pool", params={"filter[colour]": "red"}).json() == {
        "message": "Requested filter(s) `colour` are not allowed. Allowed filter(s) are `name, id`."
    }
    sort = emulator.call("GET", "/api/v1/data-pool", params={"sort": "name"})
    assert sort.status_code == 400
    assert sort.json()["message"] == "Requested sort(s) `name` is not allowed. Allowed sort(s) are `created_at`."
    include = emulator.call("GET", "/api/v1/connection-pools", params={"include": "owner"})
    assert include.status_code == 400
    assert "Allowed include(s) are `connectors, connectors.system`." in include.json()["message"]


def test_a_bad_filter_value_is_422(emulator: Emulator) -> None:
    response = emulator.call("GET", "/api/v1/data-pool", params={"filter[id]": "one"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"filter.id": ["The filter.id field format is invalid."]}


def test_deleting_a_pool_deletes_its_records(emulator: Emulator) -> None:
    pool = create(emulator, "orders")
    csv = b"value,entity_type_id\na@example.com,47\nb@example.com,47\n"
    files = {"deduped_data_file": ("records.csv", csv, "text/csv")}
    assert emulator.call("POST", f"/api/v1/data-pool/{pool['id']}/deduped-data/import", files=files).status_code == 200
    emulator.call("DELETE", f"/api/v1/data-pool/{pool['id']}")
    state = emulator.call("GET", "/__emulator__/state", check=False).json()
    assert state["counts"]["deduped_data"] == 0


def test_a_deleted_pools_id_is_never_given_again_until_a_reset(emulator: Emulator) -> None:
    # As MySQL's auto-increment: a client holding the id of a pool it deleted never reaches another pool
    # by it. A reset is a fresh database (TRUNCATE): ids count from 1 again.
    first, second = create(emulator, "first")["id"], create(emulator, "second")["id"]
    assert emulator.call("DELETE", f"/api/v1/data-pool/{second}").status_code == 200
    assert create(emulator, "third")["id"] == second + 1
    assert emulator.call("GET", f"/api/v1/data-pool/{second}").status_code == 404
    connection_pool = {"name": "limited", "limit": 1}
    made = emulator.call("POST", "/api/v1/connection-pools", json=connection_pool).json()["data"]["id"]
    assert emulator.call("DELETE", f"/api/v1/connection-pools/{made}").status_code == 200
    assert emulator.call("POST", "/api/v1/connection-pools", json=connection_pool).json()["data"]["id"] == made + 1
    emulator.reset()
    assert create(emulator, "after the reset")["id"] == first == 1


def test_an_update_without_a_body_is_refused_and_changes_nothing(emulator: Emulator) -> None:
    """Issue 12, D3: the spec requires the body (its fields are all optional), so no body is a 422 in
    Laravel's wording for "at least one of them": required_without_all on each field."""
    pool = create(emulator, "orders", "orders sent")
    refused = emulator.call("PUT", f"/api/v1/data-pool/{pool['id']}")
    assert refused.status_code == 422
    assert refused.json() == {
        "message": "The description field is required when none of name are present. (and 1 more error)",
        "errors": {
            "description": ["The description field is required when none of name are present."],
            "name": ["The name field is required when none of description are present."],
        },
    }
    # An empty JSON object is a body, which the schema takes: nothing changes, not even the update time.
    assert emulator.call("PUT", f"/api/v1/data-pool/{pool['id']}", json={}).json()["data"] == pool
    assert emulator.call("GET", f"/api/v1/data-pool/{pool['id']}").json()["data"] == pool


def test_an_update_that_changes_nothing_writes_nothing(emulator: Emulator) -> None:
    """As Eloquent's save() of a model with no dirty attribute: the record as it was, updated_at too."""
    pool = create(emulator, "orders", "orders sent")
    unchanged = {"name": "orders", "description": "orders sent"}
    same = emulator.call("PUT", f"/api/v1/data-pool/{pool['id']}", json=unchanged)
    assert same.status_code == 200 and same.json()["data"] == pool
    changed = emulator.call("PUT", f"/api/v1/data-pool/{pool['id']}", json={"name": "orders", "description": "new"})
    assert changed.json()["data"]["description"] == "new"
    assert changed.json()["data"]["updated_at"] > pool["updated_at"]
    assert changed.json()["data"]["created_at"] == pool["created_at"]


def test_a_field_the_request_schema_does_not_list_is_ignored(emulator: Emulator) -> None:
    pool = create(emulator, "orders")
    updated = emulator.call("PUT", f"/api/v1/data-pool/{pool['id']}", json={"name": "returns", "owner_id": 7})
    assert updated.status_code == 200
    assert updated.json()["data"]["name"] == "returns" and "owner_id" not in updated.json()["data"]


def test_php_array_forms_of_filter_sort_and_include_read_as_their_comma_forms(emulator: Emulator) -> None:
    """`filter[id][]=1&filter[id][]=3` is what PHP's http_build_query writes for a list: PHP reads it as an
    array, which spatie takes as it takes "1,3" (QueryBuilderRequest::filters); `sort[]` and `include[]` too."""
    for name in ["orders", "returns", "customers"]:
        create(emulator, name)
    listed = emulator.call("GET", "/api/v1/data-pool?filter[id][]=1&filter[id][]=3").json()["data"]
    assert [pool["id"] for pool in listed] == [1, 3]
    assert [p["id"] for p in emulator.call("GET", "/api/v1/data-pool?filter[id][0]=2").json()["data"]] == [2]
    # A repeated index overwrites, as PHP's parse_str assigns: [0]=1&[0]=3 is ['3'].
    overwritten = emulator.call("GET", "/api/v1/data-pool?filter[id][0]=1&filter[id][0]=3").json()["data"]
    assert [pool["id"] for pool in overwritten] == [3]
    # Only spatie's parameters take arrays: page[] is no parameter of the list's (the first page, 15 a page).
    assert emulator.call("GET", "/api/v1/data-pool?page[]=2", check=False).json()["meta"]["current_page"] == 1
    newest_first = emulator.call("GET", "/api/v1/data-pool?sort[]=-created_at").json()["data"]
    assert [pool["name"] for pool in newest_first] == ["customers", "returns", "orders"]
    unknown = emulator.call("GET", "/api/v1/data-pool?filter[colour][]=red")
    assert (unknown.status_code, unknown.json()["message"]) == (
        400, "Requested filter(s) `colour` are not allowed. Allowed filter(s) are `name, id`."
    )  # fmt: skip
    crowded = "&".join(f"filter[id][]={n}" for n in range(1, 202))
    assert emulator.call("GET", f"/api/v1/data-pool?{crowded}").status_code == 400  # the values' limit holds
    emulator.reset(seed=True)
    pools = emulator.call("GET", "/api/v1/connection-pools?include[]=connectors").json()["data"]
    assert all("connectors" in pool for pool in pools)
