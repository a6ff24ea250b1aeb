"""A canary secret (API key, password, token) never shows in logs, reprs or errors, whatever happens."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import pytest
from patchworks_core_client import ApiKeyAuth, AuthenticatedClient, RetryPolicy, Secret, TokenAuth, errors
from patchworks_core_client._logging import loggable_target
from patchworks_core_client.api.data_pools import get_data_pool

from contract_tests.testing import FakeClock
from tests.client.conftest import Script, json_response
from tests.client.patchworks_core.conftest import CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN, DATA_POOL

CANARIES = (CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN)


def assert_no_canary(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text


def test_debug_logs_say_method_path_status_and_retries_but_no_secret(
    make_client: Callable[..., AuthenticatedClient], clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="patchworks_core_client")
    script = Script(
        json_response(503, {"message": "down"}),
        lambda r: (
            json_response(200, {"message": "ok", "token": CANARY_TOKEN, "expires_in": 60})
            if r.url.path == "/fabric/api/login"
            else json_response(200, {"data": DATA_POOL})
        ),
    )
    client = make_client(script)
    get_data_pool.sync(7, client=client)
    token_client = make_client(
        script, api_key=None, auth=TokenAuth("me", CANARY_PASSWORD, login_url="https://app.test/fabric/api/login")
    )
    get_data_pool.sync(7, client=token_client)
    messages = [record.getMessage() for record in caplog.records]
    assert "GET /api/v1/data-pool/7 -> 503 in " in messages[0]
    assert any("retrying GET /api/v1/data-pool/7 after 503" in m for m in messages)
    assert any(m.startswith("POST /fabric/api/login -> 200") for m in messages)
    assert_no_canary("\n".join(messages) + caplog.text)


def test_secret_query_parameters_are_masked_in_logs() -> None:
    url = httpx.URL("https://h/api/v1/pool?token=" + CANARY_TOKEN + "&page=2")
    assert loggable_target(url) == "/api/v1/pool?token=%2A%2A%2A%2A%2A%2A%2A%2A&page=2"


def test_reprs_never_show_credentials(make_client: Callable[..., AuthenticatedClient]) -> None:
    client = make_client(Script(json_response(200, {"data": DATA_POOL})))
    get_data_pool.sync(7, client=client)
    token_auth = TokenAuth("me", CANARY_PASSWORD)
    texts = [repr(client), str(client), repr(ApiKeyAuth(CANARY_KEY)), repr(token_auth), str(Secret(CANARY_TOKEN))]
    texts.append(repr(client.get_httpx_client().auth))
    texts.append(f"{Secret(CANARY_KEY)}")
    for text in texts:
        assert_no_canary(text)
    assert "********" in repr(token_auth)


def test_errors_never_carry_the_request_or_its_credentials(make_client: Callable[..., AuthenticatedClient]) -> None:
    client = make_client(Script(json_response(401, {"message": "Unauthenticated."})), retry=RetryPolicy(max_attempts=1))
    with pytest.raises(errors.AuthenticationError) as caught:
        get_data_pool.sync(7, client=client)
    error = caught.value
    assert_no_canary(" ".join([str(error), repr(error), repr(error.args), str(error.body), str(dict(error.headers))]))


def test_a_failed_login_does_not_echo_the_password() -> None:
    transport = httpx.MockTransport(Script(json_response(422, {"message": "The password field is invalid."})))
    with pytest.raises(errors.ValidationError) as caught:
        AuthenticatedClient.login("me", CANARY_PASSWORD, transport=transport, rate_limit=None)
    assert_no_canary(str(caught.value) + repr(caught.value))
