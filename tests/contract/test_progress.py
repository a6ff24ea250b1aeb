"""The console's progress: one line per test, naming it and its cases, the last one at 100%."""

from __future__ import annotations

from collections import Counter

from contract_tests import progress


def test_each_line_names_the_test_and_its_cases_by_phase() -> None:
    start = progress.started(3, 17, "GET /widgets")
    end = progress.finished(3, 17, Counter({"fuzzing": 112, "coverage": 300}), "passed", 4.06)
    assert start + end == "[ 3/17] GET /widgets: 412 cases (coverage 300, fuzzing 112), passed in 4.1 s [ 17%]"


def test_the_last_line_ends_at_100_percent_and_extra_phases_come_after_the_known_ones() -> None:
    end = progress.finished(17, 17, Counter({"reuse": 4, "stateful": 1}), "failed", 0.2, "3 of 9 links followed")
    assert end == "5 cases (stateful 1, reuse 4), 3 of 9 links followed, failed in 0.2 s [100%]"
    assert progress.finished(1, 1, Counter(), "skipped", 0.0).startswith("0 cases, skipped")
