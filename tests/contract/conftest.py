"""Fixtures the contract tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis

from contract_tests.auth import ApiKey, Placement, Secret
from contract_tests.ledger import Ledger
from contract_tests.safety import OwnedResources
from tests.contract.fake_api import WidgetHost, serve
from tests.contract.tree_api import RUN, Tree, TreeHost, serve_tree, write_tree_api


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Tree]:
    """A tree API's host on a free loopback port and a live-write guard of run RUN in front of it."""
    api = write_tree_api(tmp_path)
    schema = schemathesis.openapi.from_path(api.spec_path)
    for host in serve_tree(TreeHost()):
        ledger = Ledger(tmp_path / "ledger", api.name, host.url)
        with requests.Session() as http:
            guard = OwnedResources(api, RUN, host.url, http, ApiKey(Secret("k"), Placement("K", "header", "K")), ledger)
            yield Tree(schema, host, guard, ledger, http)


@pytest.fixture
def elsewhere() -> Iterator[WidgetHost]:
    """Another host, which a redirect names: it must get nothing."""
    yield from serve(WidgetHost())
