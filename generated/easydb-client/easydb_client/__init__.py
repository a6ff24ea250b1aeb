"""A client for the easydb 5 API, generated from its OpenAPI spec.

    from easydb_client import AuthenticatedClient
    from easydb_client.api.pool import list_pools

    client = AuthenticatedClient.login("...", "...")
    result = list_pools.sync(client=client)

See README.md for logging in, errors, retries and the rate limit.
"""

from . import errors
from ._auth import CredentialError, Secret
from ._auth_session_token import SessionTokenAuth
from ._rate_limit import RateLimiter
from ._retry import RetryPolicy
from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
    "CredentialError",
    "RateLimiter",
    "RetryPolicy",
    "Secret",
    "SessionTokenAuth",
    "errors",
)
