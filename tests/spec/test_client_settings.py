"""api.yaml's client.openapi-python-client: openapi-python-client's own settings (generator/generate.py
load_settings). A key its ConfigFile does not have, or one of the wrong type, fails naming the line."""

from __future__ import annotations

import pytest

from generator.errors import BuildError
from generator.generate import load_settings
from generator.layout import ApiLayout


def _settings_text(layout: ApiLayout, settings: str) -> int:
    """Replaces the settings under client.openapi-python-client; returns the line of the first."""
    path = layout.root / "api.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("  openapi-python-client:") + 1
    end = next(n for n in range(start, len(lines)) if not lines[n].startswith("    "))
    path.write_text("\n".join([*lines[:start], *settings.splitlines(), *lines[end:]]) + "\n", encoding="utf-8")
    return start + 1


def test_the_committed_settings_load(patchworks_copy: ApiLayout) -> None:
    config = load_settings(patchworks_copy).config_file
    assert (config.literal_enums, config.docstrings_on_attributes, config.post_hooks) == (True, True, [])
    assert config.project_name_override == "patchworks-core-client"


def test_a_setting_openapi_python_client_does_not_have_fails_naming_its_line(patchworks_copy: ApiLayout) -> None:
    first = _settings_text(patchworks_copy, "    literal_enums: true\n    literal_enum: true\n    post_hooks: []")
    with pytest.raises(BuildError) as raised:
        load_settings(patchworks_copy)
    where = "specs/patchworks-core/api.yaml"
    assert raised.value.message.endswith("api.yaml: client.openapi-python-client: settings openapi-python-client "
                                         "does not take from here")  # fmt: skip
    details = [detail.split(where, 1)[-1] for detail in raised.value.details]
    assert details[:2] == [
        f":{first + 1}: client.openapi-python-client.literal_enum: not a setting of openapi-python-client",
        f":{first + 2}: client.openapi-python-client.post_hooks: set by the generator (it runs the pinned ruff "
        "itself), not here",
    ]
    assert "literal_enums" in details[2] and "post_hooks" not in details[2]  # its settings, as named


def test_a_setting_of_the_wrong_type_fails_naming_its_line(patchworks_copy: ApiLayout) -> None:
    first = _settings_text(patchworks_copy, "    literal_enums: maybe\n    docstrings_on_attributes: true")
    with pytest.raises(BuildError) as raised:
        load_settings(patchworks_copy)
    (detail,) = raised.value.details
    assert detail.endswith(f"api.yaml:{first}: client.openapi-python-client.literal_enums: Input should be a "
                           "valid boolean, unable to interpret input")  # fmt: skip
