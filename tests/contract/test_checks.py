"""The checks that take an API's declared rejections in place of the built-ins' statuses
(contract_tests/checks.py), on an API of our own (tests/contract/fake_api.py): set up from the profile
and schemathesis.toml, and what each lets through and fails."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from schemathesis import Case
from schemathesis.checks import CheckContext
from schemathesis.core.failures import Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response
from schemathesis.generation.meta import (
    CaseMetadata,
    ComponentInfo,
    CoverageScenario,
    FuzzingPhaseData,
    GenerationInfo,
    PhaseInfo,
    TestPhase,
)
from schemathesis.generation.modes import GenerationMode
from schemathesis.schemas import BaseSchema

from contract_tests import checks
from contract_tests.api import ContractApi, ContractSetupError
from contract_tests.auth import RunAuth
from contract_tests.checks import KINDS
from contract_tests.schema import load
from contract_tests.target import from_environment
from tests.contract.fake_api import NAME, SESSION_FLOW, SESSION_TOKEN, TITLE, WidgetHost, serve, write_api

REJECTIONS = {
    "unauthenticated": {"status": 400, "codes": ["session.gone"]},
    "unsupported_method": {"status": 400, "codes": ["request.bad_method"]},
    "refused_valid_data": {"status": 400, "realms": ["user"]},
}
ERRORS = {"by": "code", "code_field": "code", "realm_field": "realm"}
BUILTINS_OFF = "".join(f"[project.checks.{kind.builtin}]\nenabled = false\n" for kind in KINDS)


def widget_api(tmp_path: Path, rejections: dict[str, Any] | None = REJECTIONS) -> ContractApi:
    """The widget API with its session flow, every call needing the session token."""
    profile = {"errors": ERRORS, "contract": {"rejections": rejections} if rejections else {}}
    api = write_api(tmp_path, security=SESSION_TOKEN, flow=SESSION_FLOW, profile=profile)
    spec = json.loads(api.spec_path.read_text(encoding="utf-8"))
    spec["security"] = [{"InHeader": []}, {"InQuery": []}]
    api.spec_path.write_text(json.dumps(spec), encoding="utf-8")
    return ContractApi.load(NAME, tmp_path)


def loaded(tmp_path: Path, api: ContractApi, project: str = BUILTINS_OFF, **env: str) -> tuple[BaseSchema, RunAuth]:
    config = tmp_path / "schemathesis.toml"
    config.write_text(f'[[project]]\ntitle = "{TITLE}"\n{project}', encoding="utf-8")
    return load(api, from_environment(api, env), config)


def enabled(schema: BaseSchema) -> set[str]:
    config = schema.config.checks_config_for()
    names = {kind.builtin for kind in KINDS} | {kind.replacement for kind in KINDS}
    return {name for name in names if config.get_by_name(name=name).enabled}


def test_a_declared_rejection_replaces_its_builtin(tmp_path: Path) -> None:
    schema, _ = loaded(tmp_path, widget_api(tmp_path))
    assert enabled(schema) == {kind.replacement for kind in KINDS}


def test_an_api_that_declares_none_keeps_the_builtins_alone(tmp_path: Path) -> None:
    schema, _ = loaded(tmp_path, widget_api(tmp_path, rejections=None), project="")
    assert enabled(schema) == {kind.builtin for kind in KINDS}


def test_a_declaration_whose_builtin_is_still_on_is_refused(tmp_path: Path) -> None:
    api = widget_api(tmp_path, rejections={"unsupported_method": REJECTIONS["unsupported_method"]})
    with pytest.raises(ContractSetupError, match=r"unsupported_method replaces the check unsupported_method, .*"
                       r"\[project\.checks\.unsupported_method\] enabled = false"):  # fmt: skip
        loaded(tmp_path, api, project="")


def test_codes_must_be_ones_the_spec_documents(tmp_path: Path) -> None:
    api = widget_api(tmp_path)
    api.profile.errors["codes_extension"] = "x-error-codes"  # the widget spec documents none
    with pytest.raises(ContractSetupError, match=r"unauthenticated\.codes: session\.gone is not among the codes"):
        loaded(tmp_path, api)


@pytest.fixture
def host() -> Iterator[WidgetHost]:
    yield from serve(WidgetHost(sessions_required=True))


def listing(schema: BaseSchema, auth: RunAuth, host: WidgetHost) -> tuple[Case[Any], Response]:
    """A call of listWidgets with the run's session, as schemathesis makes it."""
    case: Case[Any] = schema["/widgets"]["GET"].Case()
    case._auth = auth
    with requests.Session() as http:
        sent = case.call(base_url=host.url, session=http)
    return case, sent


def live(host: WidgetHost) -> dict[str, str]:
    return {"WIDGETS_BASE_URL": host.url, "WIDGETS_LOGIN": "ann", "WIDGETS_PASSWORD": "pw-9-long-enough"}


def test_a_host_that_refuses_a_missing_or_wrong_token_as_declared_passes_once_per_operation(
    tmp_path: Path, host: WidgetHost
) -> None:
    schema, auth = loaded(tmp_path, widget_api(tmp_path), **live(host))
    auth.bind(host.url)
    case, sent = listing(schema, auth, host)
    assert sent.status_code == 200
    before = len(host.requests)
    assert checks.ignored_auth_as_documented(context(schema), sent, case) is None
    probes = host.requests[before:]
    assert probes == [("GET", "/widgets", ""), ("GET", "/widgets", ""),
                      ("GET", "/widgets", "token=contract-check-invalid-credential")]  # fmt: skip
    assert not any(path == "/session" for _, path, _ in probes)  # the run's auth did not log in again for them
    assert checks.ignored_auth_as_documented(context(schema), sent, case) is checks.SKIPPED  # no run counted
    assert len(host.requests) == before + 3  # confirmed: not probed again


def test_a_host_that_lets_a_call_without_its_token_through_fails(tmp_path: Path, host: WidgetHost) -> None:
    schema, auth = loaded(tmp_path, widget_api(tmp_path), **live(host))
    auth.bind(host.url)
    case, sent = listing(schema, auth, host)
    host.sessions_required = False
    with pytest.raises(checks.AuthNotRefusedAsDocumented, match="accepts a request with no credentials") as failed:
        checks.ignored_auth_as_documented(context(schema), sent, case)
    assert failed.value.message == ("Expected 400 with code session.gone, got 200 for `GET /widgets` with no "
                                    "credentials")  # fmt: skip


def context(schema: BaseSchema) -> CheckContext:
    return CheckContext(override=None, auth=None, headers=None, config=schema.config.checks_config_for(),
                        transport_kwargs=None, response_checks=None)  # fmt: skip


def answer(method: str, status: int, body: dict[str, str]) -> Response:
    request = requests.Request(method, "http://host.invalid/widgets").prepare()
    return Response(status, {}, json.dumps(body).encode(), request, elapsed=0.0, verify=True)


def case_of(schema: BaseSchema, phase: PhaseInfo, mode: GenerationMode) -> Case[Any]:
    meta = CaseMetadata(generation=GenerationInfo(time=0.0, mode=mode),
                        components={ParameterLocation.QUERY: ComponentInfo(mode)}, phase=phase)  # fmt: skip
    case: Case[Any] = schema["/widgets"]["GET"].Case(_meta=meta)
    return case


@pytest.mark.parametrize(
    ("status", "body", "passes"),
    [
        (400, {"code": "request.bad_method"}, True),
        (400, {"code": "session.gone"}, True),  # refused for its missing token first, as the built-in allows
        (429, {}, True),
        (405, {}, False),  # what the built-in wants, and not what this API says it answers
        (400, {"code": "request.invalid"}, False),
    ],
)
def test_an_undeclared_method_must_be_refused_as_declared(
    tmp_path: Path, status: int, body: dict[str, str], passes: bool
) -> None:
    schema, _ = loaded(tmp_path, widget_api(tmp_path))
    case = case_of(schema, PhaseInfo.coverage(CoverageScenario.UNSPECIFIED_HTTP_METHOD, "TRACE"),
                   GenerationMode.NEGATIVE)  # fmt: skip
    response = answer("TRACE", status, body)
    if passes:
        assert checks.unsupported_method_as_documented(context(schema), response, case) is None
    else:
        with pytest.raises(checks.MethodNotRefusedAsDocumented, match=f"Unsupported method TRACE answered {status}"):
            checks.unsupported_method_as_documented(context(schema), response, case)


@pytest.mark.parametrize(
    ("mode", "status", "body", "passes"),
    [
        (GenerationMode.POSITIVE, 200, {}, True),
        (GenerationMode.POSITIVE, 404, {}, True),  # still what positive_data_acceptance's settings allow
        (GenerationMode.POSITIVE, 400, {"realm": "user", "code": "widget.not_found"}, True),
        (GenerationMode.POSITIVE, 400, {"realm": "api", "code": "type.mismatch"}, False),
        (GenerationMode.POSITIVE, 400, {}, False),
    ],
)
def test_valid_data_is_accepted_or_refused_only_as_declared(
    tmp_path: Path, mode: GenerationMode, status: int, body: dict[str, str], passes: bool
) -> None:
    schema, _ = loaded(tmp_path, widget_api(tmp_path))
    fuzzing = PhaseInfo(TestPhase.FUZZING, FuzzingPhaseData(description=None, parameter=None, parameter_location=None,
                                                            location=None))  # fmt: skip
    case, response = case_of(schema, fuzzing, mode), answer("GET", status, body)
    if passes:
        assert checks.positive_data_acceptance_as_documented(context(schema), response, case) is None
    else:
        with pytest.raises(Failure, match=r"Expected: .*404.*, or 400 with a code of the user realm"):
            checks.positive_data_acceptance_as_documented(context(schema), response, case)


def test_invalid_data_is_not_judged_by_the_valid_data_check(tmp_path: Path) -> None:
    """A negative case is not this check's: it says so (schemathesis' "skipped"), so no run is counted."""
    schema, _ = loaded(tmp_path, widget_api(tmp_path))
    fuzzing = PhaseInfo(TestPhase.FUZZING, FuzzingPhaseData(description=None, parameter=None, parameter_location=None,
                                                            location=None))  # fmt: skip
    case = case_of(schema, fuzzing, GenerationMode.NEGATIVE)
    response = answer("GET", 400, {"realm": "api", "code": "type.mismatch"})
    assert checks.positive_data_acceptance_as_documented(context(schema), response, case) is checks.SKIPPED


def test_a_case_redirected_to_another_host_is_answered_by_the_redirect_not_sent_there(
    tmp_path: Path, host: WidgetHost, elsewhere: WidgetHost
) -> None:
    """requests would send the case again, with its session token (a header of its own, not
    Authorization), to the host a 307 names; the guard judged only the first URL."""
    schema, auth = loaded(tmp_path, widget_api(tmp_path), **live(host))
    auth.bind(host.url)
    host.redirect_to = elsewhere.url
    _, sent = listing(schema, auth, host)
    assert (sent.status_code, sent.headers["location"]) == (307, [elsewhere.url + "/widgets"])
    assert elsewhere.requests == [] and ("GET", "/widgets", "") in host.requests
