"""The built spec read by a strict OpenAPI 3.0.3 validator (openapi-core), which applies `nullable` only
beside a `type`: the answers the emulator sends for the de-dupe records with their relationships embedded
(include=flow,flowRun,flowStep,entityType) are valid, with each relationship null (an imported record)
and as an object (issue 12, D2)."""

from __future__ import annotations

import copy
import json
from collections.abc import Hashable, Mapping
from typing import Any, cast

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.response.exceptions import InvalidData

from generator.build import BuiltSpec

RELATIONS = ("flow", "flow_run", "flow_step", "entity_type")
LIST_PATH = "/api/v1/data-pool/{data_pool}/deduped-data"

# One record as the emulator answers it (contract_tests/emulator/apis/patchworks_core), relations embedded.
TRACKED_RECORD: dict[str, Any] = {
    "id": 3,
    "data_pool_id": 1,
    "value": "customer3@example.com",
    "entity_type_id": 47,
    "flow_id": 1,
    "flow_run_id": 2,
    "step_id": 1,
    "created_at": "2026-12-01T10:07:14.989888Z",
    "updated_at": "2026-12-01T10:07:14.989888Z",
    "flow": {"id": 1, "name": "Shopify orders to NetSuite"},
    "flow_run": {"id": 2, "flow_id": 1, "name": "Run 2"},
    "flow_step": {"id": 1, "flow_id": 1, "name": "De-dupe orders"},
    "entity_type": {"id": 47, "name": "Customer"},
}


def imported_record() -> dict[str, Any]:
    """A record an import added: no flow, and an entity_type_id that names no entity type."""
    record = copy.deepcopy(TRACKED_RECORD)
    record.update(flow_id=None, flow_run_id=None, step_id=None, entity_type_id=999, id=9)
    record.update(dict.fromkeys(RELATIONS))
    return record


def page_of(*records: dict[str, Any]) -> dict[str, Any]:
    base = "http://127.0.0.1:8080/api/v1/data-pool/1/deduped-data"
    return {
        "data": list(records),
        "links": {"first": f"{base}?page=1", "last": f"{base}?page=1", "prev": None, "next": None},
        "meta": {
            "current_page": 1,
            "from": 1,
            "last_page": 1,
            "path": base,
            "per_page": 15,
            "to": len(records),
            "total": len(records),
        },
    }


@pytest.fixture(scope="module")
def strict(built: BuiltSpec) -> OpenAPI:
    spec = copy.deepcopy(built.document)
    spec["servers"] = [{"url": "http://127.0.0.1:8080"}]
    return OpenAPI.from_dict(cast("Mapping[Hashable, Any]", spec))  # its key type is wider than JSON's


def validate_list_answer(strict: OpenAPI, body: dict[str, Any]) -> None:
    request = MockRequest(
        "http://127.0.0.1:8080",
        "GET",
        "/api/v1/data-pool/1/deduped-data",
        path_pattern=LIST_PATH,
        args={"include": "flow,flowRun,flowStep,entityType"},
        view_args={"data_pool": "1"},
        headers={"Authorization": "key"},
    )
    response = MockResponse(json.dumps(body).encode("utf-8"), status_code=200, content_type="application/json")
    strict.validate_response(request, response)


def test_relations_as_objects_and_as_null_are_both_valid_to_a_strict_validator(strict: OpenAPI) -> None:
    validate_list_answer(strict, page_of(TRACKED_RECORD, imported_record()))


@pytest.mark.parametrize("relation", RELATIONS)
def test_a_relation_that_is_neither_an_object_nor_null_is_refused(strict: OpenAPI, relation: str) -> None:
    # The other side of the test above: the validator does look at these fields (a wrong type fails).
    wrong = {**TRACKED_RECORD, relation: "Customer"}
    with pytest.raises(InvalidData):
        validate_list_answer(strict, page_of(wrong))
