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
    styling = table_cache._style_look
    monkeypatch.setattr(table_cache, "_style_look", lambda *args: calls.append(1) or styling(*args))
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


def test_a_table_styled_without_pandas_is_what_streamlit_writes_for_every_kind_of_column():
    import datetime as dt

    frame = pd.DataFrame(
        {
            "seller": ["Aino <b>", None, "Eetu *x*"],
            "value": [1234.567, float("nan"), -0.5],
            "hit_rate": [0.25, None, 1.0],
            "meetings": [3, 0, 12],
            "offers": pd.array([1, None, 7], dtype="Int64"),
            "closed": pd.to_datetime(["2026-11-02", None, "2026-01-31"]),
            "on": [dt.date(2026, 11, 2), None, dt.date(2026, 1, 1)],
            "active": [True, False, True],
            "thin": pd.array([True, None, False], dtype="boolean"),
            "weekly": [[1, 2, 3], [], float("nan")],  # a sparkline: pandas' own display
            "ratio": [1.23456789, 2.0, None],  # no kind given: one decimal
        }
    )
    kinds = {"value": "eur", "hit_rate": "pct", "on": "date"}
    for lang in ("en", "fi"):
        for highlight in (None, [False, False, False], [True, False, True]):
            look = formatting.table_styler(
                frame, kinds, lang, highlight=highlight, highlight_colour="#fadbd8"
            )
            look.set_uuid("tabc")
            plain = formatting.table_styler(
                frame, kinds, lang, highlight=highlight, highlight_colour="#fadbd8"
            )
            plain.set_uuid("tabc")
            ours, theirs = ArrowData(), ArrowData()
            table_cache._style_look(ours, look, "default", getattr(look, formatting.TABLE_LOOK))
            pandas_styler_utils.marshall_styler(theirs, plain, "default")
            assert ours.styler.SerializeToString() == theirs.styler.SerializeToString(), (lang, highlight)


def test_every_table_of_every_page_is_styled_as_streamlit_would(demo_template, tmp_path, monkeypatch):
    """Each page of the demo opened (in English and in Finnish), each table it draws styled
    both ways: the same bytes."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.db_state import copy_database

    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    monkeypatch.setenv("SALESCOACH_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    compared = []

    def both(proto, styler, default_uuid, look):
        theirs = ArrowData()
        pandas_styler_utils.marshall_styler(theirs, styler, default_uuid)
        ours = ArrowData()
        original(ours, styler, default_uuid, look)
        assert ours.styler.SerializeToString() == theirs.styler.SerializeToString()
        compared.append(styler.data.shape)
        proto.styler.CopyFrom(ours.styler)

    original = table_cache._style_look
    monkeypatch.setattr(table_cache, "_style_look", both)
    table_cache.clear()
    pages = ["pages/team_overview.py", "pages/activity.py", "pages/conversion.py", "pages/pipeline.py",
             "pages/coaching.py", "pages/seller.py"]  # fmt: skip
    for lang, page in [*(("en", page) for page in pages), ("fi", pages[0]), ("fi", pages[-1])]:
        monkeypatch.setenv("SALESCOACH_LANG", lang)
        at = AppTest.from_file("../app.py", default_timeout=60)
        at.switch_page(page)
        if page.endswith("seller.py"):
            at.query_params["seller"] = "S01"
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
    st.cache_resource.clear()
    assert len(compared) >= 12, compared
