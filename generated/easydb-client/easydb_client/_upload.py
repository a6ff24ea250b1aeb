"""File uploads (multipart/form-data): a path, bytes or a binary file object, sent with a file name.

The file is read into memory before sending, so that a retry can send it again: APIs take small files
in a multipart upload.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

UploadSource = str | os.PathLike[str] | bytes | BinaryIO
DEFAULT_FILE_NAME = "upload"


def multipart_file(
    field: str, source: UploadSource, *, file_name: str | None, content_type: str
) -> dict[str, tuple[str, bytes, str]]:
    """The `files=` argument of httpx for one file field. A str is a path, never the file's content."""
    if isinstance(source, bytes):
        content, default_name = source, DEFAULT_FILE_NAME
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        content, default_name = path.read_bytes(), path.name
    else:
        content = source.read()
        default_name = Path(str(getattr(source, "name", DEFAULT_FILE_NAME))).name
    return {field: (file_name or default_name, content, content_type)}
