"""What the contract run reads from the environment, named by the API's env_prefix, and the clear errors
for what it cannot use (an API of our own: tests/contract/fake_api.py, prefix WIDGETS_)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from contract_tests.api import ContractApi, ContractSetupError, run_api, specs_dir
from contract_tests.emulator.cli import serve_options
from contract_tests.target import (
    DEV_API_KEY,
    DEV_LOGIN,
    FAST_SEED,
    TargetError,
    emulator_credentials,
    from_environment,
    login_variables,
)
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
           "WIDGETS_SECRET": "pw-456789", "WIDGETS_LOGIN_URL": "https://login.example.com/login"}  # fmt: skip
    credentials = from_environment(api, env).credentials
    assert credentials.api_key is None and credentials.login_url == "https://login.example.com/login"
    assert sorted(credentials.values()) == ["me@example.com", "pw-456789"]
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
    env = {**LIVE, "WIDGETS_API_KEY": "", "WIDGETS_EMAIL": "me@example.com", "WIDGETS_SECRET": "pw-456789"}
    for target in (from_environment(api, LIVE), from_environment(api, env)):
        text = repr(target)
        assert "live-key-123" not in text and "pw-456789" not in text and "me@example.com" not in text


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


def test_a_live_url_without_a_scheme_is_refused_naming_the_variable(api: ContractApi) -> None:
    with pytest.raises(TargetError, match=r"^WIDGETS_BASE_URL=widgets.example.com: no scheme"):
        from_environment(api, {**LIVE, "WIDGETS_BASE_URL": "widgets.example.com"})


def test_a_live_secret_too_short_to_mask_is_refused_without_its_value(api: ContractApi) -> None:
    with pytest.raises(TargetError, match=r"^WIDGETS_API_KEY is shorter than 8 characters") as refused:
        from_environment(api, {**LIVE, "WIDGETS_API_KEY": "k-12"})
    assert "k-12" not in str(refused.value)
    login = {"WIDGETS_BASE_URL": "https://widgets.example.com", "WIDGETS_EMAIL": "me", "WIDGETS_SECRET": "pw-4"}
    with pytest.raises(TargetError, match=r"^WIDGETS_SECRET is shorter"):
        from_environment(api, login)
    # A short user name is no secret: accepted, and not masked (masking "me" would mask every "me").
    credentials = from_environment(api, {**login, "WIDGETS_SECRET": "pw-45678"}).credentials
    assert credentials.values() == ["pw-45678"]


def test_the_reproduce_host_is_an_emulator_like_the_runs_with_the_local_credentials(
    api: ContractApi, tmp_path: Path
) -> None:
    target = from_environment(api, {"CONTRACT_REPORTS": str(tmp_path / "run")})
    reproduce = target.reproduce_host()
    assert reproduce is not None
    command, base_url = reproduce
    assert base_url == "http://127.0.0.1:8080"
    copy, serve = command.split(" && ")
    assert shlex.split(copy) == ["cp", str(tmp_path / "run" / "emulator.db"), str(tmp_path / "run" / "reproduce.db")]
    assert shlex.split(serve) == [".venv/bin/api-emulator", "serve", "--api", "widget-api", "--port", "8080",
                                  "--rate-limit", "0", "--api-key", DEV_API_KEY, "--db",
                                  str(tmp_path / "run" / "reproduce.db")]  # fmt: skip
    assert target.credentials.api_key is not None and target.credentials.api_key.reveal() not in command
    assert target.emulator_db == tmp_path / "run" / "emulator.db"  # where host() keeps the run's data


def test_the_reproduce_command_of_a_login_api_without_a_report_folder_starts_empty(tmp_path: Path) -> None:
    session = write_api(tmp_path, security=SESSION_TOKEN, flow=SESSION_FLOW)
    reproduce = from_environment(session, {"CONTRACT_SPECS_DIR": str(tmp_path)}).reproduce_host()
    assert reproduce is not None
    arguments = shlex.split(reproduce[0])
    assert arguments[arguments.index("--login") + 1] == DEV_LOGIN and arguments[-2:] == ["--db", ":memory:"]
    assert arguments[arguments.index("--specs-dir") + 1] == str(tmp_path)


def test_a_live_host_has_no_reproduce_host(api: ContractApi) -> None:
    assert from_environment(api, LIVE).reproduce_host() is None


def test_the_reproduce_command_is_one_the_emulator_accepts() -> None:
    api = ContractApi.load("patchworks-core")
    reproduce = from_environment(api, {}).reproduce_host()
    assert reproduce is not None
    options = serve_options(shlex.split(reproduce[0])[1:])
    assert options.port == 8080 and options.api == "patchworks-core" and options.settings.db == ":memory:"
    assert options.settings.api_keys == (DEV_API_KEY,) and options.settings.rate_limit == 0


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("WIDGETS_API_KEY", "live-key-123\n", "has a line break"),  # a key copied from a file with its newline
        ("WIDGETS_API_KEY", " live-key-123", "has a space at its start or end"),
        ("WIDGETS_API_KEY", "live-\x1bkey-123", "has a control character"),
        ("WIDGETS_SECRET", "pw-45678\r\n", "has a line break"),
        ("WIDGETS_EMAIL", "me@example.com\n", "has a line break"),
    ],
)
def test_a_live_credential_no_header_can_carry_is_refused_naming_the_variable_not_the_value(
    api: ContractApi, variable: str, value: str, problem: str
) -> None:
    login = {"WIDGETS_BASE_URL": "https://widgets.example.com", "WIDGETS_EMAIL": "me@example.com",
             "WIDGETS_SECRET": "pw-45678"}  # fmt: skip
    env = {**LIVE, variable: value} if variable == "WIDGETS_API_KEY" else {**login, variable: value}
    with pytest.raises(TargetError, match=rf"^{variable} {problem}: no request can carry it") as refused:
        from_environment(api, env)
    assert value.strip() not in str(refused.value)


def test_a_login_password_may_begin_or_end_with_a_space(api: ContractApi) -> None:
    """It travels in a body or an encoded query, not a header: a space there is a character like others."""
    env = {"WIDGETS_BASE_URL": "https://widgets.example.com", "WIDGETS_EMAIL": "me@example.com",
           "WIDGETS_SECRET": " pw-45678 "}  # fmt: skip
    credentials = from_environment(api, env).credentials
    assert credentials.password is not None and credentials.password.reveal() == " pw-45678 "


def test_the_runs_credentials_go_into_the_processs_registry_of_secrets(api: ContractApi) -> None:
    from contract_tests.redaction import SECRETS

    credentials = from_environment(api, {**LIVE, "WIDGETS_API_KEY": "registered-key-5521"}).credentials
    assert "registered-key-5521" in SECRETS.values()
    emulator = from_environment(api, {}).credentials
    assert set(emulator.values()) <= set(SECRETS.values()) and credentials.values() == ["registered-key-5521"]


def test_max_examples_sets_the_examples_per_operation_of_either_profile(api: ContractApi) -> None:
    """`make contract MAX_EXAMPLES=n` (python -m contract_tests --max-examples n): the run's own figure."""
    target = from_environment(api, {"WIDGETS_CONTRACT_PROFILE": "full", "WIDGETS_CONTRACT_MAX_EXAMPLES": "20"})
    assert target.profile.max_examples == 20 and target.profile.describe() == "full, 20 examples per operation"
    assert from_environment(api, {"WIDGETS_CONTRACT_PROFILE": "full"}).profile.describe() == "full"
    for wrong in ("0", "-3", "many"):
        with pytest.raises(
            TargetError, match=rf"^WIDGETS_CONTRACT_MAX_EXAMPLES must be a whole number .* not '{wrong}'"
        ):
            from_environment(api, {"WIDGETS_CONTRACT_MAX_EXAMPLES": wrong})
