"""How a test sends one schemathesis case: the live-write guard first, then the call with every check,
a network error recorded in the run's tally rather than raised (shared by test_contract.py's
test_operation and test_reuse.py).

Raised, a network error would make Hypothesis replay the case to shrink it, against a host that does not
answer, and pytest print the traceback of requests and urllib3; recorded, it is one line in the report
and the test fails with it. After NETWORK_ERRORS_BEFORE_GIVING_UP of them an operation's test sends no
more cases.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest
import requests
from schemathesis import Case
from schemathesis.core.transport import Response

from contract_tests.safety import Guard, UndeclaredWrite
from contract_tests.tally import Tally

NETWORK_ERRORS_BEFORE_GIVING_UP = 3


def host_gave_up(tally: Tally) -> bool:
    """Whether the running test has met enough network errors to send nothing more."""
    return tally.network_errors_here() >= NETWORK_ERRORS_BEFORE_GIVING_UP


def send_checked(case: Case[Any], base_url: str, http: requests.Session, guard: Guard, tally: Tally) -> Response | None:
    """The case's answer after every check (a failed check raises), or None when it was not sent: kept
    back by the guard, or met by a network error (recorded)."""
    try:
        admitted = guard.admit(case)
    except UndeclaredWrite as undeclared:
        pytest.skip(str(undeclared))
    if not admitted:
        return None
    # The guard sees the case's answer before the checks do: one that fails a check (a live host that has
    # drifted from its spec) may still have created a resource, which the run must then delete.
    answers: list[requests.Response] = []
    path = case.formatted_path

    def note(answer: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = answer.request
        if request.method == case.method.upper() and urllib.parse.urlsplit(request.url or "").path.endswith(path):
            answers.append(answer)  # the case's own (not another operation's call of a check's)

    http.hooks["response"].append(note)
    try:
        response = case.call_and_validate(base_url=base_url, session=http)
    except requests.RequestException as error:
        tally.network_error(case.operation.label, error, case)
        return None
    finally:
        http.hooks["response"].remove(note)
        for answer in answers:
            guard.after_call(case, answer)
    return response
