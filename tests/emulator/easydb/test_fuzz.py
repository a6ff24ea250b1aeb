"""A fuzzed run: hypothesis throws arbitrary JSON at the pool writes, and arbitrary methods, paths, query
strings, headers and bodies at the whole app, in-process through ASGI (so that no HTTP client tidies the
request first). Whatever comes in: never a 500, the version headers on every answer, every error an easydb
error (realm, and a code of the catalogue; for an operation of the spec, a code it documents and a body of
its schema), and a write that failed changed nothing."""

from __future__ import annotations

import asyncio
import json
import string
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from contract_tests.emulator import create_app
from generator.layout import ApiLayout
from tests.emulator.conftest import Spec
from tests.emulator.easydb.conftest import API, PASSWORD, ROOT, STANDARD, VERSION_HEADERS, pool_table
from tests.emulator.easydb.conftest import settings as emulator_settings

FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPEC = json.loads(ApiLayout.find(API).spec_path.read_text(encoding="utf-8"))
CATALOGUE = {
    entry["code"]
    for item in SPEC["paths"].values()
    for operation in item.values()
    for response in operation["responses"].values()
    for entry in response.get("x-error-codes", [])
}
WRITES = ("PUT", "POST", "DELETE", "PATCH")


@attrs.frozen
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@attrs.define
class App:
    """The easydb app, called as an ASGI server would call it, with an admin's and an unauthenticated
    session's tokens."""

    app: Any
    loop: asyncio.AbstractEventLoop
    admin: str = ""
    unauthenticated: str = ""

    def request(
        self,
        method: str,
        path: str,
        *,
        query: bytes = b"",
        headers: list[tuple[bytes, bytes]] | None = None,
        body: bytes = b"",
    ) -> Answer:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode("utf-8", "surrogateescape"),
            "query_string": query,
            "root_path": "",
            "headers": headers or [],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        sent: list[dict[str, Any]] = []
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        self.loop.run_until_complete(self.app(scope, receive, send))
        start = next(message for message in sent if message["type"] == "http.response.start")
        content = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
        names = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in start["headers"]}
        return Answer(start["status"], names, content)

    def table(self) -> list[dict[str, Any]]:
        return pool_table(self.app)


@pytest.fixture(scope="module")
def app() -> Iterator[App]:
    loop = asyncio.new_event_loop()
    fuzzed = App(create_app(API, emulator_settings()), loop)
    fuzzed.unauthenticated = fuzzed.request("GET", "/api/v1/session").json()["token"]
    fuzzed.admin = fuzzed.request("GET", "/api/v1/session").json()["token"]
    form = f"login=admin&password={PASSWORD}".encode()
    answer = fuzzed.request(
        "POST",
        "/api/v1/session/authenticate",
        body=form,
        headers=[(b"x-easydb-token", fuzzed.admin.encode()), (b"content-type", b"application/x-www-form-urlencoded")],
    )
    assert answer.status == 200, answer.body
    for name in ("a", "b"):  # pools for the fuzzed writes to meet
        item = [{"pool": {"_version": 1, "_id_parent": STANDARD, "name": {"en-US": name}, "reference": name}}]
        assert (
            fuzzed.request(
                "PUT",
                "/api/v1/pool",
                headers=[(b"x-easydb-token", fuzzed.admin.encode()), (b"content-type", b"application/json")],
                body=json.dumps(item).encode(),
            ).status
            == 200
        )
    yield fuzzed
    loop.close()


def check(spec: Spec, method: str, path: str, query: bytes, answer: Answer) -> None:
    """What holds for every answer to anything."""
    assert answer.status < 500, (method, path, answer.status, answer.body[:500])
    assert all(name.lower() in answer.headers for name in VERSION_HEADERS), answer.headers
    if answer.status == 400 and method != "HEAD":
        body = answer.json()
        assert body["realm"] in ("user", "api") and body["code"].startswith(f"error.{body['realm']}."), body
        assert body["code"] in CATALOGUE, body
        if body["realm"] == "user":
            assert all(isinstance(value, str) for value in body["parameters"].values()), body
    in_spec = path.startswith("/api/") and not path.startswith("/__emulator__")
    if in_spec and method in ("GET", "PUT", "POST", "DELETE") and answer.status in (200, 400):
        try:
            request = httpx.Request(
                method, "http://testserver" + quote(path, safe="/:@%") + "?" + query.decode("latin-1")
            )
        except (httpx.InvalidURL, UnicodeError):
            return
        response = httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)
        known = any(pattern.match(request.url.path) and method.lower() in item for pattern, _, item in spec.paths)
        if known:
            spec.check(response)


def outcome(answer: Answer) -> str:
    """What an answer was, for hypothesis' statistics (pytest --hypothesis-show-statistics)."""
    if answer.status == 400 and answer.body:
        return f"400 {answer.json()['code']}"
    return str(answer.status)


# -- arbitrary JSON at the pool writes ---------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
ids = st.sampled_from([None, 0, ROOT, STANDARD, 3, 4, 5, 999, -1, 2**63, True, "2"])
l10n = st.dictionaries(st.sampled_from(["en-US", "de-DE", "xx"]), st.none() | st.sampled_from(["a", "b", "Root", ""]))
pool_values = {
    "_id": ids,
    "_id_parent": ids,
    "lookup:_id_parent": st.fixed_dictionaries(
        {}, optional={"reference": st.sampled_from(["a", "b", "system:root", "nope"]), "shortname": st.text(max_size=3)}
    ),
    "_version": st.integers(-1, 4) | json_values,
    "name": l10n | json_values,
    "description": l10n,
    "reference": st.none() | st.sampled_from(["a", "b", "c", "system:standard"]),
    "shortname": st.none() | st.text(max_size=3),
    "comment": st.none() | st.text(max_size=5),
    "custom_data": json_values,
    "is_system_pool": st.booleans(),
    "unknown": json_values,
}
pool_attributes = st.fixed_dictionaries({}, optional=pool_values)
top_values = {
    "_basetype": st.sampled_from(["pool", "object"]),
    "_acl": st.lists(st.dictionaries(st.text(max_size=4), json_values, max_size=2), max_size=2) | json_values,
    "_private_acl": st.booleans() | json_values,
    "_tags": st.lists(st.fixed_dictionaries({"_id": st.integers(0, 3)}), max_size=2),
    "_private_tags": st.booleans(),
    "_standard_masks": st.none()
    | st.dictionaries(st.sampled_from(["1", "2"]), st.lists(st.integers(0, 3), max_size=2)),
    "_has_children": st.booleans(),
}
wild_items = st.fixed_dictionaries({}, optional={"pool": pool_attributes | json_values, **top_values})
# Items of the right types, so that most calls get past the schema to the pool rules (versions, parents,
# names, system pools) and some succeed.
lookups = st.sampled_from(
    [{"reference": "a"}, {"reference": "system:standard"}, {"shortname": "s"}, {"reference": "x"}]
)
typed_pools = st.fixed_dictionaries(
    {"_version": st.integers(1, 3)},
    optional={
        "_id": st.sampled_from([None, ROOT, STANDARD, 3, 4, 999]),
        "_id_parent": st.sampled_from([ROOT, STANDARD, 3, 4, 999]),
        "lookup:_id_parent": lookups,
        "name": l10n,
        "reference": st.none() | st.sampled_from(["a", "b", "c"]),
        "shortname": st.none() | st.sampled_from(["s", "t"]),
        "comment": st.text(max_size=3),
    },
)
typed_items = st.fixed_dictionaries(
    {"pool": typed_pools},
    optional={
        "_acl": st.just([{"who": 1}]),
        "_private_acl": st.booleans(),
        "_tags": st.just([]),
        "_standard_masks": st.none(),
    },
)
items = typed_items | typed_items | wild_items
write_bodies = st.lists(items | json_values, max_size=5) | st.lists(typed_items, min_size=1, max_size=4) | json_values


@FUZZ
@given(method=st.sampled_from(["PUT", "POST"]), body=write_bodies, token=st.sampled_from(["admin", "admin", "none"]))
def test_arbitrary_json_at_the_pool_writes(app: App, spec: Spec, method: str, body: Any, token: str) -> None:
    before = app.table()
    headers = [(b"content-type", b"application/json")]
    if token == "admin":
        headers.append((b"x-easydb-token", app.admin.encode()))
    answer = app.request(method, "/api/v1/pool", headers=headers, body=json.dumps(body).encode())
    check(spec, method, "/api/v1/pool", b"", answer)
    event(outcome(answer))
    if answer.status == 200:
        assert isinstance(body, list) and len(answer.json()) == len(body)
    else:
        assert answer.status == 400
        assert app.table() == before, answer.body


# -- anything at all ---------------------------------------------------------------------------------------

# Mostly what the spec has, so that the answers get past the router, then anything.
spec_methods = st.sampled_from(["GET", "PUT", "POST", "DELETE"])
methods = (
    spec_methods
    | spec_methods
    | st.sampled_from(["PATCH", "HEAD", "OPTIONS", "TRACE", "QUERY", "get"])
    | st.text(string.ascii_letters, min_size=1, max_size=8)
)
segments = st.sampled_from(["1", "2", "3", "0", "-1", "abc", "99999999999999999999", "", "%00", "..", "1.0"]) | st.text(
    max_size=6
)
spec_paths = st.sampled_from(
    [
        "/api/v1/pool",
        "/api/v1/pool/3",
        "/api/v1/pool/4",
        "/api/v1/session",
        "/api/v1/session/authenticate",
        "/api/v1/session/deauthenticate",
    ]
)
paths = st.one_of(
    spec_paths,
    spec_paths,
    st.sampled_from(["/__emulator__/state", "/api/v1/pool/", "/api", "/", "", "/api/v1/pool//3", "/API/V1/POOL"]),
    segments.map(lambda segment: f"/api/v1/pool/{segment}"),
    st.text(max_size=20).map(lambda text: "/" + text),
)
query_pairs = st.lists(
    st.tuples(
        st.sampled_from(["token", "language", "log_event", "method", "login", "collection_rights_policy"])
        | st.text(max_size=5),
        st.text(max_size=8),
    ),
    max_size=4,
)
header_names = st.sampled_from(
    [b"x-easydb-token", b"content-type", b"content-length", b"accept", b"cookie"]
) | st.binary(min_size=1, max_size=8)
header_values = st.sampled_from(
    [b"application/json", b"application/x-www-form-urlencoded", b"text/plain", b"5", b"-1", b"99999999999"]
) | st.binary(max_size=12)
bodies = (
    st.binary(max_size=40)
    | write_bodies.map(lambda body: json.dumps(body).encode())
    | st.sampled_from([b"login=admin&password=" + PASSWORD.encode(), b"login=&password=", b"%%%", b"\xff\xfe"])
)


@FUZZ
@given(
    method=methods,
    path=paths,
    pairs=query_pairs,
    headers=st.lists(st.tuples(header_names, header_values), max_size=4),
    body=bodies,
    token=st.sampled_from(["admin", "unauthenticated", "unknown", "none"]),
    token_place=st.sampled_from(["header", "query"]),
)
def test_anything_at_the_app(
    app: App,
    spec: Spec,
    method: str,
    path: str,
    pairs: list[tuple[str, str]],
    headers: list[tuple[bytes, bytes]],
    body: bytes,
    token: str,
    token_place: str,
) -> None:
    if path.startswith("/__emulator__/reset"):
        return  # it would end the admin's session
    value = {"admin": app.admin, "unauthenticated": app.unauthenticated, "unknown": "no-such-token"}.get(token)
    if value is not None and token_place == "query":
        pairs = [*pairs, ("token", value)]
    elif value is not None:
        headers = [*headers, (b"x-easydb-token", value.encode())]
    query = "&".join(f"{quote(name)}={quote(text)}" for name, text in pairs).encode()
    before = app.table()
    answer = app.request(method, path, query=query, headers=[(name.lower(), text) for name, text in headers], body=body)
    check(spec, method, path, query, answer)
    event(outcome(answer))
    if answer.status != 200 and method.upper() in WRITES:
        assert app.table() == before, (method, path, answer.body)
