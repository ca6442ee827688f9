"""Messages for the user as data: a catalogue key and its parameters, rendered in any language.

An importer problem, a preset's caveat or a refused input is a `Message`: its `code` is a key of
`salescoach/locales/<lang>.yaml` and its `params` fill that text's `{placeholders}`. The page
renders it in the viewer's language, the CLI in its own (`--lang`, else `SALESCOACH_LANG`, else
English): `message.text(lang)`.

A `Message` is also a `str`, its English text, so code and logs that read a message as a string
keep working; `text(value, lang)` renders either. Parameters are data from the file (a cell's
text, a column name as the file spells it) kept literal, nested messages (rendered in the same
language), `Count`s (whole numbers written the language's way: 1,234 / 1 234) or `Size`s (2.9 MB). A surface that
renders Markdown escapes the whole rendered text (`ui.escape_markdown`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from salescoach.i18n import DEFAULT_LANGUAGE, t


class Count(int):
    """A whole number in a message, written with the language's digit grouping (5,000,000 /
    5 000 000); a plain int (a row number) is written as it is."""


class Percent(float):
    """A share (0.42) in a message, written as a whole percentage: 42% (en), 42 % (fi, sv, nb)."""


class Size(int):
    """A size in bytes in a message: 2.9 MB (en), 2,9 MB (fi, sv, nb), 512 bytes."""


def size_text(n: int, lang: str | None = None) -> str:
    from salescoach.formatting import format_count, format_number

    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            value = round(n / size, 1)
            return f"{format_number(value, 0 if value.is_integer() else 1, lang)} {unit}"
    return t("size.bytes", lang, count=format_count(n, lang))


class Message(str):
    """A text for the user: catalogue key `code` and its parameters; as a `str`, its English."""

    code: str
    params: dict[str, object]

    def __new__(cls, code: str, /, **params: object) -> Message:
        made = super().__new__(cls, render(code, params, DEFAULT_LANGUAGE))
        made.code = code
        made.params = params
        return made

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the current language)."""
        return render(self.code, self.params, lang)

    def replace(self, **params: object) -> Message:
        """The same message with some parameters changed."""
        return Message(self.code, **{**self.params, **params})

    def __reduce__(self):  # pickled (a cached page state, a worker) as code and parameters
        return (_rebuild, (self.code, self.params))

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.params!r})"


def _rebuild(code: str, params: dict[str, object]) -> Message:
    return Message(code, **params)


def render(code: str, params: dict[str, object], lang: str | None = None) -> str:
    return t(code, lang, **{name: param_text(value, lang) for name, value in params.items()})


def param_text(value: object, lang: str | None = None) -> str:
    from salescoach.formatting import format_count

    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, Percent):
        from salescoach.formatting import format_percent

        return format_percent(float(value), lang)
    if isinstance(value, Size):
        return size_text(int(value), lang)
    if isinstance(value, Count):
        return format_count(int(value), lang)
    return str(value)


def text(value: object, lang: str | None = None) -> str:
    """`value` in `lang` when it is a Message (or has `.text(lang)`), else as it is."""
    if isinstance(value, Message):
        return value.text(lang)
    render_text = getattr(value, "text", None)
    if callable(render_text):
        return render_text(lang)
    return "" if value is None else str(value)


def joined(items: Sequence[object]) -> Message | str:
    """The items as "a, b and c" in the language of the reader."""
    items = list(items)
    if len(items) < 2:
        return str(items[0]) if items else ""
    return Message("list.and", first=", ".join(str(i) for i in items[:-1]), last=str(items[-1]))


def alternatives(items: Sequence[object]) -> Message | str:
    """ "a or b or c" in the language of the reader."""
    items = list(items)
    if len(items) < 2:
        return str(items[0]) if items else ""
    return Message("list.or", first=alternatives(items[:-1]), last=str(items[-1]))


def plural(code: str, count: int, **params: object) -> Message:
    """`code.one` for a count of 1, else `code.other`, with `count` as a Count."""
    return Message(f"{code}.{'one' if count == 1 else 'other'}", count=Count(count), **params)


def texts(values: Iterable[object], lang: str | None = None) -> list[str]:
    return [text(value, lang) for value in values]
