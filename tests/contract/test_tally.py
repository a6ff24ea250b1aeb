"""The tally counts what the hooks told it, on the operation each result belongs to, and nothing else."""

from __future__ import annotations

import requests

from contract_tests.strict_validation import StrictResponseViolation, StrictViolation
from contract_tests.summary import ItemResult, Summary, cell
from contract_tests.tally import OUTSIDE_TESTS, Tally
from contract_tests.violations import Violation
from tests.contract.reporting_fakes import FieldViolation, SlowResponse, answer, case, failed, passed

LIST = "GET /widgets"
ITEM = "GET /widgets/{widget}"
CREATE = "POST /widgets"


def test_a_check_shows_only_on_the_operations_where_its_results_were_recorded() -> None:
    tally = Tally()
    tally.expect(LIST, ["not_a_server_error", "status_code_conformance"])
    tally.expect(ITEM, ["not_a_server_error", "status_code_conformance"])
    for _ in range(3):
        answer(tally, case(LIST), passed("not_a_server_error", "status_code_conformance"))
    answer(tally, case(ITEM), passed("not_a_server_error"))
    assert cell(tally.operations[LIST], "status_code_conformance") == "3 ok"
    assert cell(tally.operations[ITEM], "not_a_server_error") == "1 ok"
    # Enabled on ITEM, but no result of it was ever recorded there: no count, whatever LIST ran.
    assert cell(tally.operations[ITEM], "status_code_conformance") == "-"
    # Never enabled nor recorded there: off, not "ran on nothing".
    assert cell(tally.operations[ITEM], "use_after_free") == "off"


def test_one_response_failing_a_check_several_ways_is_one_run_and_one_failure() -> None:
    tally = Tally()
    twice = [failed("response_schema_conformance", FieldViolation(LIST, missing="owner_id", schema="Widget",
                                                                 at=["data", index])) for index in (0, 1)]  # fmt: skip
    answer(tally, case(LIST), twice)
    answer(tally, case(LIST), passed("response_schema_conformance"))
    count = tally.operations[LIST].checks["response_schema_conformance"]
    assert (count.ran, count.failed) == (2, 1)
    assert cell(tally.operations[LIST], "response_schema_conformance") == "1 of 2 FAIL"
    [finding] = tally.findings.values()
    assert finding.violation == Violation("Widget.owner_id", "missing") and finding.total == 1


def test_a_failing_check_that_no_configuration_lists_still_gets_its_cell() -> None:
    tally = Tally()
    tally.expect(LIST, ["not_a_server_error"])
    answer(tally, case(LIST), [*passed("not_a_server_error"), failed("max_response_time", SlowResponse(
        operation=LIST, title="Response time limit exceeded", message="Actual: 6000.00ms"))])  # fmt: skip
    assert cell(tally.operations[LIST], "max_response_time") == "1 of 1 FAIL"
    assert tally.operations[LIST].failed_checks == ["max_response_time"]


def test_checks_that_look_back_count_only_where_they_look() -> None:
    """use_after_free: a read of one resource in the stateful phase; never a list, nor outside it."""
    tally = Tally()
    answer(tally, case(ITEM, "fuzzing"), passed("use_after_free", "not_a_server_error"))
    answer(tally, case(LIST, "stateful"), passed("use_after_free"))
    assert "use_after_free" not in tally.operations[ITEM].checks
    assert "use_after_free" not in tally.operations[LIST].checks
    answer(tally, case(ITEM, "stateful"), passed("use_after_free"))
    assert tally.operations[ITEM].checks["use_after_free"].ran == 1


def test_cases_are_counted_per_phase_and_a_test_module_may_name_its_own() -> None:
    tally = Tally()
    tally.enter("the reuse test", phase_override="reuse")
    answer(tally, case(ITEM, "examples"), passed("not_a_server_error"))
    tally.leave()
    answer(tally, case(ITEM, "coverage"), passed("not_a_server_error"))
    assert tally.operations[ITEM].phases == {"reuse": 1, "coverage": 1}
    assert tally.item_phases["the reuse test"] == {"reuse": 1}


def test_stateful_results_go_to_the_checked_operation_with_the_links_that_led_there() -> None:
    tally = Tally()
    link = f"{CREATE} -> [201] GetWidget -> {ITEM}"
    tally.spec_links = {link: False, f"{CREATE} -> [201] DeleteWidget -> DELETE /widgets/{{widget}}": False}
    first, second = case(CREATE, "stateful"), case(ITEM, "stateful")
    tally.stateful_step(first, None, None, applied=False)
    answer(tally, first, passed("not_a_server_error"), status=201)
    tally.stateful_step(second, link, first.id, applied=True)
    answer(tally, second, [failed("not_a_server_error", SlowResponse(operation=ITEM, title="Server error",
                                                                     message="500"))], status=500)  # fmt: skip
    assert tally.operations[ITEM].checks["not_a_server_error"].failed == 1
    assert tally.operations[CREATE].checks["not_a_server_error"].failed == 0
    [finding] = tally.findings.values()
    assert finding.example.links == [f"{CREATE} (201)", f"link GetWidget -> {ITEM} (500)"]
    assert tally.followed == {link: 1}


def test_calls_that_are_not_cases_are_counted_by_what_they_belonged_to() -> None:
    tally = Tally()
    request = requests.Request("GET", "http://host/widgets").prepare()
    tally.observe_call(request, None)  # e.g. the login before any test
    tally.enter(LIST)
    answer(tally, case(LIST), passed("not_a_server_error"))
    tally.observe_call(request, None)  # the case itself
    tally.observe_call(request, None)  # a check's probe
    tally.leave()
    assert tally.other_calls() == {OUTSIDE_TESTS: 1, LIST: 1}
    assert tally.case_calls == {LIST: 1}


def test_most_answers_refusing_the_credentials_is_a_verdict_of_its_own() -> None:
    tally = Tally()
    for status in [401] * 9 + [200] * 3:
        answer(tally, case(LIST), passed("not_a_server_error"), status=status)
    assert tally.refusal() == "9 of 12 answers were 401: the credentials were refused"

    def by_code(status: int, content: bytes | None) -> str | None:
        return "400 with code no_session" if b"no_session" in (content or b"") else None

    easydb_like = Tally(refusal_of=by_code)
    for _ in range(11):
        answer(easydb_like, case(LIST), passed("not_a_server_error"), status=400, content=b'{"code": "no_session"}')
    assert easydb_like.refusal() == "11 of 11 answers were 400 with code no_session: the credentials were refused"


def test_operations_not_found_where_the_base_url_points_is_a_verdict_and_a_few_answers_are_not() -> None:
    tally = Tally()
    for _ in range(5):
        answer(tally, case(LIST), passed("not_a_server_error"), status=404)
    assert tally.refusal() is None  # too few answers to say
    for _ in range(20):
        answer(tally, case(ITEM), passed("not_a_server_error"), status=404)  # an unknown id: a fine answer
    assert tally.refusal() is None
    for _ in range(6):
        answer(tally, case(LIST), passed("not_a_server_error"), status=404)
    assert tally.refusal() is not None and tally.refusal().startswith("11 of 11 answers to the operations without")  # type: ignore[union-attr]


def test_a_network_error_is_one_line_without_the_query_and_counted_once_per_kind() -> None:
    tally = Tally(redact=lambda text: text.replace("s3cret", "********"))
    tally.enter(LIST)
    request = requests.Request("GET", "http://127.0.0.1:9/widgets?token=s3cret").prepare()
    for _ in range(3):
        error = requests.ConnectionError("[Errno 111] Connection refused", request=request)
        line = tally.network_error(LIST, error, case(LIST))
    assert (
        line == f"{LIST}: network error: unreachable (connection refused) on GET http://127.0.0.1:9/widgets (3 cases)"
    )
    assert "\n" not in line and "s3cret" not in line
    assert tally.network_errors_here() == 3 and tally.operations[LIST].phases["fuzzing"] == 3


def test_a_summary_never_reads_ok_for_a_check_that_failed() -> None:
    tally = Tally()
    tally.expect(LIST, ["not_a_server_error"])
    answer(tally, case(LIST), [failed("max_response_time", SlowResponse(operation=LIST, title="Slow", message="6 s"))])
    text = Summary(api="widgets", target="a host", live=False, seed=1, seed_variable="W_SEED", profile="fast",
                   tally=tally, items={LIST: ItemResult(LIST, "failed")}, seconds=1.0).markdown()  # fmt: skip
    row = next(line for line in text.splitlines() if line.startswith(f"| {LIST} |"))
    assert "| FAILED |" in row and "1 of 1 FAIL" in row and "ok" not in row.replace("-", "")


def test_a_strict_violation_of_one_field_is_one_finding_whatever_the_page_length() -> None:
    """The strict validator's title counts the places (it differs between pages); its field does not."""
    tally = Tally()
    for places in (3, 100):
        violation = StrictViolation("body /data/*/flow", "None is not of type 'object'", "type", places)
        failure = StrictResponseViolation(operation=LIST, status=200, violations=[violation])
        answer(tally, case(LIST), [failed("strict_response_conformance", failure)])
    [finding] = tally.findings.values()
    assert finding.violation == Violation("/data/*/flow", "of the wrong type") and finding.total == 2


def test_a_link_never_reached_says_when_its_status_never_came() -> None:
    tally = Tally()
    unreachable, reached = f"{CREATE} -> [200] GetWidget -> {ITEM}", f"{CREATE} -> [201] GetWidget -> {ITEM}"
    tally.spec_links = {unreachable: False, reached: False}
    answer(tally, case(CREATE), passed("not_a_server_error"), status=201)
    text = Summary(api="widgets", target="a host", live=False, seed=1, seed_variable="W_SEED", profile="fast",
                   tally=tally, items={}, seconds=1.0).markdown()  # fmt: skip
    assert f"  - {unreachable} ({CREATE} never answered 200 in this run; it answered 201)" in text
    assert f"  - {reached}\n" in text  # it did answer 201: nothing to say why
