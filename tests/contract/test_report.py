"""The run's summary and the plugin's handling of outcomes: what a person reads after a run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import requests

from contract_tests.redaction import MASK, Redactor
from contract_tests.report import ContractReport, requests_logged, result_in
from contract_tests.summary import STATEFUL, ItemResult, Summary
from contract_tests.tally import Tally
from tests.contract.reporting_fakes import FieldViolation, answer, case, failed, passed

LIST, ITEM, OTHER = "GET /widgets", "GET /widgets/{widget}", "GET /gadgets"
KEY = "k3y-of-the-run"


def drifted_tally() -> Tally:
    """`Widget.owner_id` missing in 3 responses of 2 operations, and a passing operation."""
    tally = Tally(redact=Redactor([KEY]))
    for label in (LIST, ITEM):
        tally.expect(label, ["response_schema_conformance", "not_a_server_error"])
    where: list[tuple[str, list[str | int]]] = [(LIST, ["data", 0]), (LIST, ["data", 0]), (ITEM, [])]
    for label, at in where:
        violation = FieldViolation(label, missing="owner_id", schema="Widget", at=at)
        answer(tally, case(label), [failed("response_schema_conformance", violation), *passed("not_a_server_error")])
    tally.expect(OTHER, ["not_a_server_error"])
    answer(tally, case(OTHER), passed("not_a_server_error"))
    return tally


def summary(tally: Tally, *, live: bool, **extra: Any) -> Summary:
    items = {label: ItemResult(label, "failed" if tally.operations[label].failed_checks else "passed")
             for label in tally.operations}  # fmt: skip
    return Summary(api="widget-api", target="a host", live=live, seed=7, seed_variable="WIDGETS_CONTRACT_SEED",
                   profile="full", tally=tally, items=items, seconds=3.0, **extra)  # fmt: skip


def test_a_live_drift_is_one_line_per_field_first_then_one_example() -> None:
    text = summary(drifted_tally(), live=True).markdown()
    assert text.index("## The live API has drifted from its docs") < text.index("## Operations and checks")
    assert "- Widget.owner_id: missing in 3 responses of 2 operations" in text
    assert "specs/widget-api/overlays/" in text and "`make regenerate API=widget-api`" in text
    failures = text[text.index("## Failures") :]
    assert failures.count("### ") == 1 and "### Widget.owner_id: missing (response_schema_conformance)" in failures
    assert "Failed in 3 responses of 2 operations: GET /widgets (2), GET /widgets/{widget} (1)." in failures
    assert failures.count("is a required property") == 1  # one example, not a dump per response
    assert KEY not in text and f"'Authorization: {MASK}'" in text


def test_a_drift_two_checks_found_is_one_line() -> None:
    tally = drifted_tally()
    for label in (LIST, ITEM):
        tally.expect(label, ["strict_response_conformance"])
    where: list[tuple[str, list[str | int]]] = [(LIST, ["data", 0]), (LIST, ["data", 0]), (ITEM, [])]
    for label, at in where:
        violation = FieldViolation(label, missing="owner_id", schema="Widget", at=at)
        answer(tally, case(label), [failed("strict_response_conformance", violation)])
    drift = summary(tally, live=True).markdown().split("## The live API has drifted from its docs")[1].split("##")[0]
    assert drift.count("- Widget.owner_id: missing in 3 responses of 2 operations") == 1


def test_an_emulator_run_groups_its_failures_by_field_too_without_calling_it_drift() -> None:
    text = summary(drifted_tally(), live=False).markdown()
    assert "drifted" not in text
    assert "### Widget.owner_id: missing (response_schema_conformance)" in text


def test_the_matrix_counts_cases_and_results_and_the_result_line_reads_back(tmp_path: Path) -> None:
    text = summary(drifted_tally(), live=False).markdown()
    assert "| Operation | Result | Cases | not_a_server_error | response_schema_conformance |" in text
    assert "| GET /widgets | FAILED | 2 | 2 ok | 2 of 2 FAIL |" in text
    assert "| GET /gadgets | passed | 1 | 1 ok | off |" in text
    assert "| GET /widgets | - | - | 2 | - | 200 x2 |" in text  # cases per phase: fuzzing only
    (tmp_path / "summary.md").write_text(text)
    assert result_in(tmp_path) == "FAILED: 2 of 3 tests failed"
    assert result_in(tmp_path / "nothing-there") is None


def test_refused_credentials_fail_the_run_and_are_said_first() -> None:
    tally = Tally()
    tally.expect(LIST, ["not_a_server_error"])
    for _ in range(12):
        answer(tally, case(LIST), passed("not_a_server_error"), status=401)
    report = summary(tally, live=True)
    text = report.markdown()
    assert report.failed and not report.failed_items  # every check passed: 401 is a documented answer
    assert (
        text.splitlines()[2]
        == "**The run cannot be believed: 12 of 12 answers were 401: the credentials were refused.**"
    )
    assert "- Result: **FAILED**: 12 of 12 answers were 401: the credentials were refused; 0 of 1 tests failed" in text


def test_an_emulator_failure_says_how_to_start_the_emulator_again_and_aims_the_curl_at_it() -> None:
    command = ".venv/bin/api-emulator serve --api widget-api --port 8080 --api-key local-dev-key"
    text = summary(drifted_tally(), live=False, reproduce=(command, "http://127.0.0.1:8080"),
                   base_url="http://127.0.0.1:4321").markdown()  # fmt: skip
    assert text.count(command) == 1  # once, before the failures
    assert f"curl -X GET -H 'Authorization: {MASK}' http://127.0.0.1:8080/widgets" in text
    assert "127.0.0.1:4321" not in text
    live = summary(drifted_tally(), live=True, reproduce=None, base_url="http://127.0.0.1:4321").markdown()
    assert "http://127.0.0.1:4321/widgets" in live and "api-emulator" not in live


def test_the_stateful_section_counts_the_spec_links_followed_and_names_the_others() -> None:
    tally = drifted_tally()
    followed, missed = f"POST /widgets -> [201] GetWidget -> {ITEM}", "POST /widgets -> [201] DeleteWidget -> X"
    tally.spec_links = {followed: False, missed: False, "inferred": True}
    tally.followed = Counter({followed: 4, "inferred": 2})
    report = summary(tally, live=False)
    report.items[STATEFUL] = ItemResult(STATEFUL, "passed")
    text = report.markdown()
    assert "- 1 of 2 links exercised" in text
    assert f"- Never reached:\n  - {missed}" in text
    assert "1 links that schemathesis inferred (not in the spec) were followed too" in text


def test_what_the_live_write_guard_kept_back_is_counted_in_the_summary() -> None:
    kept = summary(drifted_tally(), live=True)
    kept.not_sent = {"DELETE /widgets/{widget}": Counter({"a value a server may read as an id": 3}),
                     "POST /widgets/{widget}/parts": Counter({"an undeclared write": 1})}  # fmt: skip
    text = kept.markdown()
    assert "- DELETE /widgets/{widget}: 3 cases: a value a server may read as an id" in text
    assert "- POST /widgets/{widget}/parts: 1 case: an undeclared write" in text


def test_what_the_guard_re_aimed_is_counted_in_the_summary() -> None:
    kept = summary(drifted_tally(), live=True)
    kept.re_aimed = {"PUT /widgets/{widget}": Counter({"a widget id in path parameter widget": 4})}
    text = kept.markdown()
    assert "## Re-aimed at the run's own resources" in text
    assert "- PUT /widgets/{widget}: 4 cases: a widget id in path parameter widget" in text
    assert "Re-aimed" not in summary(drifted_tally(), live=True).markdown()


def test_what_a_test_printed_or_logged_is_masked_too() -> None:
    plugin = report_plugin(Tally())
    sections = [("Captured log call", f"DEBUG Authorization: {KEY}"), ("Captured stdout", "ok")]
    report = SimpleNamespace(longrepr=f"failed with {KEY}", sections=sections)
    plugin._mask(report)  # type: ignore[arg-type]
    assert report.sections == [("Captured log call", f"DEBUG Authorization: {MASK}"), ("Captured stdout", "ok")]
    assert report.longrepr == f"failed with {MASK}"


def report_plugin(tally: Tally) -> ContractReport:
    item = object()  # a test item, as the plugin knows it: a key
    return ContractReport(None, Redactor([KEY]), {}, tally, {item: LIST})  # type: ignore[dict-item]


def test_a_test_that_met_network_errors_fails_with_their_lines_and_no_traceback() -> None:
    tally = Tally()
    tally.enter(LIST)
    request = requests.Request("GET", "http://127.0.0.1:9/widgets").prepare()
    tally.network_error(LIST, requests.ConnectTimeout("timed out", request=request), case(LIST))
    tally.leave()
    plugin = report_plugin(tally)
    report = SimpleNamespace(skipped=False, failed=False, outcome="passed", longrepr=None, when="call")
    plugin._record(plugin.items[LIST], report, SimpleNamespace(excinfo=None))  # type: ignore[arg-type]
    assert report.outcome == "failed"
    assert report.longrepr == f"{LIST}: network error: unreachable (no connection) on GET http://127.0.0.1:9/widgets"
    assert plugin.items[LIST].outcome == "error"


def test_an_error_that_is_no_check_failure_is_one_line_in_the_summary() -> None:
    plugin = report_plugin(Tally())
    report = SimpleNamespace(
        skipped=False, failed=True, outcome="failed", longrepr="Traceback ...\n  long", when="call"
    )
    error = RuntimeError(f"the emulator exited with status 2 (key {KEY})\nmore lines")
    excinfo = SimpleNamespace(value=error, exconly=lambda: f"RuntimeError: {error}")
    plugin._record(plugin.items[LIST], report, SimpleNamespace(excinfo=excinfo))  # type: ignore[arg-type]
    assert plugin.items[LIST].error == f"RuntimeError: the emulator exited with status 2 (key {MASK})"


def test_the_emulator_log_counts_every_request_it_answered(tmp_path: Path) -> None:
    log = tmp_path / "emulator.log"
    log.write_text("widget-api emulator on http://127.0.0.1:4321\n"
                   "2026-12-01 10:00:00,001 INFO GET /widgets?page=2 200 1.2 ms\n"
                   "2026-12-01 10:00:00,002 INFO POST /widgets 422 0.8 ms\n"
                   "2026-12-01 10:00:00,003 WARNING a store was rebuilt\n")  # fmt: skip
    assert requests_logged(log) == 2
    assert requests_logged(tmp_path / "none.log") is None


def test_a_run_the_preflight_stopped_says_why_in_its_result_line(tmp_path: Path) -> None:
    stopped = summary(Tally(), live=True, stopped="contract check of widget-api: https://x: the API key was refused")
    (tmp_path / "summary.md").write_text(stopped.markdown())
    assert result_in(tmp_path) == (
        "FAILED: stopped before the first test: contract check of widget-api: https://x: the API key was refused"
    )
