"""Emulator-only control routes under /__emulator__/ (not in the spec):

POST /__emulator__/reset[?seed=NAME]     empty every table, then put back what every database of the API
                                         holds (its base) and fill them with one of its seeds, all in one
                                         transaction (a failed seed leaves the database as it was)
GET  /__emulator__/state                 how many records each table the API names holds, and each
                                         collection served as documents; the API package may add more
POST /__emulator__/documents/<path>      store documents in a collection served from the spec alone: <path>
                                         is the collection's path with its parents' ids (things/7/parts);
                                         the body one JSON object or an array of them, each completed from
                                         the resource's schema (an id unless given, timestamps, defaults);
                                         answers 201 {"documents": [...]}, or with the API's error when
                                         the parent is missing, an id is of the wrong type or taken (and
                                         then stores none of them)
and the API package's own routes.

They can empty and refill the database, so none of the API's credentials opens them (those may be a
published demo key): they take the emulator's control key (EmulatorSettings.control_key, `--control-key-
file`) in the X-Emulator-Control-Key header, and answer only clients on this machine (loopback) unless the
emulator was started with --allow-remote-control. Without a control key they are closed. Refusals are 401
(no key, or a wrong one) and 403 (closed, or a remote client), in the dialect's words.
"""

from __future__ import annotations

import hmac
import ipaddress

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contract_tests.emulator.core.answers import Kind, Problem, json_response
from contract_tests.emulator.core.api import EmulatorApi
from contract_tests.emulator.core.call import ControlRoute, Emulator
from contract_tests.emulator.core.pipeline import guarded
from contract_tests.emulator.core.request_bodies import bounded_body, json_body
from contract_tests.emulator.core.resources import Resources
from contract_tests.emulator.core.security import Caller
from contract_tests.emulator.core.spec import validator
from contract_tests.emulator.core.stores import document_counts

PREFIX = "/__emulator__"
KEY_HEADER = "X-Emulator-Control-Key"


def routes(emulator: Emulator, api: EmulatorApi, resources: Resources) -> list[Route]:
    def reset(request: Request, emulator: Emulator) -> Response:
        seed = request.query_params.get("seed", "none")
        wrong = validator({"enum": ["none", *api.seeds]}).iter_errors(seed)
        errors = [(("seed",), error) for error in wrong]
        if errors:
            raise Problem(Kind.INVALID, 422, errors=errors)
        # One transaction (their own ones its savepoints): no other request sees the database emptied or
        # half seeded, and a seed that fails leaves it as it was.
        with emulator.db.transaction():
            emulator.db.reset()
            if api.base is not None:
                api.base(emulator.db)
            if seed != "none":
                api.seeds[seed](emulator.db)
        emulator.rate_limiter.reset()
        return json_response(200, {"message": "The emulator was reset."})

    def state(_: Request, emulator: Emulator) -> Response:
        counts = {table: emulator.db.count(table) for table in api.counted}
        counts.update(document_counts(emulator.db))
        return json_response(200, {"counts": counts, **(api.state(emulator.db) if api.state else {})})

    async def documents(request: Request, emulator: Emulator) -> Response:
        path = "/" + request.path_params["collection"]
        found = resources.documents(path)
        if found is None:
            raise Problem(Kind.ROUTE_NOT_FOUND, 404, path=request.url.path)
        resource, keys = found
        body = json_body(await bounded_body(request))
        given = body if isinstance(body, list) else [body]
        if not all(isinstance(document, dict) for document in given):
            raise Problem(Kind.BODY_NOT_OBJECT, 422)

        def store() -> list[dict[str, object]]:
            parents = resource.existing_parents(emulator.db, keys)
            with emulator.db.transaction():  # every document, or none
                return [resources.seed_document(emulator.db, resource, document, parents) for document in given]

        stored = await emulator.run_sync(store)
        return json_response(201, {"documents": stored})

    own = [
        ControlRoute("POST", "/reset", reset),
        ControlRoute("GET", "/state", state),
        ControlRoute("POST", "/documents/{collection:path}", documents),
    ]
    return [_route(emulator, api, route) for route in [*own, *api.control_routes]]


def _route(emulator: Emulator, api: EmulatorApi, route: ControlRoute) -> Route:
    async def endpoint(request: Request) -> Response:
        async def answer(_: Caller | None) -> Response:
            admit(emulator, request)
            return await emulator.run(route.answer, request, emulator)

        return await guarded(emulator, request, answer)

    return Route(PREFIX + route.path, endpoint, methods=[route.method])


def admit(emulator: Emulator, request: Request) -> None:
    """Refuse (CONTROL_REFUSED) a control request that is not from this machine (unless remote control
    is allowed), comes while the routes are closed, or lacks the control key. The reason says what to do,
    never what the key is."""
    settings = emulator.settings
    if not settings.allow_remote_control and not is_loopback(request.client.host if request.client else ""):
        raise Problem(Kind.CONTROL_REFUSED, 403, reason=(
            "the control routes answer clients on this machine only; start the emulator with "
            "--allow-remote-control to open them to others"))  # fmt: skip
    if settings.control_key is None:
        raise Problem(Kind.CONTROL_REFUSED, 403, reason=(
            "the control routes are closed: start the emulator with a control key (--control-key-file FILE, "
            "or the API's EMULATOR_CONTROL_KEY variable)"))  # fmt: skip
    given = request.headers.get(KEY_HEADER, "")
    if not hmac.compare_digest(given.encode(), settings.control_key.encode()):
        raise Problem(Kind.CONTROL_REFUSED, 401, reason=f"send the emulator's control key in {KEY_HEADER}")


def is_loopback(host: str) -> bool:
    """Whether a client address is this machine's (127.0.0.0/8, ::1, an IPv4-mapped loopback)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))
