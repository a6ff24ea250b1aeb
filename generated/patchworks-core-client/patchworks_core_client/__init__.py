"""A client for the Patchworks Core API, generated from its OpenAPI spec.

    from patchworks_core_client import AuthenticatedClient
    from patchworks_core_client.api.data_pools import list_data_pools

    client = AuthenticatedClient(api_key="...")
    pools = list_data_pools.sync(client=client, filter_name="orders")

See README.md for logging in, pagination, errors, retries and the rate limit.
"""

from . import errors
from ._auth import ApiKeyAuth, Secret, TokenAuth
from ._rate_limit import RateLimiter
from ._retry import RetryPolicy
from .client import AuthenticatedClient, Client

__all__ = (
    "ApiKeyAuth",
    "AuthenticatedClient",
    "Client",
    "RateLimiter",
    "RetryPolicy",
    "Secret",
    "TokenAuth",
    "errors",
)
