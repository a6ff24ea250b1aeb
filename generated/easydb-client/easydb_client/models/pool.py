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

    field_basetype: PoolBasetype
    """ Name of the base type """
    field_has_children: bool
    """ Whether the pool has nested pools """
    pool: PoolAttributes
    """ The `pool` attributes of a pool in full format (types/pool). """
    field_acl: list[PoolAclItem] | Unset = UNSET
    """ ACL entries; only for a user with bag_write on the pool """
    field_private_acl: bool | Unset = UNSET
    """ Marks the ACL as private; only with bag_write """
    field_standard_masks: None | PoolStandardMasksType0 | Unset = UNSET
    """ Mask ids per object type id for the pool's objects """
    field_tags: list[PoolTagsItem] | Unset = UNSET
    """ Tag entries """
    field_compiled_tags: list[PoolCompiledTagsItem] | Unset = UNSET
    """ Compiled tags of the pool's objects """
    field_private_tags: bool | Unset = UNSET
    """ Marks the tags as private """
    field_transitions: list[PoolTransitionsItem] | Unset = UNSET
    """ Transitions """
    field_private_transitions: bool | Unset = UNSET
    """ Private transitions flag """
    field_generated_rights: PoolGeneratedRights | Unset = UNSET
    """ The rights the session user has on the pool """
    field_set_spec: None | str | Unset = UNSET
    """ OAI/PMH name for this set """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.pool_standard_masks_type_0 import PoolStandardMasksType0  # noqa: PLC0415

        field_basetype: str = self.field_basetype

        field_has_children = self.field_has_children

        pool = self.pool.to_dict()

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
        elif isinstance(self.field_standard_masks, PoolStandardMasksType0):
            field_standard_masks = self.field_standard_masks.to_dict()
        else:
            field_standard_masks = self.field_standard_masks

        field_tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.field_tags, Unset):
            field_tags = []
            for field_tags_item_data in self.field_tags:
                field_tags_item = field_tags_item_data.to_dict()
                field_tags.append(field_tags_item)

        field_compiled_tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.field_compiled_tags, Unset):
            field_compiled_tags = []
            for field_compiled_tags_item_data in self.field_compiled_tags:
                field_compiled_tags_item = field_compiled_tags_item_data.to_dict()
                field_compiled_tags.append(field_compiled_tags_item)

        field_private_tags = self.field_private_tags

        field_transitions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.field_transitions, Unset):
            field_transitions = []
            for field_transitions_item_data in self.field_transitions:
                field_transitions_item = field_transitions_item_data.to_dict()
                field_transitions.append(field_transitions_item)

        field_private_transitions = self.field_private_transitions

        field_generated_rights: dict[str, Any] | Unset = UNSET
        if not isinstance(self.field_generated_rights, Unset):
            field_generated_rights = self.field_generated_rights.to_dict()

        field_set_spec: None | str | Unset
        if isinstance(self.field_set_spec, Unset):
            field_set_spec = UNSET
        else:
            field_set_spec = self.field_set_spec

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_basetype": field_basetype,
                "_has_children": field_has_children,
                "pool": pool,
            }
        )
        if field_acl is not UNSET:
            field_dict["_acl"] = field_acl
        if field_private_acl is not UNSET:
            field_dict["_private_acl"] = field_private_acl
        if field_standard_masks is not UNSET:
            field_dict["_standard_masks"] = field_standard_masks
        if field_tags is not UNSET:
            field_dict["_tags"] = field_tags
        if field_compiled_tags is not UNSET:
            field_dict["_compiled_tags"] = field_compiled_tags
        if field_private_tags is not UNSET:
            field_dict["_private_tags"] = field_private_tags
        if field_transitions is not UNSET:
            field_dict["_transitions"] = field_transitions
        if field_private_transitions is not UNSET:
            field_dict["_private_transitions"] = field_private_transitions
        if field_generated_rights is not UNSET:
            field_dict["_generated_rights"] = field_generated_rights
        if field_set_spec is not UNSET:
            field_dict["_set_spec"] = field_set_spec

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pool_acl_item import PoolAclItem  # noqa: PLC0415
        from ..models.pool_attributes import PoolAttributes  # noqa: PLC0415
        from ..models.pool_compiled_tags_item import PoolCompiledTagsItem  # noqa: PLC0415
        from ..models.pool_generated_rights import PoolGeneratedRights  # noqa: PLC0415
        from ..models.pool_standard_masks_type_0 import PoolStandardMasksType0  # noqa: PLC0415
        from ..models.pool_tags_item import PoolTagsItem  # noqa: PLC0415
        from ..models.pool_transitions_item import PoolTransitionsItem  # noqa: PLC0415

        field_basetype = check_pool_basetype(src_dict["_basetype"])

        field_has_children = src_dict["_has_children"]

        pool = PoolAttributes.from_dict(src_dict["pool"])

        _field_acl = src_dict.get("_acl", UNSET)
        field_acl: list[PoolAclItem] | Unset = UNSET
        if _field_acl is not UNSET:
            field_acl = []
            for field_acl_item_data in _field_acl:
                field_acl_item = PoolAclItem.from_dict(field_acl_item_data)

                field_acl.append(field_acl_item)

        field_private_acl = src_dict.get("_private_acl", UNSET)

        _field_standard_masks = src_dict.get("_standard_masks", UNSET)
        field_standard_masks = (
            _field_standard_masks
            if _field_standard_masks is None or isinstance(_field_standard_masks, Unset)
            else PoolStandardMasksType0.from_dict(_field_standard_masks)
        )

        _field_tags = src_dict.get("_tags", UNSET)
        field_tags: list[PoolTagsItem] | Unset = UNSET
        if _field_tags is not UNSET:
            field_tags = []
            for field_tags_item_data in _field_tags:
                field_tags_item = PoolTagsItem.from_dict(field_tags_item_data)

                field_tags.append(field_tags_item)

        _field_compiled_tags = src_dict.get("_compiled_tags", UNSET)
        field_compiled_tags: list[PoolCompiledTagsItem] | Unset = UNSET
        if _field_compiled_tags is not UNSET:
            field_compiled_tags = []
            for field_compiled_tags_item_data in _field_compiled_tags:
                field_compiled_tags_item = PoolCompiledTagsItem.from_dict(field_compiled_tags_item_data)

                field_compiled_tags.append(field_compiled_tags_item)

        field_private_tags = src_dict.get("_private_tags", UNSET)

        _field_transitions = src_dict.get("_transitions", UNSET)
        field_transitions: list[PoolTransitionsItem] | Unset = UNSET
        if _field_transitions is not UNSET:
            field_transitions = []
            for field_transitions_item_data in _field_transitions:
                field_transitions_item = PoolTransitionsItem.from_dict(field_transitions_item_data)

                field_transitions.append(field_transitions_item)

        field_private_transitions = src_dict.get("_private_transitions", UNSET)

        _field_generated_rights = src_dict.get("_generated_rights", UNSET)
        field_generated_rights: PoolGeneratedRights | Unset
        if isinstance(_field_generated_rights, Unset):
            field_generated_rights = UNSET
        else:
            field_generated_rights = PoolGeneratedRights.from_dict(_field_generated_rights)

        field_set_spec = src_dict.get("_set_spec", UNSET)

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = object.__new__(cls)  # not the module's name: a field may have it
        _parsed.field_basetype = field_basetype
        _parsed.field_has_children = field_has_children
        _parsed.pool = pool
        _parsed.field_acl = field_acl
        _parsed.field_private_acl = field_private_acl
        _parsed.field_standard_masks = field_standard_masks
        _parsed.field_tags = field_tags
        _parsed.field_compiled_tags = field_compiled_tags
        _parsed.field_private_tags = field_private_tags
        _parsed.field_transitions = field_transitions
        _parsed.field_private_transitions = field_private_transitions
        _parsed.field_generated_rights = field_generated_rights
        _parsed.field_set_spec = field_set_spec
        _parsed.additional_properties = {}

        known = (
            3
            + ("_acl" in src_dict)
            + ("_private_acl" in src_dict)
            + ("_standard_masks" in src_dict)
            + ("_tags" in src_dict)
            + ("_compiled_tags" in src_dict)
            + ("_private_tags" in src_dict)
            + ("_transitions" in src_dict)
            + ("_private_transitions" in src_dict)
            + ("_generated_rights" in src_dict)
            + ("_set_spec" in src_dict)
        )
        if len(src_dict) > known:
            d = {key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES}
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
