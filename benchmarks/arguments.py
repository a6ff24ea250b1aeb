"""The command line every benchmark takes: `--api NAME` (the Makefile passes it, once per API)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from generator.layout import all_apis


def api_argument(description: str, argv: Sequence[str] | None = None) -> str:
    """The API the benchmark measures: --api, or the only API there is; exit 2 naming the known ones."""
    apis = all_apis()
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--api", choices=apis, required=len(apis) != 1, default=apis[0] if len(apis) == 1 else None)
    api: str = parser.parse_args(argv).api
    return api
