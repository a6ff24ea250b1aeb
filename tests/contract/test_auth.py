"""The contract run's auth, chosen from a spec's security schemes and a profile's token flow, against a
small host of our own (tests/contract/fake_api.py): where each credential goes, the login flow with
its renewal, and the session flow (open, authenticate, renew on an ended session, end)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from contract_tests.api import ContractApi
from contract_tests.auth import (
    RENEW_AFTER,
    ApiKey,
    Credentials,
    InvalidCredential,
    LoginFailed,
    LoginToken,
    Placement,
    Secret,
    SessionToken,
    auth_for,
    key_placement,
    token_placement,
)
from contract_tests.testing import FakeClock
from tests.contract.fake_api import SESSION_FLOW, SESSION_TOKEN, WidgetHost, serve, write_api

LOGIN = Credentials(username=Secret("ann"), password=Secret("pw-9-long-enough"))


@pytest.fixture
def host() -> Iterator[WidgetHost]:
    yield from serve(WidgetHost())


@pytest.fixture
def session_host() -> Iterator[WidgetHost]:
    yield from serve(WidgetHost(sessions_required=True))


def test_an_api_key_goes_in_its_apikey_scheme_and_a_login_token_in_the_bearer_scheme(tmp_path: Path) -> None:
    api = write_api(tmp_path)
    assert key_placement(api) == Placement("Key", "header", "X-Key")
    assert token_placement(api) == Placement("Bearer", "header", "Authorization", "Bearer ")
    auth = auth_for(api, Credentials(api_key=Secret("k-123")), live=False)
    assert isinstance(auth, ApiKey)
    signed = requests.Request("GET", "http://host/widgets").prepare()
    auth(signed)
    assert signed.headers["X-Key"] == "k-123" and "k-123" not in repr(auth)


def test_a_session_api_has_no_api_keys_and_its_token_goes_in_a_header_unless_only_the_query_takes_it(
    tmp_path: Path,
) -> None:
    both = write_api(tmp_path / "both", security=SESSION_TOKEN, flow=SESSION_FLOW)
    assert key_placement(both) is None
    assert token_placement(both) == Placement("InHeader", "header", "X-Token")
    query_only = write_api(tmp_path / "query", security={"InQuery": SESSION_TOKEN["InQuery"]}, flow=SESSION_FLOW)
    assert token_placement(query_only) == Placement("InQuery", "query", "token")


def test_a_query_placement_replaces_the_parameter_instead_of_adding_another() -> None:
    request = requests.Request("GET", "http://host/widgets", params={"token": "old", "page": "2"}).prepare()
    Placement("InQuery", "query", "token").apply(request, "new")
    assert request.url == "http://host/widgets?page=2&token=new"


def test_the_login_flow_posts_the_profiles_fields_and_logs_in_again_before_the_token_expires(
    tmp_path: Path, host: WidgetHost
) -> None:
    clock = FakeClock()
    api = write_api(tmp_path)
    placement = token_placement(api)
    assert placement is not None
    auth = LoginToken(api, LOGIN, placement, live=False, clock=clock)
    auth.bind(host.url)  # against an emulator the login is on the run's own host

    def sent_token() -> str | bytes:
        return requests.get(f"{host.url}/widgets", auth=auth, timeout=10).request.headers["Authorization"]

    assert sent_token() == "Bearer login-token-1"
    clock.advance(100 * RENEW_AFTER - 1)
    assert sent_token() == "Bearer login-token-1"
    clock.advance(2)  # past RENEW_AFTER of the 100 s lifetime: a new login
    assert sent_token() == "Bearer login-token-2"
    assert host.logins == 2 and auth.tokens() == ["login-token-1", "login-token-2"]
    assert "pw-9-long-enough" not in repr(auth) and "ann" not in repr(auth)


def test_a_live_login_goes_to_the_operations_own_server_unless_the_login_url_says_otherwise(
    tmp_path: Path, host: WidgetHost
) -> None:
    api = write_api(tmp_path)
    login = api.operation("logIn", needed_by="test")
    assert login.url("https://api.example.com", live=True) == "https://login.widgets.invalid/login"
    assert login.url(host.url, live=False) == f"{host.url}/login"
    elsewhere = Credentials(username=Secret("ann"), password=Secret("pw-9-long-enough"), login_url=f"{host.url}/login")
    auth = auth_for(api, elsewhere, live=True)
    auth.bind("https://api.widgets.invalid")
    assert isinstance(auth, LoginToken) and auth.token() == "login-token-1"


def test_a_refused_login_says_where_and_what_it_answered_without_the_password(tmp_path: Path, host: WidgetHost) -> None:
    wrong = Credentials(username=Secret("ann"), password=Secret("not-pw-9-long-enough"))
    auth = auth_for(write_api(tmp_path), wrong, live=False)
    auth.bind(host.url)
    with pytest.raises(LoginFailed, match=r"logging in at .*/login answered 401") as refused:
        requests.get(f"{host.url}/widgets", auth=auth, timeout=10)
    assert "not-pw-9-long-enough" not in str(refused.value)


def test_a_login_redirected_to_another_host_fails_and_is_not_sent_there(
    tmp_path: Path, host: WidgetHost, elsewhere: WidgetHost
) -> None:
    """requests follows a 307 with its method and body: the password would go to the host it names."""
    host.redirect_to = elsewhere.url
    auth = auth_for(write_api(tmp_path), LOGIN, live=False)
    auth.bind(host.url)
    with pytest.raises(LoginFailed, match=r"logging in at .*/login answered 307"):
        requests.get(f"{host.url}/widgets", auth=auth, timeout=10, allow_redirects=False)
    assert elsewhere.requests == [] and [request[1] for request in host.requests] == ["/login"]


def test_the_session_flow_opens_authenticates_renews_an_ended_session_once_and_ends_it(
    tmp_path: Path, session_host: WidgetHost
) -> None:
    auth = auth_for(write_api(tmp_path, security=SESSION_TOKEN, flow=SESSION_FLOW), LOGIN, live=False)
    assert isinstance(auth, SessionToken)
    auth.bind(session_host.url)
    listed = requests.get(f"{session_host.url}/widgets", auth=auth, timeout=10)
    assert listed.status_code == 200
    (token,) = auth.tokens()
    assert listed.request.headers["X-Token"] == token and "token=" not in str(listed.request.url)
    authenticate = next(r for r in session_host.requests if r[1] == "/session/authenticate")
    assert authenticate[2] == "login=ann&password=pw-9-long-enough"  # the profile's query parameters

    session_host.end_every_session()  # the host forgets it: the next call meets session.gone
    again = requests.get(f"{session_host.url}/widgets", auth=auth, timeout=10)
    assert again.status_code == 200 and [r.status_code for r in again.history] == [400]
    assert len(auth.tokens()) == 2 and again.request.headers["X-Token"] == auth.tokens()[1]

    auth.close()
    assert session_host.requests[-1][1] == "/session/deauthenticate" and not session_host.sessions


def test_the_session_flow_sends_the_login_in_a_form_body_where_the_spec_gives_one(
    tmp_path: Path, session_host: WidgetHost
) -> None:
    api = write_api(tmp_path, security=SESSION_TOKEN, flow=SESSION_FLOW)
    form = {"type": "object", "properties": {"login": {"type": "string"}, "password": {"type": "string"}}}
    spec = json.loads(api.spec_path.read_text(encoding="utf-8"))
    spec["paths"]["/session/authenticate"]["post"]["requestBody"] = {
        "content": {"application/x-www-form-urlencoded": {"schema": form}}
    }
    api.spec_path.write_text(json.dumps(spec), encoding="utf-8")
    auth = auth_for(ContractApi.load(api.name, tmp_path), LOGIN, live=False)
    auth.bind(session_host.url)
    assert requests.get(f"{session_host.url}/widgets", auth=auth, timeout=10).status_code == 200
    authenticate = next(r for r in session_host.requests if r[1] == "/session/authenticate")
    assert authenticate[2] == ""  # no password in the URL


def test_a_session_the_host_does_not_call_authenticated_fails(tmp_path: Path, session_host: WidgetHost) -> None:
    flow = {**SESSION_FLOW, "authenticated_check": {"pointer": "/authenticated/method", "equals": "sso"}}
    auth = auth_for(write_api(tmp_path, security=SESSION_TOKEN, flow=flow), LOGIN, live=False)
    assert isinstance(auth, SessionToken)
    auth.bind(session_host.url)
    with pytest.raises(LoginFailed, match="without /authenticated/method = 'sso'"):
        auth.token()


def test_a_session_token_goes_in_the_query_when_only_it_takes_one(tmp_path: Path, session_host: WidgetHost) -> None:
    api = write_api(tmp_path, security={"InQuery": SESSION_TOKEN["InQuery"]}, flow=SESSION_FLOW)
    auth = auth_for(api, LOGIN, live=False)
    auth.bind(session_host.url)
    listed = requests.get(f"{session_host.url}/widgets", auth=auth, timeout=10)
    assert listed.status_code == 200 and f"token={auth.tokens()[0]}" in str(listed.request.url)


def test_the_token_flow_needs_the_runs_host_first(tmp_path: Path) -> None:
    auth = auth_for(write_api(tmp_path), LOGIN, live=False)
    assert isinstance(auth, LoginToken)
    with pytest.raises(RuntimeError, match=r"bind\(\) the run's host"):
        auth.token()


def test_every_token_the_flow_is_given_goes_into_the_processs_registry_before_it_is_sent(
    tmp_path: Path, host: WidgetHost
) -> None:
    from contract_tests.redaction import SECRETS

    clock = FakeClock()
    api = write_api(tmp_path)
    placement = token_placement(api)
    assert placement is not None
    auth = LoginToken(api, LOGIN, placement, live=False, clock=clock)
    auth.bind(host.url)
    seen: list[bool] = []

    def registered_when_sent(request: requests.PreparedRequest) -> requests.PreparedRequest:
        seen.append(auth.tokens()[-1] in SECRETS.values())
        return request

    for _ in range(2):
        requests.get(f"{host.url}/widgets", auth=lambda r: registered_when_sent(auth(r)), timeout=10)
        clock.advance(100)  # the token is due: the next call logs in again
    assert len(auth.tokens()) == 2 and set(auth.tokens()) <= set(SECRETS.values()) and seen == [True, True]


@pytest.mark.parametrize("value", ["s3cr3t\n", "s3cr3t\r\nX-Injected: 1", " s3cr3t", "s3c\x00r3t"])
def test_a_credential_no_header_or_url_can_carry_is_refused_naming_where_it_goes_not_its_value(value: str) -> None:
    request = requests.Request("GET", "http://host/widgets").prepare()
    with pytest.raises(InvalidCredential, match=r"^the credential for the header X-Token \(security scheme T\) has "):
        Placement("T", "header", "X-Token").apply(request, value)
    with pytest.raises(InvalidCredential, match=r"query parameter token") as refused:
        Placement("T", "query", "token").apply(request, value)
    assert "s3c" not in str(refused.value) and "X-Token" not in request.headers
    assert isinstance(refused.value, requests.RequestException)  # a test records it as a network error would be
