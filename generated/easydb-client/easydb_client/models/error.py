from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._auth import masked_repr
from ..models.error_realm import ErrorRealm, check_error_realm
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_parameters import ErrorParameters


T = TypeVar("T", bound="Error")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "realm",
        "code",
        "parameters",
        "description",
        "uuid",
    }
)


@_attrs_define
class Error:
    realm: ErrorRealm
    """ error realm (string): server, api, user """
    code: str
    """ error code (string): identifier and CSV key for the error """
    parameters: ErrorParameters | Unset = _attrs_field(default=UNSET, repr=masked_repr)
    """ parameters for the error (map string string, optional): only for user errors that require parameters """
    description: str | Unset = UNSET
    """ error description (string, optional): only for server and API errors """
    uuid: str | Unset = UNSET
    """ internal error UUID (string, optional): only for server errors """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        realm: str = self.realm

        code = self.code

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        description = self.description

        uuid = self.uuid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "realm": realm,
                "code": code,
            }
        )
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if description is not UNSET:
            field_dict["description"] = description
        if uuid is not UNSET:
            field_dict["uuid"] = uuid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        realm = check_error_realm(src_dict["realm"])

        code = src_dict["code"]

        if len(src_dict) > 2:
            _parameters = src_dict.get("parameters", UNSET)
            parameters: ErrorParameters | Unset
            if _parameters is UNSET:
                parameters = UNSET
            else:
                parameters = ErrorParameters.from_dict(_parameters)

            description = src_dict.get("description", UNSET)

            uuid = src_dict.get("uuid", UNSET)

            known = 2 + (parameters is not UNSET) + (description is not UNSET) + (uuid is not UNSET)
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            parameters = UNSET
            description = UNSET
            uuid = UNSET
            known = 2

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.realm = realm
        _parsed.code = code
        _parsed.parameters = parameters
        _parsed.description = description
        _parsed.uuid = uuid
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
from ..models.error_parameters import ErrorParameters
