"""Secrets in every committed client: a model field the spec marks secret (`format: password`, or
`x-secret: true`) is masked in the model's repr and str, and a credential that cannot go in its header
(a trailing newline from a secrets file, above all) is refused before anything is sent, naming the
credential and the header, never the value.

Without the check, h11 refuses such a header only once the connection is open, echoing the value in its
LocalProtocolError (the exception, the traceback) and in httpcore's DEBUG log: the tests over a real
loopback connection (ServedJson) are the ones that fail on that hole.
"""

from __future__ import annotations

import importlib
import json
import logging
import traceback
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import attrs
import httpx
import pytest
from openapi_python_client.strings import PythonIdentifier

from contract_tests.serving import serving
from generator.generate import load_settings
from generator.layout import ApiLayout, all_apis

CANARY = "CANARY_SECRET_3f9a1c"
LOGGERS = ("httpx", "httpcore", *(ApiLayout.find(api).profile.client.package for api in all_apis()))
# What the overlays mark, as a floor for the walk below: if an overlay or the generator stopped marking
# them, the walk would find nothing to check and pass. (A new API's client is walked without a floor.)
KNOWN_SECRETS = {
    "patchworks_core_client": {("LoginRequest", "password"), ("LoginResponse", "token")},
    "easydb_client": {("AuthenticateSessionBody", "password"), ("Session", "token"), ("Error", "parameters")},
}


def packages() -> list[tuple[str, dict[str, Any], str]]:
    """(package, its built spec, the field prefix its models' names take) of every API's committed client."""
    found = []
    for api in all_apis():
        layout = ApiLayout.find(api)
        spec = json.loads(layout.spec_path.read_text(encoding="utf-8"))
        found.append((layout.profile.client.package, spec, load_settings(layout).config_file.field_prefix))
    return found


# --- model reprs ------------------------------------------------------------------------------------


def follow(spec: Mapping[str, Any], node: Any) -> Any:
    """A local $ref followed to what it names."""
    for _ in range(20):
        if not (isinstance(node, Mapping) and "$ref" in node):
            return node
        target: Any = spec
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    raise AssertionError("a $ref cycle")


def marked_secret(spec: Mapping[str, Any], schema: Any) -> bool:
    """The spec's word (independently of the generator): format password or x-secret, directly, through
    a $ref, a nullable wrapper or an array's items."""
    node = follow(spec, schema)
    if not isinstance(node, Mapping):
        return False
    if node.get("format") == "password" or node.get("x-secret") is True:
        return True
    inner = [*node.get("oneOf", ()), *node.get("anyOf", ()), *node.get("allOf", ())]
    return any(marked_secret(spec, part) for part in [*inner, *([node["items"]] if "items" in node else [])])


def object_schemas(node: Any) -> Iterator[Mapping[str, Any]]:
    """Every schema with properties anywhere in the spec (components, inline bodies, nested ones)."""
    if isinstance(node, Mapping):
        if isinstance(node.get("properties"), Mapping):
            yield node
        for value in node.values():
            yield from object_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from object_schemas(value)


def secret_attributes(spec: Mapping[str, Any], attributes: frozenset[str], prefix: str) -> set[str] | None:
    """The secret properties, as model attributes, of the spec's schemas whose properties are the model's
    attributes (named as openapi-python-client names them); None when no schema has them."""
    found: set[str] | None = None
    for schema in object_schemas(spec):
        named = {str(PythonIdentifier(wire, prefix)): inner for wire, inner in schema["properties"].items()}
        if frozenset(named) == attributes:
            found = (found or set()) | {name for name, inner in named.items() if marked_secret(spec, inner)}
    return found


def model_classes(package: str) -> list[type]:
    models: ModuleType = importlib.import_module(f"{package}.models")
    return [getattr(models, name) for name in models.__all__ if attrs.has(getattr(models, name))]


def filled(cls: type) -> Any:
    """An instance with a canary of its own in every field (set as from_dict sets them)."""
    instance: Any = object.__new__(cls)
    for field in attrs.fields(cls):
        value: Any = {} if field.name == "additional_properties" else canary_of(cls, field.name)
        object.__setattr__(instance, field.name, value)
    return instance


def canary_of(cls: type, attribute: str) -> str:
    return f"{CANARY}-{cls.__name__}-{attribute}"


@pytest.mark.parametrize(
    ("package", "spec", "prefix"),
    packages(),
    ids=lambda value: value if isinstance(value, str) and value.endswith("_client") else "",
)
def test_every_models_secret_fields_are_masked_and_only_those(package: str, spec: dict[str, Any], prefix: str) -> None:
    masked: set[tuple[str, str]] = set()
    for cls in model_classes(package):
        attributes = frozenset(field.name for field in attrs.fields(cls)) - {"additional_properties"}
        secrets = secret_attributes(spec, attributes, prefix) if attributes else set()
        assert secrets is not None, f"{cls.__name__}: no schema in the spec has its fields {sorted(attributes)}"
        instance = filled(cls)
        texts = (
            repr(instance),
            str(instance),
            f"{instance}",
            f"{instance!r}",
            repr([instance]),
            str(ValueError(instance)),
        )
        for attribute in attributes:
            if attribute in secrets:
                assert all(canary_of(cls, attribute) not in text for text in texts), f"{cls.__name__}.{attribute} shows"
                assert getattr(instance, attribute) == canary_of(cls, attribute)  # the attribute keeps the value
                masked.add((cls.__name__, attribute))
            else:  # masking is narrow: an ordinary field still shows
                assert canary_of(cls, attribute) in repr(instance), f"{cls.__name__}.{attribute} is masked, not secret"
        if secrets:
            assert "'********'" in repr(instance)
    assert KNOWN_SECRETS.get(package, set()) <= masked


def test_a_secret_field_reads_and_serialises_as_given_and_prints_masked() -> None:
    from easydb_client.models import AuthenticateSessionBody
    from patchworks_core_client.models import LoginRequest, LoginResponse

    request = LoginRequest(username="ann", password=CANARY)
    assert repr(request) == "LoginRequest(username='ann', password='********', additional_properties={})"
    assert request.password == CANARY and request.to_dict()["password"] == CANARY
    answer = LoginResponse.from_dict({"message": "ok", "token": CANARY, "expires_in": 60})
    assert answer.token == CANARY and CANARY not in repr(answer) and CANARY not in str(ValueError(answer))
    # An absent secret hides nothing: UNSET prints as it is.
    assert "password=<" in repr(AuthenticateSessionBody(login="ann"))


# --- credentials that cannot go in a header ---------------------------------------------------------

UNSENDABLE = [
    (f"{CANARY}\n", "trailing newline"),
    (f"{CANARY}\r\n", "trailing newline"),
    (f"{CANARY}\nX-Injected: 1", "line break"),
    (f"{CANARY}\x00", "NUL"),
    (f"{CANARY}\u00e9", "outside printable ASCII"),
    (f" {CANARY}", "space or a tab"),
    (f"{CANARY}\x07", "control character"),
    ("", "empty"),
]


def debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Capture everything httpx, httpcore and the clients log (httpcore logs each step at DEBUG)."""
    for logger in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=logger)


def assert_nothing_shows(error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    texts = [str(error), repr(error), repr(error.args), "".join(traceback.format_exception(error)), caplog.text]
    texts += [record.getMessage() for record in caplog.records]
    for text in texts:
        assert CANARY not in text


@pytest.mark.parametrize(("value", "problem"), UNSENDABLE)
def test_an_api_key_that_cannot_be_sent_is_refused_when_given(
    value: str, problem: str, caplog: pytest.LogCaptureFixture
) -> None:
    from patchworks_core_client import ApiKeyAuth, AuthenticatedClient, CredentialError

    debug_logs(caplog)
    with pytest.raises(CredentialError) as refused:
        AuthenticatedClient(api_key=value)
    message = str(refused.value)
    assert message.startswith("the API key (api_key) cannot be sent in the Authorization header: ")
    assert problem in message and message.endswith("Nothing was sent.")
    assert isinstance(refused.value, ValueError)
    assert_nothing_shows(refused.value, caplog)
    with pytest.raises(CredentialError):
        ApiKeyAuth(value)


@pytest.mark.parametrize("value", ["pk_live_7f3a9", "a b\tc", "~!#$%&'*+-.^_`|"])
def test_a_key_a_header_can_carry_is_sent_unchanged(value: str) -> None:
    from patchworks_core_client import AuthenticatedClient

    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json={"data": []})

    transport = httpx.MockTransport(answer)
    with AuthenticatedClient(api_key=value, transport=transport, rate_limit=None) as client:
        client.get_httpx_client().get("/api/v1/data-pool")
    assert seen == [value]


class ServedJson:
    """An ASGI app answering each path with its JSON body (the rest: 404), served over real loopback
    HTTP, so that the request goes through httpcore and h11 as in production."""

    def __init__(self, bodies: dict[str, Any]) -> None:
        self.bodies = bodies
        self.paths: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        self.paths.append(scope["path"])
        found = scope["path"] in self.bodies
        content = json.dumps(self.bodies.get(scope["path"], {"message": "Not Found"})).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
        await send({"type": "http.response.start", "status": 200 if found else 404, "headers": headers})
        await send({"type": "http.response.body", "body": content})


# Over a real connection, where h11 refuses what the client did not check, with the value in its error and
# in httpcore's log: the leak is checked first, whatever was raised, then that the client refused it.
REFUSED = (ValueError, httpx.HTTPError)  # CredentialError is a ValueError; h11's LocalProtocolError an HTTPError


def test_an_api_key_with_a_trailing_newline_never_reaches_h11(caplog: pytest.LogCaptureFixture) -> None:
    from patchworks_core_client import AuthenticatedClient, RetryPolicy
    from patchworks_core_client.api.data_pools import list_data_pools

    debug_logs(caplog)
    app = ServedJson({"/api/v1/data-pool": {"data": []}})
    with serving(app) as url, pytest.raises(REFUSED) as refused:
        client = AuthenticatedClient(api_key=f"{CANARY}\n", base_url=url, retry=RetryPolicy(max_attempts=1))
        list_data_pools.sync(client=client)
    assert_nothing_shows(refused.value, caplog)
    assert type(refused.value).__name__ == "CredentialError" and "trailing newline" in str(refused.value)
    assert app.paths == []


def test_a_login_token_with_a_trailing_newline_is_refused_naming_the_header(caplog: pytest.LogCaptureFixture) -> None:
    from patchworks_core_client import AuthenticatedClient, RetryPolicy

    debug_logs(caplog)
    app = ServedJson({"/fabric/api/login": {"message": "ok", "token": f"{CANARY}\n", "expires_in": 3600}})
    with serving(app) as url, pytest.raises(REFUSED) as refused:
        client = AuthenticatedClient.login("me", "a-password-1", login_url=f"{url}/fabric/api/login", base_url=url,
                                           retry=RetryPolicy(max_attempts=1), rate_limit=None)  # fmt: skip
        client.get_httpx_client().get("/api/v1/data-pool")
    assert_nothing_shows(refused.value, caplog)
    assert str(refused.value) == (
        "the login answer's token (token) cannot be sent in the Authorization header: it has a trailing newline "
        "(as a value read from a file often has; strip it). Nothing was sent."
    )
    assert app.paths == ["/fabric/api/login"]  # the login only: no request carried the token


def test_a_session_token_that_cannot_be_sent_is_refused_naming_the_header(caplog: pytest.LogCaptureFixture) -> None:
    from easydb_client import AuthenticatedClient, RetryPolicy

    debug_logs(caplog)
    app = ServedJson({"/api/v1/session": {"token": f"{CANARY}\n"}})
    with serving(app) as url, pytest.raises(REFUSED) as refused:
        AuthenticatedClient.login("me", "a-password-1", base_url=url, retry=RetryPolicy(max_attempts=1),
                                  rate_limit=None)  # fmt: skip
    assert_nothing_shows(refused.value, caplog)
    message = str(refused.value)
    assert message.startswith("the session answer's token (token) cannot be sent in the x-easydb-token header: ")
    assert "trailing newline" in message
    assert app.paths == ["/api/v1/session"]  # authenticate, which carries the token, was not sent


def test_a_placement_refuses_an_unsendable_header_credential_and_a_query_carries_anything() -> None:
    """What the auth flows check a credential with when they receive it (check()), and how they sign a
    request with it (sign())."""
    from patchworks_core_client import CredentialError, Secret
    from patchworks_core_client._auth import InHeader, InQuery

    request = httpx.Request("GET", "https://core.test/api/v1/data-pool")
    with pytest.raises(CredentialError, match="the token cannot be sent in the X-Token header: it contains a NUL"):
        InHeader("X-Token").check(Secret(f"{CANARY}\x00"), "the token")
    assert "X-Token" not in request.headers
    InQuery("token").check(Secret(f"{CANARY}\n"), "the token")
    InQuery("token").sign(request, Secret(f"{CANARY}\n"))  # a URL carries it percent-encoded
    assert request.url.params["token"] == f"{CANARY}\n"


# --- an operation whose body holds a password -------------------------------------------------------


def _login_operation(package: str) -> Any:
    """A call of the package's operation that sends a password in its body, given a client."""
    if package == "patchworks_core_client":
        from patchworks_core_client.api.authentication import login
        from patchworks_core_client.models import LoginRequest

        return lambda client: login.sync_detailed(client=client, body=LoginRequest("me", CANARY))
    from easydb_client.api.session import authenticate_session
    from easydb_client.models import AuthenticateSessionBody

    body = AuthenticateSessionBody(login="me", password=CANARY)
    return lambda client: authenticate_session.sync_detailed(client=client, body=body)


def test_the_operations_whose_body_holds_a_secret_are_the_logins() -> None:
    """The floor for the test below: the spec's secret bodies are the two logins."""
    from generator.openapi import operations
    from generator.secret_fields import sends_a_secret

    found = {(package, operation["operationId"]) for package, spec, _ in packages()
             for _, _, operation in operations(spec) if sends_a_secret(spec, operation)}  # fmt: skip
    assert found == {("patchworks_core_client", "login"), ("easydb_client", "authenticateSession")}


@pytest.mark.parametrize("package", ["patchworks_core_client", "easydb_client"])
@pytest.mark.parametrize("status", [307, 308])
def test_an_operation_sending_a_password_is_not_redirected_to_another_host(package: str, status: int) -> None:
    """httpx sends a body again along a 307/308 to any host: the generated login operations are kept at
    their origin as the clients' own token flows are; a redirect on the same host is followed."""
    sent: list[httpx.Request] = []
    redirect_to = ["https://elsewhere.test/collect"]

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.host == "api.test" and not request.url.path.startswith("/moved"):
            return httpx.Response(status, headers={"Location": redirect_to[0]})
        return httpx.Response(418)

    client_module = importlib.import_module(f"{package}.client")
    call = _login_operation(package)
    elsewhere = client_module.Client(base_url="https://api.test", transport=httpx.MockTransport(answer),
                                     follow_redirects=True, rate_limit=None)  # fmt: skip
    with pytest.raises(ValueError, match=r"was redirected to https://elsewhere.test: it is not sent there") as refused:
        call(elsewhere)
    assert type(refused.value).__name__ == "CredentialError" and CANARY not in str(refused.value)
    assert [request.url.host for request in sent] == ["api.test"]
    sent.clear()
    redirect_to[0] = "https://api.test/moved"
    assert call(elsewhere).status_code == 418
    assert [request.url.host for request in sent] == ["api.test", "api.test"] and CANARY.encode() in sent[1].content


@pytest.mark.parametrize("package", ["patchworks_core_client", "easydb_client"])
def test_a_responses_repr_shows_neither_its_raw_body_nor_its_headers(package: str) -> None:
    """A *_detailed() answer's raw body holds the token its parsed model masks, its headers cookies."""
    types = importlib.import_module(f"{package}.types")
    response = types.Response(status_code=200, content=json.dumps({"token": CANARY}).encode(),
                              headers=httpx.Headers({"Set-Cookie": f"session={CANARY}"}), parsed=None)  # fmt: skip
    assert CANARY not in repr(response) and CANARY not in str(response)
    assert repr(response) == "Response(status_code=200, parsed=None)"
    assert CANARY.encode() in response.content  # still there for who asks for it
