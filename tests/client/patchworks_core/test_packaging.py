"""The generated client is a complete project: it installs into an empty virtualenv on its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path

from generator.layout import REPO_ROOT

PROJECT = REPO_ROOT / "generated" / "patchworks-core-client"

USE_IT = """
import httpx, json
from patchworks_core_client import AuthenticatedClient
from patchworks_core_client.api.data_pools import list_data_pools
body = {"data": [], "meta": {"current_page": 1, "from": None, "last_page": 1, "path": "x", "per_page": 15,
        "to": None, "total": 0}, "links": {"first": "x", "last": "x", "prev": None, "next": None}}
transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
client = AuthenticatedClient(api_key="k", transport=transport)
print(list_data_pools.sync(client=client).meta.total)
import sys, patchworks_core_client
print(sys.prefix)
print(patchworks_core_client.__file__)
print(httpx.__file__)
"""


def test_the_client_installs_into_an_empty_virtualenv_and_works(tmp_path: Path) -> None:
    project = tmp_path / PROJECT.name  # a copy, as a user vendors it: the build leaves files beside it
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("__pycache__"))
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    pip_list = [str(python), "-m", "pip", "list", "--format=freeze"]
    installed = subprocess.run(pip_list, capture_output=True, text=True, check=True)
    names = {line.split("==")[0].lower() for line in installed.stdout.split()}
    assert "patchworks-core-client" in names
    # msgspec comes only with the `speedups` extra: without it, the client decodes with json (used below).
    assert not names & {"openapi-python-client", "prance", "jinja2", "patchworks-api-tooling", "msgspec"}
    # Run as a user would: nothing of this repository on the path (pytest's pythonpath and a PYTHONPATH
    # would let the committed package, or the tooling's httpx, answer instead of the installed copies).
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    used = subprocess.run([python, "-c", USE_IT], capture_output=True, text=True, check=False, cwd=tmp_path, env=env)
    assert used.returncode == 0, used.stderr
    total, prefix, package_file, httpx_file = used.stdout.split()
    assert total == "0"
    assert Path(prefix).resolve() == environment.resolve()
    site_packages = next((environment / "lib").glob("python3*/site-packages")).resolve()
    for imported in (package_file, httpx_file):  # the installed copies, not the repository's
        assert Path(imported).resolve().is_relative_to(site_packages), imported
