"""Typed errors: every answer outside 2xx raises an ApiError subclass chosen by the code in its body.

    ApiError                                     status_code, code, realm, parameters, description, message, body, headers
    ├── ApiRealmError                            the api realm, and any of its codes this client does not know
    │   ├── AttributeExpectedError               error.api.attribute_expected
    │   ├── AttributeNotAcceptedError            error.api.attribute_not_accepted
    │   ├── ApiEasError                          error.api.eas
    │   ├── ApiGenericError                      error.api.generic
    │   ├── InvalidApiError                      error.api.invalid_api
    │   ├── InvalidContentError                  error.api.invalid_content
    │   ├── InvalidMasksetError                  error.api.invalid_maskset
    │   ├── InvalidRequestMethodError            error.api.invalid_request_method
    │   ├── InvalidValueError                    error.api.invalid_value
    │   ├── PositionalParameterExpectedError     error.api.positional_parameter_expected
    │   ├── SuggestLockTakenError                error.api.suggest_lock_taken
    │   ├── TypeMismatchError                    error.api.type_mismatch
    ├── ServerRealmError                         the server realm, and any of its codes this client does not know
    │   ├── DatabaseError                        error.server.database
    │   ├── ServerEasError                       error.server.eas
    │   ├── ElasticsearchError                   error.server.elasticsearch
    │   ├── ServerGenericError                   error.server.generic
    │   ├── InternalFileError                    error.server.internal_file_error
    ├── UserRealmError                           the user realm, and any of its codes this client does not know
    │   ├── AuthenticationMethodNotAllowedError  error.user.authentication_method_not_allowed
    │   ├── AuthenticationTokenExpiredError      error.user.authentication_token_expired
    │   ├── AuthenticationTokenUsedError         error.user.authentication_token_used
    │   ├── CollectionSharingInactiveError       error.user.collection_sharing_inactive
    │   ├── CollectionSharingTooLateError        error.user.collection_sharing_too_late
    │   ├── CollectionSharingTooSoonError        error.user.collection_sharing_too_soon
    │   ├── GroupNotFoundError                   error.user.group_not_found
    │   ├── InsufficientRightsError              error.user.insufficient_rights
    │   ├── IntegrityConstraintViolationError    error.user.integrity_constraint_violation
    │   ├── LanguageNotFoundError                error.user.language_not_found
    │   ├── LoginBlockedError                    error.user.login_blocked
    │   ├── LoginDisabledError                   error.user.login_disabled
    │   ├── LoginDisabledFromError               error.user.login_disabled_from
    │   ├── LoginDisabledToError                 error.user.login_disabled_to
    │   ├── LoginFailedError                     error.user.login_failed
    │   ├── NoSystemRightError                   error.user.no_system_right
    │   ├── NotAuthenticatedError                error.user.not_authenticated
    │   ├── NotNullViolationError                error.user.not_null_violation
    │   ├── PoolNotEmptyError                    error.user.pool_not_empty
    │   ├── PoolNotFoundError                    error.user.pool_not_found
    │   ├── PoolRequiresParentError              error.user.pool_requires_parent
    │   ├── SessionNotFoundError                 error.user.session_not_found
    │   ├── SystemPoolDeleteError                error.user.system_pool_delete
    │   ├── SystemPoolUpdateParentError          error.user.system_pool_update_parent
    │   ├── TagNotFoundError                     error.user.tag_not_found
    │   ├── UserNotFoundError                    error.user.user_not_found
    │   ├── UsernameOrPasswordEmptyError         error.user.username_or_password_empty
    │   ├── VersionMismatchError                 error.user.version_mismatch
    └── UnexpectedStatus                         a status the spec does not document (when raise_on_unexpected_status)

An answer without a code raises ApiError itself. Only the answer is kept: never the request, so never
its credentials.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, TypedDict

import httpx

from . import _json_decoding

# Where the error body keeps each part (the profile's `errors`).
CODE_FIELD = "code"
REALM_FIELD: str | None = "realm"
PARAMETERS_FIELD: str | None = "parameters"
DESCRIPTION_FIELD: str | None = "description"


class ApiError(Exception):
    """The API answered with an error.

    `code` and `realm` say which error (None when the body has no code); `parameters` are its details;
    `description` is the body's description, else the documented one.
    """

    documented: str = ""  # the spec's description of the code
    # Parameters the spec marks as secrets (a session token): their values are masked in `parameters`
    # and `body`, so that the error, its logs and reports never carry them.
    secret_parameters: frozenset[str] = frozenset()

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        code: str | None = None,
        realm: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(status_code, message)
        self.status_code = status_code
        self.message = message
        self.body = body
        self.headers = httpx.Headers(headers or {})
        self.code = code
        self.realm = realm
        self.parameters: Mapping[str, Any] = {
            name: "********" if name in self.secret_parameters else value for name, value in (parameters or {}).items()
        }
        if (
            self.secret_parameters
            and PARAMETERS_FIELD
            and isinstance(body, dict)
            and isinstance(body.get(PARAMETERS_FIELD), dict)
        ):
            self.body = {**body, PARAMETERS_FIELD: self.parameters}
        self.description = description or self.documented

    def __str__(self) -> str:
        return f"{self.status_code} {self.code or _reason(self.status_code)}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, code={self.code!r}, message={self.message!r})"


class ApiRealmError(ApiError):
    """An error of the api realm."""


class ServerRealmError(ApiError):
    """An error of the server realm."""


class UserRealmError(ApiError):
    """An error of the user realm."""


class AttributeExpectedError(ApiRealmError):
    """error.api.attribute_expected: An attribute was expected in a JSON definition"""

    documented = "An attribute was expected in a JSON definition"


class AttributeNotAcceptedError(ApiRealmError):
    """error.api.attribute_not_accepted: An attribute provided by the user is not accepted"""

    documented = "An attribute provided by the user is not accepted"


class ApiEasError(ApiRealmError):
    """error.api.eas: A 400 error from EAS occurred"""

    documented = "A 400 error from EAS occurred"


class ApiGenericError(ApiRealmError):
    """error.api.generic: API errors that do not fit into the other categories"""

    documented = "API errors that do not fit into the other categories"


class InvalidApiError(ApiRealmError):
    """error.api.invalid_api: The API call is invalid (for example: /api/foo)"""

    documented = "The API call is invalid (for example: /api/foo)"


class InvalidContentError(ApiRealmError):
    """error.api.invalid_content: The request content is invalid (bad content-type, empty body...)"""

    documented = "The request content is invalid (bad content-type, empty body...)"


class InvalidMasksetError(ApiRealmError):
    """error.api.invalid_maskset: The provided maskset is malformed"""

    documented = "The provided maskset is malformed"


class InvalidRequestMethodError(ApiRealmError):
    """error.api.invalid_request_method: API call does not support the request method"""

    documented = "API call does not support the request method"


class InvalidValueError(ApiRealmError):
    """error.api.invalid_value: The value of an attribute is wrong"""

    documented = "The value of an attribute is wrong"


class PositionalParameterExpectedError(ApiRealmError):
    """error.api.positional_parameter_expected: A positional parameter is expected"""

    documented = "A positional parameter is expected"


class SuggestLockTakenError(ApiRealmError):
    """error.api.suggest_lock_taken: API Call tried to rebuild the suggest index while it was already
    building
    """

    documented = "API Call tried to rebuild the suggest index while it was already building"


class TypeMismatchError(ApiRealmError):
    """error.api.type_mismatch: The type of an attribute is wrong"""

    documented = "The type of an attribute is wrong"


class DatabaseError(ServerRealmError):
    """error.server.database: for unexpected errors caused by the database"""

    documented = "for unexpected errors caused by the database"


class ServerEasError(ServerRealmError):
    """error.server.eas: for unexpected errors caused by EAS"""

    documented = "for unexpected errors caused by EAS"


class ElasticsearchError(ServerRealmError):
    """error.server.elasticsearch: for unexpected errors caused by Elasticsearch"""

    documented = "for unexpected errors caused by Elasticsearch"


class ServerGenericError(ServerRealmError):
    """error.server.generic: for unexpected errors from inside easydb"""

    documented = "for unexpected errors from inside easydb"


class InternalFileError(ServerRealmError):
    """error.server.internal_file_error: for unexpected file operation errors"""

    documented = "for unexpected file operation errors"


class AuthenticationMethodNotAllowedParameters(TypedDict, total=False):
    method: str


class AuthenticationMethodNotAllowedError(UserRealmError):
    """error.user.authentication_method_not_allowed: The authentication method that was provided is nto
    allowed

    parameters:
        method (str): the authentication method
    """

    documented = "The authentication method that was provided is nto allowed"
    parameters: AuthenticationMethodNotAllowedParameters  # what the spec documents of them


class AuthenticationTokenExpiredError(UserRealmError):
    """error.user.authentication_token_expired: The user is using an authentication token that has
    expired. The authentication token is only used in the password reset process and should not be
    confused with the session token.
    """

    documented = "The user is using an authentication token that has expired. The authentication token is only used in the password reset process and should not be confused with the session token."


class AuthenticationTokenUsedError(UserRealmError):
    """error.user.authentication_token_used: The user is using an authentication token that has already
    been used
    """

    documented = "The user is using an authentication token that has already been used"


class CollectionSharingInactiveError(UserRealmError):
    """error.user.collection_sharing_inactive: The ACL entry that enables collection sharing for the
    provided credentials is not active
    """

    documented = "The ACL entry that enables collection sharing for the provided credentials is not active"


class CollectionSharingTooLateParameters(TypedDict, total=False):
    timestamp: str


class CollectionSharingTooLateError(UserRealmError):
    """error.user.collection_sharing_too_late: The ACL entry that enables collection sharing for the
    provided credentials is no longer valid

    parameters:
        timestamp (str): the "valid_to" field from the ACL entry
    """

    documented = "The ACL entry that enables collection sharing for the provided credentials is no longer valid"
    parameters: CollectionSharingTooLateParameters  # what the spec documents of them


class CollectionSharingTooSoonParameters(TypedDict, total=False):
    timestamp: str


class CollectionSharingTooSoonError(UserRealmError):
    """error.user.collection_sharing_too_soon: The ACL entry that enables collection sharing for the
    provided credentials is not valid yet

    parameters:
        timestamp (str): the "valid_from" field from the ACL entry
    """

    documented = "The ACL entry that enables collection sharing for the provided credentials is not valid yet"
    parameters: CollectionSharingTooSoonParameters  # what the spec documents of them


class GroupNotFoundParameters(TypedDict, total=False):
    id: str


class GroupNotFoundError(UserRealmError):
    """error.user.group_not_found: The server cannot find the given group

    parameters:
        id (str): the group ID
    """

    documented = "The server cannot find the given group"
    parameters: GroupNotFoundParameters  # what the spec documents of them


class InsufficientRightsParameters(TypedDict, total=False):
    extra_info: str
    ids: str
    operation: str
    right: str
    type: str


class InsufficientRightsError(UserRealmError):
    """error.user.insufficient_rights: The user lacks the right to perform a certain operation.

    parameters:
        extra_info (str): used for rights with parameters to specify parameter information
        ids (str): affected IDs (a comma-separated list of IDs or "-")
        operation (str): "create", "read", "update", "delete", "fill" (collection objects manipulation)
        right (str): name of the right
        type (str): the name of the objecttype or base type
    """

    documented = "The user lacks the right to perform a certain operation."
    parameters: InsufficientRightsParameters  # what the spec documents of them


class IntegrityConstraintViolationParameters(TypedDict, total=False):
    constraint: str


class IntegrityConstraintViolationError(UserRealmError):
    """error.user.integrity_constraint_violation: The operation violates an integrity constraint,
    including: unique, restrict

    parameters:
        constraint (str): name of the constraint
    """

    documented = "The operation violates an integrity constraint, including: unique, restrict"
    parameters: IntegrityConstraintViolationParameters  # what the spec documents of them


class LanguageNotFoundParameters(TypedDict, total=False):
    id: str


class LanguageNotFoundError(UserRealmError):
    """error.user.language_not_found: The server cannot find the given language

    parameters:
        id (str): the language
    """

    documented = "The server cannot find the given language"
    parameters: LanguageNotFoundParameters  # what the spec documents of them


class LoginBlockedError(UserRealmError):
    """error.user.login_blocked: Named on the page (upstream/api/session/_index.en.md:182) but not in
    the errors catalogue; the catalogue's nearest: Login Failed, Login Disabled, Login Disabled To.
    """

    documented = "Named on the page (upstream/api/session/_index.en.md:182) but not in the errors catalogue; the catalogue's nearest: Login Failed, Login Disabled, Login Disabled To."


class LoginDisabledError(UserRealmError):
    """error.user.login_disabled: Login failed because it was disabled"""

    documented = "Login failed because it was disabled"


LoginDisabledFromParameters = TypedDict(
    "LoginDisabledFromParameters",
    {
        "from": str,
    },
    total=False,
)


class LoginDisabledFromError(UserRealmError):
    """error.user.login_disabled_from: Login failed because it was disabled in a certain datetime
    range: from

    parameters:
        from (str): datestamp from
    """

    documented = "Login failed because it was disabled in a certain datetime range: from"
    parameters: LoginDisabledFromParameters  # what the spec documents of them


class LoginDisabledToParameters(TypedDict, total=False):
    to: str


class LoginDisabledToError(UserRealmError):
    """error.user.login_disabled_to: Login failed because it was disabled in a certain datetime range:
    to

    parameters:
        to (str): datestamp to
    """

    documented = "Login failed because it was disabled in a certain datetime range: to"
    parameters: LoginDisabledToParameters  # what the spec documents of them


class LoginFailedError(UserRealmError):
    """error.user.login_failed: Login failed"""

    documented = "Login failed"


class NoSystemRightParameters(TypedDict, total=False):
    extra_info: str
    right: str


class NoSystemRightError(UserRealmError):
    """error.user.no_system_right: The user lacks a system right in order to perform a certain
    operation

    parameters:
        extra_info (str): if the system right has any parameters and something is missing there will be information here
        right (str): name of the right
    """

    documented = "The user lacks a system right in order to perform a certain operation"
    parameters: NoSystemRightParameters  # what the spec documents of them


class NotAuthenticatedError(UserRealmError):
    """error.user.not_authenticated: The session is not authenticated."""

    documented = "The session is not authenticated."


class NotNullViolationParameters(TypedDict, total=False):
    column: str


class NotNullViolationError(UserRealmError):
    """error.user.not_null_violation: The operation violates a not null constraint, i.e. a required
    attribute was not provided or was empty

    parameters:
        column (str): column name
    """

    documented = "The operation violates a not null constraint, i.e. a required attribute was not provided or was empty"
    parameters: NotNullViolationParameters  # what the spec documents of them


class PoolNotEmptyParameters(TypedDict, total=False):
    id: str


class PoolNotEmptyError(UserRealmError):
    """error.user.pool_not_empty: The pool still has pools or objects in it (not in the catalogue;
    named by this spec).

    parameters:
        id (str): the pool ID
    """

    documented = "The pool still has pools or objects in it (not in the catalogue; named by this spec)."
    parameters: PoolNotEmptyParameters  # what the spec documents of them


class PoolNotFoundParameters(TypedDict, total=False):
    id: str


class PoolNotFoundError(UserRealmError):
    """error.user.pool_not_found: The server cannot find the given pool

    parameters:
        id (str): the pool ID
    """

    documented = "The server cannot find the given pool"
    parameters: PoolNotFoundParameters  # what the spec documents of them


class PoolRequiresParentError(UserRealmError):
    """error.user.pool_requires_parent: The user is trying to create a pool but has not specified a
    parent
    """

    documented = "The user is trying to create a pool but has not specified a parent"


class SessionNotFoundParameters(TypedDict, total=False):
    id: str


class SessionNotFoundError(UserRealmError):
    """error.user.session_not_found: The server cannot find the given session

    parameters:
        id (str): the session token
    """

    documented = "The server cannot find the given session"
    parameters: SessionNotFoundParameters  # what the spec documents of them
    secret_parameters = frozenset(["id"])


class SystemPoolDeleteParameters(TypedDict, total=False):
    id: str


class SystemPoolDeleteError(UserRealmError):
    """error.user.system_pool_delete: The user is trying to delete a system pool

    parameters:
        id (str): the pool ID
    """

    documented = "The user is trying to delete a system pool"
    parameters: SystemPoolDeleteParameters  # what the spec documents of them


class SystemPoolUpdateParentParameters(TypedDict, total=False):
    id: str


class SystemPoolUpdateParentError(UserRealmError):
    """error.user.system_pool_update_parent: The user is trying to change the parent of a system pool

    parameters:
        id (str): the pool ID
    """

    documented = "The user is trying to change the parent of a system pool"
    parameters: SystemPoolUpdateParentParameters  # what the spec documents of them


class TagNotFoundParameters(TypedDict, total=False):
    id: str


class TagNotFoundError(UserRealmError):
    """error.user.tag_not_found: The server cannot find the given tag

    parameters:
        id (str): the tag ID
    """

    documented = "The server cannot find the given tag"
    parameters: TagNotFoundParameters  # what the spec documents of them


class UserNotFoundParameters(TypedDict, total=False):
    id: str


class UserNotFoundError(UserRealmError):
    """error.user.user_not_found: The server cannot find the given user

    parameters:
        id (str): the user ID
    """

    documented = "The server cannot find the given user"
    parameters: UserNotFoundParameters  # what the spec documents of them


class UsernameOrPasswordEmptyError(UserRealmError):
    """error.user.username_or_password_empty: The user provided an empty user or password when
    authenticating
    """

    documented = "The user provided an empty user or password when authenticating"


class VersionMismatchParameters(TypedDict, total=False):
    expected: str
    provided: str


class VersionMismatchError(UserRealmError):
    """error.user.version_mismatch: The user tries to update an older version of an entity.

    parameters:
        expected (str): expected version
        provided (str): version provided by user
    """

    documented = "The user tries to update an older version of an entity."
    parameters: VersionMismatchParameters  # what the spec documents of them


class UnexpectedStatus(ApiError):
    """A status the spec does not document, raised when the client has raise_on_unexpected_status."""

    def __init__(self, status_code: int, content: bytes) -> None:
        body = _body(content)
        super().__init__(status_code, _message(body, status_code), body=body)
        self.content = content

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as cls(*self.args), and args are ApiError's (status, message): this __init__
        # takes the content instead (multiprocessing and task queues pickle what a worker raised).
        return type(self), (self.status_code, self.content), self.__dict__


ERRORS_BY_CODE: dict[str, type[ApiError]] = {
    "error.api.attribute_expected": AttributeExpectedError,
    "error.api.attribute_not_accepted": AttributeNotAcceptedError,
    "error.api.eas": ApiEasError,
    "error.api.generic": ApiGenericError,
    "error.api.invalid_api": InvalidApiError,
    "error.api.invalid_content": InvalidContentError,
    "error.api.invalid_maskset": InvalidMasksetError,
    "error.api.invalid_request_method": InvalidRequestMethodError,
    "error.api.invalid_value": InvalidValueError,
    "error.api.positional_parameter_expected": PositionalParameterExpectedError,
    "error.api.suggest_lock_taken": SuggestLockTakenError,
    "error.api.type_mismatch": TypeMismatchError,
    "error.server.database": DatabaseError,
    "error.server.eas": ServerEasError,
    "error.server.elasticsearch": ElasticsearchError,
    "error.server.generic": ServerGenericError,
    "error.server.internal_file_error": InternalFileError,
    "error.user.authentication_method_not_allowed": AuthenticationMethodNotAllowedError,
    "error.user.authentication_token_expired": AuthenticationTokenExpiredError,
    "error.user.authentication_token_used": AuthenticationTokenUsedError,
    "error.user.collection_sharing_inactive": CollectionSharingInactiveError,
    "error.user.collection_sharing_too_late": CollectionSharingTooLateError,
    "error.user.collection_sharing_too_soon": CollectionSharingTooSoonError,
    "error.user.group_not_found": GroupNotFoundError,
    "error.user.insufficient_rights": InsufficientRightsError,
    "error.user.integrity_constraint_violation": IntegrityConstraintViolationError,
    "error.user.language_not_found": LanguageNotFoundError,
    "error.user.login_blocked": LoginBlockedError,
    "error.user.login_disabled": LoginDisabledError,
    "error.user.login_disabled_from": LoginDisabledFromError,
    "error.user.login_disabled_to": LoginDisabledToError,
    "error.user.login_failed": LoginFailedError,
    "error.user.no_system_right": NoSystemRightError,
    "error.user.not_authenticated": NotAuthenticatedError,
    "error.user.not_null_violation": NotNullViolationError,
    "error.user.pool_not_empty": PoolNotEmptyError,
    "error.user.pool_not_found": PoolNotFoundError,
    "error.user.pool_requires_parent": PoolRequiresParentError,
    "error.user.session_not_found": SessionNotFoundError,
    "error.user.system_pool_delete": SystemPoolDeleteError,
    "error.user.system_pool_update_parent": SystemPoolUpdateParentError,
    "error.user.tag_not_found": TagNotFoundError,
    "error.user.user_not_found": UserNotFoundError,
    "error.user.username_or_password_empty": UsernameOrPasswordEmptyError,
    "error.user.version_mismatch": VersionMismatchError,
}
ERRORS_BY_REALM: dict[str, type[ApiError]] = {
    "api": ApiRealmError,
    "server": ServerRealmError,
    "user": UserRealmError,
}


def error_for_status(status_code: int, content: bytes, headers: Mapping[str, str]) -> ApiError:
    """The typed error for an error answer: its code's class, else its realm's, else ApiError."""
    body = _body(content)
    fields = body if isinstance(body, dict) else {}
    code = _text(fields.get(CODE_FIELD))
    realm = _text(fields.get(REALM_FIELD)) if REALM_FIELD else None
    if realm is None and code is not None and code.count(".") >= 2:
        realm = code.split(".")[-2]  # error.<realm>.<name>
    cls = (ERRORS_BY_CODE.get(code) if code else None) or (ERRORS_BY_REALM.get(realm) if realm else None) or ApiError
    parameters = fields.get(PARAMETERS_FIELD) if PARAMETERS_FIELD else None
    return cls(
        status_code,
        _message(body, status_code, cls.documented),
        body=body,
        headers=headers,
        code=code,
        realm=realm,
        parameters=parameters if isinstance(parameters, dict) else None,
        description=_text(fields.get(DESCRIPTION_FIELD)) if DESCRIPTION_FIELD else None,
    )


def raise_for_status(status_code: int, content: bytes, headers: Mapping[str, str]) -> None:
    if not 200 <= status_code < 300:
        raise error_for_status(status_code, content, headers)


def _body(content: bytes) -> Any:
    try:
        return _json_decoding.loads(content)
    except ValueError:
        return content.decode("utf-8", errors="replace")


def _message(body: Any, status_code: int, documented: str = "") -> str:
    """The body's description, else the spec's description of its code (user errors carry none), else its
    code, else the start of a body that is not JSON."""
    if isinstance(body, dict):
        described = body.get(DESCRIPTION_FIELD) if DESCRIPTION_FIELD else None
        if isinstance(described, str) and described:
            return described
        if documented:
            return documented
        code = body.get(CODE_FIELD)
        if isinstance(code, str) and code:
            return code
    text = body.strip()[:200] if isinstance(body, str) else ""
    return text or _reason(status_code)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _reason(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Unknown Status"


__all__ = [
    "ApiEasError",
    "ApiError",
    "ApiGenericError",
    "ApiRealmError",
    "AttributeExpectedError",
    "AttributeNotAcceptedError",
    "AuthenticationMethodNotAllowedError",
    "AuthenticationMethodNotAllowedParameters",
    "AuthenticationTokenExpiredError",
    "AuthenticationTokenUsedError",
    "CollectionSharingInactiveError",
    "CollectionSharingTooLateError",
    "CollectionSharingTooLateParameters",
    "CollectionSharingTooSoonError",
    "CollectionSharingTooSoonParameters",
    "DatabaseError",
    "ElasticsearchError",
    "GroupNotFoundError",
    "GroupNotFoundParameters",
    "InsufficientRightsError",
    "InsufficientRightsParameters",
    "IntegrityConstraintViolationError",
    "IntegrityConstraintViolationParameters",
    "InternalFileError",
    "InvalidApiError",
    "InvalidContentError",
    "InvalidMasksetError",
    "InvalidRequestMethodError",
    "InvalidValueError",
    "LanguageNotFoundError",
    "LanguageNotFoundParameters",
    "LoginBlockedError",
    "LoginDisabledError",
    "LoginDisabledFromError",
    "LoginDisabledFromParameters",
    "LoginDisabledToError",
    "LoginDisabledToParameters",
    "LoginFailedError",
    "NoSystemRightError",
    "NoSystemRightParameters",
    "NotAuthenticatedError",
    "NotNullViolationError",
    "NotNullViolationParameters",
    "PoolNotEmptyError",
    "PoolNotEmptyParameters",
    "PoolNotFoundError",
    "PoolNotFoundParameters",
    "PoolRequiresParentError",
    "PositionalParameterExpectedError",
    "ServerEasError",
    "ServerGenericError",
    "ServerRealmError",
    "SessionNotFoundError",
    "SessionNotFoundParameters",
    "SuggestLockTakenError",
    "SystemPoolDeleteError",
    "SystemPoolDeleteParameters",
    "SystemPoolUpdateParentError",
    "SystemPoolUpdateParentParameters",
    "TagNotFoundError",
    "TagNotFoundParameters",
    "TypeMismatchError",
    "UnexpectedStatus",
    "UsernameOrPasswordEmptyError",
    "UserNotFoundError",
    "UserNotFoundParameters",
    "UserRealmError",
    "VersionMismatchError",
    "VersionMismatchParameters",
    "error_for_status",
    "raise_for_status",
]
