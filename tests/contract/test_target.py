"""What the contract run reads from the environment, and the clear errors for what it cannot use."""

from __future__ import annotations

import pytest

from contract_tests.target import FAST_SEED, TargetError, from_environment

LIVE = {"PATCHWORKS_BASE_URL": "https://core.example.com/", "PATCHWORKS_API_KEY": "live-key-123"}


def test_without_a_base_url_the_run_goes_to_an_emulator_it_may_write_to() -> None:
    target = from_environment({})
    assert not target.live and target.writes_allowed
    assert target.profile.name == "fast" and target.seed == FAST_SEED
    assert target.credentials.api_key is not None and len(target.credentials.api_key.reveal()) >= 24
    assert "emulator" in target.describe()


def test_a_live_host_is_read_only_unless_writes_are_allowed() -> None:
    target = from_environment(LIVE)
    assert target.live_url == "https://core.example.com" and not target.writes_allowed
    assert "read-only" in target.describe()
    assert from_environment({**LIVE, "PATCHWORKS_ALLOW_WRITES": "1"}).writes_allowed


def test_login_credentials_serve_when_there_is_no_key() -> None:
    env = {
        "PATCHWORKS_BASE_URL": "https://core.example.com",
        "PATCHWORKS_USERNAME": "me@example.com",
        "PATCHWORKS_PASSWORD": "pw-456",
        "PATCHWORKS_LOGIN_URL": "https://app.example.com/fabric/api/login",
    }
    credentials = from_environment(env).credentials
    assert credentials.api_key is None and credentials.login_url == "https://app.example.com/fabric/api/login"
    assert sorted(credentials.values()) == ["me@example.com", "pw-456"]


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"PATCHWORKS_BASE_URL": "https://core.example.com"}, "PATCHWORKS_API_KEY"),
        ({**LIVE, "PATCHWORKS_ALLOW_WRITES": "perhaps"}, "PATCHWORKS_ALLOW_WRITES"),
        ({"PATCHWORKS_CONTRACT_SEED": "twelve"}, "PATCHWORKS_CONTRACT_SEED"),
        ({"PATCHWORKS_CONTRACT_PROFILE": "huge"}, "PATCHWORKS_CONTRACT_PROFILE"),
        ({**LIVE, "PATCHWORKS_CONTRACT_RATE_LIMIT": "lots"}, "PATCHWORKS_CONTRACT_RATE_LIMIT"),
    ],
    ids=["no credentials", "writes flag", "seed", "profile", "rate limit"],
)
def test_an_unusable_environment_names_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(TargetError, match=names):
        from_environment(env)


def test_the_full_profile_draws_a_seed_unless_given_one() -> None:
    assert from_environment({"PATCHWORKS_CONTRACT_PROFILE": "full", "PATCHWORKS_CONTRACT_SEED": "42"}).seed == 42
    seeds = {from_environment({"PATCHWORKS_CONTRACT_PROFILE": "full"}).seed for _ in range(5)}
    assert len(seeds) > 1


def test_secrets_stay_out_of_the_repr() -> None:
    env = {**LIVE, "PATCHWORKS_API_KEY": "", "PATCHWORKS_USERNAME": "me@example.com", "PATCHWORKS_PASSWORD": "pw-456"}
    for target in (from_environment(LIVE), from_environment(env)):
        text = repr(target)
        assert "live-key-123" not in text and "pw-456" not in text and "me@example.com" not in text
