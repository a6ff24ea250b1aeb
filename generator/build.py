"""Runs the pipeline for one API: extract -> merge -> overlay -> validate -> write specs/<api>/openapi.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.errors import BuildError
from generator.extract import HTTP_METHODS, Fragment, extract_fragments
from generator.layout import ApiLayout
from generator.merge import Conflict, canonical_order, merge_fragments
from generator.overlay import AppliedAction, apply_actions, load_overlay
from generator.validate import cross_check, operations_named_in_text, validate_fragment, validate_spec


@dataclass(frozen=True)
class BuildReport:
    api: str
    pages: int
    text_pages: int
    fragments: int
    operations: int
    overlays: int
    actions: int

    def line(self) -> str:
        return (
            f"{self.api}: {self.pages} pages, {self.fragments} fragments, {self.operations} operations, "
            f"{self.actions} overlay actions applied from {self.overlays} overlays, "
            f"cross-checked against {self.text_pages} text pages"
        )


@dataclass(frozen=True)
class BuiltSpec:
    document: dict[str, Any]
    text: str
    report: BuildReport


def build_spec(layout: ApiLayout) -> BuiltSpec:
    pages = layout.fragment_pages()
    if not pages:
        raise BuildError(f"{layout.display(layout.upstream_dir)}: no markdown page (*.md) with fragments")
    fragments: list[Fragment] = []
    for page in pages:
        fragments.extend(extract_fragments(page, layout.display(page)))
    for fragment in fragments:
        validate_fragment(fragment)

    merged = merge_fragments(fragments)
    overlay_files = layout.overlay_files()
    actions = [action for path in overlay_files for action in load_overlay(path, layout.display(path))]
    applied = apply_actions(merged.document, actions)
    _fail_on_unsettled(merged.conflicts, applied)

    document = canonical_order(merged.document)
    validate_spec(document, layout.display(layout.spec_path))
    text_pages = layout.text_pages()
    for page in text_pages:
        cross_check(document, operations_named_in_text(page, layout.display(page)))

    report = BuildReport(
        api=layout.name,
        pages=len(pages),
        text_pages=len(text_pages),
        fragments=merged.fragment_count,
        operations=count_operations(document),
        overlays=len(overlay_files),
        actions=len(applied),
    )
    return BuiltSpec(document, serialize(document), report)


def serialize(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def count_operations(document: dict[str, Any]) -> int:
    return sum(1 for item in document.get("paths", {}).values() for key in item if key in HTTP_METHODS)


def _fail_on_unsettled(conflicts: list[Conflict], applied: list[AppliedAction]) -> None:
    """A conflict is settled by an overlay action that targets the conflicting node itself, or removes
    a node that holds it: the overlay author has then said what the definition is."""
    settled = [c for c in conflicts if any(_settles(a, c.target) for a in applied)]
    unsettled = [c for c in conflicts if c not in settled]
    if unsettled:
        raise BuildError(
            "two different definitions under one name; settle each with an overlay action that targets it",
            details=[f"{c.describe()} (target: {c.target})" for c in unsettled],
        )


def _settles(applied: AppliedAction, target: str) -> bool:
    return any(path == target or (applied.action.remove and target.startswith(path + "[")) for path in applied.selected)
