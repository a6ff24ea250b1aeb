from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session_config_base import SessionConfigBase
    from ..models.session_config_defaults import SessionConfigDefaults
    from ..models.session_config_extensions import SessionConfigExtensions


T = TypeVar("T", bound="SessionConfig")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "base",
        "defaults",
        "extensions",
    }
)


@_attrs_define
class SessionConfig:
    """Configuration (base, defaults, extensions)"""

    base: SessionConfigBase | Unset = UNSET
    defaults: SessionConfigDefaults | Unset = UNSET
    extensions: SessionConfigExtensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base: dict[str, Any] | Unset = UNSET
        if not isinstance(self.base, Unset):
            base = self.base.to_dict()

        defaults: dict[str, Any] | Unset = UNSET
        if not isinstance(self.defaults, Unset):
            defaults = self.defaults.to_dict()

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if base is not UNSET:
            field_dict["base"] = base
        if defaults is not UNSET:
            field_dict["defaults"] = defaults
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if len(src_dict) > 0:
            _base = src_dict.get("base", UNSET)
            base: SessionConfigBase | Unset
            if _base is UNSET:
                base = UNSET
            else:
                base = SessionConfigBase.from_dict(_base)

            _defaults = src_dict.get("defaults", UNSET)
            defaults: SessionConfigDefaults | Unset
            if _defaults is UNSET:
                defaults = UNSET
            else:
                defaults = SessionConfigDefaults.from_dict(_defaults)

            _extensions = src_dict.get("extensions", UNSET)
            extensions: SessionConfigExtensions | Unset
            if _extensions is UNSET:
                extensions = UNSET
            else:
                extensions = SessionConfigExtensions.from_dict(_extensions)

            known = 0 + (base is not UNSET) + (defaults is not UNSET) + (extensions is not UNSET)
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            base = UNSET
            defaults = UNSET
            extensions = UNSET
            known = 0

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.base = base
        _parsed.defaults = defaults
        _parsed.extensions = extensions
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
from ..models.session_config_base import SessionConfigBase
from ..models.session_config_defaults import SessionConfigDefaults
from ..models.session_config_extensions import SessionConfigExtensions
