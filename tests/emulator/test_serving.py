"""contract_tests/serving.py: an app served in a thread of the test's process, ready when the block starts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from contract_tests import serving as serving_module
from contract_tests.serving import serving
from contract_tests.testing import wait_until_up


def hello(_: Request) -> PlainTextResponse:
    return PlainTextResponse("hello")


def test_serving_waits_for_its_port_with_the_one_start_up_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    waited: list[int] = []

    def recorded(port: int, *args: Any, **options: Any) -> None:
        waited.append(port)
        wait_until_up(port, *args, **options)

    monkeypatch.setattr(serving_module, "wait_until_up", recorded)
    with serving(Starlette(routes=[Route("/", hello)])) as url:
        assert waited == [httpx.URL(url).port]
        assert httpx.get(url).text == "hello"  # up as soon as the block starts
