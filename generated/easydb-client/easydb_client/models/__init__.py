"""Contains all the data models used in inputs/outputs.

A model's module is imported when its name is first used here, not with this package: each model is an
attrs class, about a millisecond to create, and an operation needs only its own.
"""

from typing import TYPE_CHECKING

from .. import _deferred

if TYPE_CHECKING:
    from .authenticate_session_body import AuthenticateSessionBody
    from .authenticate_session_log_event import AuthenticateSessionLogEvent
    from .confirmation import Confirmation
    from .confirmation_task import ConfirmationTask
    from .confirmation_task_buttons_item import ConfirmationTaskButtonsItem
    from .confirmation_task_form_item import ConfirmationTaskFormItem
    from .error import Error
    from .error_parameters import ErrorParameters
    from .error_realm import ErrorRealm
    from .l10n import L10N
    from .pool import Pool
    from .pool_acl_item import PoolAclItem
    from .pool_attributes import PoolAttributes
    from .pool_attributes_contact_type_0 import PoolAttributesContactType0
    from .pool_attributes_custom_data_type_0 import PoolAttributesCustomDataType0
    from .pool_attributes_watermark_type_0 import PoolAttributesWatermarkType0
    from .pool_basetype import PoolBasetype
    from .pool_compiled_tags_item import PoolCompiledTagsItem
    from .pool_generated_rights import PoolGeneratedRights
    from .pool_lookup import PoolLookup
    from .pool_mapping_type_1 import PoolMappingType1
    from .pool_standard_masks_type_0 import PoolStandardMasksType0
    from .pool_tags_item import PoolTagsItem
    from .pool_transitions_item import PoolTransitionsItem
    from .pool_write import PoolWrite
    from .pool_write_acl_item import PoolWriteAclItem
    from .pool_write_attributes import PoolWriteAttributes
    from .pool_write_attributes_contact_type_0 import PoolWriteAttributesContactType0
    from .pool_write_attributes_custom_data_type_0 import PoolWriteAttributesCustomDataType0
    from .pool_write_attributes_watermark_type_0 import PoolWriteAttributesWatermarkType0
    from .pool_write_basetype import PoolWriteBasetype
    from .pool_write_compiled_tags_item import PoolWriteCompiledTagsItem
    from .pool_write_generated_rights import PoolWriteGeneratedRights
    from .pool_write_standard_masks_type_0 import PoolWriteStandardMasksType0
    from .pool_write_tags_item import PoolWriteTagsItem
    from .pool_write_transitions_item import PoolWriteTransitionsItem
    from .session import Session
    from .session_authentication import SessionAuthentication
    from .session_authentication_methods_item import SessionAuthenticationMethodsItem
    from .session_config import SessionConfig
    from .session_config_base import SessionConfigBase
    from .session_config_defaults import SessionConfigDefaults
    from .session_config_extensions import SessionConfigExtensions
    from .session_frontend_locale import SessionFrontendLocale
    from .session_groups_item import SessionGroupsItem
    from .session_instance import SessionInstance
    from .session_pending_tasks_item import SessionPendingTasksItem
    from .session_system_rights import SessionSystemRights
    from .session_user import SessionUser
else:
    # Each model by its name: the module (in this package) that defines it.
    _DEFERRED = {
        "AuthenticateSessionBody": ".authenticate_session_body",
        "AuthenticateSessionLogEvent": ".authenticate_session_log_event",
        "Confirmation": ".confirmation",
        "ConfirmationTask": ".confirmation_task",
        "ConfirmationTaskButtonsItem": ".confirmation_task_buttons_item",
        "ConfirmationTaskFormItem": ".confirmation_task_form_item",
        "Error": ".error",
        "ErrorParameters": ".error_parameters",
        "ErrorRealm": ".error_realm",
        "L10N": ".l10n",
        "Pool": ".pool",
        "PoolAclItem": ".pool_acl_item",
        "PoolAttributes": ".pool_attributes",
        "PoolAttributesContactType0": ".pool_attributes_contact_type_0",
        "PoolAttributesCustomDataType0": ".pool_attributes_custom_data_type_0",
        "PoolAttributesWatermarkType0": ".pool_attributes_watermark_type_0",
        "PoolBasetype": ".pool_basetype",
        "PoolCompiledTagsItem": ".pool_compiled_tags_item",
        "PoolGeneratedRights": ".pool_generated_rights",
        "PoolLookup": ".pool_lookup",
        "PoolMappingType1": ".pool_mapping_type_1",
        "PoolStandardMasksType0": ".pool_standard_masks_type_0",
        "PoolTagsItem": ".pool_tags_item",
        "PoolTransitionsItem": ".pool_transitions_item",
        "PoolWrite": ".pool_write",
        "PoolWriteAclItem": ".pool_write_acl_item",
        "PoolWriteAttributes": ".pool_write_attributes",
        "PoolWriteAttributesContactType0": ".pool_write_attributes_contact_type_0",
        "PoolWriteAttributesCustomDataType0": ".pool_write_attributes_custom_data_type_0",
        "PoolWriteAttributesWatermarkType0": ".pool_write_attributes_watermark_type_0",
        "PoolWriteBasetype": ".pool_write_basetype",
        "PoolWriteCompiledTagsItem": ".pool_write_compiled_tags_item",
        "PoolWriteGeneratedRights": ".pool_write_generated_rights",
        "PoolWriteStandardMasksType0": ".pool_write_standard_masks_type_0",
        "PoolWriteTagsItem": ".pool_write_tags_item",
        "PoolWriteTransitionsItem": ".pool_write_transitions_item",
        "Session": ".session",
        "SessionAuthentication": ".session_authentication",
        "SessionAuthenticationMethodsItem": ".session_authentication_methods_item",
        "SessionConfig": ".session_config",
        "SessionConfigBase": ".session_config_base",
        "SessionConfigDefaults": ".session_config_defaults",
        "SessionConfigExtensions": ".session_config_extensions",
        "SessionFrontendLocale": ".session_frontend_locale",
        "SessionGroupsItem": ".session_groups_item",
        "SessionInstance": ".session_instance",
        "SessionPendingTasksItem": ".session_pending_tasks_item",
        "SessionSystemRights": ".session_system_rights",
        "SessionUser": ".session_user",
    }

    def __getattr__(name: str) -> object:
        return _deferred.attribute(globals(), _DEFERRED, name)

    def __dir__() -> list[str]:
        return _deferred.names(globals(), _DEFERRED)


__all__ = (
    "AuthenticateSessionBody",
    "AuthenticateSessionLogEvent",
    "Confirmation",
    "ConfirmationTask",
    "ConfirmationTaskButtonsItem",
    "ConfirmationTaskFormItem",
    "Error",
    "ErrorParameters",
    "ErrorRealm",
    "L10N",
    "Pool",
    "PoolAclItem",
    "PoolAttributes",
    "PoolAttributesContactType0",
    "PoolAttributesCustomDataType0",
    "PoolAttributesWatermarkType0",
    "PoolBasetype",
    "PoolCompiledTagsItem",
    "PoolGeneratedRights",
    "PoolLookup",
    "PoolMappingType1",
    "PoolStandardMasksType0",
    "PoolTagsItem",
    "PoolTransitionsItem",
    "PoolWrite",
    "PoolWriteAclItem",
    "PoolWriteAttributes",
    "PoolWriteAttributesContactType0",
    "PoolWriteAttributesCustomDataType0",
    "PoolWriteAttributesWatermarkType0",
    "PoolWriteBasetype",
    "PoolWriteCompiledTagsItem",
    "PoolWriteGeneratedRights",
    "PoolWriteStandardMasksType0",
    "PoolWriteTagsItem",
    "PoolWriteTransitionsItem",
    "Session",
    "SessionAuthentication",
    "SessionAuthenticationMethodsItem",
    "SessionConfig",
    "SessionConfigBase",
    "SessionConfigDefaults",
    "SessionConfigExtensions",
    "SessionFrontendLocale",
    "SessionGroupsItem",
    "SessionInstance",
    "SessionPendingTasksItem",
    "SessionSystemRights",
    "SessionUser",
)
