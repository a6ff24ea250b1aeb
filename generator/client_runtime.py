"""The generated client's runtime for one API, chosen from its profile (specs/<api>/api.yaml) and its spec.

Every client has the same engine: client.py and the runtime modules in generator/templates/runtime/
(retries, rate limit, logging, query values, uploads, and _auth's Secret and credential placements).
What differs between APIs is chosen here, as openai-python keeps one engine and small per-API pieces:

    auth        a static API key goes where the spec's apiKey securityScheme says (a header or a query
                parameter; header schemes first); the profile's token flow adds `login` (a login
                operation's token, sent as the spec's http bearer scheme says) or `session` (open a
                session, authenticate it, renew it; the token goes in the spec's apiKey schemes: the
                header one by default, the query one on request)
    errors      by status (one class per kind of status) or by code (one class per code the spec's
                operations document in the profile's `errors.codes_extension`, under one class per realm)
    pagination  the profile's style (PAGINATION_STYLES: laravel pages by number and says its last page)
                gives a _pagination module and iterate()/aiterate() on each x-pagination operation; none,
                neither
    retries     per operation, profile.retried(method, operation) (the spec's x-retry overrides the
                method), baked into each operation's module (client_views.EndpointView.retried)
    rate limit  the profile's requests_per_minute as the default token bucket, or no limiter by default

Each choice names the templates that render it: whole runtime modules (RuntimeModule), pieces of
client.py's AuthenticatedClient and sections of README.md. The templates fill in constants and hold no
branch on an API, so a new API needs no template change.
"""

from __future__ import annotations

import json
import keyword
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from generator import openapi
from generator.errors import BuildError
from generator.profile import ApiProfile


@dataclass(frozen=True)
class RuntimeModule:
    """A module of the generated package rendered from one template under generator/templates/."""

    template: str
    module: str  # its file name in the package, e.g. "_auth_api_key.py"

    @property
    def name(self) -> str:
        """Its name for an import: `_auth_api_key`."""
        return self.module.removesuffix(".py")


@dataclass(frozen=True)
class Placement:
    """Where a credential goes on a request, from a securityScheme: a header (with a prefix such as
    "Bearer ") or a query parameter. `expression` builds it with the generated _auth module's classes."""

    location: Literal["header", "query"]
    name: str
    scheme: str  # the securityScheme's name in the spec
    prefix: str = ""

    @property
    def expression(self) -> str:
        if self.location == "query":
            return f"InQuery({json.dumps(self.name)})"
        prefix = f", prefix={json.dumps(self.prefix)}" if self.prefix else ""
        return f"InHeader({json.dumps(self.name)}{prefix})"

    @property
    def described(self) -> str:
        """How docs say it: "raw in the Authorization header", "as the api_key query parameter"."""
        if self.location == "query":
            return f"as the {self.name} query parameter"
        if self.prefix:
            return f'in the {self.name} header as "{self.prefix}<token>"'
        return f"raw in the {self.name} header"


@dataclass(frozen=True)
class FlowOperation:
    """An operation a token flow calls itself."""

    operation_id: str
    method: str  # upper case
    path: str
    own_server: str | None  # the operation's own server (a login may be served by another host)
    base_url: str  # the API's default base URL
    retryable: bool  # profile.retried(): may it be sent again once it reached the server

    @property
    def url(self) -> str:
        """Where it is served by default: its own server, else the API's base URL, then its path."""
        return (self.own_server or self.base_url).rstrip("/") + self.path

    @property
    def url_or_path(self) -> str:
        """Its URL when it has a server of its own, else its path (then it follows the client's base URL)."""
        return self.url if self.own_server else self.path


@dataclass(frozen=True)
class LoginFlow:
    """token_flow kind login: a username and password exchanged for a token that may expire."""

    operation: FlowOperation
    username_field: str
    password_field: str
    token_field: str
    expires_in_field: str | None
    placement: Placement

    module: ClassVar[RuntimeModule] = RuntimeModule("runtime/auth/login_token.py.jinja", "_auth_login_token.py")
    client_piece: ClassVar[str] = "client/login_token.py.jinja"
    readme: ClassVar[str] = "readme/auth_login_token.md.jinja"
    exports: ClassVar[tuple[str, ...]] = ("TokenAuth",)
    client_uses: ClassVar[tuple[str, ...]] = ("TokenAuth",)  # what its client piece imports

    @property
    def username_parameter(self) -> str:
        return python_name(self.username_field)

    @property
    def password_parameter(self) -> str:
        return python_name(self.password_field)


@dataclass(frozen=True)
class SessionFlow:
    """token_flow kind session: open a session, authenticate it, send its token; renew it when an answer
    says it is gone. The token goes in `default_placement` (the header one when the spec has both) unless
    the caller asks for `query_placement`."""

    open: FlowOperation
    authenticate: FlowOperation
    deauthenticate: FlowOperation | None
    token_field: str
    login_field: str
    password_field: str
    credentials_in: Literal["query", "form", "json"]  # where the authenticate operation takes them
    authenticated_pointer: str | None  # a JSON pointer into the authenticate answer ...
    authenticated_value: Any  # ... and the value it must have
    renew_on_error_codes: tuple[str, ...]
    code_field: str | None  # the error body's code field (errors by code), for the renewal
    header_placement: Placement | None
    query_placement: Placement | None

    module: ClassVar[RuntimeModule] = RuntimeModule("runtime/auth/session_token.py.jinja", "_auth_session_token.py")
    client_piece: ClassVar[str] = "client/session_token.py.jinja"
    readme: ClassVar[str] = "readme/auth_session_token.md.jinja"
    exports: ClassVar[tuple[str, ...]] = ("SessionTokenAuth",)
    client_uses: ClassVar[tuple[str, ...]] = ("SessionTokenAuth",)

    @property
    def default_placement(self) -> Placement:
        placement = self.header_placement or self.query_placement
        assert placement is not None  # session_flow() refuses a spec with neither
        return placement

    @property
    def can_choose_query(self) -> bool:
        """Both placements exist: the header by default, `token_in_query=True` for the query."""
        return self.header_placement is not None and self.query_placement is not None

    @property
    def login_parameter(self) -> str:
        return python_name(self.login_field)

    @property
    def password_parameter(self) -> str:
        return python_name(self.password_field)


@dataclass(frozen=True)
class AuthPlan:
    api_key: Placement | None
    login: LoginFlow | None
    session: SessionFlow | None

    api_key_module: ClassVar[RuntimeModule] = RuntimeModule("runtime/auth/api_key.py.jinja", "_auth_api_key.py")

    @property
    def flow(self) -> LoginFlow | SessionFlow | None:
        return self.login or self.session

    @property
    def modules(self) -> tuple[RuntimeModule, ...]:
        modules = [self.api_key_module] if self.api_key else []
        return (*modules, *([self.flow.module] if self.flow else []))

    @property
    def client_pieces(self) -> tuple[str, ...]:
        """Templates of AuthenticatedClient's body, in order: its credential check, then the flow's
        constructors."""
        first = "client/api_key.py.jinja" if self.api_key else "client/auth_required.py.jinja"
        return (first, *([self.flow.client_piece] if self.flow else []))

    @property
    def readme_sections(self) -> tuple[str, ...]:
        first = ("readme/auth_api_key.md.jinja",) if self.api_key else ()
        return (*first, *([self.flow.readme] if self.flow else []))

    @property
    def exports(self) -> dict[str, tuple[str, ...]]:
        """What the package exports from each auth module, by module name."""
        exports: dict[str, tuple[str, ...]] = {"_auth": ("CredentialError", "Secret")}
        if self.api_key:
            exports[self.api_key_module.name] = ("ApiKeyAuth",)
        if self.flow:
            exports[self.flow.module.name] = self.flow.exports
        return exports

    @property
    def client_imports(self) -> tuple[str, ...]:
        """client.py's imports of the auth modules (ruff drops what its pieces do not use)."""
        lines = ["from ._auth import Secret"]
        if self.api_key:
            lines.append(f"from .{self.api_key_module.name} import ApiKeyAuth")
        if self.flow:
            lines.append(f"from .{self.flow.module.name} import {', '.join(self.flow.client_uses)}")
        return tuple(lines)

    @property
    def usage_short(self) -> str:
        """The auth flows, for client.py's overview of its layers."""
        ways = ["API key"] if self.api_key else []
        ways += ["a login token that renews itself"] if self.login else []
        ways += ["a session token that renews itself"] if self.session else []
        return ", or ".join(ways) or "the one given"

    @property
    def secrecy(self) -> str:
        """Where the credential goes, and the promise about it, for AuthenticatedClient's docstring."""
        if self.api_key:
            return f"The API key is sent {self.api_key.described}; it never appears in a repr, a log or an error."
        return "Credentials never appear in a repr, a log or an error."

    @property
    def usage(self) -> str:
        """How a caller gets an AuthenticatedClient, for its docstring."""
        ways = ['`AuthenticatedClient(api_key="...")`'] if self.api_key else []
        if self.login:
            ways.append(f"`AuthenticatedClient.login({self.flow_credentials})` for a token that renews itself")
        if self.session:
            ways.append(f"`AuthenticatedClient.login({self.flow_credentials})` for a session that renews itself")
        return ", or ".join(ways) or "`AuthenticatedClient(auth=...)` with an httpx.Auth"

    @property
    def constructor(self) -> str:
        """How examples make a client: AuthenticatedClient(...) with a key, else its login()."""
        return "AuthenticatedClient" if self.api_key or not self.flow else "AuthenticatedClient.login"

    @property
    def flow_credentials(self) -> str:
        """The token flow's login() arguments in examples (variables the reader has)."""
        if self.login:
            return f"{self.login.username_parameter}, {self.login.password_parameter}"
        if self.session:
            return f"{self.session.login_parameter}, {self.session.password_parameter}"
        return ""

    def constructor_credentials(self, env_prefix: str) -> str:
        """The credential arguments of `constructor` in examples, read from the environment as the README's
        Authenticate section does (so that each sample runs as written)."""
        if self.api_key:
            return f'api_key=os.environ["{env_prefix}API_KEY"]'
        fields = (self.login.username_field, self.login.password_field) if self.login else (
            (self.session.login_field, self.session.password_field) if self.session else ())  # fmt: skip
        return ", ".join(f'os.environ["{env_prefix}{field.upper()}"]' for field in fields) or "auth=auth"

    @property
    def constructor_placeholders(self) -> str:
        """The docstring's credential arguments of `constructor`."""
        if self.api_key:
            return 'api_key="..."'
        return '"...", "..."' if self.flow else "auth=..."

    @property
    def missing_credentials(self) -> str:
        """AuthenticatedClient's complaint when it gets none."""
        needs = "api_key=..." if self.api_key else "auth=..."
        return f"AuthenticatedClient needs {needs}" + (" (or use AuthenticatedClient.login)" if self.flow else "")

    @property
    def credential_headers(self) -> tuple[str, ...]:
        """Headers this API's credentials travel in, but Authorization (lower case, sorted): httpx drops
        Authorization itself on a redirect to another origin, and copies every other header along."""
        placements = [self.api_key, self.login.placement if self.login else None,
                      self.session.default_placement if self.session else None]  # fmt: skip
        names = {p.name.lower() for p in placements if p is not None and p.location == "header"}
        return tuple(sorted(names - {"authorization"}))

    @property
    def secret_query_parameters(self) -> tuple[str, ...]:
        """Query parameters this API's credentials travel in (their values are masked in logs)."""
        names = [self.api_key.name] if self.api_key and self.api_key.location == "query" else []
        if self.session:
            if self.session.query_placement:
                names.append(self.session.query_placement.name)
            if self.session.credentials_in == "query":
                names.append(self.session.password_field)
        return tuple(names)


@dataclass(frozen=True)
class ErrorsByStatus:
    """One exception class per kind of status (errors.py: 400, 401, ..., 5xx); the message is a field of
    the body, and a 422 may carry field -> messages."""

    message_field: str
    validation_errors_field: str | None

    template: ClassVar[str] = "runtime/errors/by_status.py.jinja"
    readme: ClassVar[str] = "readme/errors_by_status.md.jinja"
    login_failure: ClassVar[str] = "AuthenticationError"  # what a refused login raises, for docstrings

    def raises(self, operation_id: str) -> str:
        """The docstring's `errors.ApiError:` entry of an operation (the same for all)."""
        return (
            "The subclass for the answer's status (NotFoundError, ValidationError, ...), for any status "
            "outside 2xx, after the client's retries."
        )


@dataclass(frozen=True)
class ErrorParameter:
    name: str
    annotation: str
    description: str
    secret: bool = False  # the spec marks it `format: password` (a session token, say): masked in errors


@dataclass(frozen=True)
class ErrorCode:
    code: str
    realm: str | None
    class_name: str
    description: str
    parameters: tuple[ErrorParameter, ...]

    @property
    def secret_parameters(self) -> tuple[str, ...]:
        return tuple(parameter.name for parameter in self.parameters if parameter.secret)

    @property
    def parameters_class(self) -> str:
        """The TypedDict of its documented parameters: PoolNotFoundError -> PoolNotFoundParameters."""
        return self.class_name.removesuffix("Error") + "Parameters"


@dataclass(frozen=True)
class ErrorRealm:
    name: str
    class_name: str


@dataclass(frozen=True)
class ErrorsByCode:
    """One exception class per error code the spec documents, named from the code
    (`error.user.pool_not_found` -> PoolNotFoundError), under a class per realm, under ApiError."""

    code_field: str
    realm_field: str | None
    parameters_field: str | None
    description_field: str | None
    realms: tuple[ErrorRealm, ...]
    codes: tuple[ErrorCode, ...]
    codes_by_operation: Mapping[str, tuple[str, ...]] = field(repr=False)

    template: ClassVar[str] = "runtime/errors/by_code.py.jinja"
    readme: ClassVar[str] = "readme/errors_by_code.md.jinja"
    login_failure: ClassVar[str] = "the class of its error code"

    def realm_class(self, realm: str | None) -> str:
        return next((r.class_name for r in self.realms if r.name == realm), "ApiError")

    def raises(self, operation_id: str) -> str:
        """The docstring's `errors.ApiError:` entry of an operation, naming the classes of its codes."""
        by_code = {code.code: code.class_name for code in self.codes}
        documented = sorted(by_code[code] for code in self.codes_by_operation.get(operation_id, ()))
        named = f"this operation documents {', '.join(documented)}; " if documented else ""
        return (
            f"The class of the answer's error code ({named}another code raises its realm's class), for any "
            "status outside 2xx, after the client's retries."
        )

    @property
    def example(self) -> ErrorCode | None:
        """A code for the README's example: one with parameters if any."""
        return next((code for code in self.codes if code.parameters), self.codes[0] if self.codes else None)

    def example_for(self, operation_id: str) -> ErrorCode | None:
        """A code the operation answers, for an example that calls it: a user-realm one with parameters
        first (what a caller handles), else any of its codes, else `example`."""
        own = [code for code in self.codes if code.code in self.codes_by_operation.get(operation_id, ())]
        ranked = sorted(own, key=lambda code: (code.realm != "user", not code.parameters))
        return ranked[0] if ranked else self.example

    @property
    def tree_column(self) -> int:
        """Where the errors module's class tree puts its second column (realm classes, then codes inside)."""
        realms = [len(realm.class_name) + 6 for realm in self.realms]
        return max([28, *realms, *(len(code.class_name) + 10 for code in self.codes)])

    @property
    def class_names(self) -> tuple[str, ...]:
        """What the errors module defines for the realms and codes (its __all__ adds the rest)."""
        names = [realm.class_name for realm in self.realms] + [code.class_name for code in self.codes]
        names += [code.parameters_class for code in self.codes if code.parameters]
        return tuple(sorted(names))


@dataclass(frozen=True)
class PaginationStyle:
    """How the API pages its lists, as the runtime's templates name it."""

    name: str  # e.g. last_page: page numbers in, each page saying its last page (meta.last_page)

    @property
    def module(self) -> RuntimeModule:
        return RuntimeModule(f"runtime/pagination/{self.name}.py.jinja", "_pagination.py")

    @property
    def readme(self) -> str:
        return f"readme/pagination_{self.name}.md.jinja"


# The profile's `pagination` (named after the framework whose paginator the API uses) -> the style.
PAGINATION_STYLES = {"laravel": PaginationStyle("last_page")}


@dataclass(frozen=True)
class ClientRuntime:
    """Everything the client templates know about the API beyond openapi-python-client's parser."""

    profile: ApiProfile = field(repr=False)
    base_url: str
    auth: AuthPlan
    errors: ErrorsByStatus | ErrorsByCode
    pagination: PaginationStyle | None
    requests_per_minute: int | None
    secret_query_parameters: tuple[str, ...]

    @property
    def display_name(self) -> str:
        return self.profile.display_name

    @property
    def underscore_fields(self) -> bool:
        """The models keep the API's leading underscores (openapi-python-client's field_prefix "_")."""
        return self.profile.client.openapi_python_client.get("field_prefix") == "_"

    @property
    def base_url_required(self) -> bool:
        """Each customer has a host of its own: the client takes no default base_url (a password must not
        go to a placeholder host)."""
        return self.profile.client.per_customer_host

    @property
    def env_prefix(self) -> str:
        return self.profile.env_prefix

    @property
    def retry_methods(self) -> tuple[str, ...]:
        return self.profile.retry_methods

    def retried(self, method: str, operation: Mapping[str, Any]) -> bool:
        return self.profile.retried(method, operation)

    @property
    def modules(self) -> tuple[RuntimeModule, ...]:
        """The runtime modules chosen for this API (the engine's, in templates/runtime/*.py.jinja, come too)."""
        pagination = (self.pagination.module,) if self.pagination else ()
        return (*self.auth.modules, *pagination)

    @property
    def rate_limit_default(self) -> str:
        """The attrs field argument of Client.rate_limit: the profile's bucket, or none."""
        return "factory=RateLimiter" if self.requests_per_minute else "default=None"

    @property
    def exports(self) -> tuple[str, ...]:
        """The package's __all__."""
        names = [name for names in self.auth.exports.values() for name in names]
        return tuple(sorted([*names, "AuthenticatedClient", "Client", "RateLimiter", "RetryPolicy", "errors"]))

    @property
    def readme_topics(self) -> str:
        """What README.md says beyond calling an operation, for the package's docstring."""
        topics = ["logging in"] if self.auth.flow else []
        topics += ["pagination"] if self.pagination else []
        return ", ".join([*topics, "errors", "retries"]) + " and the rate limit"

    @property
    def rate_limit_described(self) -> str:
        if self.requests_per_minute:
            return f"{self.requests_per_minute} requests/minute by default"
        return "none by default"


def client_runtime(profile: ApiProfile, spec: Mapping[str, Any], *, where: str, spec_where: str) -> ClientRuntime:
    """The runtime for this API. A BuildError names the file: the profile (`where`) for a setting that does
    not fit the spec, the spec (`spec_where`) for a malformed extension."""
    base_url = profile.client.base_url or _spec_server(spec, where)
    schemes = dict(spec.get("components", {}).get("securitySchemes", {}))
    errors = _errors(profile, spec, spec_where)
    auth = _auth(profile, spec, schemes, base_url, errors, where)
    if profile.pagination != "none" and profile.pagination not in PAGINATION_STYLES:
        raise BuildError(f"{where}: pagination {profile.pagination!r}: the client knows "
                         f"{', '.join(['none', *PAGINATION_STYLES])}")  # fmt: skip
    pagination = PAGINATION_STYLES.get(profile.pagination)
    secrets = sorted({name.lower() for name in (*profile.secret_query_parameters, *auth.secret_query_parameters)})
    return ClientRuntime(
        profile=profile,
        base_url=base_url,
        auth=auth,
        errors=errors,
        pagination=pagination,
        requests_per_minute=profile.requests_per_minute,
        secret_query_parameters=tuple(secrets),
    )


def _spec_server(spec: Mapping[str, Any], where: str) -> str:
    servers = spec.get("servers") or []
    url = str(servers[0].get("url", "")) if servers else ""
    if not url.startswith(("http://", "https://")):
        found = f"its servers[0].url is {url!r}" if url else "it has no servers"
        raise BuildError(f"{where}: the client needs a default base URL: give client.base_url, or an absolute "
                         f"servers[0].url in the spec ({found})")  # fmt: skip
    return url


# --- auth -------------------------------------------------------------------------------------------


def _auth(
    profile: ApiProfile,
    spec: Mapping[str, Any],
    schemes: dict[str, Any],
    base_url: str,
    errors: ErrorsByStatus | ErrorsByCode,
    where: str,
) -> AuthPlan:
    key_schemes = _api_key_placements(schemes)
    flow = profile.token_flow or {}
    if flow.get("kind") == "login":
        bearer = [name for name, scheme in schemes.items() if scheme.get("type") == "http"
                  and str(scheme.get("scheme", "")).lower() == "bearer"]  # fmt: skip
        if not bearer:
            raise BuildError(f"{where}: auth.token_flow is a login, but the spec has no http bearer securityScheme "
                             "to carry its token")  # fmt: skip
        placement = Placement("header", "Authorization", bearer[0], prefix="Bearer ")
        login = LoginFlow(
            operation=_flow_operation(profile, spec, flow["operation_id"], base_url, where),
            username_field=flow["username_field"],
            password_field=flow["password_field"],
            token_field=flow["token_field"],
            expires_in_field=flow.get("expires_in_field"),
            placement=placement,
        )
        return AuthPlan(api_key=key_schemes[0] if key_schemes else None, login=login, session=None)
    if flow.get("kind") == "session":
        return AuthPlan(api_key=None, login=None, session=_session_flow(profile, spec, flow, key_schemes,
                                                                        base_url, errors, where))  # fmt: skip
    return AuthPlan(api_key=key_schemes[0] if key_schemes else None, login=None, session=None)


def _api_key_placements(schemes: Mapping[str, Any]) -> list[Placement]:
    """The spec's apiKey schemes as placements, header ones first (a credential in a URL ends up in access
    logs), each group in the spec's order. Cookie schemes are not supported by the runtime and left out."""
    found = [
        Placement(scheme["in"], scheme["name"], name)
        for name, scheme in schemes.items()
        if scheme.get("type") == "apiKey" and scheme.get("in") in ("header", "query")
    ]
    return sorted(found, key=lambda placement: placement.location != "header")


def _session_flow(
    profile: ApiProfile,
    spec: Mapping[str, Any],
    flow: Mapping[str, Any],
    placements: list[Placement],
    base_url: str,
    errors: ErrorsByStatus | ErrorsByCode,
    where: str,
) -> SessionFlow:
    header = next((p for p in placements if p.location == "header"), None)
    query = next((p for p in placements if p.location == "query"), None)
    if header is None and query is None:
        raise BuildError(f"{where}: auth.token_flow is a session, but the spec has no apiKey securityScheme (header "
                         "or query) to carry its token")  # fmt: skip
    authenticate = _flow_operation(profile, spec, flow["authenticate_operation"], base_url, where)
    login_field, password_field = flow["login_parameter"], flow["password_parameter"]
    check = flow.get("authenticated_check")
    deauthenticate = flow.get("deauthenticate_operation")
    return SessionFlow(
        open=_flow_operation(profile, spec, flow["open_operation"], base_url, where),
        authenticate=authenticate,
        deauthenticate=_flow_operation(profile, spec, deauthenticate, base_url, where) if deauthenticate else None,
        token_field=flow["token_field"],
        login_field=login_field,
        password_field=password_field,
        credentials_in=_credentials_in(spec, authenticate, (login_field, password_field), where),
        authenticated_pointer=check["pointer"] if check else None,
        authenticated_value=check["equals"] if check else None,
        renew_on_error_codes=tuple(flow.get("renew_on_error_codes", ())),
        code_field=errors.code_field if isinstance(errors, ErrorsByCode) else None,
        header_placement=header,
        query_placement=query,
    )


_BODY_KINDS: tuple[tuple[str, Literal["form", "json"]], ...] = (
    ("application/x-www-form-urlencoded", "form"),
    ("application/json", "json"),
)


def _credentials_in(
    spec: Mapping[str, Any], operation: FlowOperation, names: tuple[str, str], where: str
) -> Literal["query", "form", "json"]:
    """Where the authenticate operation takes the login and password: query parameters, or fields of a
    form or JSON body, as the spec declares them."""
    raw = spec["paths"][operation.path][operation.method.lower()]
    parameters = {p.get("name") for p in openapi.parameters(spec, operation.path, raw) if p.get("in") == "query"}
    if all(name in parameters for name in names):
        return "query"
    content = openapi.resolved(spec, raw.get("requestBody", {})).get("content", {})
    for media_type, kind in _BODY_KINDS:
        properties = openapi.resolved(spec, content.get(media_type, {}).get("schema", {})).get("properties", {})
        if media_type in content and all(name in properties for name in names):
            return kind
    raise BuildError(
        f"{where}: auth.token_flow.login_parameter/password_parameter {names[0]!r} and {names[1]!r}: the "
        f"operation {operation.operation_id} takes neither as query parameters nor as form or JSON body fields"
    )


def _flow_operation(
    profile: ApiProfile, spec: Mapping[str, Any], operation_id: str, base_url: str, where: str
) -> FlowOperation:
    for path, method, operation in openapi.operations(spec):
        if operation.get("operationId") == operation_id:
            servers = operation.get("servers") or spec["paths"][path].get("servers") or []
            own_server = str(servers[0]["url"]) if servers else None
            retryable = profile.retried(method, operation)
            return FlowOperation(operation_id, method.upper(), path, own_server, base_url, retryable)
    raise BuildError(f"{where}: auth.token_flow names the operation {operation_id!r}, which the spec does not have")


# --- errors -----------------------------------------------------------------------------------------

_JSON_TYPES = {"integer": "int", "number": "float", "boolean": "bool", "string": "str", "array": "list[Any]",
               "object": "dict[str, Any]"}  # fmt: skip
# Names the by-code errors module defines itself; no code class may take one.
_RESERVED = frozenset({"ApiError", "UnexpectedStatus", "ERRORS_BY_CODE", "ERRORS_BY_REALM"})


def _errors(profile: ApiProfile, spec: Mapping[str, Any], spec_where: str) -> ErrorsByStatus | ErrorsByCode:
    settings = profile.errors
    if settings["by"] == "status":
        return ErrorsByStatus(settings["message_field"], settings.get("validation_errors_field"))
    documented = _documented_codes(spec, settings.get("codes_extension"), spec_where)
    realm_names = sorted({code["realm"] for code in documented.values() if code["realm"]})
    realms = tuple(ErrorRealm(realm, _camel(realm) + "RealmError") for realm in realm_names)
    class_names = _code_class_names(documented, {realm.class_name for realm in realms})
    codes = tuple(
        ErrorCode(
            code=code,
            realm=entry["realm"],
            class_name=class_names[code],
            description=entry["description"],
            parameters=tuple(
                ErrorParameter(
                    name,
                    _JSON_TYPES.get(str(schema.get("type")), "Any"),
                    str(schema.get("description", "")),
                    secret=schema.get("format") == "password",
                )
                for name, schema in sorted(entry["parameters"].items())
            ),
        )
        for code, entry in sorted(documented.items(), key=lambda item: (item[1]["realm"] or "", item[0]))
    )
    by_operation: dict[str, list[str]] = {}
    for code, entry in documented.items():
        for operation_id in entry["operations"]:
            by_operation.setdefault(operation_id, []).append(code)
    return ErrorsByCode(
        code_field=settings["code_field"],
        realm_field=settings.get("realm_field"),
        parameters_field=settings.get("parameters_field"),
        description_field=settings.get("description_field"),
        realms=realms,
        codes=codes,
        codes_by_operation={operation: tuple(sorted(found)) for operation, found in by_operation.items()},
    )


def _documented_codes(spec: Mapping[str, Any], extension: str | None, where: str) -> dict[str, dict[str, Any]]:
    """code -> {realm, description, parameters, operations}, from each operation's error responses.

    An entry of the extension is a code, or {code, realm?, description?, parameters?: {name: schema}}; the
    realm defaults to the code's middle part (`error.user.x` -> user). A code may be described once and
    named bare elsewhere; described differently by two operations, it fails the build, naming both."""
    found: dict[str, dict[str, Any]] = {}
    if not extension:
        return found
    for path, method, operation in openapi.operations(spec):
        operation_id = str(operation.get("operationId") or f"{method.upper()} {path}")
        for status, response in operation.get("responses", {}).items():
            entries = openapi.resolved(spec, response).get(extension)
            if entries is None:
                continue
            key = f"{operation_id}: responses.{status}.{extension}"
            if not isinstance(entries, list):
                raise BuildError(f"{where}: {key} must be a list of codes (errors.codes_extension names it)")
            for number, raw in enumerate(entries):
                entry = _code_entry(raw, f"{key}[{number}]", where)
                known = found.setdefault(entry["code"], {"code": entry["code"], "operations": [], "described_by": None})
                described = {name: value for name, value in entry.items() if name != "code" and value}
                if described:
                    if known["described_by"] and {name: known.get(name) for name in described} != described:
                        raise BuildError(f"{where}: the error code {entry['code']!r} is described differently by "
                                         f"{known['described_by']} and {operation_id}")  # fmt: skip
                    known.update(described, described_by=known["described_by"] or operation_id)
                if operation_id not in known["operations"]:
                    known["operations"].append(operation_id)
    for code, known in found.items():
        known.setdefault("realm", _realm_of(code))
        known.setdefault("description", "")
        known.setdefault("parameters", {})
    return found


def _code_entry(raw: Any, key: str, where: str) -> dict[str, Any]:
    """An entry of the codes extension as {code, realm, description, parameters}, the ones it does not
    give empty."""
    entry = {"code": raw} if isinstance(raw, str) else raw
    if not isinstance(entry, dict) or not isinstance(entry.get("code"), str) or not entry["code"]:
        raise BuildError(f"{where}: {key}: an error code is a string or a mapping with a `code` string, not {raw!r}")
    # name, when and catalogued are evidence for readers of the spec (generator/prose.py writes them): the
    # words a page names the error in, when an operation answers it, whether the catalogue has it.
    unknown = set(entry) - {"code", "realm", "description", "parameters", "name", "when", "catalogued"}
    parameters = entry.get("parameters", {})
    if unknown or not isinstance(parameters, dict) or not all(isinstance(s, dict) for s in parameters.values()):
        raise BuildError(f"{where}: {key}: takes code, realm, description and parameters (name -> JSON schema), "
                         "and name, when, catalogued as evidence; "
                         f"got {raw!r}")  # fmt: skip
    return {
        "code": entry["code"],
        "realm": entry.get("realm"),
        "description": " ".join(str(entry.get("description", "")).split()),
        "parameters": parameters,
    }


def _realm_of(code: str) -> str | None:
    """The realm a dotted code names: `error.user.pool_not_found` -> user."""
    parts = code.split(".")
    return parts[-2] if len(parts) >= 2 else None


def _code_class_names(documented: Mapping[str, Mapping[str, Any]], taken: set[str]) -> dict[str, str]:
    """`error.user.pool_not_found` -> PoolNotFoundError. When two realms share a code's last part, or it
    would take a name the module needs, the realm goes in front (UserInvalidValueError)."""
    plain = {code: _camel(code.rsplit(".", 1)[-1]).removesuffix("Error") + "Error" for code in documented}
    counts = Counter(plain.values())
    names = {
        code: _camel(documented[code]["realm"] or "") + name
        if counts[name] > 1 or name in taken or name in _RESERVED else name
        for code, name in plain.items()
    }  # fmt: skip
    counts = Counter(names.values())
    clashes = sorted(name for name in counts if counts[name] > 1 or name in taken or name in _RESERVED)
    if clashes:
        raise BuildError("error codes that give the same exception class name", details=[
            f"{name}: {', '.join(sorted(code for code, given in names.items() if given == name))}" for name in clashes
        ])  # fmt: skip
    return names


# --- helpers ----------------------------------------------------------------------------------------


def python_name(wire_name: str) -> str:
    """`filter[flow_id]` -> `filter_flow_id`; `flowId` -> `flow_id`; a Python keyword gets a trailing `_`."""
    name = re.sub(r"[^0-9a-zA-Z_]+", "_", wire_name).strip("_")
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return f"{name}_" if keyword.iskeyword(name) or not name else name


def _camel(text: str) -> str:
    camel = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9a-zA-Z]+", text) if part)
    return f"E{camel}" if camel[:1].isdigit() else camel
