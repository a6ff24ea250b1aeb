from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.l10n import L10N
    from ..models.pool_lookup import PoolLookup
    from ..models.pool_write_attributes_contact_type_0 import PoolWriteAttributesContactType0
    from ..models.pool_write_attributes_custom_data_type_0 import PoolWriteAttributesCustomDataType0
    from ..models.pool_write_attributes_watermark_type_0 import PoolWriteAttributesWatermarkType0


T = TypeVar("T", bound="PoolWriteAttributes")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__


@_attrs_define
class PoolWriteAttributes:
    """The `pool` attributes a client sends: without _id a new pool (it needs a parent, by _id_parent or lookup:_id_parent,
    and _version 1); with _id a change of that pool (its _version must be the current version plus one). Fields left out
    keep their value.

    """

    _version: int
    """ 1 for a new pool; the current version plus one for a change """
    _id: int | None | Unset = UNSET
    """ The pool to change; absent or null for a new pool """
    _id_parent: int | Unset = UNSET
    """ The parent pool's id """
    lookup_id_parent: PoolLookup | Unset = UNSET
    """ A pool named by a unique attribute instead of its id (lookups for pools), e.g. its reference. """
    name: L10N | Unset = UNSET
    """ A localised text: one entry per culture (e.g. "de-DE", "en-US"); at least one is not null when the field is
    required (types/l10n). """
    description: L10N | Unset = UNSET
    """ A localised text: one entry per culture (e.g. "de-DE", "en-US"); at least one is not null when the field is
    required (types/l10n). """
    watermark: None | PoolWriteAttributesWatermarkType0 | Unset = UNSET
    contact: None | PoolWriteAttributesContactType0 | Unset = UNSET
    custom_data: None | PoolWriteAttributesCustomDataType0 | Unset = UNSET
    reference: None | str | Unset = UNSET
    shortname: None | str | Unset = UNSET
    comment: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        _version = self._version

        _id: int | None | Unset
        if isinstance(self._id, Unset):
            _id = UNSET
        else:
            _id = self._id

        _id_parent = self._id_parent

        lookup_id_parent: dict[str, Any] | Unset = UNSET
        if not isinstance(self.lookup_id_parent, Unset):
            lookup_id_parent = self.lookup_id_parent.to_dict()

        name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.name, Unset):
            name = self.name.to_dict()

        description: dict[str, Any] | Unset = UNSET
        if not isinstance(self.description, Unset):
            description = self.description.to_dict()

        watermark: dict[str, Any] | None | Unset
        if isinstance(self.watermark, Unset):
            watermark = UNSET
        elif isinstance(self.watermark, PoolWriteAttributesWatermarkType0):
            watermark = self.watermark.to_dict()
        else:
            watermark = self.watermark

        contact: dict[str, Any] | None | Unset
        if isinstance(self.contact, Unset):
            contact = UNSET
        elif isinstance(self.contact, PoolWriteAttributesContactType0):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        custom_data: dict[str, Any] | None | Unset
        if isinstance(self.custom_data, Unset):
            custom_data = UNSET
        elif isinstance(self.custom_data, PoolWriteAttributesCustomDataType0):
            custom_data = self.custom_data.to_dict()
        else:
            custom_data = self.custom_data

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        shortname: None | str | Unset
        if isinstance(self.shortname, Unset):
            shortname = UNSET
        else:
            shortname = self.shortname

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "_version": _version,
            }
        )
        if _id is not UNSET:
            field_dict["_id"] = _id
        if _id_parent is not UNSET:
            field_dict["_id_parent"] = _id_parent
        if lookup_id_parent is not UNSET:
            field_dict["lookup:_id_parent"] = lookup_id_parent
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if watermark is not UNSET:
            field_dict["watermark"] = watermark
        if contact is not UNSET:
            field_dict["contact"] = contact
        if custom_data is not UNSET:
            field_dict["custom_data"] = custom_data
        if reference is not UNSET:
            field_dict["reference"] = reference
        if shortname is not UNSET:
            field_dict["shortname"] = shortname
        if comment is not UNSET:
            field_dict["comment"] = comment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _version = src_dict["_version"]

        if len(src_dict) > 1:
            _id = src_dict.get("_id", UNSET)

            _id_parent = src_dict.get("_id_parent", UNSET)

            _lookup_id_parent = src_dict.get("lookup:_id_parent", UNSET)
            lookup_id_parent: PoolLookup | Unset
            if _lookup_id_parent is UNSET:
                lookup_id_parent = UNSET
            else:
                lookup_id_parent = PoolLookup.from_dict(_lookup_id_parent)

            _name = src_dict.get("name", UNSET)
            name: L10N | Unset
            if _name is UNSET:
                name = UNSET
            else:
                name = L10N.from_dict(_name)

            _description = src_dict.get("description", UNSET)
            description: L10N | Unset
            if _description is UNSET:
                description = UNSET
            else:
                description = L10N.from_dict(_description)

            _watermark = src_dict.get("watermark", UNSET)
            watermark = (
                _watermark
                if _watermark is None or _watermark is UNSET
                else PoolWriteAttributesWatermarkType0.from_dict(_watermark)
            )

            _contact = src_dict.get("contact", UNSET)
            contact = (
                _contact
                if _contact is None or _contact is UNSET
                else PoolWriteAttributesContactType0.from_dict(_contact)
            )

            _custom_data = src_dict.get("custom_data", UNSET)
            custom_data = (
                _custom_data
                if _custom_data is None or _custom_data is UNSET
                else PoolWriteAttributesCustomDataType0.from_dict(_custom_data)
            )

            reference = src_dict.get("reference", UNSET)

            shortname = src_dict.get("shortname", UNSET)

            comment = src_dict.get("comment", UNSET)

        else:  # the required keys only: every optional property is unset, and no key is an additional one
            _id = UNSET
            _id_parent = UNSET
            lookup_id_parent = UNSET
            name = UNSET
            description = UNSET
            watermark = UNSET
            contact = UNSET
            custom_data = UNSET
            reference = UNSET
            shortname = UNSET
            comment = UNSET

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed._version = _version
        _parsed._id = _id
        _parsed._id_parent = _id_parent
        _parsed.lookup_id_parent = lookup_id_parent
        _parsed.name = name
        _parsed.description = description
        _parsed.watermark = watermark
        _parsed.contact = contact
        _parsed.custom_data = custom_data
        _parsed.reference = reference
        _parsed.shortname = shortname
        _parsed.comment = comment

        return _parsed


# The models this one refers to, imported after its class rather than at the top (models refer to each
# other, and by now this module's class exists for one that imports it back) and not inside its methods,
# where the import statement would run again for every record parsed.
from ..models.l10n import L10N
from ..models.pool_lookup import PoolLookup
from ..models.pool_write_attributes_contact_type_0 import PoolWriteAttributesContactType0
from ..models.pool_write_attributes_custom_data_type_0 import PoolWriteAttributesCustomDataType0
from ..models.pool_write_attributes_watermark_type_0 import PoolWriteAttributesWatermarkType0
