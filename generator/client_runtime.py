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

The auth choice is made in client_auth.py, the errors' in client_errors.py (what both share, a rendered
module and Python names, in client_parts.py); this module puts them together with the rest. Each choice
names the templates that render it: whole runtime modules (RuntimeModule), pieces of
client.py's AuthenticatedClient and sections of README.md. The templates fill in constants and hold no
branch on an API, so a new API needs no template change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import openapi
from generator.client_auth import AuthPlan, auth_plan
from generator.client_errors import ErrorsByCode, ErrorsByStatus, errors_plan
from generator.client_parts import RuntimeModule
from generator.errors import BuildError
from generator.profile import ApiProfile
from generator.secret_fields import sends_a_secret


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
    # Whether an operation's request body holds a secret (secret_fields.sends_a_secret): the client's request
    # hook then keeps those requests at their origin, as it does a token flow's own.
    secret_bodies: bool = False

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
    def deferred_exports(self) -> dict[str, str]:
        """The package's exports that it imports when first used (PEP 562), by name: the module (in the
        package) of each, or that each is (errors)."""
        return dict(sorted({"errors": "errors", **self.auth.deferred_exports}.items()))

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
    errors = errors_plan(profile, spec, spec_where)
    auth = auth_plan(profile, spec, schemes, base_url, errors, where)
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
        secret_bodies=any(sends_a_secret(spec, operation) for _, _, operation in openapi.operations(spec)),
    )


def _spec_server(spec: Mapping[str, Any], where: str) -> str:
    servers = spec.get("servers") or []
    url = str(servers[0].get("url", "")) if servers else ""
    if not url.startswith(("http://", "https://")):
        found = f"its servers[0].url is {url!r}" if url else "it has no servers"
        raise BuildError(f"{where}: the client needs a default base URL: give client.base_url, or an absolute "
                         f"servers[0].url in the spec ({found})")  # fmt: skip
    return url
