"""Each client README's Python samples run as written, read in order: no name a sample uses is left
undefined (ruff's F821 on the samples put together, as a reader pastes them one after another)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.layout import GENERATED_DIR, ApiLayout, all_apis

_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def samples(readme: Path) -> str:
    blocks = _PYTHON_BLOCK.findall(readme.read_text(encoding="utf-8"))
    assert blocks, f"{readme}: no python samples"
    return "\n".join(blocks)


@pytest.mark.parametrize("api", all_apis())
def test_every_readme_sample_defines_what_it_uses(api: str, tmp_path: Path) -> None:
    readme = GENERATED_DIR / ApiLayout.find(api).profile.client.project / "README.md"
    pasted = tmp_path / "samples.py"
    pasted.write_text(samples(readme), encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F821,F822,F823", "--output-format",
         "concise", str(pasted)], capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, f"{readme}: a sample uses a name it does not define:\n{checked.stdout}"
