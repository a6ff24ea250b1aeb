"""The command line behind the Makefile: `python -m generator {spec,client,regenerate,check} [--api NAME]`;
without --api, the command runs for every API under specs/, one after another.

generator.generate (openapi-python-client, pydantic, jinja: half of what the generator imports) is
imported by the commands that generate, when they do: `spec` does without it, and `regenerate` imports
it after forking the validating process, whose pages the fork then need not share (and copy on write)."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import BuiltSpec, assemble_spec, build_spec, validation_in_background
from generator.errors import BuildError
from generator.layout import GENERATED_DIR, REPO_ROOT, ApiLayout, all_apis
from generator.validate import ValidationCache

# The spec texts prance found valid (not committed; deleting it only makes the next regenerate validate).
VALIDATED = ValidationCache(REPO_ROOT / ".cache" / "validated")


def spec(layout: ApiLayout, generated_dir: Path) -> int:
    _write_spec(layout)
    return 0


def client(layout: ApiLayout, generated_dir: Path) -> int:
    built = build_spec(layout)
    if layout.spec_path.read_bytes() != built.text.encode("utf-8"):
        raise BuildError(f"{layout.display(layout.spec_path)} is not a fresh build: run `make regenerate`")
    _generate(layout, built, generated_dir)
    return 0


def regenerate(layout: ApiLayout, generated_dir: Path, *, validate: bool = False) -> int:
    """Build the spec and generate the client; prance validates on the other core meanwhile, and nothing
    is written unless the spec is valid. A text prance found valid before is not validated again (after
    a change to the templates or to anything that leaves the spec as it was): see ValidationCache."""
    built = assemble_spec(layout)
    validated_before = not validate and VALIDATED.holds(built.text)
    validation: contextlib.AbstractContextManager[Callable[[], None]] = (
        contextlib.nullcontext(_nothing_to_wait_for) if validated_before else validation_in_background(built)
    )
    generated_dir.mkdir(exist_ok=True)
    with validation as wait_for_validation, tempfile.TemporaryDirectory(dir=generated_dir) as scratch:
        from generator.generate import generate_client  # after the fork: see the module's docstring

        fresh = generate_client(layout, built.document, layout.spec_path, Path(scratch))
        wait_for_validation()
        if not validated_before:
            VALIDATED.add(built.text)
        layout.spec_path.write_text(built.text, encoding="utf-8")
        print(f"{built.report.line()} -> {layout.display(layout.spec_path)}")
        target = generated_dir / fresh.project_dir.name
        if target.exists():
            shutil.rmtree(target)
        fresh.project_dir.rename(target)
    print(
        f"{layout.name}: client with {fresh.operations} operations, {fresh.modules} modules -> {layout.display(target)}"
    )
    return 0


def _nothing_to_wait_for() -> None:
    pass


def check(layout: ApiLayout, generated_dir: Path) -> int:
    from generator.generate import differences, generate_client, load_settings  # see the module's docstring

    built = build_spec(layout)
    stale = []
    committed = layout.spec_path.read_bytes() if layout.spec_path.exists() else None
    if committed != built.text.encode("utf-8"):
        stale.append(layout.display(layout.spec_path))
    committed_client = generated_dir / load_settings(layout).project_name
    with tempfile.TemporaryDirectory() as scratch:
        fresh = generate_client(layout, built.document, layout.spec_path, Path(scratch))
        if not committed_client.is_dir():
            stale.append(f"{layout.display(committed_client)} (missing)")
        else:
            changed = differences(committed_client, fresh.project_dir)
            stale += [layout.display(committed_client / name) for name in changed]
    if stale:
        print(f"error: these differ from a fresh generation: run `make regenerate API={layout.name}` and commit:",
              *(f"  - {path}" for path in stale), sep="\n", file=sys.stderr)  # fmt: skip
        return 1
    print(f"{layout.name}: the committed spec and client match a fresh generation ({built.report.line()})")
    return 0


def _write_spec(layout: ApiLayout) -> BuiltSpec:
    built = build_spec(layout)
    layout.spec_path.write_text(built.text, encoding="utf-8")
    print(f"{built.report.line()} -> {layout.display(layout.spec_path)}")
    return built


def _generate(layout: ApiLayout, built: BuiltSpec, generated_dir: Path) -> None:
    from generator.generate import generate_client  # see the module's docstring

    generated_dir.mkdir(exist_ok=True)
    generated = generate_client(layout, built.document, layout.spec_path, generated_dir)
    print(f"{layout.name}: client with {generated.operations} operations, {generated.modules} modules "
          f"-> {layout.display(generated.project_dir)}")  # fmt: skip


@dataclass(frozen=True)
class Command:
    run: Callable[..., int]  # (layout, generated_dir, **flags) -> exit code
    help: str
    flags: Mapping[str, str] = field(default_factory=dict)  # the command's on/off options (name -> help)


COMMANDS: dict[str, Command] = {
    "spec": Command(spec, "build specs/<api>/openapi.json from the upstream pages and overlays"),
    "client": Command(client, "generate generated/<project>/ from the (fresh) spec"),
    "regenerate": Command(
        regenerate,
        "build the spec, then generate the client",
        {"validate": "validate the spec even if the same text was found valid before"},
    ),
    "check": Command(check, "fail when the committed spec or client differs from a fresh generation"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, command in COMMANDS.items():
        options = commands.add_parser(name, help=command.help)
        options.add_argument("--api", default=None, help="the API under specs/ (default: every API)")
        options.add_argument("--specs-dir", type=Path, default=None, help="where the APIs are (default: specs/)")
        options.add_argument(
            "--generated-dir", type=Path, default=GENERATED_DIR, help="where the clients go (default: generated/)"
        )
        for flag, help_text in command.flags.items():
            options.add_argument(f"--{flag.replace('_', '-')}", action="store_true", help=help_text)
    args = parser.parse_args(argv)
    try:
        names = [args.api] if args.api else all_apis(args.specs_dir)
        if not names:
            raise BuildError(f"no API under {args.specs_dir or 'specs/'} (a folder with upstream/ and api.yaml)")
        command = COMMANDS[args.command]
        flags = {flag: getattr(args, flag) for flag in command.flags}
        return max(
            command.run(ApiLayout.find(name, specs_dir=args.specs_dir), args.generated_dir, **flags) for name in names
        )
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.strerror}: {error.filename}", file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        print(
            "error: internal error in the generator (a bug: please report it with the traceback above)",
            file=sys.stderr,
        )
        return 2
