"""The GitHub workflows are valid YAML and run the same make targets as a laptop and .ci/run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    return document


def commands(document: dict[Any, Any]) -> list[str]:
    return [step["run"] for job in document["jobs"].values() for step in job["steps"] if "run" in step]


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), flags=re.MULTILINE))


def test_ci_runs_make_test_on_pushes() -> None:
    ci = workflow("ci.yml")
    assert "push" in ci[True]  # YAML 1.1 reads the key `on` as True
    assert "make test" in commands(ci)


def test_the_nightly_runs_both_contract_targets_daily_and_on_demand_and_keeps_the_reports() -> None:
    nightly = workflow("contract-nightly.yml")
    triggers = nightly[True]
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    assert {"make contract", "make contract-live"} <= set(commands(nightly))
    steps = [step for job in nightly["jobs"].values() for step in job["steps"]]
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "reports/" and upload["if"] == "${{ always() }}"
    live = next(step for step in steps if step.get("run") == "make contract-live")
    assert "secrets.PATCHWORKS_API_KEY" in live["env"]["PATCHWORKS_API_KEY"]


def test_every_make_target_the_workflows_use_exists() -> None:
    used = {
        target
        for name in ("ci.yml", "contract-nightly.yml")
        for command in commands(workflow(name))
        for target in re.findall(r"\bmake ([a-z][a-z-]*)", command)
    }
    assert used and used <= make_targets()
