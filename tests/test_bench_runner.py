"""`make bench` (python -m benchmarks): every benchmark of every API runs even after one missed, and the run
ends with what missed, and exit 1."""

from __future__ import annotations

import pytest

from benchmarks import __main__ as runner
from generator.layout import all_apis


def test_a_miss_does_not_stop_the_others_and_is_listed_at_the_end(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[tuple[str, str]] = []

    def run(module: str, api: str) -> tuple[int, list[str]]:
        ran.append((module, api))
        if module == "bench_regenerate" and api == all_apis()[0]:
            return 1, ["CPU ratio 1.66 (TOO SLOW)", "wall ratio 1.52 (TOO SLOW)"]
        return 0, []

    monkeypatch.setattr(runner, "run", run)
    assert runner.main([]) == 1
    assert ran == [(module, api) for module in runner.BENCHMARKS for api in all_apis()]
    out = capsys.readouterr().out
    assert f"bench_regenerate --api {all_apis()[0]} (exit 1)" in out
    summary = out.split("Missed or failed")[1]
    assert summary.startswith(" (1 benchmark runs):")  # runs, not lines
    assert "CPU ratio 1.66 (TOO SLOW)" in summary and "wall ratio 1.52 (TOO SLOW)" in summary


def test_all_met_exits_0(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(runner, "run", lambda module, api: (0, []))
    assert runner.main(["--api", all_apis()[0]]) == 0
    assert f"met its targets ({len(runner.BENCHMARKS)} runs)" in capsys.readouterr().out


def test_a_benchmark_runs_with_its_apis_client_on_the_path() -> None:
    for api in all_apis():
        assert runner.environment(api)["PYTHONPATH"].split(":")[0].endswith(f"generated/{api}-client")
