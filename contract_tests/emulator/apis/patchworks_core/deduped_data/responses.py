"""HTTP handlers of the deduped data operations beyond listing: import, download, delete records."""

from __future__ import annotations

import io

from starlette.datastructures import UploadFile
from starlette.responses import Response

from contract_tests.emulator.apis.patchworks_core import data_pools
from contract_tests.emulator.apis.patchworks_core.deduped_data import models
from contract_tests.emulator.core.answers import json_response
from contract_tests.emulator.core.call import Call, Handler
from contract_tests.emulator.core.resources import existing
from contract_tests.emulator.dialects.laravel_responses import ValidationFailed

FILE_FIELD = "deduped_data_file"
MAX_FILE_BYTES = 5 * 1024 * 1024  # the API's documented limit (Laravel's max:5120, in kilobytes)
CSV_TYPES = {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream"}


def _pool(call: Call) -> int:
    """The id of the data pool the path names, or a 404."""
    return int(existing(data_pools.STORE, call, data_pools.PARAMETER)["id"])


def import_deduped_data(call: Call) -> Response:
    pool_id = _pool(call)
    # The core has checked the form against the spec: the file is there, and is a file.
    upload = call.form.get(FILE_FIELD) if call.form is not None else None
    assert isinstance(upload, UploadFile), "the pipeline checks the form against the body's schema"
    if (upload.size or 0) > MAX_FILE_BYTES:
        raise _file_error("The deduped data file field must not be greater than 5120 kilobytes.")
    name = (upload.filename or "").lower()
    if not name.endswith((".csv", ".txt")) and (upload.content_type or "").split(";")[0] not in CSV_TYPES:
        raise _file_error("The deduped data file field must be a file of type: csv, txt.")
    upload.file.seek(0)
    # Read whole (at most 5 MB): the csv module parses an in-memory str almost twice as fast as a
    # TextIOWrapper decoding the spooled upload piece by piece.
    try:
        text = io.StringIO(upload.file.read().decode("utf-8"), newline="")
    except UnicodeDecodeError:
        raise _file_error("The deduped data file field must be a UTF-8 encoded CSV file.") from None
    try:
        added = models.import_csv(call.db, pool_id, text)
    except models.ImportRejected as error:
        raise _file_error(str(error)) from None
    models.SEARCH.catch_up_in_background(call.db)
    return json_response(200, {"message": f"{added} records imported into the data pool."})


def _file_error(text: str) -> ValidationFailed:
    return ValidationFailed({FILE_FIELD: [text]})


def download_deduped_data(call: Call) -> Response:
    models.export_csv(call.db, _pool(call), call.emulator.settings.downloads)
    return json_response(200, {"message": "The export has started. The file will appear in your file downloads."})


def delete_deduped_data_records(call: Call) -> Response:
    deleted = models.delete_records(call.db, _pool(call), call.body["ids"])
    return json_response(200, {"message": f"{deleted} records deleted."})


HANDLERS: dict[str, Handler] = {
    "importDedupedData": import_deduped_data,
    "downloadDedupedData": download_deduped_data,
    "deleteDedupedDataRecords": delete_deduped_data_records,
}
