from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.l10n import L10N
    from ..models.pool_attributes_contact_type_0 import PoolAttributesContactType0
    from ..models.pool_attributes_custom_data_type_0 import PoolAttributesCustomDataType0
    from ..models.pool_attributes_watermark_type_0 import PoolAttributesWatermarkType0


T = TypeVar("T", bound="PoolAttributes")
# from_dict makes its instance with this, bound once rather than looked up for each item of a page.
_new_instance = object.__new__
_PROPERTY_NAMES: frozenset[str] = frozenset(
    {
        "_id",
        "_id_parent",
        "_version",
        "is_system_pool",
        "name",
        "description",
        "watermark",
        "contact",
        "mapping_image_export",
        "mapping_image_import",
        "mapping_dc_export",
        "custom_data",
        "reference",
        "shortname",
        "comment",
        "created_timestamp",
        "last_updated_timestamp",
    }
)


@_attrs_define
class PoolAttributes:
    """The `pool` attributes of a pool in full format (types/pool)."""

    _id: int
    """ Pool ID: unique, set by the server """
    _id_parent: int | None
    """ Parent pool ID (null only for the root pool) """
    _version: int
    """ Pool version: 1 when created, one more with every change """
    is_system_pool: bool
    """ Whether this is a system pool (root and standard pool) """
    name: L10N
    """ A localised text: one entry per culture (e.g. "de-DE", "en-US"); at least one is not null when the field is
    required (types/l10n). """
    description: L10N | Unset = UNSET
    """ A localised text: one entry per culture (e.g. "de-DE", "en-US"); at least one is not null when the field is
    required (types/l10n). """
    watermark: None | PoolAttributesWatermarkType0 | Unset = UNSET
    """ Watermark applied to the pool's objects """
    contact: None | PoolAttributesContactType0 | Unset = UNSET
    """ The contact user """
    mapping_image_export: Any | Unset = UNSET
    """ An id, or one of "parent", "objecttype", "none" """
    mapping_image_import: Any | Unset = UNSET
    """ An id, or one of "parent", "objecttype", "none" """
    mapping_dc_export: Any | Unset = UNSET
    """ An id, or one of "parent", "objecttype", "none" """
    custom_data: None | PoolAttributesCustomDataType0 | Unset = UNSET
    """ Custom JSON data of the pool """
    reference: None | str | Unset = UNSET
    """ Pool reference: unique, usable in lookups """
    shortname: None | str | Unset = UNSET
    """ Pool short name: unique, usable in lookups """
    comment: None | str | Unset = UNSET
    """ Pool comment """
    created_timestamp: str | Unset = UNSET
    """ When the pool was created """
    last_updated_timestamp: str | Unset = UNSET
    """ When the pool was last changed """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        _id = self._id

        _id_parent: int | None
        _id_parent = self._id_parent

        _version = self._version

        is_system_pool = self.is_system_pool

        name = self.name.to_dict()

        description: dict[str, Any] | Unset = UNSET
        if not isinstance(self.description, Unset):
            description = self.description.to_dict()

        watermark: dict[str, Any] | None | Unset
        if isinstance(self.watermark, Unset):
            watermark = UNSET
        elif isinstance(self.watermark, PoolAttributesWatermarkType0):
            watermark = self.watermark.to_dict()
        else:
            watermark = self.watermark

        contact: dict[str, Any] | None | Unset
        if isinstance(self.contact, Unset):
            contact = UNSET
        elif isinstance(self.contact, PoolAttributesContactType0):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        mapping_image_export = self.mapping_image_export

        mapping_image_import = self.mapping_image_import

        mapping_dc_export = self.mapping_dc_export

        custom_data: dict[str, Any] | None | Unset
        if isinstance(self.custom_data, Unset):
            custom_data = UNSET
        elif isinstance(self.custom_data, PoolAttributesCustomDataType0):
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

        created_timestamp = self.created_timestamp

        last_updated_timestamp = self.last_updated_timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_id": _id,
                "_id_parent": _id_parent,
                "_version": _version,
                "is_system_pool": is_system_pool,
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if watermark is not UNSET:
            field_dict["watermark"] = watermark
        if contact is not UNSET:
            field_dict["contact"] = contact
        if mapping_image_export is not UNSET:
            field_dict["mapping_image_export"] = mapping_image_export
        if mapping_image_import is not UNSET:
            field_dict["mapping_image_import"] = mapping_image_import
        if mapping_dc_export is not UNSET:
            field_dict["mapping_dc_export"] = mapping_dc_export
        if custom_data is not UNSET:
            field_dict["custom_data"] = custom_data
        if reference is not UNSET:
            field_dict["reference"] = reference
        if shortname is not UNSET:
            field_dict["shortname"] = shortname
        if comment is not UNSET:
            field_dict["comment"] = comment
        if created_timestamp is not UNSET:
            field_dict["created_timestamp"] = created_timestamp
        if last_updated_timestamp is not UNSET:
            field_dict["last_updated_timestamp"] = last_updated_timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _id = src_dict["_id"]

        _id_parent = src_dict["_id_parent"]

        _version = src_dict["_version"]

        is_system_pool = src_dict["is_system_pool"]

        name = L10N.from_dict(src_dict["name"])

        if len(src_dict) > 5:
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
                else PoolAttributesWatermarkType0.from_dict(_watermark)
            )

            _contact = src_dict.get("contact", UNSET)
            contact = (
                _contact if _contact is None or _contact is UNSET else PoolAttributesContactType0.from_dict(_contact)
            )

            mapping_image_export = src_dict.get("mapping_image_export", UNSET)

            mapping_image_import = src_dict.get("mapping_image_import", UNSET)

            mapping_dc_export = src_dict.get("mapping_dc_export", UNSET)

            _custom_data = src_dict.get("custom_data", UNSET)
            custom_data = (
                _custom_data
                if _custom_data is None or _custom_data is UNSET
                else PoolAttributesCustomDataType0.from_dict(_custom_data)
            )

            reference = src_dict.get("reference", UNSET)

            shortname = src_dict.get("shortname", UNSET)

            comment = src_dict.get("comment", UNSET)

            created_timestamp = src_dict.get("created_timestamp", UNSET)

            last_updated_timestamp = src_dict.get("last_updated_timestamp", UNSET)

            known = (
                5
                + (description is not UNSET)
                + (watermark is not UNSET)
                + (contact is not UNSET)
                + (mapping_image_export is not UNSET)
                + (mapping_image_import is not UNSET)
                + (mapping_dc_export is not UNSET)
                + (custom_data is not UNSET)
                + (reference is not UNSET)
                + (shortname is not UNSET)
                + (comment is not UNSET)
                + (created_timestamp is not UNSET)
                + (last_updated_timestamp is not UNSET)
            )
        else:  # the required keys only: every optional property is unset, and no key is an additional one
            description = UNSET
            watermark = UNSET
            contact = UNSET
            mapping_image_export = UNSET
            mapping_image_import = UNSET
            mapping_dc_export = UNSET
            custom_data = UNSET
            reference = UNSET
            shortname = UNSET
            comment = UNSET
            created_timestamp = UNSET
            last_updated_timestamp = UNSET
            known = 5

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed._id = _id
        _parsed._id_parent = _id_parent
        _parsed._version = _version
        _parsed.is_system_pool = is_system_pool
        _parsed.name = name
        _parsed.description = description
        _parsed.watermark = watermark
        _parsed.contact = contact
        _parsed.mapping_image_export = mapping_image_export
        _parsed.mapping_image_import = mapping_image_import
        _parsed.mapping_dc_export = mapping_dc_export
        _parsed.custom_data = custom_data
        _parsed.reference = reference
        _parsed.shortname = shortname
        _parsed.comment = comment
        _parsed.created_timestamp = created_timestamp
        _parsed.last_updated_timestamp = last_updated_timestamp
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
from ..models.l10n import L10N
from ..models.pool_attributes_contact_type_0 import PoolAttributesContactType0
from ..models.pool_attributes_custom_data_type_0 import PoolAttributesCustomDataType0
from ..models.pool_attributes_watermark_type_0 import PoolAttributesWatermarkType0
