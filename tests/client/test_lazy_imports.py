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
tag = next(m.name for m in pkgutil.iter_modules(api.__path__))
tag_package = importlib.import_module(f"{api.__name__}.{tag}")
operation = next(m.name for m in pkgutil.iter_modules(tag_package.__path__))
importlib.import_module(f"{tag_package.__name__}.{operation}")
deferred = ["errors", *(module.lstrip(".") for module in importlib.import_module(package)._DEFERRED.values())]
print(json.dumps({"operation": f"{tag}.{operation}", "asyncio": "asyncio" in sys.modules,
                  "msgspec": "msgspec" in sys.modules,
                  "models": sorted(name for name in sys.modules if name.startswith(package + ".models.")),
                  "deferred": {module: f"{package}.{module}" in sys.modules for module in deferred}}))
"""


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_an_operation_imports_no_model_and_neither_asyncio_nor_msgspec(
    project: str, project_dir: Path, package: str
) -> None:
    env = {**os.environ, "PYTHONPATH": str(project_dir)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, package], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    imported = json.loads(result.stdout)
    assert not imported["asyncio"], f"importing {package} and {imported['operation']} imported asyncio"
    assert not imported["msgspec"], f"importing {package} and {imported['operation']} imported msgspec"
    assert imported["models"] == [], f"importing {imported['operation']} imported models: {imported['models']}"
    assert len(imported["deferred"]) == 2, imported["deferred"]  # errors and the token flow's module
    assert not any(imported["deferred"].values()), f"importing {package} imported {imported['deferred']}"


# The package's deferred exports, first used in a fresh interpreter: each is its module's object, once
# imported it is found without __getattr__, `from <package> import *` gives every name, dir() lists them, and
# a name the package does not have is an AttributeError naming it.
DEFERRED_PROBE = """
import importlib, json, sys
package = importlib.import_module(sys.argv[1])
found = {}
for name, module in package._DEFERRED.items():
    value = getattr(package, name)
    found[name] = value is getattr(sys.modules[package.__name__ + module], name) and name in vars(package)
errors = package.errors
found["errors"] = errors is sys.modules[package.__name__ + ".errors"] and issubclass(errors.ApiError, Exception)
namespace = {}
exec(f"from {package.__name__} import *", namespace)
found["star"] = sorted(name for name in namespace if name != "__builtins__") == sorted(package.__all__)
found["dir"] = set(package.__all__) <= set(dir(package))
try:
    package.NoSuchName
except AttributeError as error:
    found["missing"] = "NoSuchName" in str(error)
print(json.dumps(found))
"""


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_a_deferred_export_is_imported_on_first_use(project: str, project_dir: Path, package: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(project_dir)}
    result = subprocess.run(
        [sys.executable, "-c", DEFERRED_PROBE, package], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == 5, found  # the token flow's class, errors, star, dir, missing
    assert all(found.values()), found


@pytest.mark.parametrize(("project", "project_dir", "package"), committed_clients(), ids=lambda v: str(v))
def test_the_clients_field_types_resolve(project: str, project_dir: Path, package: str) -> None:
    """typing.get_type_hints and attrs.resolve_types read the clients' annotations in client.py's namespace:
    the policies' classes (retry, rate_limit) are imported there, not deferred."""
    code = (f"import typing, attrs, {package} as p\n"
            "print(sorted(typing.get_type_hints(p.Client)) == sorted(f.name for f in attrs.fields(p.Client)))\n"
            "attrs.resolve_types(p.AuthenticatedClient)")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(project_dir)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_model_is_imported_on_first_use_by_name() -> None:
    from patchworks_core_client import models
    from patchworks_core_client.models.data_pool import DataPool

    assert models.DataPool is DataPool
    assert "DataPool" in dir(models)
    with pytest.raises(AttributeError, match="NoSuchModel"):
        _ = models.NoSuchModel


def test_the_default_async_waits_sleep_in_the_event_loop() -> None:
    from patchworks_core_client import RateLimiter, RetryPolicy

    async def both() -> None:
        await RetryPolicy().async_sleep(0.0)
        await RateLimiter().async_sleep(0.0)

    asyncio.run(both())
