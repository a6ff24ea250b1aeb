"""importDedupedData: a path, bytes or a binary file, sent as multipart with a file name and text/csv."""

from __future__ import annotations

import io
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import httpx
import pytest
from patchworks_core_client import AuthenticatedClient, RetryPolicy
from patchworks_core_client.api.data_pools import import_deduped_data

from tests.client.conftest import Script, json_response

CSV = b"value,entity_type_id\nperson1@example.com,47\n"


def uploaded_part(request: httpx.Request) -> tuple[str, str | None, str, bytes]:
    """(field name, file name, content type, content) of the request's one multipart part."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=default).parsebytes(head + request.content)
    (part,) = message.iter_parts()
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return (
        str(part.get_param("name", header="content-disposition")),
        part.get_filename(),
        part.get_content_type(),
        payload,
    )


@pytest.mark.parametrize("kind", ["path", "str path", "bytes", "file"])
def test_the_csv_is_uploaded_as_multipart(
    make_client: Callable[..., AuthenticatedClient], tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "records.csv"
    path.write_bytes(CSV)
    source = {"path": path, "str path": str(path), "bytes": CSV, "file": io.BytesIO(CSV)}[kind]
    script = Script(json_response(200, {"message": "Import queued."}))
    answer = import_deduped_data.sync(7, client=make_client(script), deduped_data_file=source)  # type: ignore[arg-type]
    request = script.last
    assert (request.method, request.url.path) == ("POST", "/api/v1/data-pool/7/deduped-data/import")
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    expected_name = "upload" if kind in ("bytes", "file") else "records.csv"
    assert uploaded_part(request) == ("deduped_data_file", expected_name, "text/csv", CSV)
    assert answer.message == "Import queued."


def test_the_file_name_can_be_given(make_client: Callable[..., AuthenticatedClient]) -> None:
    script = Script(json_response(200, {"message": "ok"}))
    import_deduped_data.sync(7, client=make_client(script), deduped_data_file=CSV, file_name="march.csv")
    assert uploaded_part(script.last)[1] == "march.csv"


def test_an_upload_is_resent_whole_when_it_never_reached_the_server(
    make_client: Callable[..., AuthenticatedClient],
) -> None:
    script = Script(httpx.ConnectError("refused"), json_response(200, {"message": "ok"}))
    client = make_client(script, retry=RetryPolicy(max_attempts=2, sleep=lambda _: None))
    import_deduped_data.sync(7, client=client, deduped_data_file=io.BytesIO(CSV))
    assert [uploaded_part(r)[3] for r in script.requests] == [CSV, CSV]
