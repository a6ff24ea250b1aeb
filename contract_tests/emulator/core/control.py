"""Emulator-only control routes under /__emulator__/ (not in the spec; the same credentials as the API):

POST /__emulator__/reset[?seed=NAME]     empty every table, then put back what every database of the API
                                         holds (its base) and fill them with one of its seeds
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
"""

from __future__ import annotations

import inspect
import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contract_tests.emulator.core.answers import Kind, Problem, json_response
from contract_tests.emulator.core.api import EmulatorApi
from contract_tests.emulator.core.call import ControlRoute, Emulator
from contract_tests.emulator.core.pipeline import guarded
from contract_tests.emulator.core.resources import Resources
from contract_tests.emulator.core.security import Caller
from contract_tests.emulator.core.spec import validator
from contract_tests.emulator.core.stores import document_counts

PREFIX = "/__emulator__"


def routes(emulator: Emulator, api: EmulatorApi, resources: Resources) -> list[Route]:
    def reset(request: Request, emulator: Emulator) -> Response:
        seed = request.query_params.get("seed", "none")
        wrong = validator({"enum": ["none", *api.seeds]}).iter_errors(seed)
        errors = [(("seed",), error) for error in wrong]
        if errors:
            raise Problem(Kind.INVALID, 422, errors=errors)
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
        parents = resource.existing_parents(emulator.db, keys)
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError, RecursionError) as error:  # RecursionError: nested too deep
            raise Problem(Kind.MALFORMED_BODY, 400, media_type="application/json", detail=str(error)) from None
        given = body if isinstance(body, list) else [body]
        if not all(isinstance(document, dict) for document in given):
            raise Problem(Kind.BODY_NOT_OBJECT, 422)
        with emulator.db.transaction():  # every document, or none
            stored = [resources.seed_document(emulator.db, resource, document, parents) for document in given]
        return json_response(201, {"documents": stored})

    own = [
        ControlRoute("POST", "/reset", reset),
        ControlRoute("GET", "/state", state),
        ControlRoute("POST", "/documents/{collection:path}", documents),
    ]
    return [_route(emulator, api, route) for route in [*own, *api.control_routes]]


def _route(emulator: Emulator, api: EmulatorApi, route: ControlRoute) -> Route:
    async def endpoint(request: Request) -> Response:
        async def answer(caller: Caller | None) -> Response:
            if api.control_access is not None:
                api.control_access(emulator, caller)
            result = route.answer(request, emulator)
            return await result if inspect.isawaitable(result) else result

        return await guarded(emulator, request, answer)

    return Route(PREFIX + route.path, endpoint, methods=[route.method])
