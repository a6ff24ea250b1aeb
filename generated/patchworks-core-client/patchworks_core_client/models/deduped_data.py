from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

# Bound once: the property templates parse with these.
_datetime_from_iso = datetime.datetime.fromisoformat
_date_from_iso = datetime.date.fromisoformat

if TYPE_CHECKING:
    from ..models.data_pool import DataPool
    from ..models.included_relation import IncludedRelation


T = TypeVar("T", bound="DedupedData")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "id",
        "data_pool_id",
        "value",
        "entity_type_id",
        "flow_id",
        "flow_run_id",
        "step_id",
        "created_at",
        "updated_at",
        "flow",
        "flow_run",
        "flow_step",
        "entity_type",
        "data_pool",
    }
)


@_attrs_define
class DedupedData:
    id: int
    """ Unique identifier """
    data_pool_id: int
    """ The data pool holding the record. """
    value: str
    """ The de-dupe value (the key field's value that was matched). """
    entity_type_id: int
    """ Patchworks' internal entity type id (47 is Customer). """
    flow_id: int | None
    """ The flow that tracked it; null when imported. """
    flow_run_id: int | None
    """ The flow run that tracked it; null when imported. """
    step_id: int | None
    """ The flow step that tracked it; null when imported. """
    created_at: datetime.datetime
    updated_at: datetime.datetime
    flow: IncludedRelation | None | Unset = UNSET
    flow_run: IncludedRelation | None | Unset = UNSET
    flow_step: IncludedRelation | None | Unset = UNSET
    entity_type: IncludedRelation | None | Unset = UNSET
    data_pool: DataPool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        data_pool_id = self.data_pool_id

        value = self.value

        entity_type_id = self.entity_type_id

        flow_id: int | None
        flow_id = self.flow_id

        flow_run_id: int | None
        flow_run_id = self.flow_run_id

        step_id: int | None
        step_id = self.step_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        flow: dict[str, Any] | None | Unset
        if isinstance(self.flow, Unset):
            flow = UNSET
        elif isinstance(self.flow, IncludedRelation):
            flow = self.flow.to_dict()
        else:
            flow = self.flow

        flow_run: dict[str, Any] | None | Unset
        if isinstance(self.flow_run, Unset):
            flow_run = UNSET
        elif isinstance(self.flow_run, IncludedRelation):
            flow_run = self.flow_run.to_dict()
        else:
            flow_run = self.flow_run

        flow_step: dict[str, Any] | None | Unset
        if isinstance(self.flow_step, Unset):
            flow_step = UNSET
        elif isinstance(self.flow_step, IncludedRelation):
            flow_step = self.flow_step.to_dict()
        else:
            flow_step = self.flow_step

        entity_type: dict[str, Any] | None | Unset
        if isinstance(self.entity_type, Unset):
            entity_type = UNSET
        elif isinstance(self.entity_type, IncludedRelation):
            entity_type = self.entity_type.to_dict()
        else:
            entity_type = self.entity_type

        data_pool: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data_pool, Unset):
            data_pool = self.data_pool.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "data_pool_id": data_pool_id,
                "value": value,
                "entity_type_id": entity_type_id,
                "flow_id": flow_id,
                "flow_run_id": flow_run_id,
                "step_id": step_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if flow is not UNSET:
            field_dict["flow"] = flow
        if flow_run is not UNSET:
            field_dict["flow_run"] = flow_run
        if flow_step is not UNSET:
            field_dict["flow_step"] = flow_step
        if entity_type is not UNSET:
            field_dict["entity_type"] = entity_type
        if data_pool is not UNSET:
            field_dict["data_pool"] = data_pool

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        id = src_dict["id"]

        data_pool_id = src_dict["data_pool_id"]

        value = src_dict["value"]

        entity_type_id = src_dict["entity_type_id"]

        flow_id = src_dict["flow_id"]

        flow_run_id = src_dict["flow_run_id"]

        step_id = src_dict["step_id"]

        created_at = _datetime_from_iso(src_dict["created_at"])

        updated_at = _datetime_from_iso(src_dict["updated_at"])

        if len(src_dict) > 9:
            _flow = src_dict.get("flow", UNSET)
            flow = _flow if _flow is None or _flow is UNSET else IncludedRelation.from_dict(_flow)

            _flow_run = src_dict.get("flow_run", UNSET)
            flow_run = _flow_run if _flow_run is None or _flow_run is UNSET else IncludedRelation.from_dict(_flow_run)

            _flow_step = src_dict.get("flow_step", UNSET)
            flow_step = (
                _flow_step if _flow_step is None or _flow_step is UNSET else IncludedRelation.from_dict(_flow_step)
            )

            _entity_type = src_dict.get("entity_type", UNSET)
            entity_type = (
                _entity_type
                if _entity_type is None or _entity_type is UNSET
                else IncludedRelation.from_dict(_entity_type)
            )

            _data_pool = src_dict.get("data_pool", UNSET)
            data_pool: DataPool | Unset
            if _data_pool is UNSET:
                data_pool = UNSET
            else:
                data_pool = DataPool.from_dict(_data_pool)

            known = (
                9
                + (flow is not UNSET)
                + (flow_run is not UNSET)
                + (flow_step is not UNSET)
                + (entity_type is not UNSET)
                + (data_pool is not UNSET)
            )
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            flow = UNSET
            flow_run = UNSET
            flow_step = UNSET
            entity_type = UNSET
            data_pool = UNSET
            known = 9

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.id = id
        _parsed.data_pool_id = data_pool_id
        _parsed.value = value
        _parsed.entity_type_id = entity_type_id
        _parsed.flow_id = flow_id
        _parsed.flow_run_id = flow_run_id
        _parsed.step_id = step_id
        _parsed.created_at = created_at
        _parsed.updated_at = updated_at
        _parsed.flow = flow
        _parsed.flow_run = flow_run
        _parsed.flow_step = flow_step
        _parsed.entity_type = entity_type
        _parsed.data_pool = data_pool
        _parsed.additional_properties = {}

        if len(src_dict) > known:
            d = {key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES}
            # Values that JSON gives as they are (text, numbers, booleans, null) need no parsing.
            _parsed.additional_properties = d
        return _parsed

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The models this one refers to, imported after its class rather than at the top (models refer to each
# other, and by now this module's class exists for one that imports it back) and not inside its methods,
# where the import statement would run again for every record parsed.
from ..models.data_pool import DataPool
from ..models.included_relation import IncludedRelation
