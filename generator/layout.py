"""Where an API's files live: everything of one API is under specs/<api>/.

specs/<api>/upstream/*.md    vendor pages with one ```json OpenAPI fragment per operation (README.md aside)
specs/<api>/upstream/*.txt   the same pages as plain text: every operation they name must be in the spec
specs/<api>/upstream/*       anything else (guides, READMEs) is evidence for the overlays, not read
specs/<api>/overlays/*.yaml  OpenAPI Overlay 1.0 documents, applied in file-name order
specs/<api>/openapi.json     the built spec (committed; `make check` compares it with a fresh build)
specs/<api>/api.yaml         the API's profile (generator/profile.py): client names, auth, errors, ...
specs/<api>/upstream-facts.md  facts from other public material that overlays cite (not read by the build)

An API is a folder: every folder under specs/ with an api.yaml is one (all_apis()).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.errors import BuildError
from generator.profile import PROFILE_FILE, ApiProfile, load_profile

REPO_ROOT = Path(__file__).resolve().parent.parent
SPECS_DIR = REPO_ROOT / "specs"
GENERATED_DIR = REPO_ROOT / "generated"
UPSTREAM_README = "README.md"  # says where each upstream document came from; not a fragment page


@dataclass(frozen=True)
class ApiLayout:
    name: str
    root: Path

    @classmethod
    def find(cls, name: str, specs_dir: Path | None = None) -> ApiLayout:
        specs_dir = specs_dir or SPECS_DIR
        root = specs_dir / name
        if not (root / "upstream").is_dir():
            raise BuildError(
                f"unknown API {name!r}: {root / 'upstream'} does not exist",
                details=[f"known APIs: {', '.join(all_apis(specs_dir)) or 'none'}"],
            )
        return cls(name=name, root=root)

    @cached_property
    def profile(self) -> ApiProfile:
        """specs/<api>/api.yaml, loaded and checked against its schema (read once per layout)."""
        return load_profile(self.root, self.display(self.root / PROFILE_FILE))

    @property
    def upstream_dir(self) -> Path:
        return self.root / "upstream"

    @property
    def overlays_dir(self) -> Path:
        return self.root / "overlays"

    @property
    def spec_path(self) -> Path:
        return self.root / "openapi.json"

    def fragment_pages(self) -> list[Path]:
        return sorted(p for p in self.upstream_dir.glob("*.md") if p.name != UPSTREAM_README)

    def prose_pages(self, patterns: list[str]) -> list[Path]:
        """The prose pages the profile's globs (relative to upstream/) match, each once, in path order."""
        return sorted({page for pattern in patterns for page in self.upstream_dir.glob(pattern) if page.is_file()})

    def text_pages(self) -> list[Path]:
        return sorted(self.upstream_dir.glob("*.txt"))

    def overlay_files(self) -> list[Path]:
        if not self.overlays_dir.is_dir():
            return []
        return sorted([*self.overlays_dir.glob("*.yaml"), *self.overlays_dir.glob("*.yml")])

    def display(self, path: Path) -> str:
        """A path as error messages show it: relative to the repository when it is inside it."""
        try:
            return str(path.relative_to(REPO_ROOT))
        except ValueError:
            return str(path)


def all_apis(specs_dir: Path | None = None) -> list[str]:
    """The APIs the project serves: every folder under specs/ with upstream pages and a profile."""
    specs_dir = specs_dir or SPECS_DIR
    if not specs_dir.is_dir():
        return []
    return sorted(p.name for p in specs_dir.iterdir() if (p / "upstream").is_dir() and (p / PROFILE_FILE).is_file())
