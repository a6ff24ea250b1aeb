from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.pool_basetype import PoolBasetype, check_pool_basetype
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pool_acl_item import PoolAclItem
    from ..models.pool_attributes import PoolAttributes
    from ..models.pool_compiled_tags_item import PoolCompiledTagsItem
    from ..models.pool_generated_rights import PoolGeneratedRights
    from ..models.pool_standard_masks_type_0 import PoolStandardMasksType0
    from ..models.pool_tags_item import PoolTagsItem
    from ..models.pool_transitions_item import PoolTransitionsItem


T = TypeVar("T", bound="Pool")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "_basetype",
        "_has_children",
        "pool",
        "_acl",
        "_private_acl",
        "_standard_masks",
        "_tags",
        "_compiled_tags",
        "_private_tags",
        "_transitions",
        "_private_transitions",
        "_generated_rights",
        "_set_spec",
    }
)


@_attrs_define
class Pool:
    """A pool in full format, as the server answers it (types/pool, "Full format")."""

    _basetype: PoolBasetype
    """ Name of the base type """
    _has_children: bool
    """ Whether the pool has nested pools """
    pool: PoolAttributes
    """ The `pool` attributes of a pool in full format (types/pool). """
    _acl: list[PoolAclItem] | Unset = UNSET
    """ ACL entries; only for a user with bag_write on the pool """
    _private_acl: bool | Unset = UNSET
    """ Marks the ACL as private; only with bag_write """
    _standard_masks: None | PoolStandardMasksType0 | Unset = UNSET
    """ Mask ids per object type id for the pool's objects """
    _tags: list[PoolTagsItem] | Unset = UNSET
    """ Tag entries """
    _compiled_tags: list[PoolCompiledTagsItem] | Unset = UNSET
    """ Compiled tags of the pool's objects """
    _private_tags: bool | Unset = UNSET
    """ Marks the tags as private """
    _transitions: list[PoolTransitionsItem] | Unset = UNSET
    """ Transitions """
    _private_transitions: bool | Unset = UNSET
    """ Private transitions flag """
    _generated_rights: PoolGeneratedRights | Unset = UNSET
    """ The rights the session user has on the pool """
    _set_spec: None | str | Unset = UNSET
    """ OAI/PMH name for this set """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        _basetype: str = self._basetype

        _has_children = self._has_children

        pool = self.pool.to_dict()

        _acl: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self._acl, Unset):
            _acl = []
            for _acl_item_data in self._acl:
                _acl_item = _acl_item_data.to_dict()
                _acl.append(_acl_item)

        _private_acl = self._private_acl

        _standard_masks: dict[str, Any] | None | Unset
        if isinstance(self._standard_masks, Unset):
            _standard_masks = UNSET
        elif isinstance(self._standard_masks, PoolStandardMasksType0):
            _standard_masks = self._standard_masks.to_dict()
        else:
            _standard_masks = self._standard_masks

        _tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self._tags, Unset):
            _tags = []
            for _tags_item_data in self._tags:
                _tags_item = _tags_item_data.to_dict()
                _tags.append(_tags_item)

        _compiled_tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self._compiled_tags, Unset):
            _compiled_tags = []
            for _compiled_tags_item_data in self._compiled_tags:
                _compiled_tags_item = _compiled_tags_item_data.to_dict()
                _compiled_tags.append(_compiled_tags_item)

        _private_tags = self._private_tags

        _transitions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self._transitions, Unset):
            _transitions = []
            for _transitions_item_data in self._transitions:
                _transitions_item = _transitions_item_data.to_dict()
                _transitions.append(_transitions_item)

        _private_transitions = self._private_transitions

        _generated_rights: dict[str, Any] | Unset = UNSET
        if not isinstance(self._generated_rights, Unset):
            _generated_rights = self._generated_rights.to_dict()

        _set_spec: None | str | Unset
        if isinstance(self._set_spec, Unset):
            _set_spec = UNSET
        else:
            _set_spec = self._set_spec

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_basetype": _basetype,
                "_has_children": _has_children,
                "pool": pool,
            }
        )
        if _acl is not UNSET:
            field_dict["_acl"] = _acl
        if _private_acl is not UNSET:
            field_dict["_private_acl"] = _private_acl
        if _standard_masks is not UNSET:
            field_dict["_standard_masks"] = _standard_masks
        if _tags is not UNSET:
            field_dict["_tags"] = _tags
        if _compiled_tags is not UNSET:
            field_dict["_compiled_tags"] = _compiled_tags
        if _private_tags is not UNSET:
            field_dict["_private_tags"] = _private_tags
        if _transitions is not UNSET:
            field_dict["_transitions"] = _transitions
        if _private_transitions is not UNSET:
            field_dict["_private_transitions"] = _private_transitions
        if _generated_rights is not UNSET:
            field_dict["_generated_rights"] = _generated_rights
        if _set_spec is not UNSET:
            field_dict["_set_spec"] = _set_spec

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _basetype = check_pool_basetype(src_dict["_basetype"])

        _has_children = src_dict["_has_children"]

        pool = PoolAttributes.from_dict(src_dict["pool"])

        if len(src_dict) > 3:
            __acl = src_dict.get("_acl", UNSET)
            _acl: list[PoolAclItem] | Unset = (
                UNSET if __acl is UNSET else ([] if __acl == [] else list(map(PoolAclItem.from_dict, __acl)))
            )

            _private_acl = src_dict.get("_private_acl", UNSET)

            __standard_masks = src_dict.get("_standard_masks", UNSET)
            _standard_masks = (
                __standard_masks
                if __standard_masks is None or __standard_masks is UNSET
                else PoolStandardMasksType0.from_dict(__standard_masks)
            )

            __tags = src_dict.get("_tags", UNSET)
            _tags: list[PoolTagsItem] | Unset = (
                UNSET if __tags is UNSET else ([] if __tags == [] else list(map(PoolTagsItem.from_dict, __tags)))
            )

            __compiled_tags = src_dict.get("_compiled_tags", UNSET)
            _compiled_tags: list[PoolCompiledTagsItem] | Unset = (
                UNSET
                if __compiled_tags is UNSET
                else ([] if __compiled_tags == [] else list(map(PoolCompiledTagsItem.from_dict, __compiled_tags)))
            )

            _private_tags = src_dict.get("_private_tags", UNSET)

            __transitions = src_dict.get("_transitions", UNSET)
            _transitions: list[PoolTransitionsItem] | Unset = (
                UNSET
                if __transitions is UNSET
                else ([] if __transitions == [] else list(map(PoolTransitionsItem.from_dict, __transitions)))
            )

            _private_transitions = src_dict.get("_private_transitions", UNSET)

            __generated_rights = src_dict.get("_generated_rights", UNSET)
            _generated_rights: PoolGeneratedRights | Unset
            if __generated_rights is UNSET:
                _generated_rights = UNSET
            else:
                _generated_rights = PoolGeneratedRights.from_dict(__generated_rights)

            _set_spec = src_dict.get("_set_spec", UNSET)

            known = (
                3
                + (_acl is not UNSET)
                + (_private_acl is not UNSET)
                + (_standard_masks is not UNSET)
                + (_tags is not UNSET)
                + (_compiled_tags is not UNSET)
                + (_private_tags is not UNSET)
                + (_transitions is not UNSET)
                + (_private_transitions is not UNSET)
                + (_generated_rights is not UNSET)
                + (_set_spec is not UNSET)
            )
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            _acl = UNSET
            _private_acl = UNSET
            _standard_masks = UNSET
            _tags = UNSET
            _compiled_tags = UNSET
            _private_tags = UNSET
            _transitions = UNSET
            _private_transitions = UNSET
            _generated_rights = UNSET
            _set_spec = UNSET
            known = 3

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed._basetype = _basetype
        _parsed._has_children = _has_children
        _parsed.pool = pool
        _parsed._acl = _acl
        _parsed._private_acl = _private_acl
        _parsed._standard_masks = _standard_masks
        _parsed._tags = _tags
        _parsed._compiled_tags = _compiled_tags
        _parsed._private_tags = _private_tags
        _parsed._transitions = _transitions
        _parsed._private_transitions = _private_transitions
        _parsed._generated_rights = _generated_rights
        _parsed._set_spec = _set_spec
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
from ..models.pool_acl_item import PoolAclItem
from ..models.pool_attributes import PoolAttributes
from ..models.pool_compiled_tags_item import PoolCompiledTagsItem
from ..models.pool_generated_rights import PoolGeneratedRights
from ..models.pool_standard_masks_type_0 import PoolStandardMasksType0
from ..models.pool_tags_item import PoolTagsItem
from ..models.pool_transitions_item import PoolTransitionsItem
