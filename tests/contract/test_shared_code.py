"""The contract check's shared code (contract_tests/*.py) names no API: what is an API's own comes from
its profile and spec. Checked against every API under specs/: its names, env prefix, operations,
resources and upload columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contract_tests.api import ContractApi
from generator.layout import all_apis

SHARED = sorted((Path(__file__).resolve().parents[2] / "contract_tests").glob("*.py"))


def api_words(api: ContractApi) -> set[str]:
    """What would give the API away: its names, its camelCase operationIds, its resources and columns."""
    profile = api.profile
    words = {api.name, api.name.replace("-", "_"), profile.env_prefix, profile.display_name, profile.client.package}
    words.add(profile.display_name.split()[0])  # "Patchworks"
    camel_case = re.compile(r"[a-z][A-Z]")  # createDataPool, not a plain word such as login
    words |= {operation.operation_id for operation in api.operations() if camel_case.search(operation.operation_id)}
    words |= set(profile.live_safety["resources"])
    words |= {column for column in profile.contract.get("csv_uploads", {}).get("columns", {}) if "_" in column}
    return words


@pytest.mark.parametrize("name", all_apis())
def test_no_shared_module_names_the_api(name: str) -> None:
    words = api_words(ContractApi.load(name))
    found = {
        f"{module.name}: {word}"
        for module in SHARED
        for word in words
        if re.search(rf"(?<![A-Za-z]){re.escape(word.lower())}", module.read_text(encoding="utf-8").lower())
    }
    assert not found, sorted(found)
