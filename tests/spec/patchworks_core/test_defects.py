"""Each defect of the upstream fragments is fixed in the built spec: one test a defect (issue #2, 3a-3m,
then the ones found on the way)."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from openapi_schema_validator import OAS30Validator

from generator.build import BuiltSpec
from generator.layout import ApiLayout
from generator.overlay import load_overlay

OPERATION_IDS = [
    "listDataPools",
    "createDataPool",
    "getDataPool",
    "updateDataPool",
    "deleteDataPool",
    "listDedupedData",
    "downloadDedupedData",
    "importDedupedData",
    "deleteDedupedDataRecords",
    "listConnectionPools",
    "createConnectionPool",
    "getConnectionPool",
    "updateConnectionPool",
    "deleteConnectionPool",
    "clearConnectionPool",
    "login",
]


def operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        op["operationId"]: (method.upper(), path, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
    }


def operation(built: BuiltSpec, operation_id: str) -> dict[str, Any]:
    return operations(built.document)[operation_id][2]


def parameter_names(op: dict[str, Any]) -> list[str]:
    return [p["name"] for p in op.get("parameters", [])]


def schema(built: BuiltSpec, name: str) -> dict[str, Any]:
    result: dict[str, Any] = built.document["components"]["schemas"][name]
    return result


def validates(resolved: dict[str, Any], name: str, instance: Any) -> bool:
    validator = OAS30Validator(resolved["components"]["schemas"][name])
    return bool(validator.is_valid(instance))


def test_a_every_operation_has_its_stable_operation_id(built: BuiltSpec) -> None:
    assert sorted(operations(built.document)) == sorted(OPERATION_IDS)


def test_b_the_bogus_filter_comma_parameter_is_gone(built: BuiltSpec) -> None:
    assert all("filter[,]" not in parameter_names(op) for _, _, op in operations(built.document).values())


def test_c_single_resource_gets_carry_no_list_parameters(built: BuiltSpec) -> None:
    assert parameter_names(operation(built, "getDataPool")) == ["data_pool"]
    # but its documented include ("Available: connectors.system"): one pool's connectors
    assert parameter_names(operation(built, "getConnectionPool")) == ["connection_pool", "include"]
    (include,) = [p for p in operation(built, "getConnectionPool")["parameters"] if p["name"] == "include"]
    assert include["x-include-relationships"] == ["connectors", "connectors.system"]


def test_d_deduped_data_is_its_own_resource(built: BuiltSpec, resolved: dict[str, Any]) -> None:
    response = operation(built, "listDedupedData")["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/DedupedDataListResponse"}
    record = schema(built, "DedupedData")
    assert set(record["required"]) == {
        "id", "data_pool_id", "value", "entity_type_id", "flow_id", "flow_run_id", "step_id",
        "created_at", "updated_at",
    }  # fmt: skip
    timestamps = {"created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}
    imported = {"id": 1, "data_pool_id": 2, "value": "a@example.com", "entity_type_id": 47, "flow_id": None,
                "flow_run_id": None, "step_id": None, **timestamps}  # fmt: skip
    assert validates(resolved, "DedupedData", imported)
    assert "include" not in parameter_names(operation(built, "listDataPools"))
    include = next(p for p in operation(built, "listDedupedData")["parameters"] if p["name"] == "include")
    assert include["x-include-relationships"] == ["flow", "flowRun", "flowStep", "entityType", "dataPool"]


def test_e_delete_records_names_its_pool_and_takes_the_ids_in_a_body(
    built: BuiltSpec, resolved: dict[str, Any]
) -> None:
    method, path, op = operations(built.document)["deleteDedupedDataRecords"]
    assert (method, path) == ("DELETE", "/api/v1/data-pool/{data_pool}/deduped-data/delete-records")
    assert parameter_names(op) == ["data_pool"]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/DedupedDataDeleteRequest"}
    assert validates(resolved, "DedupedDataDeleteRequest", {"ids": [1, 2]})
    assert not validates(resolved, "DedupedDataDeleteRequest", {"ids": []})
    assert "ASSUMPTION" in _overlay_text("010-delete-records-route.yaml")


def test_f_import_is_a_multipart_csv_upload(built: BuiltSpec) -> None:
    content = operation(built, "importDedupedData")["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
    assert content["multipart/form-data"]["encoding"]["deduped_data_file"]["contentType"] == "text/csv"
    file_property = schema(built, "DataPoolImportImportRequest")["properties"]["deduped_data_file"]
    assert file_property["type"] == "string"
    assert file_property["format"] == "binary"


def test_g_responses_with_the_nulls_the_api_sends_validate(built: BuiltSpec, resolved: dict[str, Any]) -> None:
    pool = {"id": 1, "name": "p", "limit": 5, "timeout": None, "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z"}  # fmt: skip
    assert validates(resolved, "ConnectionPoolsResponse", {"data": pool})
    properties = schema(built, "ConnectionPools")["properties"]
    assert all("items" not in properties[name] for name in ("timeout", "created_at", "updated_at"))
    data_pool = {"id": 1, "name": "pool", "description": None, "data_pool_template_id": None,
                 "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}  # fmt: skip
    assert validates(resolved, "DataPoolResponse", {"data": data_pool})


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_h_every_operation_documents_its_errors_with_bodies(
    built: BuiltSpec, resolved: dict[str, Any], operation_id: str
) -> None:
    method, path, op = operations(built.document)[operation_id]
    responses = op["responses"]
    expected = {"401", "429", "500"}
    if "{" in path:
        expected.add("404")
    if "requestBody" in op:
        expected |= {"400", "415", "422"}
    if "x-pagination" in op:
        expected |= {"400", "422"}
    assert expected <= set(responses)
    for status, response in resolved["paths"][path][method.lower()]["responses"].items():
        assert "application/json" in response.get("content", {}), f"{operation_id} {status} has no body"
    assert set(resolved["components"]["responses"]["TooManyRequests"]["headers"]) == {
        "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining",
    }  # fmt: skip


def test_h_validation_errors_accept_strings_and_rule_objects(built: BuiltSpec, resolved: dict[str, Any]) -> None:
    strings = {"message": "The name field is required.", "errors": {"name": ["The name field is required."]}}
    rules = {"message": "Invalid.", "errors": {"name": [{"required": "The name field is required."}]}}
    assert validates(resolved, "ErrorResponse", strings)
    assert validates(resolved, "ErrorResponse", rules)
    assert not validates(resolved, "ErrorResponse", {"message": "x", "errors": {"name": [1]}})


def test_i_creates_document_200_and_201(built: BuiltSpec) -> None:
    for operation_id in ("createDataPool", "createConnectionPool"):
        responses = operation(built, operation_id)["responses"]
        assert responses["200"]["content"] == responses["201"]["content"]


def test_j_login_is_documented_on_its_own_host_and_both_schemes_apply_elsewhere(built: BuiltSpec) -> None:
    method, path, login = operations(built.document)["login"]
    assert (method, path) == ("POST", "/fabric/api/login")
    assert login["servers"] == [{"url": "https://app.wearepatchworks.com"}]
    assert login["security"] == []
    assert schema(built, "LoginResponse")["required"] == ["message", "token", "expires_in"]
    assert built.document["security"] == [{"ApiKeyAuth": []}, {"BearerAuth": []}]
    assert all("security" not in op for op_id, (_, _, op) in operations(built.document).items() if op_id != "login")
    schemes = built.document["components"]["securitySchemes"]
    assert (schemes["ApiKeyAuth"]["in"], schemes["ApiKeyAuth"]["name"]) == ("header", "Authorization")
    assert schemes["BearerAuth"]["scheme"] == "bearer"


def test_k_sorts_and_includes_are_machine_readable_and_enforced(built: BuiltSpec) -> None:
    sort = next(p for p in operation(built, "listConnectionPools")["parameters"] if p["name"] == "sort")
    assert sort["x-sort-fields"] == ["name", "limit", "created_at"]
    pattern = jsonschema.Draft4Validator(sort["schema"])
    assert pattern.is_valid("-name,limit")
    assert not pattern.is_valid("timeout")
    filters = {p["name"]: p for p in operation(built, "listDedupedData")["parameters"] if "x-filter" in p}
    assert filters["filter[value]"]["x-filter"] == {"match": "partial"}
    assert filters["filter[flow_id]"]["x-filter"] == {"match": "exact"}
    assert filters["filter[created_before]"]["x-filter"] == {"attribute": "created_at", "match": "before"}
    assert "any of" in filters["filter[entity_type_id]"]["description"]


def test_l_paginated_lists_are_marked(built: BuiltSpec) -> None:
    paginated = sorted(op_id for op_id, (_, _, op) in operations(built.document).items() if "x-pagination" in op)
    assert paginated == ["listConnectionPools", "listDataPools", "listDedupedData"]
    per_page = next(p for p in operation(built, "listDataPools")["parameters"] if p["name"] == "per_page")
    assert per_page["schema"]["maximum"] == 100
    assert operation(built, "listDataPools")["x-pagination"]["max_size"] == 100


def test_m_creates_link_to_the_operations_on_what_they_created(built: BuiltSpec) -> None:
    links = built.document["components"]["links"]
    for operation_id, expected in {
        "createDataPool": {"getDataPool", "updateDataPool", "deleteDataPool", "listDedupedData"},
        "createConnectionPool": {"getConnectionPool", "updateConnectionPool", "deleteConnectionPool"},
    }.items():
        for status in ("200", "201"):
            response_links = operation(built, operation_id)["responses"][status]["links"]
            targets = {links[ref["$ref"].rsplit("/", 1)[1]]["operationId"] for ref in response_links.values()}
            assert expected <= targets
    assert links["GetDataPool"]["parameters"] == {"data_pool": "$response.body#/data/id"}


# Defects found on the way (listed in the issue note).


def test_path_parameters_are_integer_ids(built: BuiltSpec) -> None:
    for _, _, op in operations(built.document).values():
        for parameter in op.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer"


def test_action_operations_answer_a_message(built: BuiltSpec) -> None:
    for operation_id in ("downloadDedupedData", "importDedupedData", "clearConnectionPool"):
        body = operation(built, operation_id)["responses"]["200"]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/MessageResponse"}


def test_resources_require_what_the_api_always_sends(built: BuiltSpec, resolved: dict[str, Any]) -> None:
    assert not validates(resolved, "DataPoolResponse", {"data": {"id": 1}})
    assert schema(built, "PaginationMeta")["required"] == [
        "current_page", "from", "last_page", "path", "per_page", "to", "total",
    ]  # fmt: skip


def test_connection_pool_create_rejects_an_empty_name(built: BuiltSpec, resolved: dict[str, Any]) -> None:
    assert not validates(resolved, "ConnectionPoolsStoreRequest", {"name": "", "limit": 1})


def test_per_page_defaults_to_laravels_15(built: BuiltSpec) -> None:
    per_page = next(p for p in operation(built, "listDedupedData")["parameters"] if p["name"] == "per_page")
    assert per_page["schema"]["default"] == 15


def test_id_filters_take_comma_separated_integers(built: BuiltSpec) -> None:
    id_filter = next(p for p in operation(built, "listDataPools")["parameters"] if p["name"] == "filter[id]")
    validator = jsonschema.Draft4Validator(id_filter["schema"])
    assert validator.is_valid("1,22")
    assert not validator.is_valid("abc")


def test_every_overlay_action_says_what_it_fixes() -> None:
    layout = ApiLayout.find("patchworks-core")
    for path in layout.overlay_files():
        for action in load_overlay(path, path.name):
            assert len(action.description.split()) >= 5, str(action)


def _overlay_text(name: str) -> str:
    return (ApiLayout.find("patchworks-core").overlays_dir / name).read_text(encoding="utf-8")
