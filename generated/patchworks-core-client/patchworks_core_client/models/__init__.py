"""Contains all the data models used in inputs/outputs"""

from .connection_pools import ConnectionPools
from .connection_pools_list_response import ConnectionPoolsListResponse
from .connection_pools_response import ConnectionPoolsResponse
from .connection_pools_store_request import ConnectionPoolsStoreRequest
from .connection_pools_update_request import ConnectionPoolsUpdateRequest
from .connector import Connector
from .data_pool import DataPool
from .data_pool_import_import_request import DataPoolImportImportRequest
from .data_pool_list_response import DataPoolListResponse
from .data_pool_response import DataPoolResponse
from .data_pool_store_request import DataPoolStoreRequest
from .data_pool_update_request import DataPoolUpdateRequest
from .deduped_data import DedupedData
from .deduped_data_delete_request import DedupedDataDeleteRequest
from .deduped_data_list_response import DedupedDataListResponse
from .error_response import ErrorResponse
from .error_response_errors import ErrorResponseErrors
from .error_response_errors_additional_property_item_type_1 import ErrorResponseErrorsAdditionalPropertyItemType1
from .included_relation import IncludedRelation
from .login_request import LoginRequest
from .login_response import LoginResponse
from .message_response import MessageResponse
from .pagination_links import PaginationLinks
from .pagination_meta import PaginationMeta

__all__ = (
    "ConnectionPools",
    "ConnectionPoolsListResponse",
    "ConnectionPoolsResponse",
    "ConnectionPoolsStoreRequest",
    "ConnectionPoolsUpdateRequest",
    "Connector",
    "DataPool",
    "DataPoolImportImportRequest",
    "DataPoolListResponse",
    "DataPoolResponse",
    "DataPoolStoreRequest",
    "DataPoolUpdateRequest",
    "DedupedData",
    "DedupedDataDeleteRequest",
    "DedupedDataListResponse",
    "ErrorResponse",
    "ErrorResponseErrors",
    "ErrorResponseErrorsAdditionalPropertyItemType1",
    "IncludedRelation",
    "LoginRequest",
    "LoginResponse",
    "MessageResponse",
    "PaginationLinks",
    "PaginationMeta",
)
