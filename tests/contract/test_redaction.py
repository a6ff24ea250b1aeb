"""Secrets are masked as whole values, in every spelling, and never the letters of other words."""

from __future__ import annotations

import io
from pathlib import Path

from contract_tests.redaction import MASK, RedactingStream, Redactor, SecretRegistry, redact_file


def test_a_short_secret_is_masked_where_it_stands_alone_and_nowhere_else() -> None:
    redact = Redactor(["x"])
    assert redact("max_stream_events=10") == "max_stream_events=10"
    assert redact("curl -H 'Authorization: x' http://h/?token=x&y=1") == (
        f"curl -H 'Authorization: {MASK}' http://h/?token={MASK}&y=1"
    )
    assert redact('{"key": "x"}') == f'{{"key": "{MASK}"}}'


def test_a_secret_inside_a_longer_token_is_that_token_not_the_secret() -> None:
    redact = Redactor(["abc123"])
    assert redact("abc1234 xabc123 abc123-suffix") == "abc1234 xabc123 abc123-suffix"
    assert redact("key=abc123.") == f"key={MASK}."


def test_the_longer_secret_is_masked_whole_and_every_spelling_is_masked() -> None:
    redact = Redactor(["abc", "abc def", ""])
    assert redact("key abc def and abc") == f"key {MASK} and {MASK}"
    quoted = Redactor(["it's a/key"])
    spelled = """curl -H 'Authorization: it'"'"'s a/key' {"key": "it's a/key"} ?key=it%27s%20a%2Fkey&q=it%27s+a%2Fkey"""
    assert quoted(spelled) == f"""curl -H 'Authorization: {MASK}' {{"key": "{MASK}"}} ?key={MASK}&q={MASK}"""


def test_tokens_issued_during_the_run_are_masked_from_then_on() -> None:
    issued: list[str] = []
    redact = Redactor(["k3y-of-the-run"], issued=lambda: issued)
    assert redact("token tok-1, key k3y-of-the-run") == f"token tok-1, key {MASK}"
    issued.append("tok-1")  # the run logged in after the report was made
    assert redact("token tok-1, key k3y-of-the-run") == f"token {MASK}, key {MASK}"


def test_the_registry_keeps_each_secret_once_and_a_redactor_of_it_masks_what_it_learns_later() -> None:
    registry = SecretRegistry()
    redact = Redactor((), issued=registry.values)
    registry.register("first-secret-1", None, "", "first-secret-1")
    assert registry.values() == ("first-secret-1",)
    assert redact("first-secret-1 second-secret-2") == f"{MASK} second-secret-2"
    registry.register("second-secret-2")  # a token given later in the run
    assert redact("first-secret-1 second-secret-2") == f"{MASK} {MASK}"


def test_the_console_stream_masks_every_write_and_is_the_stream_otherwise() -> None:
    underlying = io.StringIO()
    stream = RedactingStream(underlying, Redactor(["tok-of-the-run"]))
    assert stream.write("Authorization: Bearer tok-of-the-run\n") == len("Authorization: Bearer tok-of-the-run\n")
    stream.writelines(["a tok-of-the-run", " b\n"])
    assert underlying.getvalue() == f"Authorization: Bearer {MASK}\na {MASK} b\n"
    assert stream.isatty() is False and stream.getvalue() == underlying.getvalue()  # the rest is the stream's


def test_a_kept_file_is_masked_in_place(tmp_path: Path) -> None:
    log = tmp_path / "emulator.log"
    log.write_text("GET /widgets?key=k3y-of-the-run 200 1.0 ms\n", encoding="utf-8")
    redact_file(log, Redactor(["k3y-of-the-run"]))
    redact_file(tmp_path / "missing.log", Redactor(["k3y-of-the-run"]))  # nothing to mask: nothing happens
    assert log.read_text(encoding="utf-8") == f"GET /widgets?key={MASK} 200 1.0 ms\n"


def test_a_collection_error_is_masked_before_anything_writes_it() -> None:
    """pytest's collection reports come before the report plugin is registered: conftest masks them."""
    import pytest

    from contract_tests.conftest import pytest_collectreport
    from contract_tests.redaction import SECRETS

    SECRETS.register("collect-canary-0042")
    report = pytest.CollectReport("contract_tests/test_contract.py", "failed", "ImportError: collect-canary-0042", [])
    pytest_collectreport(report)
    assert str(report.longrepr) == f"ImportError: {MASK}"
