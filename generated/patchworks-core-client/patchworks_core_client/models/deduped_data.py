from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.data_pool import DataPool
    from ..models.included_relation import IncludedRelation


T = TypeVar("T", bound="DedupedData")


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
    entity_type: IncludedRelation | Unset = UNSET
    """ A related model embedded by include=. Its own resource (flows, flow runs, entity types) is documented on
    other pages; only its id and name are relied on here. """
    data_pool: DataPool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.included_relation import IncludedRelation  # noqa: PLC0415

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

        entity_type: dict[str, Any] | Unset = UNSET
        if not isinstance(self.entity_type, Unset):
            entity_type = self.entity_type.to_dict()

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
        from ..models.data_pool import DataPool  # noqa: PLC0415
        from ..models.included_relation import IncludedRelation  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        data_pool_id = d.pop("data_pool_id")

        value = d.pop("value")

        entity_type_id = d.pop("entity_type_id")

        def _parse_flow_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        flow_id = _parse_flow_id(d.pop("flow_id"))

        def _parse_flow_run_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        flow_run_id = _parse_flow_run_id(d.pop("flow_run_id"))

        def _parse_step_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step_id = _parse_step_id(d.pop("step_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_flow(data: object) -> IncludedRelation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                flow_type_1 = IncludedRelation.from_dict(data)

                return flow_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IncludedRelation | None | Unset, data)

        flow = _parse_flow(d.pop("flow", UNSET))

        def _parse_flow_run(data: object) -> IncludedRelation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                flow_run_type_1 = IncludedRelation.from_dict(data)

                return flow_run_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IncludedRelation | None | Unset, data)

        flow_run = _parse_flow_run(d.pop("flow_run", UNSET))

        def _parse_flow_step(data: object) -> IncludedRelation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                flow_step_type_1 = IncludedRelation.from_dict(data)

                return flow_step_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IncludedRelation | None | Unset, data)

        flow_step = _parse_flow_step(d.pop("flow_step", UNSET))

        _entity_type = d.pop("entity_type", UNSET)
        entity_type: IncludedRelation | Unset
        if isinstance(_entity_type, Unset):
            entity_type = UNSET
        else:
            entity_type = IncludedRelation.from_dict(_entity_type)

        _data_pool = d.pop("data_pool", UNSET)
        data_pool: DataPool | Unset
        if isinstance(_data_pool, Unset):
            data_pool = UNSET
        else:
            data_pool = DataPool.from_dict(_data_pool)

        deduped_data = cls(
            id=id,
            data_pool_id=data_pool_id,
            value=value,
            entity_type_id=entity_type_id,
            flow_id=flow_id,
            flow_run_id=flow_run_id,
            step_id=step_id,
            created_at=created_at,
            updated_at=updated_at,
            flow=flow,
            flow_run=flow_run,
            flow_step=flow_step,
            entity_type=entity_type,
            data_pool=data_pool,
        )

        deduped_data.additional_properties = d
        return deduped_data

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
