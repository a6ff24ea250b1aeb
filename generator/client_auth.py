"""The client's authentication, chosen from the profile and the spec (client_runtime.py): a static API key where
the spec's apiKey securityScheme says, and the profile's token flow: `login` (a login operation's token) or
`session` (open a session, authenticate it, renew it)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from generator import openapi
from generator.client_errors import ErrorsByCode, ErrorsByStatus
from generator.client_parts import RuntimeModule, python_name
from generator.errors import BuildError
from generator.profile import ApiProfile


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
    # What every token flow's module builds on: the driver that renews a credential once for concurrent calls.
    renewing_module: ClassVar[RuntimeModule] = RuntimeModule("runtime/auth/renewing.py.jinja", "_auth_renewing.py")

    @property
    def flow(self) -> LoginFlow | SessionFlow | None:
        return self.login or self.session

    @property
    def modules(self) -> tuple[RuntimeModule, ...]:
        modules = [self.api_key_module] if self.api_key else []
        return (*modules, *([self.renewing_module, self.flow.module] if self.flow else []))

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
    def imported_with_client(self) -> dict[str, tuple[str, ...]]:
        """The exports of the auth modules client.py imports, by module name: all but the token flow's
        (deferred_exports)."""
        flow_module = self.flow.module.name if self.flow else None
        return {module: names for module, names in self.exports.items() if module != flow_module}

    @property
    def deferred_exports(self) -> dict[str, str]:
        """The token flow's exports, by name: its module, which the package imports when first used and
        client.py when a client logs in (flow_import in its login())."""
        return dict.fromkeys(self.flow.exports, self.flow.module.name) if self.flow else {}

    @property
    def client_imports(self) -> tuple[str, ...]:
        """client.py's imports of the auth modules (ruff drops what its pieces do not use)."""
        lines = ["from ._auth import AUTH_FLOW_REQUEST, PASSWORD_FOR, CredentialError, Secret"]
        if self.api_key:
            lines.append(f"from .{self.api_key_module.name} import ApiKeyAuth")
        return tuple(lines)

    @property
    def flow_import(self) -> str:
        """The import statement of the token flow's class, which its login() runs."""
        assert self.flow is not None
        return f"from .{self.flow.module.name} import {', '.join(self.flow.client_uses)}"

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


def auth_plan(
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
