from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.pool_mapping_type_1 import PoolMappingType1, check_pool_mapping_type_1
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
    """The `pool` attributes a client sends: without _id (or lookup:_id) a new pool (it needs a parent, by _id_parent or
    lookup:_id_parent, and _version 1); with _id, or lookup:_id naming the pool by its reference or short name, a change
    of that pool (its _version must be the current version plus one). Fields left out keep their value.

    """

    _version: int
    """ 1 for a new pool; the current version plus one for a change """
    _id: int | None | Unset = UNSET
    """ The pool to change; absent or null for a new pool """
    _id_parent: int | None | Unset = UNSET
    """ The parent pool's id (null only as the root pool is read: it has no parent) """
    lookup_id_parent: PoolLookup | Unset = UNSET
    """ A pool named by a unique attribute instead of its id (lookups for pools), e.g. its reference. """
    lookup_id: PoolLookup | Unset = UNSET
    """ A pool named by a unique attribute instead of its id (lookups for pools), e.g. its reference. """
    is_system_pool: bool | Unset = UNSET
    """ Read only (the server's): sent back, it changes nothing """
    name: L10N | Unset = UNSET
    """ A localised text: one entry per culture (e.g. "de-DE", "en-US"); at least one is not null when the field is
    required (types/l10n). """
    description: L10N | Unset = UNSET
    """ A localised text: one entry per culture (e.g. "de-DE", "en-US"); at least one is not null when the field is
    required (types/l10n). """
    watermark: None | PoolWriteAttributesWatermarkType0 | Unset = UNSET
    contact: None | PoolWriteAttributesContactType0 | Unset = UNSET
    mapping_image_export: int | None | PoolMappingType1 | Unset = UNSET
    """ A mapping for the pool's objects: an id, or one of "parent", "objecttype", "none" (types/pool); null as a
    pool without one may be read (an ASSUMPTION: the table says the field is optional). """
    mapping_image_import: int | None | PoolMappingType1 | Unset = UNSET
    """ A mapping for the pool's objects: an id, or one of "parent", "objecttype", "none" (types/pool); null as a
    pool without one may be read (an ASSUMPTION: the table says the field is optional). """
    mapping_dc_export: int | None | PoolMappingType1 | Unset = UNSET
    """ A mapping for the pool's objects: an id, or one of "parent", "objecttype", "none" (types/pool); null as a
    pool without one may be read (an ASSUMPTION: the table says the field is optional). """
    custom_data: None | PoolWriteAttributesCustomDataType0 | Unset = UNSET
    reference: None | str | Unset = UNSET
    shortname: None | str | Unset = UNSET
    comment: None | str | Unset = UNSET
    created_timestamp: str | Unset = UNSET
    """ Read only (the server's): sent back, it changes nothing """
    last_updated_timestamp: str | Unset = UNSET
    """ Read only (the server's): sent back, it changes nothing """

    def to_dict(self) -> dict[str, Any]:
        _version = self._version

        _id: int | None | Unset
        if isinstance(self._id, Unset):
            _id = UNSET
        else:
            _id = self._id

        _id_parent: int | None | Unset
        if isinstance(self._id_parent, Unset):
            _id_parent = UNSET
        else:
            _id_parent = self._id_parent

        lookup_id_parent: dict[str, Any] | Unset = UNSET
        if not isinstance(self.lookup_id_parent, Unset):
            lookup_id_parent = self.lookup_id_parent.to_dict()

        lookup_id: dict[str, Any] | Unset = UNSET
        if not isinstance(self.lookup_id, Unset):
            lookup_id = self.lookup_id.to_dict()

        is_system_pool = self.is_system_pool

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

        mapping_image_export: int | None | str | Unset
        if isinstance(self.mapping_image_export, Unset):
            mapping_image_export = UNSET
        elif isinstance(self.mapping_image_export, str):
            mapping_image_export = self.mapping_image_export
        else:
            mapping_image_export = self.mapping_image_export

        mapping_image_import: int | None | str | Unset
        if isinstance(self.mapping_image_import, Unset):
            mapping_image_import = UNSET
        elif isinstance(self.mapping_image_import, str):
            mapping_image_import = self.mapping_image_import
        else:
            mapping_image_import = self.mapping_image_import

        mapping_dc_export: int | None | str | Unset
        if isinstance(self.mapping_dc_export, Unset):
            mapping_dc_export = UNSET
        elif isinstance(self.mapping_dc_export, str):
            mapping_dc_export = self.mapping_dc_export
        else:
            mapping_dc_export = self.mapping_dc_export

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

        created_timestamp = self.created_timestamp

        last_updated_timestamp = self.last_updated_timestamp

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
        if lookup_id is not UNSET:
            field_dict["lookup:_id"] = lookup_id
        if is_system_pool is not UNSET:
            field_dict["is_system_pool"] = is_system_pool
        if name is not UNSET:
            field_dict["name"] = name
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

            _lookup_id = src_dict.get("lookup:_id", UNSET)
            lookup_id: PoolLookup | Unset
            if _lookup_id is UNSET:
                lookup_id = UNSET
            else:
                lookup_id = PoolLookup.from_dict(_lookup_id)

            is_system_pool = src_dict.get("is_system_pool", UNSET)

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

            def _parse_mapping_image_export(data: object) -> int | None | PoolMappingType1 | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_pool_mapping_type_1 = check_pool_mapping_type_1(data)

                    return componentsschemas_pool_mapping_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(int | None | PoolMappingType1 | Unset, data)

            mapping_image_export = _parse_mapping_image_export(src_dict.get("mapping_image_export", UNSET))

            def _parse_mapping_image_import(data: object) -> int | None | PoolMappingType1 | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_pool_mapping_type_1 = check_pool_mapping_type_1(data)

                    return componentsschemas_pool_mapping_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(int | None | PoolMappingType1 | Unset, data)

            mapping_image_import = _parse_mapping_image_import(src_dict.get("mapping_image_import", UNSET))

            def _parse_mapping_dc_export(data: object) -> int | None | PoolMappingType1 | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_pool_mapping_type_1 = check_pool_mapping_type_1(data)

                    return componentsschemas_pool_mapping_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(int | None | PoolMappingType1 | Unset, data)

            mapping_dc_export = _parse_mapping_dc_export(src_dict.get("mapping_dc_export", UNSET))

            _custom_data = src_dict.get("custom_data", UNSET)
            custom_data = (
                _custom_data
                if _custom_data is None or _custom_data is UNSET
                else PoolWriteAttributesCustomDataType0.from_dict(_custom_data)
            )

            reference = src_dict.get("reference", UNSET)

            shortname = src_dict.get("shortname", UNSET)

            comment = src_dict.get("comment", UNSET)

            created_timestamp = src_dict.get("created_timestamp", UNSET)

            last_updated_timestamp = src_dict.get("last_updated_timestamp", UNSET)

        else:  # the required keys only: every optional property is unset, and no key is an additional one
            _id = UNSET
            _id_parent = UNSET
            lookup_id_parent = UNSET
            lookup_id = UNSET
            is_system_pool = UNSET
            name = UNSET
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

        # The fields are set directly rather than through cls(...): the classes of this package have no
        # validators, converters or __attrs_post_init__ for __init__ to run, and attrs' __init__ (more so
        # with keyword arguments) is a third of the cost of parsing a model.
        _parsed = _new_instance(cls)  # not the module's name: a field may have it
        _parsed._version = _version
        _parsed._id = _id
        _parsed._id_parent = _id_parent
        _parsed.lookup_id_parent = lookup_id_parent
        _parsed.lookup_id = lookup_id
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

        return _parsed


# The models this one refers to, imported after its class rather than at the top (models refer to each
# other, and by now this module's class exists for one that imports it back) and not inside its methods,
# where the import statement would run again for every record parsed.
from ..models.l10n import L10N
from ..models.pool_lookup import PoolLookup
from ..models.pool_write_attributes_contact_type_0 import PoolWriteAttributesContactType0
from ..models.pool_write_attributes_custom_data_type_0 import PoolWriteAttributesCustomDataType0
from ..models.pool_write_attributes_watermark_type_0 import PoolWriteAttributesWatermarkType0
