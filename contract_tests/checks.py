"""Three of schemathesis' built-in checks in the words of an API that refuses in its own way.

The built-ins expect the statuses most HTTP APIs use: ignored_auth a 401 or 403 to a request without
credentials or with wrong ones; unsupported_method a 405 to a method the path does not have;
positive_data_acceptance a 401, 403, 404 or 409 when a well-formed request is refused because of what it
names. An API that answers every refusal with one status and says why in its error body's code fails
them on every operation while doing just what its documents say. Its profile declares how it refuses
(specs/<api>/api.yaml, generator/api-profile.schema.json), e.g.

    contract:
      rejections:
        unauthenticated: {status: 400, codes: [auth.no_session, auth.unknown_token]}
        unsupported_method: {status: 400, codes: [request.bad_method]}
        refused_valid_data: {status: 400, realms: [state]}   # not found, no right, conflict ...

and for each kind it declares, a check here enforces the built-in's intent with that answer (the status,
and the code or realm for an API whose errors are by code): ignored_auth_as_documented,
unsupported_method_as_documented, positive_data_acceptance_as_documented. The API's [[project]] block in
schemathesis.toml turns the built-in off, with the reason beside it; use() refuses a declaration whose
built-in is still on (it would fail on every documented answer), and turns off the checks of kinds an
API does not declare, so that an API without rejections is checked by the built-ins alone. One kind has
no built-in: `not_found`, the answer the live-write guard (contract_tests/safety.py) takes for a
resource already gone when it cleans up (in place of a 404).

The probes of ignored_auth_as_documented are the request that was just sent, as it was sent (so a live
run's guard has admitted it), without its credentials: a host that refuses it changes nothing.

use() also sets up the project's own check of every answer against the spec, read strictly
(strict_response_conformance, contract_tests/strict_validation.py), for every API.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
import schemathesis
from schemathesis import Case
from schemathesis.checks import CheckContext
from schemathesis.core.failures import Failure, Severity
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response, expand_status_codes
from schemathesis.generation.meta import REQUEST_SHAPE_PROBES, CoveragePhaseData, CoverageScenario, coverage_scenario
from schemathesis.schemas import BaseSchema

from contract_tests import (
    confirmed_auth,  # registers ignored_auth as the engine runs it; its store of confirmed operations
    strict_validation,
)
from contract_tests import http as contract_http
from contract_tests.api import ContractApi, ContractSetupError
from contract_tests.auth import Placement

# A credential no host issued, sent where each of the operation's security schemes puts one.
INVALID_CREDENTIAL = "contract-check-invalid-credential"
PROBE_TIMEOUT = 30.0


@dataclass(frozen=True)
class Kind:
    """One kind of refusal: the built-in check that expects its usual status, and the check that takes
    the API's declared answer instead."""

    name: str  # the key under contract.rejections
    builtin: str
    replacement: str


UNAUTHENTICATED = Kind("unauthenticated", "ignored_auth", "ignored_auth_as_documented")
UNSUPPORTED_METHOD = Kind("unsupported_method", "unsupported_method", "unsupported_method_as_documented")
REFUSED_VALID_DATA = Kind("refused_valid_data", "positive_data_acceptance", "positive_data_acceptance_as_documented")
KINDS = (UNAUTHENTICATED, UNSUPPORTED_METHOD, REFUSED_VALID_DATA)


def counterparts(builtin: str) -> list[str]:
    """The built-in check and its replacement here, if it has one: what turning the built-in off for a
    run (a live one) must turn off too."""
    return [builtin, *(kind.replacement for kind in KINDS if kind.builtin == builtin)]


@dataclass(frozen=True)
class Rejection:
    """How the API answers one kind of refusal: a status, and for errors by code, the codes or realms."""

    status: int
    codes: frozenset[str] = frozenset()
    realms: frozenset[str] = frozenset()

    def describe(self) -> str:
        said = [f"code {' or '.join(sorted(self.codes))}"] if self.codes else []
        said += [f"a code of the {' or '.join(sorted(self.realms))} realm"] if self.realms else []
        return f"{self.status}" + (f" with {' and '.join(said)}" if said else "")


@dataclass
class ApiRejections:
    """One API's declared rejections (contract.rejections), and how its error bodies name the code and
    the realm."""

    rejections: dict[str, Rejection]
    code_field: str | None
    realm_field: str | None
    security_schemes: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, api: ContractApi) -> ApiRejections:
        declared = api.profile.contract.get("rejections") or {}
        where = f"{api.profile_file}: contract.rejections"
        errors = api.profile.errors
        by_code = errors.get("by") == "code"
        known_codes = _documented_codes(api)
        rejections = {}
        for name, rejection in declared.items():
            codes, realms = frozenset(rejection.get("codes", ())), frozenset(rejection.get("realms", ()))
            if (codes or realms) and not by_code:
                raise ContractSetupError(f"{where}.{name}: codes and realms need errors by code (errors.by: code)")
            if realms and "realm_field" not in errors:
                raise ContractSetupError(f"{where}.{name}.realms: the profile's errors name no realm_field")
            if known_codes is not None and (unknown := sorted(codes - known_codes)):
                raise ContractSetupError(f"{where}.{name}.codes: {', '.join(unknown)} is not among the codes "
                                         f"{api.spec_path.name} documents ({errors['codes_extension']})")  # fmt: skip
            rejections[name] = Rejection(int(rejection["status"]), codes, realms)
        return cls(rejections, errors.get("code_field") if by_code else None,
                   errors.get("realm_field") if by_code else None, api.security_schemes())  # fmt: skip

    def matches(self, kind: str, status: int, content: bytes | None) -> bool:
        """Whether an answer is the API's declared rejection of that kind (never, when it declares none)."""
        rejection = self.rejections.get(kind)
        if rejection is None or status != rejection.status:
            return False
        if not rejection.codes and not rejection.realms:
            return True
        body = _json_object(content)
        code = body.get(self.code_field) if self.code_field else None
        realm = body.get(self.realm_field) if self.realm_field else None
        return (not rejection.codes or code in rejection.codes) and (not rejection.realms or realm in rejection.realms)

    def said(self, status: int, content: bytes | None) -> str:
        """What an answer was, for a failure's message: its status and, where there is one, its code."""
        code = _json_object(content).get(self.code_field) if self.code_field else None
        return f"{status}" + (f" with code {code}" if isinstance(code, str) else "")


# By the spec's info.title (as schemathesis.toml's [[project]] blocks): the APIs use() has seen.
_APIS: dict[str, ApiRejections] = {}


def use(api: ContractApi, schema: BaseSchema) -> None:
    """Check `schema` (the API's, as schema.py loads it) against the API's declared rejections."""
    declared = ApiRejections.of(api)
    checks = schema.config.checks
    for kind in KINDS:
        if kind.name in declared.rejections and checks.get_by_name(name=kind.builtin).enabled:
            raise ContractSetupError(
                f"{api.profile_file}: contract.rejections.{kind.name} replaces the check {kind.builtin}, which would "
                f"fail on every answer the API documents: turn it off in schemathesis.toml's [[project]] block for "
                f"{api.title!r} ([project.checks.{kind.builtin}] enabled = false), with the reason"
            )
    checks.update(excluded_check_names=[kind.replacement for kind in KINDS if kind.name not in declared.rejections])
    _APIS[api.title] = declared
    strict_validation.use(api)  # the strict, independent judge of every answer (strict_validation.py)


def _documented_codes(api: ContractApi) -> frozenset[str] | None:
    """Every error code the spec documents on some response (its codes extension); None without one."""
    extension = api.profile.errors.get("codes_extension")
    if not extension:
        return None
    codes = set()
    for operation in api.operations():
        for response in operation.definition.get("responses", {}).values():
            for entry in api.resolve(response).get(extension, []):
                codes.add(str(entry.get("code")) if isinstance(entry, Mapping) else str(entry))
    return frozenset(codes)


def _declared(case: Case[Any], kind: Kind) -> ApiRejections | None:
    title = str(case.operation.schema.raw_schema.get("info", {}).get("title", ""))
    api = _APIS.get(title)
    return api if api is not None and kind.name in api.rejections else None


# The checks. As schemathesis reads a check's return value: True is "not this check's case, skipped"
# (the report then counts no run), None is "checked, passed"; a failure is raised.
SKIPPED = True


@schemathesis.check
def ignored_auth_as_documented(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """ignored_auth with the API's answer: an operation that needs credentials and answered a call that
    had them is sent again without them, and with a wrong one in each place a credential goes; each time
    it must refuse as declared. Once per operation and run, as the built-in does."""
    api = _declared(case, UNAUTHENTICATED)
    if api is None or not 200 <= response.status_code < 300 or coverage_scenario(case) in REQUEST_SHAPE_PROBES:
        return SKIPPED
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        return SKIPPED  # an invalid path may miss the operation's route: its answer says nothing of its auth
    placements = _required_credentials(case, api)
    label = case.operation.label
    # The run's operations shown to refuse without credentials: the built-in's store (confirmed_auth.py), as
    # this check stands in for it, one or the other in a run.
    confirmed = confirmed_auth.confirmed_operations(case.operation.schema)
    if not placements:
        return SKIPPED
    if label in confirmed:
        return SKIPPED  # confirmed on this operation already: no probe is sent, so nothing is checked
    probes = [("no credentials", _without_credentials(response.request, placements))]
    for placement in placements:
        wrong = _without_credentials(response.request, placements)
        placement.apply(wrong, INVALID_CREDENTIAL)
        probes.append((f"a wrong credential in the {placement.location} {placement.name}", wrong))
    for what, probe in probes:
        with contract_http.session() as http:  # counted in the report
            answer = http.send(probe, timeout=PROBE_TIMEOUT, allow_redirects=False)
        if not api.matches(UNAUTHENTICATED.name, answer.status_code, answer.content):
            accepted = 200 <= answer.status_code < 300
            raise AuthNotRefusedAsDocumented(
                operation=label,
                title=f"API {'accepts' if accepted else 'gives an undocumented answer to'} a request with {what}",
                message=f"Expected {api.rejections[UNAUTHENTICATED.name].describe()}, got "
                f"{api.said(answer.status_code, answer.content)} for `{probe.method} {_path_of(probe)}` with {what}",
            )
    confirmed.add(label)
    return None


@schemathesis.check
def unsupported_method_as_documented(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """unsupported_method with the API's answer: a method the path does not declare is refused as
    declared (a 429, or the declared refusal of a missing credential on an operation that needs one,
    are let through, as the built-in lets 429, 401 and 403 through)."""
    api = _declared(case, UNSUPPORTED_METHOD)
    meta = case.meta
    if api is None or meta is None or not isinstance(meta.phase.data, CoveragePhaseData):
        return SKIPPED
    if meta.phase.data.scenario != CoverageScenario.UNSPECIFIED_HTTP_METHOD or response.request.method == "OPTIONS":
        return SKIPPED
    if response.status_code == 429 or api.matches(UNSUPPORTED_METHOD.name, response.status_code, response.content):
        return None
    if (UNAUTHENTICATED.name in api.rejections and _required_credentials(case, api)
            and api.matches(UNAUTHENTICATED.name, response.status_code, response.content)):  # fmt: skip
        return None
    raise MethodNotRefusedAsDocumented(
        operation=case.operation.label,
        message=f"Unsupported method {response.request.method} answered "
        f"{api.said(response.status_code, response.content)}, expected "
        f"{api.rejections[UNSUPPORTED_METHOD.name].describe()}",
    )


@schemathesis.check
def positive_data_acceptance_as_documented(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """positive_data_acceptance with the API's answer: a schema-valid request gets one of the statuses
    the built-in allows (its expected-statuses setting), or the API's declared refusal of valid data."""
    api = _declared(case, REFUSED_VALID_DATA)
    meta = case.meta
    if api is None or meta is None or not meta.generation.mode.is_positive:
        return SKIPPED
    if coverage_scenario(case) in REQUEST_SHAPE_PROBES:
        return SKIPPED
    expected = ctx.config.positive_data_acceptance.expected_statuses or []
    if response.status_code in expand_status_codes(expected):
        return None
    if api.matches(REFUSED_VALID_DATA.name, response.status_code, response.content):
        return None
    raise ValidDataNotAcceptedAsDocumented(
        operation=case.operation.label,
        message=f"Valid data should have been accepted, got {api.said(response.status_code, response.content)}\n"
        f"Expected: {', '.join(expected)}, or {api.rejections[REFUSED_VALID_DATA.name].describe()}",
    )


class AuthNotRefusedAsDocumented(Failure):
    checks = (UNAUTHENTICATED.replacement,)
    kind_title = "Authentication not enforced as documented"

    def __init__(self, *, operation: str, title: str, message: str) -> None:
        super().__init__(operation=operation, title=title, message=message, severity=Severity.CRITICAL)


class MethodNotRefusedAsDocumented(Failure):
    checks = (UNSUPPORTED_METHOD.replacement,)
    kind_title = "Wrong response to undeclared method"


class ValidDataNotAcceptedAsDocumented(Failure):
    checks = (REFUSED_VALID_DATA.replacement,)
    kind_title = "Schema-valid request rejected"


# Where the credentials are


def _required_credentials(case: Case[Any], api: ApiRejections) -> list[Placement]:
    """Where the operation's security schemes put a credential; [] when it needs none (no requirement,
    or an empty one among its alternatives)."""
    raw = case.operation.definition.raw
    requirements = raw.get("security", case.operation.schema.raw_schema.get("security", []))
    if not requirements or any(not requirement for requirement in requirements):
        return []
    names = {name for requirement in requirements for name in requirement}
    placements = (Placement.of(name, api.security_schemes.get(name, {})) for name in sorted(names))
    return [placement for placement in placements if placement is not None]


def _without_credentials(request: requests.PreparedRequest, placements: list[Placement]) -> requests.PreparedRequest:
    probe = request.copy()
    probe.hooks = requests.hooks.default_hooks()  # not the run's auth's: it would log in again and resend
    for placement in placements:
        if placement.location == "header":
            probe.headers.pop(placement.name, None)
        elif probe.url is not None:
            parts = urllib.parse.urlsplit(probe.url)
            query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
                     if k != placement.name]  # fmt: skip
            probe.url = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
    return probe


def _path_of(request: requests.PreparedRequest) -> str:
    """The request's path and query, without its host (a report shows no credentials: the probes carry
    none the host issued)."""
    parts = urllib.parse.urlsplit(request.url or "")
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _json_object(content: bytes | None) -> dict[str, Any]:
    try:
        body = json.loads(content or b"")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
