"""What the tests of live runs share: an ASGI wrapper that notes every request its host gets (and may
rewrite chosen answers, to play a host that has drifted), and `python -m contract_tests --live` run in a
process of its own against such a host, with nothing of the caller's environment but PATH and HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Recorder:
    """The app, with every request noted as (method, path); `rewrites` maps (method, path) to what wraps
    the answer's `send` for it."""

    app: ASGIApp
    rewrites: Mapping[tuple[str, str], Callable[[Send], Send]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.requests.append((scope["method"], scope["path"]))
        rewrite = self.rewrites.get((scope["method"], scope["path"]))
        await self.app(scope, receive, rewrite(send) if rewrite else send)

    def writes(self) -> list[tuple[str, str]]:
        return [(method, path) for method, path in self.requests if method not in ("GET", "HEAD")]


def run_live(
    api: str, reports: Path, env: Mapping[str, str], *options: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One fast live run of the API (its <PREFIX>... variables in `env`); its result and report folder.
    What it records of the resources it creates goes to the `ledger` folder beside `reports` unless `env`
    names another (CONTRACT_LEDGER_DIR)."""
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""),
                   "CONTRACT_LEDGER_DIR": str(reports.parent / "ledger"), **env}  # fmt: skip
    command = [sys.executable, "-m", "contract_tests", "--api", api, "--live", "--profile", "fast", "--reports",
               str(reports), *options]  # fmt: skip
    done = subprocess.run(command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=600)
    (run_dir,) = reports.iterdir()
    assert run_dir.name.startswith(f"{api}-live-"), run_dir
    return done, run_dir


def without_field(name: str) -> Callable[[Send], Send]:
    """A wrapper of a list answer's `send` that drops `name` from each item of its `data`: a host that has
    drifted from its spec (the run then reports failures, each with its curl command)."""

    def wrap(send: Send) -> Send:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            if start["status"] == 200:
                document = json.loads(body)
                for item in document["data"]:
                    item.pop(name, None)
                body = json.dumps(document).encode()
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        return rewrite

    return wrap


def noting_tokens(tokens: list[str]) -> Callable[[Send], Send]:
    """A wrapper of an answer's `send` that notes the `token` its JSON body hands out (a login's, a
    session's): the canaries a test then looks for in what the run wrote."""

    def wrap(send: Send) -> Send:
        async def noting(message: Message) -> None:
            if message["type"] == "http.response.body" and message.get("body"):
                try:
                    token = json.loads(message["body"]).get("token")
                except (ValueError, AttributeError):
                    token = None
                if isinstance(token, str):
                    tokens.append(token)
            await send(message)

        return noting

    return wrap
