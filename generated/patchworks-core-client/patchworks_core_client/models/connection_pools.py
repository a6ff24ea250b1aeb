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
    from ..models.connector import Connector


T = TypeVar("T", bound="ConnectionPools")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "id",
        "limit",
        "timeout",
        "created_at",
        "updated_at",
        "name",
        "connectors",
    }
)


@_attrs_define
class ConnectionPools:
    id: int
    """ Unique identifier """
    limit: int
    timeout: int | None
    """ Presumably the seconds a request may wait for a free slot; null: no timeout. """
    created_at: datetime.datetime
    updated_at: datetime.datetime
    name: str
    connectors: list[Connector] | Unset = UNSET
    """ The connector instances sharing this pool; present only with include=connectors or connectors.system. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        limit = self.limit

        timeout: int | None
        timeout = self.timeout

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        name = self.name

        connectors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.connectors, Unset):
            connectors = []
            for connectors_item_data in self.connectors:
                connectors_item = connectors_item_data.to_dict()
                connectors.append(connectors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "limit": limit,
                "timeout": timeout,
                "created_at": created_at,
                "updated_at": updated_at,
                "name": name,
            }
        )
        if connectors is not UNSET:
            field_dict["connectors"] = connectors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        id = src_dict["id"]

        limit = src_dict["limit"]

        timeout = src_dict["timeout"]

        created_at = _datetime_from_iso(src_dict["created_at"])

        updated_at = _datetime_from_iso(src_dict["updated_at"])

        name = src_dict["name"]

        if len(src_dict) > 6:
            _connectors = src_dict.get("connectors", UNSET)
            connectors: list[Connector] | Unset = (
                UNSET
                if _connectors is UNSET
                else ([] if _connectors == [] else list(map(Connector.from_dict, _connectors)))
            )

            known = 6 + (connectors is not UNSET)
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            connectors = UNSET
            known = 6

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.id = id
        _parsed.limit = limit
        _parsed.timeout = timeout
        _parsed.created_at = created_at
        _parsed.updated_at = updated_at
        _parsed.name = name
        _parsed.connectors = connectors
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
from ..models.connector import Connector
