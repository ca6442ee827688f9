"""Files uploaded in the browser, saved as an import folder the importer can read."""

from __future__ import annotations

import re
from pathlib import Path

from salescoach.importer import MAX_IMPORT_BYTES

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]")


class UploadError(ValueError):
    pass


def safe_file_name(name: str) -> str:
    """The file's own name without any folder part, with odd characters replaced.

    A browser sends only a name, but a crafted request could send `../../app.py`.
    """
    base = Path(name.replace("\\", "/")).name.strip()
    cleaned = _SAFE_NAME.sub("_", base).lstrip(".")
    if not cleaned:
        raise UploadError(f"{name!r} is not a usable file name")
    return cleaned


def save_uploads(files, folder: str | Path, limit: int = MAX_IMPORT_BYTES) -> list[Path]:
    """Write uploaded files (objects with `.name`, `.size` and `.getbuffer()`) into `folder`.

    A file over `limit` bytes is refused with a message naming it and the limit, before
    anything is written; two uploads with the same name are refused as well.
    """
    folder = Path(folder)
    names: dict[str, str] = {}
    problems = []
    for upload in files:
        name = safe_file_name(upload.name)
        size = getattr(upload, "size", None)
        if size is None:
            size = len(upload.getbuffer())
        if size > limit:
            problems.append(
                f"{upload.name}: the file is {size / 1024**2:,.0f} MB; the limit is {limit / 1024**2:,.0f} MB"
            )
        if name.lower() in names:
            problems.append(f"{upload.name}: a file named {names[name.lower()]} is already uploaded")
        names[name.lower()] = name
    if problems:
        raise UploadError("\n".join(problems))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for upload in files:
        path = folder / safe_file_name(upload.name)
        path.write_bytes(upload.getbuffer())
        written.append(path)
    return written
