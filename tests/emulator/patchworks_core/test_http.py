"""What every operation shares: authentication, routing errors, body types, the rate limit, never a 500."""

from __future__ import annotations

import logging
import threading
import time

import httpx
import pytest

from contract_tests.emulator import create_app
from contract_tests.serving import serving
from contract_tests.testing import FakeClock
from tests.emulator.patchworks_core.conftest import API, API_KEY, PASSWORD, USER, Emulator, settings

SECURED = [
    ("GET", "/api/v1/data-pool"), ("POST", "/api/v1/data-pool"), ("GET", "/api/v1/data-pool/1"),
    ("PUT", "/api/v1/data-pool/1"), ("DELETE", "/api/v1/data-pool/1"), ("GET", "/api/v1/data-pool/1/deduped-data"),
    ("GET", "/api/v1/data-pool/1/deduped-data/download"), ("POST", "/api/v1/data-pool/1/deduped-data/import"),
    ("DELETE", "/api/v1/data-pool/1/deduped-data/delete-records"), ("GET", "/api/v1/connection-pools"),
    ("POST", "/api/v1/connection-pools"), ("GET", "/api/v1/connection-pools/1"), ("PUT", "/api/v1/connection-pools/1"),
    ("DELETE", "/api/v1/connection-pools/1"), ("POST", "/api/v1/connection-pools/1/clear"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path"), SECURED, ids=[f"{m} {p}" for m, p in SECURED])
@pytest.mark.parametrize("credential", [None, "wrong-key", "Bearer not-a-token", f"Bearer {API_KEY}"])
def test_every_operation_needs_a_valid_credential(
    emulator: Emulator, method: str, path: str, credential: str | None
) -> None:
    response = emulator.call(method, path, auth=credential)
    assert (response.status_code, response.json()) == (401, {"message": "Unauthenticated."})


def test_login_issues_a_token_that_expires(emulator: Emulator) -> None:
    login = emulator.call("POST", "/fabric/api/login", auth=None, json={"username": USER, "password": PASSWORD})
    assert login.status_code == 200
    body = login.json()
    assert (body["message"], body["expires_in"]) == ("You have successfully logged in.", 86400)
    bearer = f"Bearer {body['token']}"
    assert emulator.call("GET", "/api/v1/data-pool", auth=bearer).status_code == 200
    for scheme in ("bearer", "BEARER"):  # the scheme's name in any case (RFC 9110), as Laravel reads it
        assert emulator.call("GET", "/api/v1/data-pool", auth=f"{scheme} {body['token']}").status_code == 200
    assert emulator.call("GET", "/api/v1/data-pool", auth=f"Bearer{body['token']}").status_code == 401
    emulator.clock.advance(86400)
    assert emulator.call("GET", "/api/v1/data-pool", auth=bearer).status_code == 401


def test_login_refuses_wrong_credentials_and_missing_fields(emulator: Emulator) -> None:
    wrong = emulator.call("POST", "/fabric/api/login", auth=None, json={"username": USER, "password": "nope"})
    assert (wrong.status_code, wrong.json()) == (401, {"message": "These credentials do not match our records."})
    missing = emulator.call("POST", "/fabric/api/login", auth=None, json={"username": USER})
    assert missing.json()["errors"] == {"password": ["The password field is required."]}


def test_unknown_routes_are_404_and_wrong_methods_405_with_allow(emulator: Emulator) -> None:
    unknown = emulator.call("GET", "/api/v1/nothing-here", check=False)
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"message": "The route api/v1/nothing-here could not be found."},
    )
    wrong = emulator.call("PATCH", "/api/v1/data-pool/1", check=False)
    assert wrong.status_code == 405
    # HEAD is served wherever GET is; Laravel lists methods in its Router::$verbs order, not alphabetically
    assert wrong.headers["Allow"] == "GET, HEAD, PUT, DELETE"
    assert wrong.json()["message"] == (
        "The PATCH method is not supported for route api/v1/data-pool/1. Supported methods: GET, HEAD, PUT, DELETE."
    )
    for method in ("TRACE", "QUERY"):  # methods Starlette would answer itself, without Allow
        other = emulator.call(method, "/api/v1/data-pool", check=False)
        assert (other.status_code, other.headers.get("Allow")) == (405, "GET, HEAD, POST"), method
    # Laravel's router answers OPTIONS itself, before authentication: 200, the route's methods, no body.
    options = emulator.call("OPTIONS", "/api/v1/data-pool", auth=None, check=False)
    assert (options.status_code, options.headers["Allow"], options.content) == (200, "GET,HEAD,POST", b"")


def test_a_body_of_the_wrong_type_is_415_and_malformed_json_400(emulator: Emulator) -> None:
    form = emulator.call("POST", "/api/v1/data-pool", content=b"name=orders", headers={"Content-Type": "text/plain"})
    assert form.status_code == 415
    broken = emulator.call(
        "POST", "/api/v1/data-pool", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.json()["message"].startswith("The request body is not valid JSON")


def test_a_json_body_that_is_not_an_object_is_422(emulator: Emulator) -> None:
    pool = emulator.call("POST", "/api/v1/data-pool", json={"name": "orders"}).json()["data"]
    for body in (b"true", b"[1, 2]", b'"orders"'):
        answer = emulator.call("PUT", f"/api/v1/data-pool/{pool['id']}", content=body,
                               headers={"Content-Type": "application/json"})  # fmt: skip
        assert answer.status_code == 422, body
        assert answer.json()["errors"] == {"body": ["The request body must be a JSON object."]}


def test_rate_limit_headers_are_on_every_counted_answer(emulator: Emulator) -> None:
    limited = create_app(API, settings(rate_limit=3))
    with serving(limited) as url, httpx.Client(base_url=url) as http:
        answers = [http.get("/api/v1/data-pool", headers={"Authorization": API_KEY}) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
        assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"3"}
        assert answers[-1].json() == {"message": "Too Many Attempts."}
        assert 1 <= (retry_after := int(answers[-1].headers["Retry-After"])) <= 60
        reset = int(answers[-1].headers["X-RateLimit-Reset"])  # a Unix time, as Laravel's throttle sends it
        assert time.time() + retry_after - 2 <= reset <= time.time() + retry_after + 2
        assert all("X-RateLimit-Reset" not in a.headers for a in answers[:-1])
    # Authenticated before it is throttled (Laravel's middleware priority: Authenticate, then
    # ThrottleRequests): a call without credentials is a 401, not counted, without the limit's headers.
    with serving(create_app(API, settings(rate_limit=1))) as url, httpx.Client(base_url=url) as http:
        for _ in range(3):
            unauthenticated = http.get("/api/v1/data-pool")
            assert unauthenticated.status_code == 401 and "X-RateLimit-Limit" not in unauthenticated.headers
        assert http.get("/api/v1/data-pool", headers={"Authorization": API_KEY}).status_code == 200
        assert http.get("/api/v1/data-pool").status_code == 401  # over the limit, still unauthenticated first


def test_the_rate_limit_counts_every_credential_of_the_account_together() -> None:
    """The guide: "All accounts are limited to 240 requests per minute" (api.yaml rate_limit.per: account):
    two API keys and a login token of the one account share the limit."""
    other = "another-key-of-the-account"
    limited = create_app(API, settings(rate_limit=3, api_keys=(API_KEY, other)))
    with serving(limited) as url, httpx.Client(base_url=url) as http:
        token = http.post("/fabric/api/login", json={"username": USER, "password": PASSWORD}).json()["token"]
        answers = [http.get("/api/v1/data-pool", headers={"Authorization": credential})
                   for credential in (API_KEY, other, f"Bearer {token}", API_KEY)]  # fmt: skip
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]


def test_the_rate_limit_holds_under_a_burst_from_several_clients() -> None:
    clock = FakeClock()
    app = create_app(API, settings(rate_limit=240), rate_limit_clock=clock)
    statuses: list[int] = []
    lock = threading.Lock()
    with serving(app) as url:

        def client() -> None:
            with httpx.Client(base_url=url) as http:
                for _ in range(60):
                    status = http.get("/api/v1/data-pool", headers={"Authorization": API_KEY}).status_code
                    with lock:
                        statuses.append(status)

        threads = [threading.Thread(target=client) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses.count(200) == 240  # five clients, one credential, one minute: exactly the limit
        assert statuses.count(429) == 60
        clock.advance(60)
        with httpx.Client(base_url=url) as http:
            assert http.get("/api/v1/data-pool", headers={"Authorization": API_KEY}).status_code == 200


NASTY_PATHS = [
        "/api/v1/data-pool/99999999999999999999999", "/api/v1/data-pool/-1", "/api/v1/data-pool/%00",
        "/api/v1/data-pool/1/deduped-data?page=99999999999999999999&per_page=1",
        "/api/v1/data-pool?filter[name]=%25%5F%5C&sort=,,,", "/api/v1/data-pool?filter[created_before]=yesterday",
    "/api/v1/data-pool/1/deduped-data?filter[created_after]=2025-13-45", "/api/v1/data-pool?include=",
]  # fmt: skip


def test_no_input_gets_a_500(emulator: Emulator) -> None:
    emulator.reset(seed=True)
    for path in NASTY_PATHS:
        response = emulator.call("GET", path, check=False)
        assert response.status_code < 500, (path, response.status_code, response.text)
    bodies = [
        (b"\xff\xfe", "application/json"),
        (b"[1,2]", "application/json"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (b"", "application/json"),
    ]
    for content, content_type in bodies:
        for path in ("/api/v1/data-pool", "/api/v1/data-pool/1/deduped-data/import"):
            response = emulator.call("POST", path, content=content, headers={"Content-Type": content_type}, check=False)
            assert response.status_code < 500, (path, content, response.status_code, response.text)


def test_a_malformed_multipart_body_is_400_not_an_unexpected_failure(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    pool = emulator.call("POST", "/api/v1/data-pool", json={"name": "orders"}).json()["data"]
    body = b'--b\r\nContent-Disposition: form-data; name="deduped_data_file\rx"\r\n\r\nv\r\n--b--\r\n'
    with caplog.at_level(logging.ERROR):
        answer = emulator.call("POST", f"/api/v1/data-pool/{pool['id']}/deduped-data/import", content=body,
                               headers={"Content-Type": "multipart/form-data; boundary=b"})  # fmt: skip
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("The multipart body is malformed")
    assert not [record for record in caplog.records if "unexpected failure" in record.getMessage()]


def test_a_trailing_slash_is_the_same_route_as_laravel_matches_it(emulator: Emulator) -> None:
    """Laravel's UriValidator matches rtrim($request->getPathInfo(), '/'); Request::url(), which the
    paginator's path is, drops it too."""
    created = emulator.call("POST", "/api/v1/data-pool/", json={"name": "orders"}, check=False)
    assert created.status_code == 201
    listed = emulator.call("GET", "/api/v1/data-pool/", check=False).json()
    assert [pool["name"] for pool in listed["data"]] == ["orders"]
    assert listed["meta"]["path"] == f"{emulator.url}/api/v1/data-pool"
    one = emulator.call("GET", f"/api/v1/data-pool/{created.json()['data']['id']}//", check=False)
    assert one.json()["data"]["name"] == "orders"
