"""Step 6: generate the API's Python client into generated/<project>/.

openapi-python-client does the generation, used as a library rather than through its CLI so that its
parser (GeneratorData) stays apart from our templates: generator/templates/ overrides only the templates
we change (endpoint modules, client, errors, models, package files), and the templates get two more
globals: `runtime` (client_runtime.ClientRuntime: what the API's profile and spec choose, e.g. where the
credentials go, errors by status or by code, pagination) and `api` (client_views.ApiView: the spec's x-
extensions per operation, the models' secret fields, and the README's examples). The runtime modules
openapi-python-client has no template for are rendered with the same environment: the engine's, every
API's (generator/templates/runtime/*.py.jinja), and those the runtime chose (runtime.modules).
ruff, pinned like the generator, then fixes imports and formats, so the output is byte-identical for the
same spec and versions.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from openapi_python_client import Project
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from pydantic import ValidationError
from ruff.__main__ import find_ruff_bin

from generator import openapi as openapi_walk
from generator.client_runtime import ClientRuntime, client_runtime
from generator.client_views import ApiView
from generator.errors import BuildError
from generator.layout import REPO_ROOT, ApiLayout
from generator.profile import ApiProfile
from generator.secret_fields import masked_declaration

TEMPLATES = Path(__file__).with_name("templates")
RUNTIME_TEMPLATES = "runtime"
JINJA_CACHE = REPO_ROOT / ".cache" / "jinja"  # compiled templates (not committed; any can be deleted)


@dataclass(frozen=True)
class ClientSettings:
    """The client part of specs/<api>/api.yaml: openapi-python-client's config, and the whole profile (from
    which, with the spec, client_runtime chooses the runtime)."""

    config_file: ConfigFile
    profile: ApiProfile

    @property
    def project_name(self) -> str:
        return self.profile.client.project

    @property
    def package_name(self) -> str:
        return self.profile.client.package


@dataclass(frozen=True)
class GeneratedClient:
    project_dir: Path
    modules: int
    operations: int


# openapi-python-client's settings that api.yaml gives elsewhere, or that the generator fixes.
_SET_ELSEWHERE = {"project_name_override": "client.project", "package_name_override": "client.package",
                  "package_version_override": "client.version",
                  "post_hooks": "the generator (it runs the pinned ruff itself)"}  # fmt: skip
_OPENAPI_PYTHON_CLIENT = ("client", "openapi-python-client")  # where its settings are in api.yaml


def load_settings(layout: ApiLayout) -> ClientSettings:
    """openapi-python-client's ConfigFile from api.yaml's client section. Every key under
    client.openapi-python-client must be one of ConfigFile's fields: pydantic's models ignore a key they do
    not know (ConfigFile keeps that default), so a misspelt setting would change nothing without a word."""
    profile = layout.profile
    where = layout.display(profile.path)
    client = profile.client
    section = ".".join(_OPENAPI_PYTHON_CLIENT)

    def at(*keys: object) -> str:
        names = [str(key) for key in keys]
        return f"{where}:{profile.line_of([*_OPENAPI_PYTHON_CLIENT, *names])}: {section}.{'.'.join(names)}"

    settings = sorted(set(ConfigFile.model_fields) - set(_SET_ELSEWHERE))
    problems = [
        f"{at(key)}: set by {_SET_ELSEWHERE[key]}, not here" if key in _SET_ELSEWHERE
        else f"{at(key)}: not a setting of openapi-python-client"
        for key in client.openapi_python_client
        if key not in settings
    ]  # fmt: skip
    if problems:
        raise BuildError(f"{where}: {section}: settings openapi-python-client does not take from here",
                         details=[*problems, f"its settings: {', '.join(settings)}"])  # fmt: skip
    try:
        # post_hooks off: openapi-python-client would look for ruff on PATH; _ruff() runs the pinned one.
        config_file = ConfigFile(**{**client.openapi_python_client, "project_name_override": client.project,
                                    "package_name_override": client.package,
                                    "package_version_override": client.version, "post_hooks": []})  # fmt: skip
    except ValidationError as error:
        details = [f"{at(*problem['loc'])}: {problem['msg']}" for problem in error.errors()]
        raise BuildError(f"{where}: {section}: not as openapi-python-client takes it", details=details) from None
    return ClientSettings(config_file, profile)


def generate_client(layout: ApiLayout, spec: dict[str, Any], spec_path: Path, output_root: Path) -> GeneratedClient:
    """Generate into output_root/<project>, replacing what was there."""
    settings = load_settings(layout)
    where, spec_where = layout.display(settings.profile.path), layout.display(spec_path)
    runtime = client_runtime(settings.profile, spec, where=where, spec_where=spec_where)
    target = output_root / settings.project_name
    with tempfile.TemporaryDirectory(prefix="client-", dir=output_root) as scratch:
        built = Path(scratch) / settings.project_name
        project = _project(settings, runtime, spec, spec_path, built)
        # openapi-python-client prints "Generating <dir>" (a scratch directory here): not for our users.
        with contextlib.redirect_stdout(io.StringIO()):
            errors = project.build()
        _raise_on_errors(errors, layout)
        _render_runtime(project, runtime)
        _ruff(built)
        if target.exists():
            shutil.rmtree(target)
        built.rename(target)
    operations = sum(len(c.endpoints) for c in project.openapi.endpoint_collections_by_tag.values())
    modules = len(list(target.rglob("*.py")))
    return GeneratedClient(target, modules, operations)


# Left behind by tools run inside a generated tree, never generated: caches, wherever they are, and a
# build's output and metadata, at the project's top only (a package may have a module folder named build).
_CACHES = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")
_BUILD_OUTPUT = ("build", "dist")


def differences(committed: Path, fresh: Path) -> list[str]:
    """Files that differ between the committed and a freshly generated tree, relative to them."""
    committed_files, fresh_files = _generated_files(committed), _generated_files(fresh)
    found = [f"{name} (not generated any more)" for name in sorted(committed_files - fresh_files)]
    found += [f"{name} (missing)" for name in sorted(fresh_files - committed_files)]
    found += [
        name
        for name in sorted(committed_files & fresh_files)
        if (committed / name).read_bytes() != (fresh / name).read_bytes()
    ]
    return found


def _generated_files(root: Path) -> set[str]:
    return {
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and not _left_by_tools(path.relative_to(root).parts)
    }


def _left_by_tools(parts: tuple[str, ...]) -> bool:
    top = parts[0]
    return any(part in _CACHES for part in parts) or top in _BUILD_OUTPUT or top.endswith(".egg-info")


def _as_the_client_reads_it(spec: dict[str, Any], profile: ApiProfile) -> dict[str, Any]:
    """The spec as openapi-python-client is given it. For an API whose errors are by code, an error
    response's schema narrows the shared error body to the codes its operation answers (allOf: [the body,
    {code: enum}]); openapi-python-client would make a model of each, one per operation and status, all
    alike. The client raises errors by their code (the codes extension, which it reads from the spec
    itself), so it parses every error body as the shared one."""
    extension = profile.errors.get("codes_extension") if profile.errors["by"] == "code" else None
    if not extension:
        return spec
    copied = copy.deepcopy(spec)
    for _, _, operation in openapi_walk.operations(copied):
        for status, response in operation.get("responses", {}).items():
            if str(status).startswith("2") or extension not in response:
                continue
            for media in response.get("content", {}).values():
                narrowed = media.get("schema", {}).get("allOf", [])
                if narrowed and "$ref" in narrowed[0]:
                    media["schema"] = {"$ref": narrowed[0]["$ref"]}
    return copied


def _project(
    settings: ClientSettings, runtime: ClientRuntime, spec: dict[str, Any], spec_path: Path, output: Path
) -> Project:
    config = Config.from_sources(
        settings.config_file,
        MetaType.PDM,  # a pyproject.toml; our pyproject.toml.jinja makes it PEP 621 with setuptools
        spec_path,
        "utf-8",
        overwrite=True,
        output_path=output,
    )
    openapi = GeneratorData.from_dict(_as_the_client_reads_it(spec, settings.profile), config=config)
    if isinstance(openapi, GeneratorError):
        raise BuildError(f"openapi-python-client cannot read the spec: {openapi.header}: {openapi.detail}")
    project = Project(openapi=openapi, config=config, custom_template_path=TEMPLATES)
    # Compiling the templates (ours and openapi-python-client's) was a third of a regeneration: jinja keeps
    # the compiled code, keyed by each template's source, so a changed template is compiled again.
    JINJA_CACHE.mkdir(parents=True, exist_ok=True)
    project.env.bytecode_cache = FileSystemBytecodeCache(str(JINJA_CACHE))
    project.env.globals.update(runtime=runtime, api=ApiView(spec, openapi, runtime, config.field_prefix))
    # A value as a Python literal in generated code (strings, numbers, booleans, None, lists of them).
    project.env.filters["py"] = repr
    project.env.filters["reflow"] = reflow
    project.env.filters["masked_declaration"] = masked_declaration
    return project


def reflow(text: str, width: int = 100) -> str:
    """Prose re-wrapped to `width`, paragraph by paragraph (they are separated by blank lines): the
    templates' sentences take names of any length from the spec and the profile."""
    paragraphs = [" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(
        textwrap.fill(paragraph, width, break_long_words=False, break_on_hyphens=False) for paragraph in paragraphs
    )


def _render_runtime(project: Project, runtime: ClientRuntime) -> None:
    """The runtime modules: the engine's (templates/runtime/*.py.jinja, one module each, same name) and the
    ones chosen for this API (runtime.modules: auth flows, pagination style)."""
    engine = [(f"{RUNTIME_TEMPLATES}/{path.name}", path.name.removesuffix(".jinja"))
              for path in sorted((TEMPLATES / RUNTIME_TEMPLATES).glob("*.py.jinja"))]  # fmt: skip
    chosen = [(module.template, module.module) for module in runtime.modules]
    for template, module in [*engine, *chosen]:
        rendered = project.env.get_template(template).render()
        (project.package_dir / module).write_text(rendered, encoding="utf-8")


def _raise_on_errors(errors: list[GeneratorError] | Any, layout: ApiLayout) -> None:
    problems = [f"{error.level.value}: {error.header}: {error.detail or ''}".strip() for error in errors]
    if problems:
        raise BuildError(f"openapi-python-client could not generate {layout.name}'s client cleanly", details=problems)


def _ruff(project: Path) -> None:
    """Fix imports and format with the pinned ruff, under the generated project's own ruff settings."""
    ruff = find_ruff_bin()
    for command in (["check", "--fix", "--quiet", "--exit-zero", "--no-cache"], ["format", "--no-cache"]):
        result = subprocess.run([ruff, *command, "."], cwd=project, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            output = (result.stderr or result.stdout).strip().splitlines()
            raise BuildError(f"ruff {command[0]} failed on the generated client", details=output[:40])
