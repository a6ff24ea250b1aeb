"""Contains all the data models used in inputs/outputs.

A model's module is imported when its name is first used here, not with this package: each model is an
attrs class, about a millisecond to create, and an operation needs only its own.
"""

from typing import TYPE_CHECKING

from .. import _deferred

if TYPE_CHECKING:
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
else:
    # Each model by its name: the module (in this package) that defines it.
    _DEFERRED = {
        "ConnectionPools": ".connection_pools",
        "ConnectionPoolsListResponse": ".connection_pools_list_response",
        "ConnectionPoolsResponse": ".connection_pools_response",
        "ConnectionPoolsStoreRequest": ".connection_pools_store_request",
        "ConnectionPoolsUpdateRequest": ".connection_pools_update_request",
        "Connector": ".connector",
        "DataPool": ".data_pool",
        "DataPoolImportImportRequest": ".data_pool_import_import_request",
        "DataPoolListResponse": ".data_pool_list_response",
        "DataPoolResponse": ".data_pool_response",
        "DataPoolStoreRequest": ".data_pool_store_request",
        "DataPoolUpdateRequest": ".data_pool_update_request",
        "DedupedData": ".deduped_data",
        "DedupedDataDeleteRequest": ".deduped_data_delete_request",
        "DedupedDataListResponse": ".deduped_data_list_response",
        "ErrorResponse": ".error_response",
        "ErrorResponseErrors": ".error_response_errors",
        "ErrorResponseErrorsAdditionalPropertyItemType1": ".error_response_errors_additional_property_item_type_1",
        "IncludedRelation": ".included_relation",
        "LoginRequest": ".login_request",
        "LoginResponse": ".login_response",
        "MessageResponse": ".message_response",
        "PaginationLinks": ".pagination_links",
        "PaginationMeta": ".pagination_meta",
    }

    def __getattr__(name: str) -> object:
        return _deferred.attribute(globals(), _DEFERRED, name)

    def __dir__() -> list[str]:
        return _deferred.names(globals(), _DEFERRED)


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
