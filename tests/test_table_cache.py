"""A table page styled once and reused (salescoach/ui/table_cache.py): what is reused is byte for
byte what Streamlit would compute, and a table whose rows, highlights or language changed is
styled again."""

import pandas as pd
from streamlit.elements import arrow
from streamlit.elements.lib import pandas_styler_utils
from streamlit.proto.ArrowData_pb2 import ArrowData

from salescoach import formatting
from salescoach.ui import table_cache


def styled(frame: pd.DataFrame, lang: str = "en", highlight=None):
    styler = formatting.table_styler(frame, {"value": "eur"}, lang, highlight=highlight)
    styler.set_uuid(table_cache.uuid_of("some_table"))
    key = (table_cache.rows_key(frame), tuple(highlight or ()), lang)
    table_cache.remember(styler, key)
    return styler


def marshalled(styler) -> bytes:
    proto = ArrowData()
    arrow.marshall_styler(proto, styler, "default")
    return proto.styler.SerializeToString()


def computed(styler) -> bytes:  # what Streamlit itself writes, no cache
    proto = ArrowData()
    pandas_styler_utils.marshall_styler(proto, styler, "default")
    return proto.styler.SerializeToString()


def display_texts(data: bytes) -> list[str]:
    proto = ArrowData()
    proto.styler.ParseFromString(data)
    import pyarrow as pa

    return pa.ipc.open_stream(proto.styler.display_values).read_pandas()["value"].tolist()


def test_a_page_styled_again_is_what_streamlit_computes_and_changes_are_styled_afresh(monkeypatch):
    calls = []
    styling = table_cache._marshall
    monkeypatch.setattr(table_cache, "_marshall", lambda *args: calls.append(1) or styling(*args))
    table_cache.install()
    table_cache.clear()
    frame = pd.DataFrame({"seller": ["Aino", "Eetu"], "value": [1234.6, None]})
    first = marshalled(styled(frame))
    assert first == computed(styled(frame))  # the first time: Streamlit's own styling
    assert marshalled(styled(frame)) == first  # the second: reused, byte for byte
    assert len(calls) == 1  # styled once
    assert display_texts(first) == ["€1,235", "–"]
    # another value in the same shape, another language, a highlight: each styled on its own
    other = frame.assign(value=[99.0, None])
    assert display_texts(marshalled(styled(other))) == ["€99", "–"]
    assert display_texts(marshalled(styled(frame, "fi"))) == ["1\u00a0235\u00a0€", "–"]  # no-break spaces
    lit = marshalled(styled(frame, highlight=[True, False]))
    assert lit != first and lit == computed(styled(frame, highlight=[True, False]))
    # a Styler not remembered is styled by Streamlit as always (a random uuid: not reused)
    plain = formatting.table_styler(frame, {"value": "eur"}, "en")
    assert display_texts(marshalled(plain)) == ["€1,235", "–"]


def test_the_rows_key_tells_values_dtypes_and_sparklines_apart():
    frame = pd.DataFrame({"seller": ["A", "B"], "weekly": [[1, 2], [3, 4]], "value": [1.0, 2.0]})
    assert table_cache.rows_key(frame) == table_cache.rows_key(frame.copy())
    assert table_cache.rows_key(frame) != table_cache.rows_key(frame.assign(weekly=[[1, 2], [3, 5]]))
    assert table_cache.rows_key(frame) != table_cache.rows_key(frame.assign(value=[1.0, 2.5]))
    assert table_cache.rows_key(frame) != table_cache.rows_key(frame.assign(value=[1, 2]))  # int, not float
    assert table_cache.uuid_of("a") == table_cache.uuid_of("a") != table_cache.uuid_of("b")
