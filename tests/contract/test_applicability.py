"""The report counts a check's result as a run only where the case is one the check checks
(contract_tests/applicability.py). Each precondition is held against schemathesis' own check: on a case
that meets it, an answer that breaks the check fails it (so it did check); on a case that does not, the
same answer passes (so a result there says nothing) and the report counts no run."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import Case
from schemathesis.core.failures import Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import (
    CaseMetadata,
    ComponentInfo,
    CoverageScenario,
    FuzzingPhaseData,
    GenerationInfo,
    PhaseInfo,
    TestPhase,
)
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi import checks as builtin

from contract_tests.applicability import ran_on
from tests.contract.test_checks import context

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Things", "version": "1"},
    "paths": {"/widgets": {"get": {
        "parameters": [{"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                       {"name": "X-Request", "in": "header", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok"}, "400": {"description": "refused"}},
    }}},
}  # fmt: skip


def answer(method: str, status: int, case: Case[Any], headers: dict[str, str] | None = None) -> Response:
    """An answer to the case as sent (the checks read what was sent from the request)."""
    request = requests.Request(method, "http://host.invalid/widgets", params=case.query).prepare()
    all_headers = {name.lower(): [value] for name, value in (headers or {}).items()}
    return Response(status, all_headers, b"{}", request, elapsed=0.0, verify=True)


def case_of(schema: BaseSchema, phase: PhaseInfo, mode: GenerationMode) -> Case[Any]:
    """A case of GET /widgets in that phase and mode; a negative one with a size the schema refuses."""
    meta = CaseMetadata(generation=GenerationInfo(time=0.0, mode=mode),
                        components={ParameterLocation.QUERY: ComponentInfo(mode)}, phase=phase)  # fmt: skip
    case: Case[Any] = schema["/widgets"]["GET"].Case(query={"size": -5 if mode.is_negative else 3}, _meta=meta)
    return case


FUZZING = PhaseInfo(TestPhase.FUZZING, FuzzingPhaseData(description=None, parameter=None, parameter_location=None,
                                                        location=None))  # fmt: skip
UNDECLARED_METHOD = PhaseInfo.coverage(CoverageScenario.UNSPECIFIED_HTTP_METHOD, "TRACE")
MISSING_HEADER = PhaseInfo.coverage(CoverageScenario.MISSING_PARAMETER, "Missing X-Request", parameter="X-Request",
                                    parameter_location=ParameterLocation.HEADER)  # fmt: skip

Sent = tuple[PhaseInfo, GenerationMode, str, int, dict[str, str]]  # a case, and the method, status, headers
# of its answer

# (check, a case it checks with an answer that breaks it, a case it does not check with the same kind of
# answer)
PAIRS: list[tuple[str, Any, Sent, Sent]] = [
    ("negative_data_rejection", builtin.negative_data_rejection,
     (FUZZING, GenerationMode.NEGATIVE, "GET", 200, {}), (FUZZING, GenerationMode.POSITIVE, "GET", 200, {})),
    ("positive_data_acceptance", builtin.positive_data_acceptance,
     (FUZZING, GenerationMode.POSITIVE, "GET", 400, {}), (FUZZING, GenerationMode.NEGATIVE, "GET", 400, {})),
    ("unsupported_method", builtin.unsupported_method,
     (UNDECLARED_METHOD, GenerationMode.NEGATIVE, "TRACE", 200, {}),
     (FUZZING, GenerationMode.POSITIVE, "TRACE", 200, {})),
    ("missing_required_header", builtin.missing_required_header,
     (MISSING_HEADER, GenerationMode.NEGATIVE, "GET", 200, {}), (FUZZING, GenerationMode.NEGATIVE, "GET", 200, {})),
    ("allow_header_conformance", builtin.allow_header_conformance,
     (FUZZING, GenerationMode.POSITIVE, "OPTIONS", 200, {"Allow": "GET, DELETE"}),
     (FUZZING, GenerationMode.POSITIVE, "GET", 200, {"Allow": "GET, DELETE"})),
]  # fmt: skip


@pytest.mark.parametrize(("name", "check", "checked", "not_checked"), PAIRS, ids=[pair[0] for pair in PAIRS])
def test_a_check_counts_a_run_exactly_where_it_can_fail(
    name: str, check: Any, checked: Sent, not_checked: Sent
) -> None:
    schema = schemathesis.openapi.from_dict(SPEC)
    phase, mode, method, status, headers = checked
    applies: Case[Any] = case_of(schema, phase, mode)
    response = answer(method, status, applies, headers)
    with pytest.raises(Failure):
        check(context(schema), response, applies)
    assert ran_on(name, applies, response)
    phase, mode, method, status, headers = not_checked
    elsewhere: Case[Any] = case_of(schema, phase, mode)
    response = answer(method, status, elsewhere, headers)
    assert check(context(schema), response, elsewhere) is None  # "passed": schemathesis records a success
    assert not ran_on(name, elsewhere, response)


def test_a_check_without_a_precondition_counts_every_result() -> None:
    schema = schemathesis.openapi.from_dict(SPEC)
    case: Case[Any] = case_of(schema, FUZZING, GenerationMode.POSITIVE)
    assert ran_on("not_a_server_error", case, answer("GET", 200, case))
    assert not ran_on("use_after_free", case, answer("GET", 200, case))  # looks back: only in the stateful phase
    assert not ran_on("object_level_authorization", case, answer("GET", 200, case))  # one identity: no peers


JSON_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Things", "version": "1"},
    "paths": {"/widgets": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"type": "object", "required": ["data"]}}}}}}}},
}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "media_type", "checked"),
    [(200, "application/json", True), (200, "text/html", False), (404, "application/json", False)],
)
def test_response_schema_conformance_counts_a_run_only_with_a_schema_to_hold_the_answer_to(
    status: int, media_type: str, checked: bool
) -> None:
    schema = schemathesis.openapi.from_dict(JSON_SPEC)
    case: Case[Any] = case_of(schema, FUZZING, GenerationMode.POSITIVE)
    response = answer("GET", status, case, {"Content-Type": media_type})  # its body, {}, lacks "data"
    if checked:
        with pytest.raises(Failure):
            builtin.response_schema_conformance(context(schema), response, case)
    else:
        assert builtin.response_schema_conformance(context(schema), response, case) is None
    assert ran_on("response_schema_conformance", case, response) is checked
