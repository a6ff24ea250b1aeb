from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.pool_write_basetype import PoolWriteBasetype, check_pool_write_basetype
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pool_write_acl_item import PoolWriteAclItem
    from ..models.pool_write_attributes import PoolWriteAttributes
    from ..models.pool_write_standard_masks_type_0 import PoolWriteStandardMasksType0
    from ..models.pool_write_tags_item import PoolWriteTagsItem
    from ..models.pool_write_transitions_item import PoolWriteTransitionsItem


T = TypeVar("T", bound="PoolWrite")


@_attrs_define
class PoolWrite:
    """One pool to insert or update (PUT / POST /api/v1/pool); the rw fields of the full format."""

    pool: PoolWriteAttributes
    """ The `pool` attributes a client sends: without _id a new pool (it needs a parent, by _id_parent or
    lookup:_id_parent, and _version 1); with _id a change of that pool (its _version must be the current version
    plus one). Fields left out keep their value. """
    field_basetype: PoolWriteBasetype | Unset = UNSET
    field_acl: list[PoolWriteAclItem] | Unset = UNSET
    """ Needs bag_acl (system.rights_management on the root pool) """
    field_private_acl: bool | Unset = UNSET
    field_standard_masks: None | PoolWriteStandardMasksType0 | Unset = UNSET
    field_tags: list[PoolWriteTagsItem] | Unset = UNSET
    field_private_tags: bool | Unset = UNSET
    field_transitions: list[PoolWriteTransitionsItem] | Unset = UNSET
    field_private_transitions: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.pool_write_standard_masks_type_0 import PoolWriteStandardMasksType0  # noqa: PLC0415

        pool = self.pool.to_dict()

        field_basetype: str | Unset = UNSET
        if not isinstance(self.field_basetype, Unset):
            field_basetype = self.field_basetype

        field_acl: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.field_acl, Unset):
            field_acl = []
            for field_acl_item_data in self.field_acl:
                field_acl_item = field_acl_item_data.to_dict()
                field_acl.append(field_acl_item)

        field_private_acl = self.field_private_acl

        field_standard_masks: dict[str, Any] | None | Unset
        if isinstance(self.field_standard_masks, Unset):
            field_standard_masks = UNSET
        elif isinstance(self.field_standard_masks, PoolWriteStandardMasksType0):
            field_standard_masks = self.field_standard_masks.to_dict()
        else:
            field_standard_masks = self.field_standard_masks

        field_tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.field_tags, Unset):
            field_tags = []
            for field_tags_item_data in self.field_tags:
                field_tags_item = field_tags_item_data.to_dict()
                field_tags.append(field_tags_item)

        field_private_tags = self.field_private_tags

        field_transitions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.field_transitions, Unset):
            field_transitions = []
            for field_transitions_item_data in self.field_transitions:
                field_transitions_item = field_transitions_item_data.to_dict()
                field_transitions.append(field_transitions_item)

        field_private_transitions = self.field_private_transitions

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pool": pool,
            }
        )
        if field_basetype is not UNSET:
            field_dict["_basetype"] = field_basetype
        if field_acl is not UNSET:
            field_dict["_acl"] = field_acl
        if field_private_acl is not UNSET:
            field_dict["_private_acl"] = field_private_acl
        if field_standard_masks is not UNSET:
            field_dict["_standard_masks"] = field_standard_masks
        if field_tags is not UNSET:
            field_dict["_tags"] = field_tags
        if field_private_tags is not UNSET:
            field_dict["_private_tags"] = field_private_tags
        if field_transitions is not UNSET:
            field_dict["_transitions"] = field_transitions
        if field_private_transitions is not UNSET:
            field_dict["_private_transitions"] = field_private_transitions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pool_write_acl_item import PoolWriteAclItem  # noqa: PLC0415
        from ..models.pool_write_attributes import PoolWriteAttributes  # noqa: PLC0415
        from ..models.pool_write_standard_masks_type_0 import PoolWriteStandardMasksType0  # noqa: PLC0415
        from ..models.pool_write_tags_item import PoolWriteTagsItem  # noqa: PLC0415
        from ..models.pool_write_transitions_item import PoolWriteTransitionsItem  # noqa: PLC0415

        pool = PoolWriteAttributes.from_dict(src_dict["pool"])

        _field_basetype = src_dict.get("_basetype", UNSET)
        field_basetype: PoolWriteBasetype | Unset
        if isinstance(_field_basetype, Unset):
            field_basetype = UNSET
        else:
            field_basetype = check_pool_write_basetype(_field_basetype)

        _field_acl = src_dict.get("_acl", UNSET)
        field_acl: list[PoolWriteAclItem] | Unset = UNSET
        if _field_acl is not UNSET:
            field_acl = []
            for field_acl_item_data in _field_acl:
                field_acl_item = PoolWriteAclItem.from_dict(field_acl_item_data)

                field_acl.append(field_acl_item)

        field_private_acl = src_dict.get("_private_acl", UNSET)

        _field_standard_masks = src_dict.get("_standard_masks", UNSET)
        field_standard_masks = (
            _field_standard_masks
            if _field_standard_masks is None or isinstance(_field_standard_masks, Unset)
            else PoolWriteStandardMasksType0.from_dict(_field_standard_masks)
        )

        _field_tags = src_dict.get("_tags", UNSET)
        field_tags: list[PoolWriteTagsItem] | Unset = UNSET
        if _field_tags is not UNSET:
            field_tags = []
            for field_tags_item_data in _field_tags:
                field_tags_item = PoolWriteTagsItem.from_dict(field_tags_item_data)

                field_tags.append(field_tags_item)

        field_private_tags = src_dict.get("_private_tags", UNSET)

        _field_transitions = src_dict.get("_transitions", UNSET)
        field_transitions: list[PoolWriteTransitionsItem] | Unset = UNSET
        if _field_transitions is not UNSET:
            field_transitions = []
            for field_transitions_item_data in _field_transitions:
                field_transitions_item = PoolWriteTransitionsItem.from_dict(field_transitions_item_data)

                field_transitions.append(field_transitions_item)

        field_private_transitions = src_dict.get("_private_transitions", UNSET)

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = object.__new__(cls)  # not the module's name: a field may have it
        _parsed.pool = pool
        _parsed.field_basetype = field_basetype
        _parsed.field_acl = field_acl
        _parsed.field_private_acl = field_private_acl
        _parsed.field_standard_masks = field_standard_masks
        _parsed.field_tags = field_tags
        _parsed.field_private_tags = field_private_tags
        _parsed.field_transitions = field_transitions
        _parsed.field_private_transitions = field_private_transitions

        return _parsed
