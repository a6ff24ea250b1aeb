"""A new upstream page in a known format flows through every part with no Python change: a copy of
specs/patchworks-core/ with a page of two read operations (tests/widgets_page.py) builds into a spec,
generates a client that calls the new operations against the emulator, which serves them from the spec,
and a contract run checks them. Only files of the API's folder change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.build import BuiltSpec
from generator.generate import generate_client
from generator.layout import REPO_ROOT
from tests.widgets_page import API, copy_with_widgets


@pytest.fixture(scope="module")
def widgets_api(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuiltSpec]:
    """The copy's specs/ folder, its generated client's project folder, and its built spec."""
    root = tmp_path_factory.mktemp("new-page")
    layout, built = copy_with_widgets(root / "specs")
    (root / "generated").mkdir()
    client = generate_client(layout, built.document, layout.spec_path, root / "generated")
    return root / "specs", client.project_dir, built


def run_python(code: str, *, pythonpath: Path | None = None, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter (the generated client must not meet the committed one, which this
    process has imported), with the copy's client first on its path."""
    env = {key: value for key, value in os.environ.items() if not key.endswith("BASE_URL")}
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), str(REPO_ROOT)])
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def test_the_spec_has_the_new_operations_beside_the_old(widgets_api: tuple[Path, Path, BuiltSpec]) -> None:
    _, _, built = widgets_api
    paths = built.document["paths"]
    assert "get" in paths["/api/v1/widgets"] and "get" in paths["/api/v1/widgets/{widget}"]
    assert built.report.operations == 18  # Patchworks' 16 and the page's two


def test_the_generated_client_calls_them_on_the_emulator(widgets_api: tuple[Path, Path, BuiltSpec]) -> None:
    specs, project, _ = widgets_api
    script = textwrap.dedent(f"""
        import json
        from pathlib import Path
        import httpx
        from contract_tests.emulator import EmulatorSettings, create_app
        from contract_tests.serving import serving
        from patchworks_core_client import AuthenticatedClient
        from patchworks_core_client.api.widgets import get_api_v1_widgets, get_api_v1_widgets_widget

        assert AuthenticatedClient.__module__ == "patchworks_core_client.client"
        settings = EmulatorSettings(api_keys=("key",), db=":memory:", rate_limit=0,
                                    control_key="e2e-control-key-0123456789")
        app = create_app({API!r}, settings, specs_dir=Path({str(specs)!r}))
        with serving(app) as url:
            control = {{"X-Emulator-Control-Key": settings.control_key}}
            seeded = httpx.post(url + "/__emulator__/documents/api/v1/widgets", headers=control,
                                json=[{{"name": name}} for name in ("gear", "sprocket", "gearbox")])
            assert seeded.status_code == 201, seeded.text
            with AuthenticatedClient(base_url=url, api_key="key") as client:
                page = get_api_v1_widgets.sync(client=client, filter_name="gear", sort="-name", per_page=1)
                names = [widget.name for widget in page.data]
                every = [widget.name for widget in get_api_v1_widgets.iterate(client=client, sort="name")]
                one = get_api_v1_widgets_widget.sync(str(page.data[0].id), client=client)
        print(json.dumps({{"page": names, "last_page": page.meta.last_page, "every": every, "one": one.data.name}}))
    """)  # fmt: skip
    result = run_python(script, pythonpath=project)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "page": ["gearbox"],  # partial match on name, sorted descending, one a page
        "last_page": 2,
        "every": ["gear", "gearbox", "sprocket"],
        "one": "gearbox",
    }


def test_a_contract_run_checks_them(widgets_api: tuple[Path, Path, BuiltSpec], tmp_path: Path) -> None:
    specs, _, _ = widgets_api
    command = (
        "import sys; from contract_tests.__main__ import main; "
        f"sys.exit(main(['--api', {API!r}, '--specs-dir', {str(specs)!r}, '--profile', 'fast', "
        f"'--reports', {str(tmp_path)!r}]))"
    )
    result = run_python(command)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (summary,) = tmp_path.glob("*/summary.md")
    text = summary.read_text(encoding="utf-8")
    for operation in ("GET /api/v1/widgets", "GET /api/v1/widgets/{widget}", "GET /api/v1/data-pool"):
        assert operation in text
