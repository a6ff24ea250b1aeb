"""What the contract run reads from the environment, named by the API's env_prefix, and the clear errors
for what it cannot use (an API of our own: tests/contract/fake_api.py, prefix WIDGETS_)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests.api import ContractApi, ContractSetupError, run_api, specs_dir
from contract_tests.target import FAST_SEED, TargetError, emulator_credentials, from_environment, login_variables
from tests.contract.fake_api import SESSION_FLOW, SESSION_TOKEN, write_api

LIVE = {"WIDGETS_BASE_URL": "https://widgets.example.com/", "WIDGETS_API_KEY": "live-key-123"}


@pytest.fixture
def api(tmp_path: Path) -> ContractApi:
    return write_api(tmp_path)


def test_without_a_base_url_the_run_goes_to_an_emulator_it_may_write_to(api: ContractApi) -> None:
    target = from_environment(api, {"PATCHWORKS_BASE_URL": "https://another-api.example.com"})
    assert not target.live and target.writes_allowed and target.kind == "emulator"
    assert target.profile.name == "fast" and target.seed == FAST_SEED
    assert target.seed_variable == "WIDGETS_CONTRACT_SEED"
    assert target.credentials.api_key is not None and len(target.credentials.api_key.reveal()) >= 24
    assert "widget-api emulator" in target.describe()


def test_a_live_host_is_read_only_unless_writes_are_allowed(api: ContractApi) -> None:
    target = from_environment(api, LIVE)
    assert target.live_url == "https://widgets.example.com" and not target.writes_allowed
    assert "read-only" in target.describe() and target.kind == "live"
    assert from_environment(api, {**LIVE, "WIDGETS_ALLOW_WRITES": "1"}).writes_allowed


def test_login_variables_are_named_after_the_fields_the_token_flow_sends(tmp_path: Path, api: ContractApi) -> None:
    assert login_variables(api) == ("WIDGETS_EMAIL", "WIDGETS_SECRET")  # username_field email, password_field secret
    env = {"WIDGETS_BASE_URL": "https://widgets.example.com", "WIDGETS_EMAIL": "me@example.com",
           "WIDGETS_SECRET": "pw-456", "WIDGETS_LOGIN_URL": "https://login.example.com/login"}  # fmt: skip
    credentials = from_environment(api, env).credentials
    assert credentials.api_key is None and credentials.login_url == "https://login.example.com/login"
    assert sorted(credentials.values()) == ["me@example.com", "pw-456"]
    session = write_api(tmp_path / "session", security=SESSION_TOKEN, flow=SESSION_FLOW)
    assert login_variables(session) == ("WIDGETS_LOGIN", "WIDGETS_PASSWORD")  # its login/password parameters


def test_an_api_without_api_keys_gets_a_login_on_its_emulator_and_is_told_so_live(tmp_path: Path) -> None:
    session = write_api(tmp_path, security=SESSION_TOKEN, flow=SESSION_FLOW)
    credentials = emulator_credentials(session)
    assert credentials.api_key is None and credentials.username is not None and credentials.password is not None
    with pytest.raises(TargetError, match=r"set WIDGETS_LOGIN and WIDGETS_PASSWORD for it$"):
        from_environment(session, LIVE)  # an API key is no use to it


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"WIDGETS_BASE_URL": "https://widgets.example.com"}, "WIDGETS_API_KEY, or WIDGETS_EMAIL and WIDGETS_SECRET"),
        ({**LIVE, "WIDGETS_ALLOW_WRITES": "perhaps"}, "WIDGETS_ALLOW_WRITES"),
        ({"WIDGETS_CONTRACT_SEED": "twelve"}, "WIDGETS_CONTRACT_SEED"),
        ({"WIDGETS_CONTRACT_PROFILE": "huge"}, "WIDGETS_CONTRACT_PROFILE"),
        ({**LIVE, "WIDGETS_CONTRACT_RATE_LIMIT": "lots"}, "WIDGETS_CONTRACT_RATE_LIMIT"),
    ],
    ids=["no credentials", "writes flag", "seed", "profile", "rate limit"],
)
def test_an_unusable_environment_names_the_variable(api: ContractApi, env: dict[str, str], names: str) -> None:
    with pytest.raises(TargetError, match=names):
        from_environment(api, env)


def test_the_live_pace_leaves_a_sixth_of_the_accounts_rate_limit_to_others(tmp_path: Path, api: ContractApi) -> None:
    assert from_environment(api, LIVE).live_rate_limit == "200/m"  # no rate_limit in the profile
    limited = write_api(tmp_path / "limited", profile={"rate_limit": {"requests_per_minute": 60}})
    assert from_environment(limited, LIVE).live_rate_limit == "50/m"
    assert from_environment(limited, {**LIVE, "WIDGETS_CONTRACT_RATE_LIMIT": "7/s"}).live_rate_limit == "7/s"


def test_the_full_profile_draws_a_seed_unless_given_one(api: ContractApi) -> None:
    full = {"WIDGETS_CONTRACT_PROFILE": "full"}
    assert from_environment(api, {**full, "WIDGETS_CONTRACT_SEED": "42"}).seed == 42
    assert len({from_environment(api, full).seed for _ in range(5)}) > 1


def test_secrets_stay_out_of_the_repr(api: ContractApi) -> None:
    env = {**LIVE, "WIDGETS_API_KEY": "", "WIDGETS_EMAIL": "me@example.com", "WIDGETS_SECRET": "pw-456"}
    for target in (from_environment(api, LIVE), from_environment(api, env)):
        text = repr(target)
        assert "live-key-123" not in text and "pw-456" not in text and "me@example.com" not in text


def test_the_runs_api_is_contract_api_or_the_only_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("contract_tests.api.all_apis", lambda specs_dir=None: ["one-api", "two-api"])
    assert run_api({"CONTRACT_API": "two-api"}) == "two-api"
    with pytest.raises(ContractSetupError, match=r"CONTRACT_API is not set and there are 2 APIs \(one-api, two-api\)"):
        run_api({})
    with pytest.raises(ContractSetupError, match="'nope' is not an API here"):
        run_api({"CONTRACT_API": "nope"})
    monkeypatch.setattr("contract_tests.api.all_apis", lambda specs_dir=None: ["one-api"])
    assert run_api({}) == "one-api"


def test_the_api_folders_can_be_elsewhere_than_specs(tmp_path: Path) -> None:
    write_api(tmp_path)  # tmp_path/widget-api/
    environment = {"CONTRACT_SPECS_DIR": str(tmp_path)}
    assert specs_dir(environment) == tmp_path and specs_dir({}) is None
    assert run_api(environment) == "widget-api"
