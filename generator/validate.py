"""Step 4: validation.

- The built spec, resolved and validated by prance's ResolvingParser with the openapi-spec-validator
  backend: every $ref must resolve and the document must be valid OpenAPI 3.0.
- When it is not, each fragment on its own (openapi-spec-validator), so that the error names the page,
  line and operation of the bad fragment rather than a place in the merged document. Done only then:
  validating 15 fragments one by one costs as much as the rest of the build.
- The plain-text pages: every operation they name (a method line followed by a path line, as the
  docs site's text view prints them) must be in the built spec.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import prance
from openapi_spec_validator import OpenAPIV30SpecValidator

from generator.errors import BuildError, SourceRef
from generator.extract import HTTP_METHODS, Fragment

_PATH_TEMPLATE_PARAMETER = re.compile(r"\{[^/{}]*\}")


def check_fragment_version(fragment: Fragment) -> None:
    version = fragment.document.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.0.")):
        raise BuildError(f"{fragment.describe()}: not an OpenAPI 3.0 fragment (openapi: {version!r})")


def validate_fragment(fragment: Fragment) -> None:
    check_fragment_version(fragment)
    errors = _spec_errors(fragment.document)
    if errors:
        raise BuildError(f"{fragment.describe()}: not valid OpenAPI 3.0", details=errors)


def validate_spec(document: dict[str, Any], what: str) -> dict[str, Any]:
    """Resolve and validate with prance; returns the fully resolved document."""
    # prance is handed a .json file rather than a string: given a string it tries YAML first, and
    # ruamel's YAML parser takes about a second over this JSON.
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "openapi.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            parser = prance.ResolvingParser(str(path), backend="openapi-spec-validator")
        except prance.ValidationError as error:
            raise BuildError(
                f"{what} is not valid OpenAPI 3.0", details=_spec_errors(document) or [str(error)]
            ) from None
        except prance.util.url.ResolutionError as error:
            raise BuildError(f"{what}: a $ref does not resolve: {error}") from None
    resolved: dict[str, Any] = parser.specification
    return resolved


def _spec_errors(document: dict[str, Any]) -> list[str]:
    spec = cast("Mapping[Hashable, Any]", document)  # the validator's key type is wider than JSON's
    errors = OpenAPIV30SpecValidator(spec).iter_errors()
    return [f"at {'.'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}" for error in errors]


@dataclass(frozen=True)
class NamedOperation:
    method: str
    path: str
    source: SourceRef


def operations_named_in_text(page: Path, display_path: str) -> list[NamedOperation]:
    lines = page.read_text(encoding="utf-8").splitlines()
    named = [
        NamedOperation(line.strip().upper(), following.strip(), SourceRef(display_path, number))
        for number, (line, following) in enumerate(itertools.pairwise(lines), start=1)
        if line.strip() in HTTP_METHODS and following.strip().startswith("/")
    ]
    if not named:
        raise BuildError(f"{display_path}: names no operation (a method line followed by a path line)")
    return named


def cross_check(document: dict[str, Any], named: list[NamedOperation]) -> None:
    """Every operation a text page names is in the spec. Path parameters may be renamed by overlays."""
    present = {
        (method.upper(), _route(path))
        for path, item in document.get("paths", {}).items()
        for method in item
        if method in HTTP_METHODS
    }
    missing = [op for op in named if (op.method, _route(op.path)) not in present]
    if missing:
        raise BuildError(
            "operations named on the plain-text pages are missing from the built spec",
            details=[f"{op.method} {op.path} (named at {op.source})" for op in missing],
        )


def _route(path: str) -> str:
    return _PATH_TEMPLATE_PARAMETER.sub("{}", path)
