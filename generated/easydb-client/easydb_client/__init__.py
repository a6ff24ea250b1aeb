"""A client for the easydb 5 API, generated from its OpenAPI spec.

    from easydb_client import AuthenticatedClient
    from easydb_client.api.pool import list_pools

    client = AuthenticatedClient.login("...", "...", base_url="https://...")
    result = list_pools.sync(client=client)

See README.md for logging in, errors, retries and the rate limit.
"""

from typing import TYPE_CHECKING

from . import _deferred
from ._auth import CredentialError, Secret
from ._rate_limit import RateLimiter
from ._retry import RetryPolicy
from .client import AuthenticatedClient, Client

# These are imported when first used here (PEP 562's module __getattr__), not with the package: errors.py (a
# class for each documented error) and the token flow's modules are not needed to import an operation, and are
# over a tenth of what importing the package adds to httpx's import (errors.py comes with the first answer).
# Importing them by name works as before. Type checkers read the imports under TYPE_CHECKING, and, not seeing
# __getattr__, still flag a name the package lacks. The policies are imported above: the clients' fields have
# their types.
if TYPE_CHECKING:
    from . import errors
    from ._auth_session_token import SessionTokenAuth
else:
    # Each deferred export by its name: the module (in this package) that has it, or that is it (errors).
    _DEFERRED = {
        "SessionTokenAuth": "._auth_session_token",
        "errors": ".errors",
    }

    def __getattr__(name: str) -> object:
        return _deferred.attribute(globals(), _DEFERRED, name)

    def __dir__() -> list[str]:
        return _deferred.names(globals(), _DEFERRED)


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
