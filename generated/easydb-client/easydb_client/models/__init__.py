"""Contains all the data models used in inputs/outputs"""

from .authenticate_session_log_event import AuthenticateSessionLogEvent
from .authenticate_session_response_400 import AuthenticateSessionResponse400
from .authenticate_session_response_400_code import AuthenticateSessionResponse400Code
from .authenticate_session_response_500 import AuthenticateSessionResponse500
from .authenticate_session_response_500_code import AuthenticateSessionResponse500Code
from .confirmation import Confirmation
from .confirmation_task import ConfirmationTask
from .confirmation_task_buttons_item import ConfirmationTaskButtonsItem
from .confirmation_task_form_item import ConfirmationTaskFormItem
from .deauthenticate_session_response_400 import DeauthenticateSessionResponse400
from .deauthenticate_session_response_400_code import DeauthenticateSessionResponse400Code
from .deauthenticate_session_response_500 import DeauthenticateSessionResponse500
from .deauthenticate_session_response_500_code import DeauthenticateSessionResponse500Code
from .delete_pool_response_400 import DeletePoolResponse400
from .delete_pool_response_400_code import DeletePoolResponse400Code
from .delete_pool_response_500 import DeletePoolResponse500
from .delete_pool_response_500_code import DeletePoolResponse500Code
from .error import Error
from .error_parameters import ErrorParameters
from .get_pool_response_400 import GetPoolResponse400
from .get_pool_response_400_code import GetPoolResponse400Code
from .get_pool_response_500 import GetPoolResponse500
from .get_pool_response_500_code import GetPoolResponse500Code
from .get_session_response_400 import GetSessionResponse400
from .get_session_response_400_code import GetSessionResponse400Code
from .get_session_response_500 import GetSessionResponse500
from .get_session_response_500_code import GetSessionResponse500Code
from .insert_pools_response_400 import InsertPoolsResponse400
from .insert_pools_response_400_code import InsertPoolsResponse400Code
from .insert_pools_response_500 import InsertPoolsResponse500
from .insert_pools_response_500_code import InsertPoolsResponse500Code
from .l10n import L10N
from .list_pools_response_400 import ListPoolsResponse400
from .list_pools_response_400_code import ListPoolsResponse400Code
from .list_pools_response_500 import ListPoolsResponse500
from .list_pools_response_500_code import ListPoolsResponse500Code
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
from .update_pools_response_400 import UpdatePoolsResponse400
from .update_pools_response_400_code import UpdatePoolsResponse400Code
from .update_pools_response_500 import UpdatePoolsResponse500
from .update_pools_response_500_code import UpdatePoolsResponse500Code

__all__ = (
    "AuthenticateSessionLogEvent",
    "AuthenticateSessionResponse400",
    "AuthenticateSessionResponse400Code",
    "AuthenticateSessionResponse500",
    "AuthenticateSessionResponse500Code",
    "Confirmation",
    "ConfirmationTask",
    "ConfirmationTaskButtonsItem",
    "ConfirmationTaskFormItem",
    "DeauthenticateSessionResponse400",
    "DeauthenticateSessionResponse400Code",
    "DeauthenticateSessionResponse500",
    "DeauthenticateSessionResponse500Code",
    "DeletePoolResponse400",
    "DeletePoolResponse400Code",
    "DeletePoolResponse500",
    "DeletePoolResponse500Code",
    "Error",
    "ErrorParameters",
    "GetPoolResponse400",
    "GetPoolResponse400Code",
    "GetPoolResponse500",
    "GetPoolResponse500Code",
    "GetSessionResponse400",
    "GetSessionResponse400Code",
    "GetSessionResponse500",
    "GetSessionResponse500Code",
    "InsertPoolsResponse400",
    "InsertPoolsResponse400Code",
    "InsertPoolsResponse500",
    "InsertPoolsResponse500Code",
    "L10N",
    "ListPoolsResponse400",
    "ListPoolsResponse400Code",
    "ListPoolsResponse500",
    "ListPoolsResponse500Code",
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
    "UpdatePoolsResponse400",
    "UpdatePoolsResponse400Code",
    "UpdatePoolsResponse500",
    "UpdatePoolsResponse500Code",
)
