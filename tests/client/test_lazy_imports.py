"""What importing a client costs: the package and an operation's module import neither asyncio (only the
async paths need it) nor any model (a model's module is imported when a response is parsed) nor msgspec
(looked for on the first answer decoded) nor errors.py and the token flow's modules (the package's deferred
exports), and the deferred pieces still work when used. Timing is the benchmark's job
(benchmarks/bench_client.py)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.client.test_public_api import committed_clients

PROBE = """
import importlib, json, pkgutil, sys
package = sys.argv[1]
importlib.import_module(package)
api = importlib.import_module(package + ".api")
operations = [module.name for module in pkgutil.walk_packages(api.__path__, api.__name__ + ".") if not module.ispkg]
for operation in operations:
    importlib.import_module(operation)
files = {module.name for module in pkgutil.iter_modules(importlib.import_module(package).__path__)}
flow = {module.lstrip(".") for module in sys.modules[package]._DEFERRED.values()}
deferred = sorted({"errors", "_auth_renewing", *flow} & files)
print(json.dumps({"operations": len(operations), "asyncio": "asyncio" in sys.modules,
                  "msgspec": "msgspec" in sys.modules,
                  "models": sorted(name for name in sys.modules if name.startswith(package + ".models.")),
                  "deferred": {module: f"{package}.{module}" in sys.modules for module in deferred}}))
"""


def _run(code: str, project_dir: Path, *arguments: str) -> str:
    """What `code` prints in a fresh interpreter that has the client at `project_dir` on its path."""
    env = {**os.environ, "PYTHONPATH": str(project_dir)}
    result = subprocess.run(
        [sys.executable, "-c", code, *arguments], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_the_operations_import_no_model_nor_asyncio_msgspec_errors_or_the_token_flow(
    project: str, project_dir: Path, package: str
) -> None:
    imported = json.loads(_run(PROBE, project_dir, package))
    assert imported["operations"] >= 8, imported  # every operation's module, not one
    assert not imported["asyncio"], f"importing {package} and its operations imported asyncio"
    assert not imported["msgspec"], f"importing {package} and its operations imported msgspec"
    assert imported["models"] == [], f"importing the operations imported models: {imported['models']}"
    # errors.py, and with a token flow, its module and _auth_renewing
    assert "errors" in imported["deferred"] and len(imported["deferred"]) in (1, 3), imported["deferred"]
    assert not any(imported["deferred"].values()), f"importing {package} imported {imported['deferred']}"


# Each deferred export first used in a fresh interpreter of its own (a flow's module imports errors, so an
# earlier use would hide the later one's path): `import <package>`, then the export by name.
FIRST_USE = {
    # the submodule, through __getattr__: after `import <package>` alone, it is not yet an attribute
    "errors": "import sys\nassert 'errors' not in vars(p)\nvalue = p.errors\n"
    "print(value is sys.modules[p.__name__ + '.errors'] and issubclass(value.ApiError, Exception))",
    "star": "namespace = {}\nexec(f'from {p.__name__} import *', namespace)\n"
    "print(sorted(set(namespace) - {'__builtins__'}) == sorted(p.__all__))",
    # once used, a name is in the package's globals too: dir() still lists it once
    "dir": "p.errors\nprint(set(p.__all__) <= set(dir(p)) and dir(p).count('errors') == 1)",
    # the models' own deferral (a model's module on first use), through the same _deferred
    "models": "import sys\nfrom importlib import import_module\nm = import_module(p.__name__ + '.models')\n"
    "name, module = next(iter(m._DEFERRED.items()))\nbefore = m.__name__ + module in sys.modules\n"
    "value = getattr(m, name)\nprint(not before and value is getattr(sys.modules[m.__name__ + module], name)"
    " and dir(m).count(name) == 1 and set(m._DEFERRED) <= set(dir(m)))",
    "missing": "try:\n    p.NoSuchName\nexcept AttributeError as error:\n    print('NoSuchName' in str(error))",
}
FLOW_EXPORT = (
    "import sys\nname = sys.argv[2]\nmodule = p._DEFERRED[name]\nvalue = getattr(p, name)\n"
    "print(value is getattr(sys.modules[p.__name__ + module], name) and vars(p)[name] is value)"
)


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
@pytest.mark.parametrize("use", sorted(FIRST_USE))
def test_a_deferred_export_works_on_first_use(project: str, project_dir: Path, package: str, use: str) -> None:
    assert _run(f"import {package} as p\n{FIRST_USE[use]}", project_dir).strip() == "True"


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_the_token_flows_export_is_its_modules_class_on_first_use(
    project: str, project_dir: Path, package: str
) -> None:
    flow_exports = _run(f"import {package} as p\nprint(*[n for n in p._DEFERRED if n != 'errors'])", project_dir)
    assert flow_exports.split(), f"{package} defers no token flow export"
    for name in flow_exports.split():
        assert _run(f"import {package} as p\n{FLOW_EXPORT}", project_dir, "-", name).strip() == "True", name


# The first call of a fresh interpreter goes through the operation's import of errors: a 404 raises the
# typed error (an ApiError), which the errors module had not been imported for before the call.
FIRST_CALL = """
import sys, httpx
from {package} import AuthenticatedClient
from {package}.api.{operation} import sync
client = AuthenticatedClient(base_url="http://api.test", auth=httpx.BasicAuth("u", "p"),
                             transport=httpx.MockTransport(lambda request: httpx.Response(404, json={{}})))
before = "{package}.errors" in sys.modules
try:
    sync(client=client)
except Exception as error:
    print(not before and isinstance(error, sys.modules["{package}.errors"].ApiError))
"""
FIRST_CALLS = {"easydb_client": "pool.list_pools", "patchworks_core_client": "data_pools.list_data_pools"}


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_the_first_call_imports_errors_and_raises_the_typed_error(
    project: str, project_dir: Path, package: str
) -> None:
    code = FIRST_CALL.format(package=package, operation=FIRST_CALLS[package])
    assert _run(code, project_dir).strip() == "True"


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_the_clients_field_types_resolve(project: str, project_dir: Path, package: str) -> None:
    """typing.get_type_hints and attrs.resolve_types read the clients' annotations in client.py's namespace:
    the policies' classes (retry, rate_limit) are imported there, not deferred."""
    code = (f"import typing, attrs, {package} as p\n"
            "print(sorted(typing.get_type_hints(p.Client)) == sorted(f.name for f in attrs.fields(p.Client)))\n"
            "attrs.resolve_types(p.AuthenticatedClient)")  # fmt: skip
    assert _run(code, project_dir).strip() == "True"


def test_a_model_is_imported_on_first_use_by_name() -> None:
    from patchworks_core_client import models
    from patchworks_core_client.models.data_pool import DataPool

    assert models.DataPool is DataPool
    assert "DataPool" in dir(models)
    missing = "NoSuchModel"
    with pytest.raises(AttributeError, match=missing):
        getattr(models, missing)


def test_the_default_async_waits_sleep_in_the_event_loop() -> None:
    from patchworks_core_client import RateLimiter, RetryPolicy

    async def both() -> None:
        await RetryPolicy().async_sleep(0.0)
        await RateLimiter().async_sleep(0.0)

    asyncio.run(both())
