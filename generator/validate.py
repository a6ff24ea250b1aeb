"""Step 4: validation.

- The built spec, resolved and validated by prance's ResolvingParser with the openapi-spec-validator
  backend: every $ref must resolve and the document must be valid OpenAPI 3.0.
- When it is not, each fragment on its own (openapi-spec-validator), so that the error names the page,
  line and operation of the bad fragment rather than a place in the merged document. Done only then:
  validating 15 fragments one by one costs as much as the rest of the build.
- The plain-text pages: every operation they name (a method line followed by a path line, as the
  docs site's text view prints them) must be in the built spec.
- ValidationCache: the texts prance found valid, so that `make regenerate` does not validate the same
  text twice (only regenerate asks it; `make check` and `make spec` always validate).

prance and openapi-spec-validator are imported where they are used: openapi-spec-validator pulls in
requests, urllib3 and the JSON Schema registries (a sixth of a regeneration), which a run that finds
its spec in the cache, or a command that validates nothing, does not need.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import itertools
import json
import re
import sys
import tempfile
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from generator.errors import BuildError, SourceRef
from generator.extract import HTTP_METHODS, Fragment
from generator.input_files import read_text

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
    import prance  # imported here: see the module's docstring
    import prance.util.url

    # prance is handed a .json file rather than a string: given a string it tries YAML first, and
    # ruamel's YAML parser takes about a second over this JSON. Its encoding is given: prance would
    # otherwise guess it with chardet, a quarter of the validation's time.
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "openapi.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            parser = prance.ResolvingParser(str(path), backend="openapi-spec-validator", encoding="utf-8")
        except prance.ValidationError as error:
            raise BuildError(
                f"{what} is not valid OpenAPI 3.0", details=_spec_errors(document) or [str(error)]
            ) from None
        except prance.util.url.ResolutionError as error:
            raise BuildError(f"{what}: a $ref does not resolve: {error}") from None
    resolved: dict[str, Any] = parser.specification
    return resolved


def _spec_errors(document: dict[str, Any]) -> list[str]:
    from openapi_spec_validator import OpenAPIV30SpecValidator  # imported here: see the module's docstring

    spec = cast("Mapping[Hashable, Any]", document)  # the validator's key type is wider than JSON's
    errors = OpenAPIV30SpecValidator(spec).iter_errors()
    return [f"at {'.'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}" for error in errors]


# What prance's verdict depends on besides the text: it, its backend, and the JSON Schema machinery under it.
_VALIDATING_DISTRIBUTIONS = (
    "prance",
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
    "jsonschema-path",
    "jsonschema-specifications",
    "referencing",
)


@dataclass(frozen=True)
class ValidationCache:
    """The spec texts that prance found valid, one empty file each under `directory`, named by the SHA-256
    of the text and of what validated it (Python's version, those of prance and the validators under
    it, this module's source): a new version of any, or a change here, validates again. Only a valid verdict is
    kept, so a hit never hides an error; the generated output does not depend on it (deleting it changes
    nothing but the time taken)."""

    directory: Path

    def holds(self, text: str) -> bool:
        return (self.directory / self._key(text)).is_file()

    def add(self, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / self._key(text)).touch()  # an empty file: nothing to tear if two runs write it at once

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(_validators_fingerprint() + text.encode("utf-8") + b"\0").hexdigest()


@functools.cache
def _validators_fingerprint() -> bytes:
    """What validated a text, read once a process: Python's version, the validating distributions' versions
    and this module's source (seven metadata reads and a file, asked for twice a regeneration)."""
    versions = [importlib.metadata.version(name) for name in _VALIDATING_DISTRIBUTIONS]
    return b"".join(
        part.encode("utf-8") + b"\0" for part in (sys.version, *versions, Path(__file__).read_text(encoding="utf-8"))
    )


@dataclass(frozen=True)
class NamedOperation:
    method: str
    path: str
    source: SourceRef


def operations_named_in_text(page: Path, display_path: str) -> list[NamedOperation]:
    lines = read_text(page, display_path).splitlines()  # not UTF-8: a BuildError naming the line
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
