"""The contract run's report: failures found in schemathesis' exceptions, masked secrets, the summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import ClassVar

from schemathesis.core.failures import Failure, FailureGroup

from contract_tests.report import MASK, Finding, OperationResult, Redactor, Summary, findings_in, result_in

SECRET = "k3y-that-must-not-leak"


class WrongBody(Failure):
    checks: ClassVar[tuple[str, ...]] = ("response_schema_conformance",)


class Accepted(Failure):
    checks: ClassVar[tuple[str, ...]] = ("negative_data_rejection",)


def group(*failures: Failure) -> FailureGroup:
    text = (
        f"Schemathesis found {len(failures)} distinct failures\n\nReproduce with:\n\n"
        f"    curl -X GET -H 'Authorization: {SECRET}' http://host/api/v1/data-pool\n"
    )
    return FailureGroup(list(failures), text)


def test_findings_are_one_per_operation_and_check_with_a_masked_curl() -> None:
    error = group(
        WrongBody(operation="GET /api/v1/data-pool", message=f"'name' is required (key {SECRET})"),
        WrongBody(operation="GET /api/v1/data-pool", message="a second instance of the same check"),
        Accepted(operation="GET /api/v1/data-pool", message="sort=bogus was accepted"),
    )
    findings = findings_in(BaseExceptionGroup("hypothesis found several", [error]), Redactor([SECRET]))
    assert [(f.operation, f.check) for f in findings] == [
        ("GET /api/v1/data-pool", "response_schema_conformance"),
        ("GET /api/v1/data-pool", "negative_data_rejection"),
    ]
    assert findings[0].curl == f"curl -X GET -H 'Authorization: {MASK}' http://host/api/v1/data-pool"
    assert SECRET not in findings[0].message


def test_the_redactor_masks_the_longer_secret_whole_and_in_every_spelling() -> None:
    redact = Redactor(["abc", "abcdef", ""])
    assert redact("key abcdef and abc") == f"key {MASK} and {MASK}"
    quoted = Redactor(["it's a/key"])
    spelled = """curl -H 'Authorization: it'"'"'s a/key' {"key": "it's a/key"} ?key=it%27s%20a%2Fkey"""
    assert "key" not in quoted(spelled).replace("Authorization", "").replace('"key"', "").replace("?key", "")


def test_the_redactor_also_masks_tokens_issued_during_the_run() -> None:
    issued: list[str] = []
    redact = Redactor(["k3y"], issued=lambda: issued)
    assert redact("token tok-1, key k3y") == f"token tok-1, key {MASK}"
    issued.append("tok-1")  # the run logged in after the report was made
    assert redact("token tok-1, key k3y") == f"token {MASK}, key {MASK}"


def summary(*, live: bool, findings: list[Finding]) -> Summary:
    checks = ["response_schema_conformance", "not_a_server_error"]
    results = {
        "GET /api/v1/data-pool": OperationResult(
            "GET /api/v1/data-pool", checks, "failed" if findings else "passed", findings
        ),
        "GET /api/v1/connection-pools": OperationResult("GET /api/v1/connection-pools", checks, "passed"),
        "POST /api/v1/data-pool": OperationResult("POST /api/v1/data-pool", [], "not run"),
    }
    return Summary(api="widget-api", target="a host", live=live, seed=7, seed_variable="WIDGETS_CONTRACT_SEED",
                   profile="full", results=results, seconds=3.0)  # fmt: skip


def test_a_live_schema_failure_is_reported_as_drift_naming_operation_and_field() -> None:
    finding = Finding(
        "GET /api/v1/data-pool",
        "response_schema_conformance",
        "Response violates schema",
        "'name' is a required property\nmore",
        "curl ...",
        "/data/0",
    )
    text = summary(live=True, findings=[finding]).markdown()
    assert "## The live API has drifted from its docs" in text
    assert "- GET /api/v1/data-pool: the response field /data/0 does not match the spec: 'name' is a required" in text
    assert "| Operation | Result | not_a_server_error | response_schema_conformance |" in text
    assert "| GET /api/v1/data-pool | failed | pass | FAIL |" in text
    assert "| POST /api/v1/data-pool | not run | - | - |" in text
    assert "**FAILED**" in text and "(replay: WIDGETS_CONTRACT_SEED=7)" in text
    assert "specs/widget-api/overlays/" in text and "`make regenerate API=widget-api`" in text
    assert "drifted" not in summary(live=False, findings=[finding]).markdown()


def test_a_clean_run_says_it_passed_and_the_line_reads_back(tmp_path: Path) -> None:
    text = summary(live=True, findings=[]).markdown()
    assert "**passed**" in text and "## Failures" not in text and "drifted" not in text
    assert "Not sent" not in text
    (tmp_path / "summary.md").write_text(text)
    assert result_in(tmp_path) == "passed: 0 of 3 tests failed"
    assert result_in(tmp_path / "nothing-there") is None


def test_what_the_live_write_guard_kept_back_is_counted_in_the_summary() -> None:
    kept = summary(live=True, findings=[])
    kept.not_sent = {"DELETE /widgets/{widget}": Counter({"a value a server may read as an id": 3}),
                     "POST /widgets/{widget}/parts": Counter({"an undeclared write": 1})}  # fmt: skip
    text = kept.markdown()
    assert "## Not sent to the live host" in text
    assert "- DELETE /widgets/{widget}: 3 cases: a value a server may read as an id" in text
    assert "- POST /widgets/{widget}/parts: 1 case: an undeclared write" in text
