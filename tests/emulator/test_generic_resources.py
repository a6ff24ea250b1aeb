"""Resources served from the spec alone: an API with no package of its own gets stateful CRUD from the
shapes of its paths (list, show, create, update, delete, nested collections), answers shaped by its
response schemas, and a documented answer for every other operation."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.emulator import EmulatorSettings, create_app
from contract_tests.emulator.core.settings import SettingsError
from contract_tests.serving import serving
from tests.emulator.conftest import CONTROL, CONTROL_KEY, made_up_api, openapi

KEY = {"X-Api-Key": "made-up-key"}
TIMESTAMP = {"type": "string", "format": "date-time"}
THING = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": ["bolt", "nut"]},
        "size": {"type": "integer", "default": 3},
        "note": {"type": "string", "nullable": True},
        "tags": {"type": "array", "items": {"type": "string"}},
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
    },
    "required": ["id", "name", "size", "note", "tags", "created_at", "updated_at"],
}
THING_INPUT = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "kind": {"type": "string", "enum": ["bolt", "nut"]},
        "note": {"type": "string", "nullable": True},
    },
}
PART = {"type": "object", "properties": {"id": {"type": "integer"}, "label": {"type": "string"}}, "required": ["id"]}
# A resource whose requests may name their own ids, as text.
LABEL = {"type": "object", "properties": {"id": {"type": "string"}, "text": {"type": "string"}}, "required": ["id"]}
PART_INPUT = {"type": "object", "properties": {"label": {"type": "string"}}}
PAGE = {
    "type": "object",
    "properties": {"data": {"type": "array", "items": THING}, "meta": {"type": "object"}, "links": {"type": "object"}},
}


def ok(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def query(name: str, **extensions: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": "string"}, **extensions}


THING_ID = [{"name": "thing", "in": "path", "required": True, "schema": {"type": "integer"}}]
SHOP = openapi(
    {
        "/things": {
            "get": {
                "operationId": "listThings",
                "responses": ok(PAGE),
                "x-pagination": {
                    "page_parameter": "page",
                    "size_parameter": "per_page",
                    "items": "data",
                    "default_size": 2,
                    "max_size": 10,
                },
                "parameters": [
                    query("filter[name]", **{"x-filter": {"match": "partial"}}),
                    query("filter[kind]", **{"x-filter": {"match": "exact"}}),
                    query("sort", **{"x-sort-fields": ["name", "size"]}),
                    # No lower bounds: the paginator has its own.
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer", "maximum": 10}},
                ],
            },
            "post": {
                "operationId": "createThing",
                "requestBody": body({**THING_INPUT, "required": ["name"]}),
                "responses": {
                    **ok({"type": "object", "properties": {"data": THING}}, "201"),
                    "422": {"description": "x"},
                },
            },
        },
        "/things/{thing}": {
            "parameters": THING_ID,
            "get": {"operationId": "getThing", "responses": ok({"type": "object", "properties": {"data": THING}})},
            "patch": {
                "operationId": "updateThing",
                "requestBody": body(THING_INPUT),
                "responses": ok({"type": "object", "properties": {"data": THING}}),
            },
            "delete": {"operationId": "deleteThing", "responses": {"204": {"description": "Deleted"}}},
        },
        "/things/{thing}/parts": {
            "parameters": THING_ID,
            "get": {"operationId": "listParts", "responses": ok({"type": "array", "items": PART})},
            "post": {
                "operationId": "addParts",
                "requestBody": body({"type": "array", "items": PART_INPUT}),
                "responses": ok({"type": "array", "items": PART}, "201"),
            },
        },
        "/things/{thing}/archive": {
            "parameters": THING_ID,
            "post": {
                "operationId": "archiveThing",
                "responses": ok(
                    {
                        "type": "object",
                        "properties": {"archived": {"type": "boolean"}, "at": TIMESTAMP},
                        "required": ["archived"],
                    }
                ),
            },
        },
        "/labels": {
            "get": {"operationId": "listLabels", "responses": ok({"type": "array", "items": LABEL})},
            "post": {
                "operationId": "createLabel",
                "requestBody": body({"type": "object", "properties": LABEL["properties"]}),
                "responses": ok(LABEL, "201"),
            },
        },
        "/labels/{label}": {
            "parameters": [{"name": "label", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": "getLabel", "responses": ok(LABEL)},
        },
        "/stats": {
            "get": {
                "operationId": "getStats",
                "responses": ok(
                    {
                        "type": "object",
                        "properties": {"count": {"type": "integer", "minimum": 0}},
                        "required": ["count"],
                    }
                ),
            }
        },
    }
)


@pytest.fixture
def shop(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[httpx.Client]:
    specs = made_up_api(tmp_path / "specs", "made-up-shop", SHOP)
    settings = EmulatorSettings(
        api_keys=(KEY["X-Api-Key"],), db=":memory:", downloads_dir=tmp_path / "files", control_key=CONTROL_KEY
    )
    with caplog.at_level(logging.WARNING, logger="api_emulator"):
        app = create_app("made-up-shop", settings, specs_dir=specs)
    # The control key beside the API key: the tests seed and reset through the control routes.
    with serving(app) as url, httpx.Client(base_url=url, headers={**KEY, **CONTROL}) as client:
        yield client


def test_create_fills_what_the_request_did_not_give_from_the_schema(shop: httpx.Client) -> None:
    created = shop.post("/things", json={"name": "bolt", "unknown": "dropped"})
    assert created.status_code == 201
    thing = created.json()["data"]
    assert {key: thing[key] for key in ("id", "name", "size", "note", "tags")} == {
        "id": 1,
        "name": "bolt",
        "size": 3,
        "note": None,
        "tags": [],
    }
    assert "kind" not in thing and "unknown" not in thing  # neither required nor given; not in the schema
    assert thing["created_at"] == thing["updated_at"] and thing["created_at"].endswith("Z")  # the dialect's stamps
    assert shop.get("/things/1").json() == {"data": thing}
    assert shop.post("/things", json={}).status_code == 422  # the request schema still holds


def test_update_merges_and_delete_removes(shop: httpx.Client) -> None:
    shop.post("/things", json={"name": "bolt", "note": "steel"})
    updated = shop.patch("/things/1", json={"kind": "nut"}).json()["data"]
    assert (updated["name"], updated["kind"], updated["note"]) == ("bolt", "nut", "steel")
    assert shop.get("/things/1").json()["data"] == updated
    deleted = shop.delete("/things/1")
    assert (deleted.status_code, deleted.content) == (204, b"")
    for answer in (shop.get("/things/1"), shop.patch("/things/1", json={}), shop.delete("/things/1")):
        assert (answer.status_code, answer.json()) == (
            404,
            {"message": "No query results for model [App\\Models\\Thing] 1"},
        )
    assert shop.post("/things", json={"name": "next"}).json()["data"]["id"] == 2  # ids are never reused


def test_list_filters_sorts_and_pages_as_the_operation_declares(shop: httpx.Client) -> None:
    for name, kind in [("m6 bolt", "bolt"), ("m6 nut", "nut"), ("m8 bolt", "bolt"), ("washer", "nut")]:
        shop.post("/things", json={"name": name, "kind": kind})
    page = shop.get("/things", params={"filter[name]": "BOLT,nut", "sort": "-name"}).json()
    assert [thing["name"] for thing in page["data"]] == ["m8 bolt", "m6 nut"]  # 2 a page, as x-pagination says
    assert (page["meta"]["total"], page["meta"]["last_page"]) == (3, 2)
    assert page["links"]["next"] == f"{shop.base_url}".rstrip("/") + "/things?page=2"
    nuts = shop.get("/things", params={"filter[kind]": "nut", "per_page": 10}).json()["data"]
    assert [thing["name"] for thing in nuts] == ["m6 nut", "washer"]
    assert shop.get("/things", params={"sort": "note"}).status_code == 400  # not a declared sort
    assert shop.get("/things", params={"per_page": 11}).status_code == 422


def test_a_nested_collection_is_scoped_to_its_parent(shop: httpx.Client) -> None:
    shop.post("/things", json={"name": "a"})
    shop.post("/things", json={"name": "b"})
    added = shop.post("/things/1/parts", json=[{"label": "thread"}, {"label": "head"}])
    assert added.status_code == 201
    assert added.json() == [{"id": 1, "label": "thread"}, {"id": 2, "label": "head"}]  # a bare array, as the schema
    assert shop.get("/things/1/parts").json() == added.json()
    assert shop.get("/things/2/parts").json() == []
    missing = shop.get("/things/9/parts")
    assert (missing.status_code, missing.json()["message"]) == (
        404,
        "No query results for model [App\\Models\\Thing] 9",
    )


def test_other_operations_answer_their_documented_status_with_a_least_body(
    shop: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    warned = " ".join(record.getMessage() for record in caplog.get_records("setup"))
    assert "archiveThing" in warned and "getStats" in warned and "listThings" not in warned
    assert shop.get("/stats").json() == {"count": 0}
    assert shop.post("/things/1/archive").status_code == 404  # no such thing
    shop.post("/things", json={"name": "a"})
    assert shop.post("/things/1/archive").json() == {"archived": False}


def test_documents_can_be_seeded_through_the_control_route_and_are_counted(shop: httpx.Client) -> None:
    seeded = shop.post("/__emulator__/documents/things", json=[{"id": 40, "name": "seeded", "size": 9}, {"name": "x"}])
    assert seeded.status_code == 201
    first, second = seeded.json()["documents"]
    assert (first["id"], first["size"], first["note"], second["id"], second["size"]) == (40, 9, None, 41, 3)
    assert shop.get("/things/40").json()["data"] == first
    assert shop.post("/__emulator__/documents/things/40/parts", json={"label": "p"}).status_code == 201
    assert shop.get("/things/40/parts").json() == [{"id": 1, "label": "p"}]
    assert shop.get("/__emulator__/state").json()["counts"] == {"/things": 2, "/things/{thing}/parts": 1}
    assert shop.post("/__emulator__/documents/nothing", json={}).status_code == 404
    assert shop.post("/__emulator__/documents/things", json=[1]).status_code == 422
    assert shop.post("/__emulator__/reset").status_code == 200
    assert shop.get("/__emulator__/state").json()["counts"] == {}


def refused(answer: httpx.Response, status: int, errors: dict[str, list[str]]) -> None:
    assert (answer.status_code, answer.json().get("errors")) == (status, errors), answer.text


def test_page_and_page_size_below_1_are_refused_whatever_the_spec_bounds(
    shop: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    shop.post("/things", json={"name": "a"})
    for per_page in (0, -1):
        refused(
            shop.get("/things", params={"per_page": per_page}),
            422,
            {"per_page": ["The per page field must be at least 1."]},
        )
    refused(shop.get("/things", params={"page": 0}), 422, {"page": ["The page field must be at least 1."]})
    refused(
        shop.get("/things", params={"page": -2, "per_page": 0}),
        422,
        {"page": ["The page field must be at least 1."], "per_page": ["The per page field must be at least 1."]},
    )
    # Beyond 64 bits is no integer to PHP (nor to SQLite's LIMIT).
    refused(shop.get("/things", params={"page": 2**70}), 422, {"page": ["The page field must be an integer."]})
    assert shop.get("/things", params={"page": 2**62}).json()["data"] == []  # far past the end: an empty page
    assert "unexpected failure" not in caplog.text


def test_a_create_never_replaces_a_record_and_counts_past_the_ids_it_was_given(shop: httpx.Client) -> None:
    assert shop.post("/labels", json={"id": "1", "text": "first"}).status_code == 201
    assert shop.post("/labels", json={"text": "second"}).json() == {"id": "2", "text": "second"}
    refused(shop.post("/labels", json={"id": "2", "text": "again"}), 422, {"id": ["The id has already been taken."]})
    assert shop.post("/labels", json={"id": "7"}).status_code == 201
    assert shop.post("/labels", json={"id": "blue"}).status_code == 201  # not a number: nothing to count past
    assert shop.post("/labels", json={}).json()["id"] == "8"
    assert shop.get("/labels/1").json() == {"id": "1", "text": "first"}
    assert [label["id"] for label in shop.get("/labels").json()] == ["1", "2", "7", "blue", "8"]
    seeded = shop.post("/__emulator__/documents/things", json=[{"id": 5, "name": "five"}, {"id": 5, "name": "dup"}])
    refused(seeded, 422, {"id": ["The id has already been taken."]})
    assert shop.get("/__emulator__/state").json()["counts"] == {"/labels": 5}  # neither document was stored


def test_ids_stay_within_sqlite_integers(shop: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    too_large = shop.post("/__emulator__/documents/things", json={"id": 2**70, "name": "huge"})
    refused(too_large, 422, {"id": ["The id field must not be greater than 9223372036854775807."]})
    largest = 2**63 - 1
    assert shop.post("/__emulator__/documents/things", json={"id": largest, "name": "last"}).status_code == 201
    exhausted = shop.post("/things", json={"name": "next"})
    assert (exhausted.status_code, exhausted.json()) == (
        507,
        {"message": f"No thing can be created: every id up to {largest} is taken."},
    )
    assert [thing["id"] for thing in shop.get("/things").json()["data"]] == [largest]  # never a float id
    # A batch whose second record has no id left stores neither.
    assert (
        shop.post("/__emulator__/documents/things/9223372036854775807/parts", json={"id": largest - 1}).status_code
        == 201
    )
    assert shop.post(f"/things/{largest}/parts", json=[{"label": "a"}, {"label": "b"}]).status_code == 507
    assert shop.get(f"/things/{largest}/parts").json() == [{"id": largest - 1}]
    assert "unexpected failure" not in caplog.text


def test_the_documents_route_refuses_a_missing_parent_and_ids_of_another_type(shop: httpx.Client) -> None:
    missing = shop.post("/__emulator__/documents/things/777/parts", json={"label": "p"})
    assert (missing.status_code, missing.json()) == (
        404,
        {"message": "No query results for model [App\\Models\\Thing] 777"},
    )
    for bad in ("abc", 2.5, True, "3"):
        refused(
            shop.post("/__emulator__/documents/things", json={"id": bad}),
            422,
            {"id": ["The id field must be an integer."]},
        )
    refused(
        shop.post("/__emulator__/documents/labels", json={"id": 3}), 422, {"id": ["The id field must be a string."]}
    )
    assert shop.get("/__emulator__/state").json()["counts"] == {}


def test_an_api_without_a_package_starts_empty_when_asked_for_its_demo_data(tmp_path: Path) -> None:
    """`make emulator API=<new api>` passes --seed demo; an API with no package has no seed yet."""
    specs = made_up_api(tmp_path / "specs", "made-up-shop", SHOP)
    settings = EmulatorSettings(api_keys=(KEY["X-Api-Key"],), db=":memory:", seed="demo")
    emulator = create_app("made-up-shop", settings, specs_dir=specs).state.emulator
    assert emulator.settings.seed == "none (the API has no demo seed yet)"
    with pytest.raises(SettingsError, match=r"--seed must be one of none$"):
        create_app("made-up-shop", dataclasses.replace(settings, seed="big"), specs_dir=specs)
