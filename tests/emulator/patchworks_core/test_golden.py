"""The emulator answers the golden walk (golden.py) exactly as recorded: status, kept headers and body."""

from __future__ import annotations

import json

from tests.emulator.patchworks_core.golden import GOLDEN, STEPS, walk


def test_every_answer_is_as_recorded() -> None:
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [entry["step"] for entry in recorded] == [step.name for step in STEPS], (
        "the walk's steps changed: record again with `python -m tests.emulator.patchworks_core.golden`"
    )
    changed = [
        f"{now['step']} ({now['request']}):\n  recorded {json.dumps(before)[:600]}\n  now      {json.dumps(now)[:600]}"
        for before, now in zip(recorded, walk(), strict=True)
        if before != now
    ]
    assert not changed, f"{len(changed)} answer(s) differ from {GOLDEN.name}:\n" + "\n".join(changed)
