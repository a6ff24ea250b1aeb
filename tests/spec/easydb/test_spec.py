"""The easydb spec as built from its prose pages (generator/prose.py) and overlays."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build import BuiltSpec, build_spec
from generator.layout import REPO_ROOT, ApiLayout

OPERATIONS = {
    ("GET", "/api/v1/pool"): "listPools",
    ("GET", "/api/v1/pool/{id}"): "getPool",
    ("PUT", "/api/v1/pool"): "insertPools",
    ("POST", "/api/v1/pool"): "updatePools",
    ("DELETE", "/api/v1/pool/{id}"): "deletePool",
    ("GET", "/api/v1/session"): "getSession",
    ("POST", "/api/v1/session/authenticate"): "authenticateSession",
    ("POST", "/api/v1/session/deauthenticate"): "deauthenticateSession",
}


@pytest.fixture(scope="module")
def easydb() -> BuiltSpec:
    return build_spec(ApiLayout.find("easydb"))


def operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        operation["operationId"]: operation
        for item in spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


def codes(operation: dict[str, Any], status: str = "400") -> list[str]:
    return [entry["code"] for entry in operation["responses"][status]["x-error-codes"]]


def test_the_committed_spec_is_a_fresh_build(easydb: BuiltSpec) -> None:
    assert (REPO_ROOT / "specs" / "easydb" / "openapi.json").read_text(encoding="utf-8") == easydb.text


def test_every_pool_and_session_operation_and_what_was_left_out(easydb: BuiltSpec) -> None:
    found = {(method.upper(), path): operation.get("operationId")
             for path, item in easydb.document["paths"].items() for method, operation in item.items()}  # fmt: skip
    assert found == OPERATIONS
    line = easydb.report.line()
    assert line.startswith("easydb: 2 prose pages, 14 operations stated, 5 left out by api.yaml (")
    # the two statements of GET /api/v1/session are one operation
    assert "GET /api/v1/session/sso/authenticate" in line and "), the other 9 as 8 operations," in line
    # The one error the pages name that the catalogue leaves out (api/session: Login Blocked) is said.
    assert line.endswith(", 1 error named that the catalogue lacks (Login Blocked)")


def test_status_rows_became_the_documented_codes(easydb: BuiltSpec) -> None:
    by_id = operations(easydb.document)
    assert {"error.user.pool_not_found", "error.user.not_authenticated", "error.user.insufficient_rights"} <= set(
        codes(by_id["getPool"])
    )
    assert "error.user.system_pool_delete" in codes(by_id["deletePool"])
    assert "error.user.pool_not_empty" in codes(by_id["deletePool"])  # the assumption overlay 070 states
    assert {"error.user.version_mismatch", "error.user.pool_requires_parent"} <= set(codes(by_id["insertPools"]))
    assert {"error.user.login_failed", "error.user.username_or_password_empty"} <= set(
        codes(by_id["authenticateSession"])
    )
    user_codes = {code for code in codes(by_id["getSession"]) if code.startswith("error.user.")}
    assert user_codes == {"error.user.language_not_found", "error.user.session_not_found"}
    assert all(code.startswith("error.server.") for code in codes(by_id["listPools"], "500"))
    mismatch = next(
        e
        for e in by_id["updatePools"]["responses"]["400"]["x-error-codes"]
        if e["code"] == "error.user.version_mismatch"
    )
    assert sorted(mismatch["parameters"]) == ["expected", "provided"]


def test_each_error_response_enumerates_exactly_its_codes(easydb: BuiltSpec) -> None:
    for operation_id, operation in operations(easydb.document).items():
        for status in ("400", "500"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema["allOf"][0] == {"$ref": "#/components/schemas/Error"}, operation_id
            assert sorted(schema["allOf"][1]["properties"]["code"]["enum"]) == sorted(codes(operation, status))


def test_the_token_is_a_security_scheme_not_a_parameter(easydb: BuiltSpec) -> None:
    spec = easydb.document
    assert spec["components"]["securitySchemes"]["HeaderToken"] == {
        "type": "apiKey", "in": "header", "name": "x-easydb-token",
        "description": spec["components"]["securitySchemes"]["HeaderToken"]["description"],
    }  # fmt: skip
    assert spec["components"]["securitySchemes"]["QueryToken"]["in"] == "query"
    by_id = operations(spec)
    assert all(p["name"] != "token" for o in by_id.values() for p in o.get("parameters", []))
    assert by_id["getSession"]["security"][0] == {}  # no token: a new session
    authenticate = by_id["authenticateSession"]
    assert "password" not in {p["name"] for p in authenticate["parameters"]}  # never in a URL
    assert "application/x-www-form-urlencoded" in authenticate["requestBody"]["content"]


def test_every_answer_carries_the_version_headers(easydb: BuiltSpec) -> None:
    for operation in operations(easydb.document).values():
        for response in operation["responses"].values():
            assert set(response["headers"]) == {
                "X-Easydb-Base-Schema-Version", "X-Easydb-User-Schema-Version", "X-Easydb-API-Version",
            }  # fmt: skip


def test_inserts_and_updates_are_never_retried_and_link_to_their_pools(easydb: BuiltSpec) -> None:
    by_id = operations(easydb.document)
    assert by_id["insertPools"]["x-retry"] is False and by_id["updatePools"]["x-retry"] is False
    links = easydb.document["components"]["links"]
    assert links["GetFirstPool"] == {"operationId": "getPool", "parameters": {"id": "$response.body#/0/pool/_id"}}
    assert set(by_id["insertPools"]["responses"]["200"]["links"]) == {"GetFirstPool", "DeleteFirstPool"}
    get_one = by_id["getPool"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert (get_one["minItems"], get_one["maxItems"]) == (1, 1)  # the client returns the pool itself


def test_operations_keep_their_provenance(easydb: BuiltSpec) -> None:
    by_id = operations(easydb.document)
    assert by_id["deletePool"]["x-provenance"] == {"page": "api/pool/_index.en.md", "line": 135,
                                                   "heading": "Delete pool"}  # fmt: skip
    assert [example["requests"] for example in by_id["getPool"]["x-vendor-examples"]] == [["GET /api/v1/pool/9"]]
