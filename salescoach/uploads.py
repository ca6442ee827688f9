"""Files uploaded in the browser, saved as an import folder the importer can read."""

from __future__ import annotations

import re
from pathlib import Path

from salescoach.importer import MAX_IMPORT_BYTES
from salescoach.messages import Count, Message, texts

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]")


class UploadError(ValueError):
    """Uploads refused before anything is written; `messages` says why (one per problem)."""

    def __init__(self, messages: Message | list[Message]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))

    def text(self, lang: str | None = None) -> str:
        return "\n".join(texts(self.messages, lang))


def _megabytes(n: float) -> Message:
    return Message("size.megabytes", count=Count(round(n / 1024**2)))


def safe_file_name(name: str) -> str:
    """The file's own name without any folder part, with odd characters replaced.

    A browser sends only a name, but a crafted request could send `../../app.py`.
    """
    base = Path(name.replace("\\", "/")).name.strip()
    cleaned = _SAFE_NAME.sub("_", base).lstrip(".")
    if not cleaned:
        raise UploadError(Message("upload.bad_name", name=repr(name)))
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
                Message("upload.too_big", file=upload.name, size=_megabytes(size), limit=_megabytes(limit))
            )
        if name.lower() in names:
            problems.append(Message("upload.twice", file=upload.name, other=names[name.lower()]))
        names[name.lower()] = name
    if problems:
        raise UploadError(problems)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for upload in files:
        path = folder / safe_file_name(upload.name)
        path.write_bytes(upload.getbuffer())
        written.append(path)
    return written
