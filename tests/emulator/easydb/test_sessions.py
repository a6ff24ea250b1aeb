"""Sessions (api/session, types/session): open one unauthenticated, authenticate it with a login and password
(form-encoded), deauthenticate it; the token in the x-easydb-token header or the `token` query parameter; an
unknown token, an unauthenticated session and wrong credentials answered with their documented errors."""

from __future__ import annotations

import pytest

from tests.emulator.easydb.conftest import PASSWORD, Emulator, error

POOL_CALLS = [
    ("GET", "/api/v1/pool", None),
    ("GET", "/api/v1/pool/2", None),
    ("PUT", "/api/v1/pool", [{"pool": {"_id_parent": 1, "_version": 1, "name": {"en-US": "x"}}}]),
    ("POST", "/api/v1/pool", [{"pool": {"_id": 2, "_version": 2, "name": {"en-US": "x"}}}]),
    ("DELETE", "/api/v1/pool/2", None),
]
POOL_IDS = [f"{method} {path}" for method, path, _ in POOL_CALLS]
NOT_AUTHENTICATED: tuple[int, str, str, dict[str, str]] = (400, "user", "error.user.not_authenticated", {})


def test_a_new_session_is_unauthenticated_and_offers_the_easydb_method(emulator: Emulator) -> None:
    session = emulator.call("GET", "/api/v1/session").json()
    assert session["token"] and session["authentication_methods"] == [{"method": "easydb"}]
    assert not {"authenticated", "user", "system_rights"} & set(session)
    again = emulator.call("GET", "/api/v1/session", token=session["token"]).json()
    assert again["token"] == session["token"] and "authenticated" not in again


@pytest.mark.parametrize(("method", "path", "body"), POOL_CALLS, ids=POOL_IDS)
def test_pool_calls_need_an_authenticated_session(emulator: Emulator, method: str, path: str, body: object) -> None:
    before = emulator.table()
    unauthenticated = emulator.session()
    assert error(emulator.call(method, path, token=unauthenticated, json=body)) == NOT_AUTHENTICATED
    assert error(emulator.call(method, path, json=body)) == NOT_AUTHENTICATED  # no token at all
    assert emulator.table() == before


@pytest.mark.parametrize(("method", "path", "body"), POOL_CALLS, ids=POOL_IDS)
def test_an_unknown_token_is_session_not_found(emulator: Emulator, method: str, path: str, body: object) -> None:
    before = emulator.table()
    answer = emulator.call(method, path, token="no-such-session", json=body)
    assert error(answer) == (400, "user", "error.user.session_not_found", {"id": "no-such-session"})
    assert emulator.table() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/session"), ("POST", "/api/v1/session/authenticate"), ("POST", "/api/v1/session/deauthenticate")],
)
def test_the_session_calls_answer_an_unknown_token_with_session_not_found(
    emulator: Emulator, method: str, path: str
) -> None:
    form = {"login": "admin", "password": PASSWORD} if path.endswith("/authenticate") else None
    answer = emulator.call(method, path, token="gone", data=form)
    assert error(answer) == (400, "user", "error.user.session_not_found", {"id": "gone"})


@pytest.mark.parametrize("path", ["/api/v1/session/authenticate", "/api/v1/session/deauthenticate"])
def test_the_session_calls_without_a_token_answer_a_code_they_document(emulator: Emulator, path: str) -> None:
    # Neither documents error.user.not_authenticated (the spec's check holds the code to their lists).
    answer = emulator.call("POST", path, data={"login": "admin", "password": PASSWORD})
    assert error(answer) == (400, "user", "error.user.session_not_found", {"id": ""})


def test_authenticate_takes_a_form_body_and_says_how_and_who(emulator: Emulator) -> None:
    token = emulator.session()
    answer = emulator.call(
        "POST", "/api/v1/session/authenticate", token=token, data={"login": "admin", "password": PASSWORD}
    )
    assert answer.status_code == 200
    session = answer.json()
    assert session["token"] == token
    assert session["authenticated"]["method"] == "easydb"  # what the vendor's migration tool checks
    assert session["user"]["user"]["login"] == "admin"
    assert session["system_rights"] == {"system.rights_management": True}
    assert emulator.call("GET", "/api/v1/pool", token=token).status_code == 200


def test_only_an_account_with_the_system_right_shows_it(emulator: Emulator) -> None:
    token = emulator.login("reader")
    assert emulator.call("GET", "/api/v1/session", token=token).json()["system_rights"] == {}


def test_the_token_works_in_the_header_and_in_the_query(emulator: Emulator) -> None:
    token = emulator.login()
    in_header = emulator.call("GET", "/api/v1/pool", headers={"x-easydb-token": token})
    in_query = emulator.call("GET", "/api/v1/pool", params={"token": token})
    assert in_header.status_code == in_query.status_code == 200
    assert in_header.json() == in_query.json() != []
    unauthenticated = emulator.session()
    assert error(emulator.call("GET", "/api/v1/pool", params={"token": unauthenticated})) == NOT_AUTHENTICATED


@pytest.mark.parametrize(
    ("login", "password"), [("admin", "wrong"), ("nobody", PASSWORD), ("admin", PASSWORD + "x"), ("ADMIN", PASSWORD)]
)
def test_wrong_credentials_are_login_failed_and_leave_the_session_unauthenticated(
    emulator: Emulator, login: str, password: str
) -> None:
    token = emulator.session()
    answer = emulator.call(
        "POST", "/api/v1/session/authenticate", token=token, data={"login": login, "password": password}
    )
    assert error(answer) == (400, "user", "error.user.login_failed", {})  # the catalogue: no parameters
    assert "authenticated" not in emulator.call("GET", "/api/v1/session", token=token).json()
    assert error(emulator.call("GET", "/api/v1/pool", token=token)) == NOT_AUTHENTICATED


@pytest.mark.parametrize(("login", "password"), [("", PASSWORD), ("admin", ""), ("", "")])
def test_an_empty_login_or_password_is_its_own_error(emulator: Emulator, login: str, password: str) -> None:
    token = emulator.session()
    answer = emulator.call(
        "POST", "/api/v1/session/authenticate", token=token, data={"login": login, "password": password}
    )
    assert error(answer) == (400, "user", "error.user.username_or_password_empty", {})


def test_a_missing_field_or_another_method_is_refused(emulator: Emulator) -> None:
    token = emulator.session()
    # The page documents the fields in the query or a form: one missing from both is the user's error.
    missing = emulator.call("POST", "/api/v1/session/authenticate", token=token, data={"login": "admin"})
    assert error(missing) == (400, "user", "error.user.username_or_password_empty", {})
    in_query = emulator.call(
        "POST", "/api/v1/session/authenticate", token=token, params={"login": "admin", "password": PASSWORD}
    )
    assert in_query.status_code == 200 and in_query.json()["authenticated"]["method"] == "easydb"
    emulator.call("POST", "/api/v1/session/deauthenticate", token=token)
    other = emulator.call(
        "POST",
        "/api/v1/session/authenticate",
        token=token,
        params={"method": "anonymous"},
        data={"login": "admin", "password": PASSWORD},
    )
    assert error(other) == (400, "user", "error.user.authentication_method_not_allowed", {"method": "anonymous"})
    json_body = emulator.call(
        "POST", "/api/v1/session/authenticate", token=token, json={"login": "admin", "password": PASSWORD}
    )
    assert error(json_body)[:3] == (400, "api", "error.api.invalid_content")
    assert "authenticated" not in emulator.call("GET", "/api/v1/session", token=token).json()


def test_deauthenticate_ends_the_authentication_not_the_session(emulator: Emulator) -> None:
    token = emulator.login()
    answer = emulator.call("POST", "/api/v1/session/deauthenticate", token=token)
    assert answer.status_code == 200
    assert answer.json()["token"] == token and "authenticated" not in answer.json()
    assert "authenticated" not in emulator.call("GET", "/api/v1/session", token=token).json()
    assert error(emulator.call("GET", "/api/v1/pool", token=token)) == NOT_AUTHENTICATED
    again = emulator.call(
        "POST", "/api/v1/session/authenticate", token=token, data={"login": "reader", "password": PASSWORD}
    )
    assert again.json()["user"]["user"]["login"] == "reader"
    assert emulator.call("GET", "/api/v1/pool", token=token).status_code == 200


def test_the_session_language_is_one_the_instance_has(emulator: Emulator) -> None:
    opened = emulator.call("GET", "/api/v1/session", params={"language": "en-US"}).json()
    assert opened["frontend_language"] == "en-US"
    token = opened["token"]
    changed = emulator.call("GET", "/api/v1/session", token=token, params={"language": "de-DE"}).json()
    assert changed["frontend_language"] == "de-DE"
    unknown = emulator.call("GET", "/api/v1/session", token=token, params={"language": "xx-XX"})
    assert error(unknown) == (400, "user", "error.user.language_not_found", {"id": "xx-XX"})
    assert emulator.call("GET", "/api/v1/session", token=token).json()["frontend_language"] == "de-DE"


def test_a_query_parameter_against_its_schema_is_an_api_error(emulator: Emulator) -> None:
    token = emulator.session()
    answer = emulator.call(
        "POST",
        "/api/v1/session/authenticate",
        token=token,
        params={"log_event": "2"},
        data={"login": "admin", "password": PASSWORD},
    )
    assert error(answer)[:3] == (400, "api", "error.api.invalid_value")
    assert "log_event" in answer.json()["description"]


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_query_parameters_may_come_in_a_form_body_the_token_too(emulator: Emulator, admin: str) -> None:
    """api/_index: "the query string parameters may be passed in the body using the Content-Type
    application/x-www-form-urlencoded, provided the call does not expect a body"; authenticate's form
    takes the token beside the login and password."""
    token = emulator.session()
    authenticated = emulator.call("POST", "/api/v1/session/authenticate",
                                  data={"token": token, "login": "admin", "password": PASSWORD})  # fmt: skip
    assert authenticated.status_code == 200, authenticated.text
    listed = emulator.call("GET", "/api/v1/pool", content=f"token={token}", headers=FORM)
    assert listed.status_code == 200 and listed.json() == emulator.pools(admin)
    pool_id = emulator.create(admin, "deleted by form")["pool"]["_id"]
    unknown = emulator.call("DELETE", f"/api/v1/pool/{pool_id}", content="token=not-a-token", headers=FORM)
    assert error(unknown)[2] == "error.user.session_not_found"
    # the query string's own token wins over the form's
    both = emulator.call("DELETE", f"/api/v1/pool/{pool_id}?token={token}", content="token=not-a-token", headers=FORM)
    assert both.status_code == 200, both.text
