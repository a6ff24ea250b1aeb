"""The command line behind the Makefile: `python -m generator {spec,check} [--api NAME]`."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.build import build_spec
from generator.errors import BuildError
from generator.layout import DEFAULT_API, ApiLayout


def spec(layout: ApiLayout) -> int:
    built = build_spec(layout)
    layout.spec_path.write_text(built.text, encoding="utf-8")
    print(f"{built.report.line()} -> {layout.display(layout.spec_path)}")
    return 0


def check(layout: ApiLayout) -> int:
    built = build_spec(layout)
    committed = layout.spec_path.read_bytes() if layout.spec_path.exists() else None
    if committed != built.text.encode("utf-8"):
        print(
            f"{layout.display(layout.spec_path)} differs from a fresh build: run `make spec API={layout.name}`"
            " and commit the result",
            file=sys.stderr,
        )
        return 1
    print(f"{layout.display(layout.spec_path)} matches a fresh build ({built.report.line()})")
    return 0


COMMANDS: dict[str, tuple[Callable[[ApiLayout], int], str]] = {
    "spec": (spec, "build specs/<api>/openapi.json from the upstream pages and overlays"),
    "check": (check, "fail when the committed spec differs from a fresh build"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--api", default=DEFAULT_API, help=f"the API under specs/ (default: {DEFAULT_API})")
        command.add_argument("--specs-dir", type=Path, default=None, help="where the APIs are (default: specs/)")
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][0](ApiLayout.find(args.api, specs_dir=args.specs_dir))
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.strerror}: {error.filename}", file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        print(
            "error: internal error in the generator (a bug: please report it with the traceback above)", file=sys.stderr
        )
        return 2
