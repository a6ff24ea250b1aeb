"""schemathesis.toml: the full profile at the top level, one [[project]] block per API (matched by its
spec's info.title), the run's profile on top."""

from __future__ import annotations

from pathlib import Path

import pytest
from schemathesis.checks import CHECKS
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok

from contract_tests.api import ContractApi, ContractSetupError
from contract_tests.checks import KINDS
from contract_tests.schema import CONFIG, load
from contract_tests.target import from_environment
from generator.layout import all_apis
from tests.contract.fake_api import TITLE, write_api


@pytest.mark.parametrize("name", all_apis())
def test_every_api_has_its_own_project_block(name: str) -> None:
    assert ContractApi.load(name).title in SchemathesisConfig.from_path(CONFIG).projects.named


def test_the_patchworks_full_profile_is_as_it_was() -> None:
    api = ContractApi.load("patchworks-core")
    environment = {"PATCHWORKS_CONTRACT_PROFILE": "full", "PATCHWORKS_CONTRACT_SEED": "5"}
    schema, _ = load(api, from_environment(api, environment))
    project = schema.config
    assert project.seed == 5
    phases = {name: project.phases.get_by_name(name=name).enabled for name in ("examples", "coverage", "fuzzing",
                                                                                "stateful")}  # fmt: skip
    assert phases == dict.fromkeys(phases, True) and project.phases.stateful.max_steps == 20
    # The built-ins, not their counterparts for APIs that refuse in their own way (it declares none).
    replacements = {kind.replacement for kind in KINDS}
    all_but_ownership = sorted(set(CHECKS.get_all_names()) - {"object_level_authorization", *replacements})
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert len(operations) == 16
    for operation in operations:
        checks = project.checks_config_for(operation=operation)
        assert sorted(n for n in CHECKS.get_all_names() if checks.get_by_name(name=n).enabled) == all_but_ownership
        generation = project.generation_for(operation=operation, phase="fuzzing")
        assert generation.max_examples == 100 and {m.value for m in generation.modes} == {"positive", "negative"}
    assert project.checks.max_response_time.limit == 5.0


def toml(tmp_path: Path, blocks: str) -> Path:
    path = tmp_path / "schemathesis.toml"
    path.write_text(f"[generation]\nmax-examples = 100\n{blocks}", encoding="utf-8")
    return path


def test_an_api_without_a_block_of_its_own_is_told_what_to_add(tmp_path: Path) -> None:
    api = write_api(tmp_path)
    with pytest.raises(ContractSetupError, match=f"no \\[\\[project\\]\\] block with title = '{TITLE}'"):
        load(api, from_environment(api, {}), toml(tmp_path, '[[project]]\ntitle = "Another API"\n'))


def test_the_fast_profile_outranks_an_apis_own_figure(tmp_path: Path) -> None:
    api = write_api(tmp_path)
    config = toml(tmp_path, f'[[project]]\ntitle = "{TITLE}"\n[project.generation]\nmax-examples = 50\n')
    full, _ = load(api, from_environment(api, {"WIDGETS_CONTRACT_PROFILE": "full"}), config)
    fast, _ = load(api, from_environment(api, {}), config)
    assert full.config.generation.max_examples == 50 and fast.config.generation.max_examples == 8


@pytest.mark.parametrize("name", all_apis())
def test_no_operation_of_any_api_follows_a_redirect(name: str) -> None:
    """A live host's redirect would take the case, its body and credentials, to the host it names."""
    api = ContractApi.load(name)
    schema, _ = load(api, from_environment(api, {}))
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert operations and {schema.config.max_redirects_for(operation=operation) for operation in operations} == {0}


def test_an_operation_told_to_follow_redirects_is_refused_naming_it(tmp_path: Path) -> None:
    api = write_api(tmp_path)
    config = toml(tmp_path, f'[[project]]\ntitle = "{TITLE}"\n[[project.operations]]\ninclude-path = "/widgets"\n'
                            "include-method = \"GET\"\nmax-redirects = 3\n")  # fmt: skip
    # (The override that sets 0 outranks a project's own max-redirects, but not an operation's.)
    with pytest.raises(ContractSetupError, match=r"schemathesis.toml: max-redirects is set for .*GET /widgets"):
        load(api, from_environment(api, {}), config)
