"""Models parse what the API sends and give it back unchanged (to_dict(from_dict(x)) == x)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from patchworks_core_client.models import (
    ConnectionPools,
    ConnectionPoolsListResponse,
    DataPool,
    DedupedData,
    DedupedDataListResponse,
    ErrorResponse,
    IncludedRelation,
    LoginResponse,
)
from patchworks_core_client.types import Unset

from tests.client.patchworks_core.conftest import CONNECTION_POOL, DATA_POOL, deduped, page_of

INCLUDED = {
    **deduped(5),
    "flow_id": 9,
    "flow": {"id": 9, "name": "Orders to ERP"},
    "flow_run": None,
    "entity_type": {"id": 47, "name": "Customer", "colour": "blue"},
    "data_pool": DATA_POOL,
}

CASES: list[tuple[type[Any], dict[str, Any]]] = [
    (DataPool, DATA_POOL),
    (DataPool, {**DATA_POOL, "description": "orders seen", "data_pool_template_id": 3, "owner": "someone"}),
    (ConnectionPools, CONNECTION_POOL),
    (
        ConnectionPools,
        {**CONNECTION_POOL, "timeout": 30, "connectors": [{"id": 1, "name": "Shopify", "system": {"id": 2}}]},
    ),
    (DedupedData, deduped(1)),
    (DedupedData, INCLUDED),
    (DedupedDataListResponse, page_of([deduped(1), INCLUDED], 1, 3)),
    (ConnectionPoolsListResponse, page_of([CONNECTION_POOL], 2, 2)),
    (ErrorResponse, {"message": "Invalid.", "errors": {"name": ["Too short."], "limit": [{"min": "At least 1."}]}}),
    (LoginResponse, {"message": "You have successfully logged in.", "token": "t", "expires_in": 86400}),
]


@pytest.mark.parametrize(("model", "body"), CASES, ids=[f"{m.__name__}-{i}" for i, (m, _) in enumerate(CASES)])
def test_a_model_gives_back_what_it_parsed(model: type[Any], body: dict[str, Any]) -> None:
    parsed = model.from_dict(body)
    # Date-times come back in Python's isoformat: the same instant, "+00:00" for Laravel's ".000000Z".
    expected = json.loads(json.dumps(body).replace(".000000Z", "+00:00"))
    assert parsed.to_dict() == expected


def test_fields_land_in_their_own_attributes() -> None:
    record = DedupedData.from_dict(INCLUDED)
    assert (record.id, record.data_pool_id, record.value, record.entity_type_id) == (5, 7, "person5@example.com", 47)
    assert (record.flow_id, record.flow_run_id, record.step_id) == (9, None, None)
    assert isinstance(record.flow, IncludedRelation) and (record.flow.id, record.flow.name) == (9, "Orders to ERP")
    assert isinstance(record.entity_type, IncludedRelation) and record.entity_type["colour"] == "blue"
    assert record.flow_run is None
    assert isinstance(record.data_pool, DataPool) and record.data_pool.name == "orders"
    pool = DataPool.from_dict({**DATA_POOL, "owner": "someone"})
    assert pool.additional_properties == {"owner": "someone"}
    assert DataPool.from_dict(DATA_POOL).additional_properties == {}


def test_a_missing_required_field_is_an_error() -> None:
    with pytest.raises(KeyError):
        DataPool.from_dict({key: value for key, value in DATA_POOL.items() if key != "name"})


def test_a_nullable_relation_is_none_unset_or_the_model_and_a_malformed_one_is_an_error() -> None:
    record = DedupedData.from_dict({**deduped(1), "entity_type": None, "flow": {"id": 3}})
    assert record.entity_type is None and isinstance(record.flow_step, Unset)
    assert isinstance(record.flow, IncludedRelation) and record.flow.id == 3
    with pytest.raises((KeyError, TypeError)):  # the relation has no id: not an IncludedRelation
        DedupedData.from_dict({**deduped(1), "flow": {"name": "no id"}})


def test_optional_keys_are_read_only_when_an_item_has_more_than_the_required_ones() -> None:
    """An item with the required keys only (most items of a list) has every optional property unset and no
    additional one; an unknown key beside the required ones, or beside optional ones, is an additional one."""
    optional = ("flow", "flow_run", "flow_step", "entity_type", "data_pool")
    bare = DedupedData.from_dict(deduped(1))
    assert all(isinstance(getattr(bare, name), Unset) for name in optional) and bare.additional_properties == {}
    unknown = DedupedData.from_dict({**deduped(1), "source": "import"})
    assert all(isinstance(getattr(unknown, name), Unset) for name in optional)
    assert unknown.additional_properties == {"source": "import"}
    both = DedupedData.from_dict({**deduped(1), "flow_run": None, "source": "import", "flow": {"id": 2}})
    assert both.flow_run is None and isinstance(both.flow, IncludedRelation) and isinstance(both.data_pool, Unset)
    assert both.additional_properties == {"source": "import"}


@pytest.mark.parametrize(
    "page",
    [
        page_of([{**deduped(1), "created_at": "yesterday"}], 1, 1),  # not a date-time: ValueError
        page_of([{**deduped(1), "created_at": 1735787045}], 1, 1),  # a number: TypeError
        {**page_of([], 1, 1), "data": {"id": 1}},  # not an array of records: TypeError
        {**page_of([], 1, 1), "data": [deduped(1), "a record?"]},  # an item that is not an object: TypeError
    ],
)
def test_a_malformed_page_is_an_error_of_the_kinds_parse_response_turns_into_none(page: dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError, KeyError)):
        DedupedDataListResponse.from_dict(page)
