"""The shortcuts on every request's way (issue 14: getDataPool within 0.7x of a bare Starlette app): the
spec's paths found by their segment count (core/routes.py) answer what Starlette's router would, and the
JSON made by the encoder made once (answers.json_text) is what json.dumps makes."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from starlette.responses import Response
from starlette.routing import Match, Route

from contract_tests.emulator.core.answers import json_response, json_text
from contract_tests.emulator.core.routes import SpecRoutes
from contract_tests.emulator.core.spec import load_spec
from generator.layout import ApiLayout, all_apis


class _Endpoint:
    """An ASGI endpoint answering every method (as the emulator's are)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("not called")


def _scope(path: str, root_path: str = "") -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": path, "root_path": root_path, "path_params": {}}


def _starlette_first(routes: list[Route], scope: dict[str, Any]) -> tuple[Route | None, dict[str, Any]]:
    """What Starlette's router would route the scope to: the first route matching it in full."""
    for route in routes:
        match, child = route.matches(scope)
        if match == Match.FULL:
            return route, child["path_params"]
    return None, {}


@pytest.mark.parametrize("api", all_apis())
def test_every_spec_path_goes_where_starlette_s_router_sends_it(api: str) -> None:
    paths_in_order = dict.fromkeys(o.path for o in load_spec(ApiLayout.find(api).spec_path).operations)
    routes = [Route(path, _Endpoint()) for path in paths_in_order]
    spec_routes = SpecRoutes(routes)
    paths: list[str] = ["/", "", "/nothing", "/api", "/api/v1/", "//", "/a/b/c/d/e/f/g"]
    for route in routes:
        for value in ("1", "abc", "-7", "%20", ""):
            concrete = route.path
            while "{" in concrete:
                start = concrete.index("{")
                concrete = concrete[:start] + value + concrete[concrete.index("}", start) + 1 :]
            paths += [concrete, concrete + "/", concrete + "/x", concrete.rsplit("/", 1)[0]]
    for path in paths:
        for root_path in ("", "/prefix"):
            scope = _scope(root_path + path, root_path)
            expected, parameters = _starlette_first(routes, scope)
            match, child = spec_routes.matches(scope)
            if expected is None:
                assert match == Match.NONE, path
            else:
                assert match == Match.FULL, path
                assert child["route"] is expected and child["endpoint"] is expected.endpoint, path
                assert child["path_params"] == parameters, path


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"id": 1, "name": "Zürich “quoted” \u2028", "none": None, "yes": True, "ratio": 0.1, "big": 2**70}},
        [1, -0.0, 1e300, "\x00\x1f\\/"],
        {"nan": math.nan, "inf": math.inf, 3: "integer key", "nested": [[{}], []]},
        "just text",
        None,
        7,
    ],
)
def test_the_json_is_json_dumps_s(body: Any) -> None:
    assert json_text(body) == json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def test_what_json_cannot_hold_is_refused_as_json_dumps_refuses_it() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        json_text({"data": {1, 2}})


@pytest.mark.parametrize("status", [200, 201, 400, 404, 422, 429])
def test_a_json_answer_is_the_response_starlette_makes_of_it(status: int) -> None:
    body = {"data": {"id": 1, "name": "Zürich"}}
    ours = json_response(status, body)
    starlette = Response(json_text(body).encode(), status_code=status, media_type="application/json")
    assert (ours.status_code, ours.body, ours.raw_headers) == (starlette.status_code, starlette.body,
                                                              starlette.raw_headers)  # fmt: skip
    assert ours.headers["content-type"] == "application/json"
