"""A small API of our own for the shared contract machinery's tests: specs/<name>/ written to a temporary
folder (a profile, a built spec), and a Starlette host that serves it statefully.

"Widgets" have parts; a session API variant opens, authenticates and ends sessions. Nothing here is any
real API's: the shared code must work from what a profile and a spec say.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract_tests.api import ContractApi
from contract_tests.serving import serving

NAME = "widget-api"
TITLE = "Widget API"

SPEC = """
openapi: 3.0.3
info: {title: Widget API, version: "1"}
servers: [{url: "https://api.widgets.invalid"}]
components:
  schemas:
    Id: {type: integer, minimum: 1, maximum: 9223372036854775807}
    Widget: {type: object, properties: {id: {$ref: "#/components/schemas/Id"}, label: {type: string}}}
  parameters:
    Widget: {name: widget, in: path, required: true, schema: {$ref: "#/components/schemas/Id"}}
  securitySchemes: {}
paths:
  /widgets:
    get:
      operationId: listWidgets
      x-pagination: {page_parameter: page, size_parameter: size, items: items, max_size: 2}
      responses: {"200": {description: ok}}
    post:
      operationId: createWidget
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Widget"}}}}
      responses:
        "201":
          description: created
          links:
            DeleteWidget: {operationId: deleteWidget, parameters: {widget: "$response.body#/item/id"}}
  /widgets/{widget}:
    parameters: [{$ref: "#/components/parameters/Widget"}]
    put:
      operationId: updateWidget
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Widget"}}}}
      responses: {"200": {description: ok}}
    delete: {operationId: deleteWidget, responses: {"200": {description: ok}}}
  /widgets/{widget}/parts:
    parameters: [{$ref: "#/components/parameters/Widget"}]
    delete:
      operationId: deleteParts
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {ids: {type: array, items: {type: integer}}}}
      responses: {"200": {description: ok}}
    post:  # a write the profile leaves undeclared
      operationId: addPart
      requestBody: {content: {application/json: {schema: {type: object, properties: {serial: {type: string}}}}}}
      responses: {"200": {description: ok}}
  /login:
    post:
      operationId: logIn
      servers: [{url: "https://login.widgets.invalid"}]
      security: []
      responses: {"200": {description: ok}}
  /session:
    get: {operationId: openSession, security: [], responses: {"200": {description: ok}}}
  /session/authenticate:
    post: {operationId: authenticateSession, responses: {"200": {description: ok}}}
  /session/deauthenticate:
    post: {operationId: endSession, responses: {"200": {description: ok}}}
"""

PROFILE = """
display_name: Widget API
client: {project: widget-client, package: widget_client, version: 0.1.0}
env_prefix: WIDGETS_
auth: {}
errors: {by: code, code_field: code}
pagination: none
emulator: {dialect: plain}
live_safety:
  run_name_field: label
  id_field: id
  resources:
    widget: {create: createWidget, delete: deleteWidget, list: listWidgets, minimal: {colour: grey}}
    part: {parent: widget}
  writes:
    logIn: []
    createWidget: []
    updateWidget: [{in: path, name: widget, resource: widget}]
    deleteWidget: [{in: path, name: widget, resource: widget}]
    deleteParts: [{in: path, name: widget, resource: widget}, {in: body, pointer: /ids/*, resource: part}]
"""

# The security schemes and token flows the tests combine.
KEY_AND_BEARER = {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                  "Bearer": {"type": "http", "scheme": "bearer"}}  # fmt: skip
SESSION_TOKEN = {"InQuery": {"type": "apiKey", "in": "query", "name": "token"},
                 "InHeader": {"type": "apiKey", "in": "header", "name": "X-Token"}}  # fmt: skip
LOGIN_FLOW = {"kind": "login", "operation_id": "logIn", "username_field": "email", "password_field": "secret",
              "token_field": "token", "expires_in_field": "ttl"}  # fmt: skip
SESSION_FLOW = {"kind": "session", "open_operation": "openSession", "token_field": "token",
                "authenticate_operation": "authenticateSession", "login_parameter": "login",
                "password_parameter": "password", "deauthenticate_operation": "endSession",
                "authenticated_check": {"pointer": "/authenticated/method", "equals": "password"},
                "renew_on_error_codes": ["session.gone"]}  # fmt: skip


def write_api(specs: Path, *, security: dict[str, Any] | None = None, flow: dict[str, Any] | None = None,
              profile: dict[str, Any] | None = None) -> ContractApi:  # fmt: skip
    """specs/widget-api/ under `specs`, with these security schemes and token flow (or profile changes)."""
    spec_document = yaml.safe_load(SPEC)
    spec_document["components"]["securitySchemes"] = security if security is not None else KEY_AND_BEARER
    profile_document = yaml.safe_load(PROFILE)
    profile_document["auth"] = {"token_flow": flow if flow is not None else LOGIN_FLOW}
    profile_document.update(profile or {})
    root = specs / NAME
    (root / "upstream").mkdir(parents=True, exist_ok=True)
    (root / "api.yaml").write_text(yaml.safe_dump(profile_document, sort_keys=False), encoding="utf-8")
    (root / "openapi.json").write_text(json.dumps(spec_document), encoding="utf-8")
    return ContractApi.load(NAME, specs)


@dataclass
class WidgetHost:
    """The API's host: widgets by id, the requests it got, and its logins and sessions. With
    `sessions_required`, listing widgets needs an authenticated session (else the code session.gone); with
    `create_answers_nothing`, a create makes its widget but answers 200 {} (no id where the links say)."""

    sessions_required: bool = False
    create_answers_nothing: bool = False
    redirect_to: str | None = None  # answer every widget call and login with a 307 to the same path there
    widgets: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, query
    sessions: dict[str, str] = field(default_factory=dict)  # token -> "open" | "authenticated"
    logins: int = 0
    url: str = ""

    def add(self, label: str) -> int:
        widget_id = max(self.widgets, default=0) + 1
        self.widgets[widget_id] = {"id": widget_id, "label": label}
        return widget_id

    def end_every_session(self) -> None:
        self.sessions.clear()

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/widgets", self._widgets, methods=["GET", "POST"]),
            Route("/widgets/{widget}", self._widget, methods=["PUT", "DELETE"]),
            Route("/login", self._log_in, methods=["POST"]),
            Route("/session", self._open_session, methods=["GET"]),
            Route("/session/authenticate", self._authenticate, methods=["POST"]),
            Route("/session/deauthenticate", self._end_session, methods=["POST"]),
        ])  # fmt: skip

    def _record(self, request: Request) -> None:
        self.requests.append((request.method, request.url.path, request.url.query))

    async def _widgets(self, request: Request) -> Response:
        self._record(request)
        if self.redirect_to:
            return Response(status_code=307, headers={"Location": self.redirect_to + request.url.path})
        if self.sessions_required and self.sessions.get(_token_of(request)) != "authenticated":
            return JSONResponse({"code": "session.gone"}, status_code=400)
        if request.method == "POST":
            body = await request.json()
            widget_id = self.add(str(body.get("label")))
            if self.create_answers_nothing:
                return JSONResponse({})
            return JSONResponse({"item": self.widgets[widget_id]}, status_code=201)
        page, size = int(request.query_params.get("page", 1)), int(request.query_params.get("size", 2))
        return JSONResponse({"items": list(self.widgets.values())[(page - 1) * size : page * size]})

    async def _widget(self, request: Request) -> Response:
        self._record(request)
        widget_id = int(request.path_params["widget"])
        if widget_id not in self.widgets:
            return JSONResponse({"message": "not found"}, status_code=404)
        if request.method == "DELETE":
            del self.widgets[widget_id]
        return JSONResponse({"item": self.widgets.get(widget_id)})

    async def _log_in(self, request: Request) -> Response:
        self._record(request)
        if self.redirect_to:
            return Response(status_code=307, headers={"Location": self.redirect_to + request.url.path})
        body = await request.json()
        if (body.get("email"), body.get("secret")) != ("ann", "pw-9-long-enough"):
            return JSONResponse({"message": "wrong password"}, status_code=401)
        self.logins += 1
        return JSONResponse({"token": f"login-token-{self.logins}", "ttl": 100})

    async def _open_session(self, request: Request) -> Response:
        self._record(request)
        token = f"session-token-{len(self.requests)}"
        self.sessions[token] = "open"
        return JSONResponse({"token": token})

    async def _authenticate(self, request: Request) -> Response:
        """The login and password in the query, or in a form body."""
        self._record(request)
        token, fields = _token_of(request), {**request.query_params, **(await request.form())}
        credentials = (fields.get("login"), fields.get("password"))
        if self.sessions.get(token) != "open" or credentials != ("ann", "pw-9-long-enough"):
            return JSONResponse({"code": "login.failed"}, status_code=400)
        self.sessions[token] = "authenticated"
        return JSONResponse({"token": token, "authenticated": {"method": "password"}})

    async def _end_session(self, request: Request) -> Response:
        self._record(request)
        self.sessions.pop(_token_of(request), None)
        return JSONResponse({})


def _token_of(request: Request) -> str:
    return request.headers.get("X-Token") or request.query_params.get("token", "")


def serve(host: WidgetHost) -> Iterator[WidgetHost]:
    with serving(host.app()) as url:
        host.url = url
        yield host
