from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PoolLookup")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__


@_attrs_define
class PoolLookup:
    """A pool named by a unique attribute instead of its id (lookups for pools), e.g. its reference."""

    reference: str | Unset = UNSET
    """ The pool's reference, e.g. system:root """
    shortname: str | Unset = UNSET
    """ The pool's unique short name """

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        shortname = self.shortname

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if reference is not UNSET:
            field_dict["reference"] = reference
        if shortname is not UNSET:
            field_dict["shortname"] = shortname

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if len(src_dict) > 0:
            reference = src_dict.get("reference", UNSET)

            shortname = src_dict.get("shortname", UNSET)

        else:  # the required keys only: every optional property is unset, and no key is an additional one
            reference = UNSET
            shortname = UNSET

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.reference = reference
        _parsed.shortname = shortname

        return _parsed
