"""Whether a check had anything to check on a case: what the report counts as "ran".

schemathesis hands the `after_validate` hook one result per check that did not ask to be skipped, but its
built-in checks mostly ask for that only in their decorators (a request-shape probe, no OpenAPI schema,
no case metadata) and otherwise return None, the same as a pass, when the case is not theirs at all:
`negative_data_rejection` on a positive case, `unsupported_method` outside the coverage phase's
undeclared-method scenario. Counted as runs, those would make a column claim hundreds of checks that
never looked at anything. So each built-in check that has such a precondition has it restated here, read
from its source in schemathesis 4.32 (schemathesis/specs/openapi/checks.py, stateful/checks), and a result
counts as a run only where that precondition holds. The project's own checks (contract_tests/checks.py,
strict_validation.py) return True themselves when a case is not theirs, so they need no entry.

Hand-written because schemathesis exposes no "was this check applicable" flag. tests/contract/
test_applicability.py holds each precondition it can build a case for against schemathesis' own check (it
fails if the check's behaviour moves); ignored_auth, object_level_authorization and the two look-back
checks need probes or a recorded scenario, so theirs are restated from the source only and are to be
re-read when the pinned schemathesis changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response, response_content_type
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario, TestPhase

Applies = Callable[[Case[Any], Response], bool]


def _negative(case: Case[Any], response: Response) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_negative


def _positive(case: Case[Any], response: Response) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def _coverage_scenario(case: Case[Any]) -> CoveragePhaseData | None:
    data = case.meta.phase.data if case.meta is not None else None
    return data if isinstance(data, CoveragePhaseData) else None


def _missing_header(case: Case[Any], response: Response) -> bool:
    data = _coverage_scenario(case)
    return (
        data is not None
        and data.scenario == CoverageScenario.MISSING_PARAMETER
        and data.parameter_location == ParameterLocation.HEADER
    )


def _undeclared_method(case: Case[Any], response: Response) -> bool:
    data = _coverage_scenario(case)
    return (
        data is not None
        and data.scenario == CoverageScenario.UNSPECIFIED_HTTP_METHOD
        and (response.request.method != "OPTIONS")
    )


def _options_answer_with_allow(case: Case[Any], response: Response) -> bool:
    return response.request.method == "OPTIONS" and bool(response.headers.get("allow"))


def _secured_success(case: Case[Any], response: Response) -> bool:
    # ignored_auth only looks at an answer that let a call with credentials through (2xx), of an
    # operation that requires them; then it probes without them.
    requirements = case.operation.definition.raw.get("security", case.operation.schema.raw_schema.get("security"))
    return bool(requirements) and 200 <= response.status_code < 300


def _read_as_an_identity(case: Case[Any], response: Response) -> bool:
    # object_level_authorization replays a successful GET as the other identities of an escalating auth
    # provider; without identities (the run has one set of credentials) it has nothing to replay.
    return case.method == "GET" and 200 <= response.status_code < 300 and case.auth_identity is not None


def _stateful(case: Case[Any]) -> bool:
    # Both look back on the calls recorded before this one, which only the stateful phase records.
    return case.meta is not None and case.meta.phase.name.value == TestPhase.STATEFUL.value


def _read_after_a_delete(case: Case[Any], response: Response) -> bool:
    # use_after_free: a successful read or patch of one resource (a path with parameters: only such a
    # path can lie under a deleted one), in the stateful phase; DELETE, PUT and POST return at once.
    return (
        _stateful(case)
        and 200 <= response.status_code < 400
        and case.operation.method.lower() in READS_OF_ONE_RESOURCE
        and bool(case.operation.path_parameters)
    )


def _not_found_after_a_create(case: Case[Any], response: Response) -> bool:
    # ensure_resource_availability: only a 404 of one resource, in the stateful phase (it then asks
    # whether a POST just before created it).
    return _stateful(case) and response.status_code == 404 and bool(case.operation.path_parameters)


READS_OF_ONE_RESOURCE = frozenset(("get", "head", "options", "query", "patch"))


def _a_documented_schema(case: Case[Any], response: Response) -> bool:
    # response_schema_conformance (validate_documented_response) returns None, a pass, for a HEAD, a status
    # the operation does not document, and an answer in a media type it documents no schema for (an HTML
    # page where JSON is documented): only an answer with a schema to hold it to is checked.
    if case.operation.method.upper() == "HEAD":
        return False
    definition = case.operation.responses.find_by_status_code(response.status_code)
    if definition is None:
        return False
    resolved = definition.get_schema(response_content_type(response))
    return resolved.schema is not None or definition.get_stream_schema(resolved.media_type).schema is not None


PRECONDITIONS: dict[str, Applies] = {
    "negative_data_rejection": _negative,
    "positive_data_acceptance": _positive,
    "missing_required_header": _missing_header,
    "unsupported_method": _undeclared_method,
    "allow_header_conformance": _options_answer_with_allow,
    "ignored_auth": _secured_success,
    "object_level_authorization": _read_as_an_identity,
    "use_after_free": _read_after_a_delete,
    "ensure_resource_availability": _not_found_after_a_create,
    "response_schema_conformance": _a_documented_schema,
}


def ran_on(check: str, case: Case[Any], response: Response) -> bool:
    """Whether the check's result on this case is a check of something (see the module's docstring)."""
    applies = PRECONDITIONS.get(check)
    return applies is None or applies(case, response)
