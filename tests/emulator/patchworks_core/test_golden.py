"""The emulator answers the golden walk (golden.py) exactly as recorded: status, kept headers and body."""

from __future__ import annotations

import json
import re

from contract_tests.strict_validation import StrictValidator
from generator.layout import ApiLayout
from tests.emulator.patchworks_core.golden import API, GOLDEN, STEPS, responses, walk


def test_every_answer_is_as_recorded() -> None:
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [entry["step"] for entry in recorded] == [step.name for step in STEPS], (
        "the walk's steps changed: record again with `python -m tests.emulator.patchworks_core.golden`"
    )
    changed = [
        f"{now['step']} ({now['request']}):\n  recorded {json.dumps(before)[:600]}\n  now      {json.dumps(now)[:600]}"
        for before, now in zip(recorded, walk(), strict=True)
        if before != now
    ]
    assert not changed, f"{len(changed)} answer(s) differ from {GOLDEN.name}:\n" + "\n".join(changed)


def test_every_answer_to_an_operation_is_valid_by_strict_openapi_303() -> None:
    """The walk's answers to the spec's operations, judged as the contract check's strict check judges them
    (openapi-core, contract_tests/strict_validation.py): issue 12, D2 was the demo records' include= answer,
    whose null relations strict OpenAPI 3.0.3 refused, and which a contract run on an empty database never
    meets. Answers to what is no operation (a control route, an unknown route, an undeclared method) are
    not the spec's to judge."""
    spec = json.loads(ApiLayout.find(API).spec_path.read_text(encoding="utf-8"))
    validator = StrictValidator(spec)
    templates = [
        (re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$"), path, item)
        for path, item in spec["paths"].items()
    ]
    judged, broken = 0, []
    for step, response in zip(STEPS, responses(), strict=True):
        template = next((path for pattern, path, item in templates if pattern.match(step.path)
                         and step.method.lower() in item), None)  # fmt: skip
        if template is None:
            continue
        headers = {name: response.headers.get_list(name) for name in response.headers}
        found = validator.violations(step.method, template, response.status_code, headers, response.content)
        judged += found is not None
        broken += [f"{step.name}: {violation.line()}" for violation in found or []]
    assert judged > 60, "the walk's answers to operations were not judged"
    assert not broken, "\n".join(broken)
