"""The run's progress on the console: one line per test, readable in a CI log.

    [ 3/17] GET /api/v1/widgets: 412 cases (coverage 300, fuzzing 112), passed in 4.1 s [ 17%]

The line's start is written when the test starts (so a slow or hanging operation is named while it
runs), its end when the test is done; the last line ends at [100%]. pytest's own progress is not shown
for these tests: schemathesis gives all the tests of one function the same node id, and pytest, which
counts node ids, would stop at `[ 11%]`.
"""

from __future__ import annotations

from collections import Counter

from contract_tests.tally import PHASES


def started(index: int, total: int, name: str) -> str:
    width = len(str(total))
    return f"[{index:>{width}}/{total}] {name}: "


def finished(index: int, total: int, cases: Counter[str], outcome: str, seconds: float, detail: str = "") -> str:
    count = sum(cases.values())
    phases = [*(phase for phase in PHASES if cases[phase]), *sorted(set(cases) - set(PHASES))]
    by_phase = f" ({', '.join(f'{phase} {cases[phase]}' for phase in phases)})" if phases else ""
    extra = f", {detail}" if detail else ""
    percent = 100 * index // total if total else 100
    return f"{count} case{'s' if count != 1 else ''}{by_phase}{extra}, {outcome} in {seconds:.1f} s [{percent:>3}%]"
