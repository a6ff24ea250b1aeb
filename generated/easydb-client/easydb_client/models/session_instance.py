from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionInstance")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "api",
        "server_version",
        "solution",
        "user-schema",
        "name",
    }
)


@_attrs_define
class SessionInstance:
    """The server instance (types/session, `instance`)."""

    api: str | Unset = UNSET
    """ API version """
    server_version: int | Unset = UNSET
    """ Server version """
    solution: str | Unset = UNSET
    """ Solution name """
    user_schema: int | Unset = UNSET
    """ User schema version """
    name: str | Unset = UNSET
    """ Instance name """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api = self.api

        server_version = self.server_version

        solution = self.solution

        user_schema = self.user_schema

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if api is not UNSET:
            field_dict["api"] = api
        if server_version is not UNSET:
            field_dict["server_version"] = server_version
        if solution is not UNSET:
            field_dict["solution"] = solution
        if user_schema is not UNSET:
            field_dict["user-schema"] = user_schema
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if len(src_dict) > 0:
            api = src_dict.get("api", UNSET)

            server_version = src_dict.get("server_version", UNSET)

            solution = src_dict.get("solution", UNSET)

            user_schema = src_dict.get("user-schema", UNSET)

            name = src_dict.get("name", UNSET)

            known = (
                0
                + (api is not UNSET)
                + (server_version is not UNSET)
                + (solution is not UNSET)
                + (user_schema is not UNSET)
                + (name is not UNSET)
            )
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            api = UNSET
            server_version = UNSET
            solution = UNSET
            user_schema = UNSET
            name = UNSET
            known = 0

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.api = api
        _parsed.server_version = server_version
        _parsed.solution = solution
        _parsed.user_schema = user_schema
        _parsed.name = name
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
