"""The GitHub workflows are valid YAML and run the same make targets as a laptop and .ci/run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from contract_tests.api import ContractApi
from contract_tests.target import login_variables
from generator.layout import all_apis

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
    runs = commands(nightly)
    assert 'make contract API="$API"' in runs
    assert any(run.rstrip().endswith('make contract-live API="$API"') for run in runs)
    steps = [step for job in nightly["jobs"].values() for step in job["steps"]]
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "reports/" and upload["if"] == "${{ always() }}"
    assert "matrix.api" in upload["with"]["name"]  # one artifact per API's job


def test_the_nightly_has_a_job_per_api_each_with_the_secrets_its_prefix_names() -> None:
    job = workflow("contract-nightly.yml")["jobs"]["contract"]
    entries = {entry["api"]: entry for entry in job["strategy"]["matrix"]["include"]}
    assert sorted(entries) == all_apis()
    for name, entry in entries.items():
        api = ContractApi.load(name)
        variables = login_variables(api)
        assert entry["prefix"] == api.profile.env_prefix
        assert variables is None or f"{entry['prefix']}{entry['user']}" == variables[0]
    live = next(step for step in job["steps"] if "make contract-live" in step.get("run", ""))
    assert live["env"]["LIVE_API_KEY"] == "${{ secrets[format('{0}API_KEY', matrix.prefix)] }}"
    assert live["env"]["LIVE_USER"] == "${{ secrets[format('{0}{1}', matrix.prefix, matrix.user)] }}"
    for variable in ("BASE_URL", "API_KEY", "PASSWORD", "ALLOW_WRITES", "LOGIN_URL", "CONTRACT_RATE_LIMIT"):
        assert f'"${{PREFIX}}{variable}=$LIVE_{variable}"' in live["run"]
    assert '"${PREFIX}${USER_VARIABLE}=$LIVE_USER"' in live["run"]
    assert job["env"]["API"] == "${{ matrix.api }}"


def test_the_nightly_keeps_the_ledger_of_live_runs_from_one_night_to_the_next() -> None:
    job = workflow("contract-nightly.yml")["jobs"]["contract"]
    steps = job["steps"]
    restore = next(step for step in steps if step.get("uses") == "actions/cache/restore@v4")
    save = next(step for step in steps if step.get("uses") == "actions/cache/save@v4")
    live = next(number for number, step in enumerate(steps) if "make contract-live" in step.get("run", ""))
    assert steps.index(restore) < live < steps.index(save)
    # saved whatever the runs did: actions/cache's own post step saves only after a job that succeeded
    assert save["if"].startswith("${{ always()") and save["with"]["key"] == restore["with"]["key"]
    for cache in (restore, save):
        assert cache["with"]["path"] == "${{ env.CONTRACT_LEDGER_DIR }}" and job["env"]["CONTRACT_LEDGER_DIR"]
    assert restore["with"]["restore-keys"] in restore["with"]["key"] and "matrix.api" in restore["with"]["key"]
    assert not any(step.get("uses") == "actions/cache@v4" for step in steps)


def test_every_make_target_the_workflows_use_exists() -> None:
    used = {
        target
        for name in ("ci.yml", "contract-nightly.yml")
        for command in commands(workflow(name))
        for target in re.findall(r"\bmake ([a-z][a-z-]*)", command)
    }
    assert used and used <= make_targets()
