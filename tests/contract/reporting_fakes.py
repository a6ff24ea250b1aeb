"""Cases, responses and check results as schemathesis hands them to the report's hooks, made by hand: the
tally and the summary are tested on what they are told, without a host."""

from __future__ import annotations

import itertools
import re
from types import SimpleNamespace
from typing import Any, ClassVar

from schemathesis.checks import CheckResult
from schemathesis.core.failures import Failure
from schemathesis.engine import Status

from contract_tests.tally import Tally

_IDS = itertools.count(1)


class SlowResponse(Failure):
    checks: ClassVar[tuple[str, ...]] = ("max_response_time",)


class FieldViolation(Failure):
    """Shaped as schemathesis' JsonSchemaError: where in the schema and in the body, and the bundle's map."""

    checks: ClassVar[tuple[str, ...]] = ("response_schema_conformance",)

    def __init__(self, operation: str, *, missing: str, schema: str, at: list[str | int]) -> None:
        message = f'"{missing}" is a required property\n\nSchema at /components/schemas/{schema}: {{...}}'
        super().__init__(operation=operation, title="Response violates schema", message=message)
        self.schema_path = ["x-bundled", "schema1", "required"]
        self.instance_path = at
        self.instance: dict[str, Any] = {}
        self._raw_message = f'"{missing}" is a required property'
        self._name_to_uri = {"schema1": f"file:///spec.json#/components/schemas/{schema}"}


# Every status of a fake operation is documented with a JSON schema (what response_schema_conformance
# needs to have checked an answer: contract_tests/applicability.py).
_DOCUMENTED = SimpleNamespace(
    get_schema=lambda media_type: SimpleNamespace(schema={"type": "object"}, media_type="application/json"),
    get_stream_schema=lambda media_type: SimpleNamespace(schema=None),
)


def case(label: str, phase: str = "fuzzing", *, negative: bool = False) -> Any:
    method, path = label.split(" ", 1)
    return SimpleNamespace(
        id=f"case-{next(_IDS)}",
        operation=SimpleNamespace(
            label=label,
            path=path,
            method=method,
            path_parameters=re.findall(r"{([^}]+)}", path),
            responses=SimpleNamespace(find_by_status_code=lambda status: _DOCUMENTED),
        ),
        meta=SimpleNamespace(
            phase=SimpleNamespace(name=SimpleNamespace(value=phase), data=None),
            generation=SimpleNamespace(mode=SimpleNamespace(is_positive=not negative, is_negative=negative)),
        ),
        as_curl_command=lambda **_: f"curl -X {method} -H 'Authorization: k3y-of-the-run' http://127.0.0.1:4321{path}",
    )


def response(status: int = 200, content: bytes = b"{}") -> Any:
    return SimpleNamespace(status_code=status, content=content, verify=True, request=SimpleNamespace(headers={}),
                           headers={"content-type": ["application/json"]})  # fmt: skip


def passed(*checks: str) -> list[CheckResult]:
    return [CheckResult(name=name, status=Status.SUCCESS, failure=None) for name in checks]


def failed(check: str, failure: Failure) -> CheckResult:
    return CheckResult(name=check, status=Status.FAILURE, failure=failure)


def answer(tally: Tally, sent: Any, results: list[CheckResult], status: int = 200, content: bytes = b"{}") -> None:
    """One case sent and checked, as schemathesis' after_call and after_validate hooks tell it."""
    answered = response(status, content)
    context: Any = SimpleNamespace()  # schemathesis' HookContext: the tally does not read it
    tally._after_call(context, sent, answered)
    tally._after_validate(context, sent, answered, results)
