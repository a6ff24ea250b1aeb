"""`python -m generator regenerate`: prance validates in a forked process while the client is generated,
nothing is written unless the spec is valid, and a text prance found valid before is not validated again."""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.build import BuiltSpec, assemble_spec, validation_in_background
from generator.errors import BuildError
from generator.generate import GeneratedClient
from generator.layout import ApiLayout
from generator.validate import ValidationCache
from tests.conftest import BREAKING_OVERLAY, fragment, fragment_page


def test_the_cache_holds_only_the_texts_added_to_it(tmp_path: Path) -> None:
    cache = ValidationCache(tmp_path / "validated")
    assert not cache.holds('{"openapi": "3.0.3"}\n')
    cache.add('{"openapi": "3.0.3"}\n')
    assert cache.holds('{"openapi": "3.0.3"}\n')
    assert not cache.holds('{"openapi": "3.0.3" }\n')  # one byte more is another spec
    assert [path.suffix for path in (tmp_path / "validated").iterdir()] == [""]  # no scratch file left


def test_the_forked_validation_raises_prance_s_verdict_in_the_caller(new_api: Callable[..., ApiLayout]) -> None:
    layout = new_api({"a.md": fragment_page("A", fragment("/a"))}, overlays={"010-break.yaml": BREAKING_OVERLAY})
    built = assemble_spec(layout)
    with validation_in_background(built) as wait_for_validation, pytest.raises(BuildError, match="Missing"):
        wait_for_validation()


def test_a_failure_before_the_verdict_ends_the_validating_process(new_api: Callable[..., ApiLayout]) -> None:
    built = assemble_spec(new_api({"a.md": fragment_page("A", fragment("/a"))}))
    with pytest.raises(BuildError, match="generation failed"), validation_in_background(built):
        raise BuildError("generation failed")
    assert not [child for child in multiprocessing.active_children() if child.name == "validate-spec"]


def test_a_bug_in_the_validating_process_is_not_taken_for_a_valid_spec(
    new_api: Callable[..., ApiLayout], monkeypatch: pytest.MonkeyPatch
) -> None:
    built = assemble_spec(new_api({"a.md": fragment_page("A", fragment("/a"))}))

    def broken(built: BuiltSpec) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr("generator.build.validate_built", broken)
    with validation_in_background(built) as wait_for_validation, pytest.raises(RuntimeError, match="KeyError"):
        wait_for_validation()


class Recorder:
    """Stands in for the client generation and counts the validations regenerate starts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
        self.validations = 0
        monkeypatch.setattr(cli, "VALIDATED", ValidationCache(cache))
        monkeypatch.setattr("generator.generate.generate_client", self.generate_client)
        monkeypatch.setattr(cli, "validation_in_background", self.validation_in_background)

    def generate_client(self, layout: ApiLayout, spec: dict[str, Any], spec_path: Path, root: Path) -> GeneratedClient:
        project = root / "made-up-client"
        project.mkdir()
        return GeneratedClient(project, modules=0, operations=1)

    @contextlib.contextmanager
    def validation_in_background(self, built: BuiltSpec) -> Iterator[Callable[[], None]]:
        self.validations += 1
        with validation_in_background(built) as wait:
            yield wait


def test_regenerate_validates_a_spec_text_once(
    new_api: Callable[..., ApiLayout], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    layout = new_api({"a.md": fragment_page("A", fragment("/a"))})
    recorder = Recorder(monkeypatch, tmp_path / "validated")
    generated = tmp_path / "generated"
    assert cli.regenerate(layout, generated) == 0
    assert cli.regenerate(layout, generated) == 0
    assert recorder.validations == 1
    assert layout.spec_path.is_file() and (generated / "made-up-client").is_dir()
    assert cli.regenerate(layout, generated, validate=True) == 0  # --validate: validated whatever the cache holds
    assert recorder.validations == 2
    (layout.upstream_dir / "a.md").write_text(fragment_page("A", fragment("/a", summary="Changed")), encoding="utf-8")
    assert cli.regenerate(layout, generated) == 0  # another text: validated
    assert recorder.validations == 3


def test_the_command_lines_validate_flag_reaches_regenerate_and_only_it(
    new_api: Callable[..., ApiLayout], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    layout = new_api({"a.md": fragment_page("A", fragment("/a"))})
    recorder = Recorder(monkeypatch, tmp_path / "validated")
    where = ["--api", "made-up", "--specs-dir", str(layout.root.parent), "--generated-dir", str(tmp_path / "gen")]
    assert cli.main(["regenerate", *where]) == 0
    assert cli.main(["regenerate", *where]) == 0  # the same text: not validated again
    assert cli.main(["regenerate", "--validate", *where]) == 0
    assert recorder.validations == 2
    with pytest.raises(SystemExit):
        cli.main(["client", "--validate", *where])  # argparse: unrecognized arguments


def test_regenerate_writes_and_remembers_nothing_for_a_spec_prance_refuses(
    new_api: Callable[..., ApiLayout], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    layout = new_api({"a.md": fragment_page("A", fragment("/a"))}, overlays={"010-break.yaml": BREAKING_OVERLAY})
    Recorder(monkeypatch, tmp_path / "validated")
    for _ in range(2):  # refused both times: a refusal is not remembered
        with pytest.raises(BuildError, match="Missing"):
            cli.regenerate(layout, tmp_path / "generated")
    assert not layout.spec_path.exists()
    assert not (tmp_path / "generated" / "made-up-client").exists()
    assert not (tmp_path / "validated").exists()
