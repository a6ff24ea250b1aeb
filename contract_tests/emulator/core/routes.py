"""The spec's paths as one Starlette route (SpecRoutes) that finds a request's path among them by its
number of segments first, then in the spec's order, as Starlette's router would have found it.

Starlette's router tries each route in turn, a Python call and a regular expression a route: the tenth
path of a spec was ten calls on every request, a tenth of a small request's time in the app. A spec path's
parameters are single segments ({name}, no `:path` convertor: OpenAPI has none), so a template with n
slashes matches only paths with n slashes: the paths with another number of slashes are not tried. Among
the rest the first that matches wins, as in Starlette's own loop, so what answers a request is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette._utils import get_route_path
from starlette.convertors import StringConvertor
from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, NoMatchFound, Route
from starlette.types import Receive, Scope, Send


class SpecRoutes(BaseRoute):
    """Starlette Routes (without methods: each answers every method itself), matched as Starlette's router
    would match them in this order (see the module's docstring)."""

    def __init__(self, routes: Sequence[Route], *, ignore_trailing_slash: bool = False) -> None:
        self.routes = list(routes)
        self.ignore_trailing_slash = ignore_trailing_slash  # /things/ is /things (Dialect.ignores_trailing_slash)
        assert all(route.methods is None for route in self.routes), "a spec route answers every method itself"
        # A parameter Starlette would read as a path ({name:path}, which no OpenAPI document means) may hold
        # slashes: then every path is tried, in order, as Starlette does.
        spans_segments = any(":path}" in route.path for route in self.routes)
        self._by_slashes: dict[int | None, list[Route]] = {}
        for route in self.routes:
            self._by_slashes.setdefault(None if spans_segments else route.path.count("/"), []).append(route)
        self._any_count = spans_segments
        # The routes whose parameters are all plain strings: what the match found is what they take.
        self._as_found = {
            id(route) for route in self.routes
            if all(type(convertor) is StringConvertor for convertor in route.param_convertors.values())
        }  # fmt: skip

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        path = get_route_path(scope)  # what Starlette's Route matches: the path below the app's root path
        if self.ignore_trailing_slash and path.endswith("/"):
            path = path.rstrip("/") or "/"
        for route in self._by_slashes.get(None if self._any_count else path.count("/"), ()):
            found = route.path_regex.match(path)
            if found is not None:
                matched = found.groupdict()
                if id(route) not in self._as_found:
                    matched = {name: route.param_convertors[name].convert(value) for name, value in matched.items()}
                outer = scope.get("path_params")
                parameters = {**outer, **matched} if outer else matched
                return Match.FULL, {"endpoint": route.endpoint, "path_params": parameters, "route": route}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Route.handle would check the method first: a spec route has no methods, its endpoint takes all.
        # Starlette's router set scope['route'] to this object, then the child scope replaced it with the
        # spec route that matched, as its own router leaves it.
        route: Route = scope["route"]
        await route.app(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                continue
        raise NoMatchFound(name, path_params)
