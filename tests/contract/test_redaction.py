"""Secrets are masked as whole values, in every spelling, and never the letters of other words."""

from __future__ import annotations

from contract_tests.redaction import MASK, Redactor


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
