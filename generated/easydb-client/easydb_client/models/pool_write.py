from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.pool_write_basetype import PoolWriteBasetype, check_pool_write_basetype
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pool_write_acl_item import PoolWriteAclItem
    from ..models.pool_write_attributes import PoolWriteAttributes
    from ..models.pool_write_compiled_tags_item import PoolWriteCompiledTagsItem
    from ..models.pool_write_generated_rights import PoolWriteGeneratedRights
    from ..models.pool_write_standard_masks_type_0 import PoolWriteStandardMasksType0
    from ..models.pool_write_tags_item import PoolWriteTagsItem
    from ..models.pool_write_transitions_item import PoolWriteTransitionsItem


T = TypeVar("T", bound="PoolWrite")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__


@_attrs_define
class PoolWrite:
    """One pool to insert or update (PUT / POST /api/v1/pool), in full format: the r fields may be sent (a pool as read,
    sent back) and change nothing.

    """

    pool: PoolWriteAttributes
    """ The `pool` attributes a client sends: without _id (or lookup:_id) a new pool (it needs a parent, by
    _id_parent or lookup:_id_parent, and _version 1); with _id, or lookup:_id naming the pool by its reference or
    short name, a change of that pool (its _version must be the current version plus one). Fields left out keep
    their value. """
    _basetype: PoolWriteBasetype | Unset = UNSET
    _acl: list[PoolWriteAclItem] | Unset = UNSET
    """ A change needs bag_acl (system.rights_management on the root pool), as does a change of the other rights
    fields (*) """
    _private_acl: bool | Unset = UNSET
    _standard_masks: None | PoolWriteStandardMasksType0 | Unset = UNSET
    _tags: list[PoolWriteTagsItem] | Unset = UNSET
    _private_tags: bool | Unset = UNSET
    _transitions: list[PoolWriteTransitionsItem] | Unset = UNSET
    _private_transitions: bool | Unset = UNSET
    _set_spec: None | str | Unset = UNSET
    """ OAI/PMH name for this set """
    _compiled_tags: list[PoolWriteCompiledTagsItem] | Unset = UNSET
    """ Read only (the server's): sent back, it changes nothing """
    _has_children: bool | Unset = UNSET
    """ Read only (the server's): sent back, it changes nothing """
    _generated_rights: PoolWriteGeneratedRights | Unset = UNSET
    """ Read only (the server's): sent back, it changes nothing """

    def to_dict(self) -> dict[str, Any]:
        pool = self.pool.to_dict()

        _basetype: str | Unset = UNSET
        if not isinstance(self._basetype, Unset):
            _basetype = self._basetype

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
        elif isinstance(self._standard_masks, PoolWriteStandardMasksType0):
            _standard_masks = self._standard_masks.to_dict()
        else:
            _standard_masks = self._standard_masks

        _tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self._tags, Unset):
            _tags = []
            for _tags_item_data in self._tags:
                _tags_item = _tags_item_data.to_dict()
                _tags.append(_tags_item)

        _private_tags = self._private_tags

        _transitions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self._transitions, Unset):
            _transitions = []
            for _transitions_item_data in self._transitions:
                _transitions_item = _transitions_item_data.to_dict()
                _transitions.append(_transitions_item)

        _private_transitions = self._private_transitions

        _set_spec: None | str | Unset
        if isinstance(self._set_spec, Unset):
            _set_spec = UNSET
        else:
            _set_spec = self._set_spec

        _compiled_tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self._compiled_tags, Unset):
            _compiled_tags = []
            for _compiled_tags_item_data in self._compiled_tags:
                _compiled_tags_item = _compiled_tags_item_data.to_dict()
                _compiled_tags.append(_compiled_tags_item)

        _has_children = self._has_children

        _generated_rights: dict[str, Any] | Unset = UNSET
        if not isinstance(self._generated_rights, Unset):
            _generated_rights = self._generated_rights.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pool": pool,
            }
        )
        if _basetype is not UNSET:
            field_dict["_basetype"] = _basetype
        if _acl is not UNSET:
            field_dict["_acl"] = _acl
        if _private_acl is not UNSET:
            field_dict["_private_acl"] = _private_acl
        if _standard_masks is not UNSET:
            field_dict["_standard_masks"] = _standard_masks
        if _tags is not UNSET:
            field_dict["_tags"] = _tags
        if _private_tags is not UNSET:
            field_dict["_private_tags"] = _private_tags
        if _transitions is not UNSET:
            field_dict["_transitions"] = _transitions
        if _private_transitions is not UNSET:
            field_dict["_private_transitions"] = _private_transitions
        if _set_spec is not UNSET:
            field_dict["_set_spec"] = _set_spec
        if _compiled_tags is not UNSET:
            field_dict["_compiled_tags"] = _compiled_tags
        if _has_children is not UNSET:
            field_dict["_has_children"] = _has_children
        if _generated_rights is not UNSET:
            field_dict["_generated_rights"] = _generated_rights

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        pool = PoolWriteAttributes.from_dict(src_dict["pool"])

        if len(src_dict) > 1:
            __basetype = src_dict.get("_basetype", UNSET)
            _basetype: PoolWriteBasetype | Unset
            if __basetype is UNSET:
                _basetype = UNSET
            else:
                _basetype = check_pool_write_basetype(__basetype)

            __acl = src_dict.get("_acl", UNSET)
            _acl: list[PoolWriteAclItem] | Unset = (
                UNSET if __acl is UNSET else ([] if __acl == [] else list(map(PoolWriteAclItem.from_dict, __acl)))
            )

            _private_acl = src_dict.get("_private_acl", UNSET)

            __standard_masks = src_dict.get("_standard_masks", UNSET)
            _standard_masks = (
                __standard_masks
                if __standard_masks is None or __standard_masks is UNSET
                else PoolWriteStandardMasksType0.from_dict(__standard_masks)
            )

            __tags = src_dict.get("_tags", UNSET)
            _tags: list[PoolWriteTagsItem] | Unset = (
                UNSET if __tags is UNSET else ([] if __tags == [] else list(map(PoolWriteTagsItem.from_dict, __tags)))
            )

            _private_tags = src_dict.get("_private_tags", UNSET)

            __transitions = src_dict.get("_transitions", UNSET)
            _transitions: list[PoolWriteTransitionsItem] | Unset = (
                UNSET
                if __transitions is UNSET
                else ([] if __transitions == [] else list(map(PoolWriteTransitionsItem.from_dict, __transitions)))
            )

            _private_transitions = src_dict.get("_private_transitions", UNSET)

            _set_spec = src_dict.get("_set_spec", UNSET)

            __compiled_tags = src_dict.get("_compiled_tags", UNSET)
            _compiled_tags: list[PoolWriteCompiledTagsItem] | Unset = (
                UNSET
                if __compiled_tags is UNSET
                else ([] if __compiled_tags == [] else list(map(PoolWriteCompiledTagsItem.from_dict, __compiled_tags)))
            )

            _has_children = src_dict.get("_has_children", UNSET)

            __generated_rights = src_dict.get("_generated_rights", UNSET)
            _generated_rights: PoolWriteGeneratedRights | Unset
            if __generated_rights is UNSET:
                _generated_rights = UNSET
            else:
                _generated_rights = PoolWriteGeneratedRights.from_dict(__generated_rights)

        else:  # the required keys only: every optional property is unset, and no key is an additional one
            _basetype = UNSET
            _acl = UNSET
            _private_acl = UNSET
            _standard_masks = UNSET
            _tags = UNSET
            _private_tags = UNSET
            _transitions = UNSET
            _private_transitions = UNSET
            _set_spec = UNSET
            _compiled_tags = UNSET
            _has_children = UNSET
            _generated_rights = UNSET

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed.pool = pool
        _parsed._basetype = _basetype
        _parsed._acl = _acl
        _parsed._private_acl = _private_acl
        _parsed._standard_masks = _standard_masks
        _parsed._tags = _tags
        _parsed._private_tags = _private_tags
        _parsed._transitions = _transitions
        _parsed._private_transitions = _private_transitions
        _parsed._set_spec = _set_spec
        _parsed._compiled_tags = _compiled_tags
        _parsed._has_children = _has_children
        _parsed._generated_rights = _generated_rights

        return _parsed


# The models this one refers to, imported after its class rather than at the top (models refer to each
# other, and by now this module's class exists for one that imports it back) and not inside its methods,
# where the import statement would run again for every record parsed.
from ..models.pool_write_acl_item import PoolWriteAclItem
from ..models.pool_write_attributes import PoolWriteAttributes
from ..models.pool_write_compiled_tags_item import PoolWriteCompiledTagsItem
from ..models.pool_write_generated_rights import PoolWriteGeneratedRights
from ..models.pool_write_standard_masks_type_0 import PoolWriteStandardMasksType0
from ..models.pool_write_tags_item import PoolWriteTagsItem
from ..models.pool_write_transitions_item import PoolWriteTransitionsItem
