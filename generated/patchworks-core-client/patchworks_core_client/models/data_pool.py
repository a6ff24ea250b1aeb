from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

# Bound once: the property templates parse with these.
_datetime_from_iso = datetime.datetime.fromisoformat
_date_from_iso = datetime.date.fromisoformat


T = TypeVar("T", bound="DataPool")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "id",
        "name",
        "description",
        "data_pool_template_id",
        "created_at",
        "updated_at",
    }
)


@_attrs_define
class DataPool:
    id: int
    """ Unique identifier """
    name: str
    description: None | str
    data_pool_template_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description: None | str
        description = self.description

        data_pool_template_id: int | None
        data_pool_template_id = self.data_pool_template_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "data_pool_template_id": data_pool_template_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        id = src_dict["id"]

        name = src_dict["name"]

        description = src_dict["description"]

        data_pool_template_id = src_dict["data_pool_template_id"]

        created_at = _datetime_from_iso(src_dict["created_at"])

        updated_at = _datetime_from_iso(src_dict["updated_at"])

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.id = id
        _parsed.name = name
        _parsed.description = description
        _parsed.data_pool_template_id = data_pool_template_id
        _parsed.created_at = created_at
        _parsed.updated_at = updated_at
        _parsed.additional_properties = {}

        known = 6
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
