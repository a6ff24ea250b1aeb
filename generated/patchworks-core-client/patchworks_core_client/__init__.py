"""A client for the Patchworks Core API, generated from its OpenAPI spec.

    from patchworks_core_client import AuthenticatedClient
    from patchworks_core_client.api.connection_pools import list_connection_pools

    client = AuthenticatedClient(api_key="...")
    result = list_connection_pools.sync(client=client, sort="-name", per_page=50)

See README.md for logging in, pagination, errors, retries and the rate limit.
"""

from . import errors
from ._auth import CredentialError, Secret
from ._auth_api_key import ApiKeyAuth
from ._auth_login_token import TokenAuth
from ._rate_limit import RateLimiter
from ._retry import RetryPolicy
from .client import AuthenticatedClient, Client

__all__ = (
    "ApiKeyAuth",
    "AuthenticatedClient",
    "Client",
    "CredentialError",
    "RateLimiter",
    "RetryPolicy",
    "Secret",
    "TokenAuth",
    "errors",
)
