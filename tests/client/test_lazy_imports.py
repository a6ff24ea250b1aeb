"""What importing a client costs: the package and an operation's module import neither asyncio (only the
async paths need it) nor any model (a model's module is imported when a response is parsed) nor msgspec
(looked for on the first answer decoded), and the deferred pieces still work when used. Timing is the
benchmark's job (benchmarks/bench_client.py)."""

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
print(json.dumps({"operation": f"{tag}.{operation}", "asyncio": "asyncio" in sys.modules,
                  "msgspec": "msgspec" in sys.modules,
                  "models": sorted(name for name in sys.modules if name.startswith(package + ".models."))}))
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
