"""One browser tab without a browser: a websocket to a real server's `/_stcore/stream`.

Streamlit's protocol: the browser sends protobuf `BackMsg`s (`rerun_script` with the URL's
query string, the page and the widget states) and receives `ForwardMsg`s (a `new_session`
when a script run starts, one `delta` per element drawn, `page_info_changed` when the
script writes the URL, `script_finished` at the end; with `st.navigation` a `navigation` message names the page the
run is on). `Session` does what the browser does:

    with Session("http://127.0.0.1:8501") as tab:
        drawn = tab.run("activity", "team=SMB")          # a page by its url_path, a query string
        period = tab.widgets["filter_period"]             # the widgets of the last run, by key
        drawn = tab.rerun([tab.select("filter_period", "Year")])   # a widget change on that page
        drawn["ms"], drawn["bytes"], drawn["largest"]     # send -> script finished, what came back

Like the browser it follows the page and the URL the script moves to (`st.switch_page`,
`st.query_params`) and keeps Streamlit's message cache: messages of 10 kB or more carry a
hash, the next run sends the hashes it holds and the server answers those with a short
reference, and an entry unused for two finished runs is dropped (the browser's
`maxCachedMessageAge`). Used by tests/test_concurrency.py, tests/test_app_access.py and
bench/load.py.
"""

from __future__ import annotations

import heapq
import json
import time
from collections.abc import Iterable

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.sync.client import connect

from salescoach.ui.chart_element import COMPONENT as CHART

MAX_CACHED_MESSAGE_AGE = 2  # Streamlit's global.maxCachedMessageAge (script runs)
LARGEST = 5  # how many of a run's largest messages are kept


def page_path(page: str) -> str:
    """The URL path (and `page_name`) of a page: the default page, the team overview, is served at
    "/" (`/team_overview` is an unknown page to st.navigation: "Page not found", then the main page)."""
    from salescoach.ui.pages import PAGES

    return "" if page == PAGES[0].url_path else page


def element_key(element_id: str) -> str | None:
    """The user key at the end of a widget id (`$$ID-<hash>-<key>`), None for a generated one."""
    parts = element_id.split("-", 2)
    if len(parts) == 3 and parts[0] == "$$ID" and parts[2] != "None":
        return parts[2]
    return None


def describe(message: ForwardMsg) -> str:
    """What a forward message carries, in a few words: `delta chart activity_heatmap`."""
    kind = message.WhichOneof("type")
    if kind != "delta":
        return kind or "empty"
    delta = message.delta.WhichOneof("type")
    if delta != "new_element":
        return f"delta {delta}"
    element = message.delta.new_element
    what = _kind(element)
    key = element_key(getattr(getattr(element, element.WhichOneof("type")), "id", "") or "")
    if key is None and what == "dataframe":
        key = _columns(element.dataframe.arrow_data.data)
    return f"delta {what}" + (f" {key}" if key else "")


def _rows(arrow: bytes) -> int | None:
    """How many rows a table shows (what a click on a row can pick from)."""
    try:
        import pyarrow as pa

        return pa.ipc.open_stream(arrow).read_all().num_rows
    except Exception:  # noqa: BLE001 - unknown: the caller picks among the first rows
        return None


def _columns(arrow: bytes) -> str | None:
    """A table without a key, named by its first columns (read from its Arrow schema only)."""
    try:
        import pyarrow as pa

        names = [n for n in pa.ipc.open_stream(arrow).schema.names if not n.startswith("__index")]
    except Exception:  # noqa: BLE001 - a name is a nicety; the size is what counts
        return None
    return f"[{', '.join(names[:3])}{', ...' if len(names) > 3 else ''}: {len(names)} columns]"


class Session:
    """One browser tab: a websocket to `/_stcore/stream` asking for script runs."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None, *, cache_messages: bool = True):
        """`cookies` as a browser would send them (a login cookie needs the XSRF cookie too)."""
        self.url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.base = base
        self.cookies = cookies or {}
        self.cache_messages = cache_messages
        self.page_hash = ""  # the page the last run was on (navigation.page_script_hash)
        self.query_string = ""  # the URL's query string after the last run
        self.widgets: dict[str, dict] = {}  # user key -> {"id", "kind", "options", "rows"} of the last run
        self._cache: dict[str, tuple[int, dict]] = {}  # message hash -> (run last used in, summary)
        self._runs = 0

    def __enter__(self) -> Session:
        if self.cookies:  # what the browser sends: the cookies, its origin, the XSRF token
            self._connection = connect(
                self.url,
                subprotocols=["streamlit", self.cookies["_streamlit_xsrf"]],
                origin=self.base,
                additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())},
                max_size=None,
            )
        else:
            self._connection = connect(self.url, subprotocols=["streamlit"], max_size=None)
        self.ws = self._connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    # -- asking for runs --------------------------------------------------------------------

    def run(self, page: str | None = None, query: str | None = None, widgets=(), timeout: float = 60) -> dict:
        """Run `page` (a url_path; None: the current page) with `query` (None: the current URL)
        and widget states; the elements drawn and what the run cost, once it is over."""
        state = ClientState(
            query_string=self.query_string if query is None else query,
            widget_states=WidgetStates(widgets=list(widgets)),
            cached_message_hashes=sorted(self._cache) if self.cache_messages else [],
        )
        if page is None:
            state.page_script_hash = self.page_hash
        else:
            state.page_name = page
        start = time.perf_counter()
        self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        drawn = self._receive(start, timeout)
        drawn["ms"] = round((time.perf_counter() - start) * 1000, 1)
        return drawn

    def rerun(self, widgets: Iterable[WidgetState], timeout: float = 60) -> dict:
        """What the browser sends when a widget of the current page changes."""
        return self.run(None, None, widgets, timeout)

    # -- widget states as the browser would send them -----------------------------------------

    def widget(self, key: str) -> dict:
        try:
            return self.widgets[key]
        except KeyError:
            raise KeyError(
                f"no widget with key {key!r} in the last run (have: {sorted(self.widgets)})"
            ) from None

    def select(self, key: str, option: str | int) -> WidgetState:
        """A selectbox set to `option`: its label as shown, or its position in the list."""
        widget = self.widget(key)
        label = widget["options"][option] if isinstance(option, int) else option
        return WidgetState(id=widget["id"], string_value=label)

    def pick_rows(self, key: str, rows: list[int]) -> WidgetState:
        """A dataframe's row selection (`on_select="rerun"`): what a click on a row sends."""
        selection = {"selection": {"rows": rows, "columns": [], "cells": []}}
        return WidgetState(id=self.widget(key)["id"], string_value=json.dumps(selection))

    # -- reading the answer -------------------------------------------------------------------

    def _receive(self, start: float, timeout: float) -> dict:
        drawn: dict = {"buttons": {}, "text_areas": {}, "alerts": [], "exceptions": []}
        drawn.update(bytes=0, messages=0, runs=0, charts=0, elements=0, cached=0, elements_by_run=[])
        largest: list[tuple[int, int, str]] = []
        widgets: dict[str, dict] = {}
        deadline = start + timeout
        while True:
            raw = self.ws.recv(timeout=max(0.1, deadline - time.perf_counter()))
            message = ForwardMsg.FromString(raw)
            drawn["bytes"] += len(raw)
            drawn["messages"] += 1
            kind = message.WhichOneof("type")
            if kind == "ref_hash":  # the browser holds this element already: draw it from the cache
                summary = self._cache_hit(message.ref_hash)
                drawn["cached"] += 1
                what = f"ref_hash ({summary['describe']})" if summary else "ref_hash"
            else:
                summary = None
                what = describe(message)
            entry = (len(raw), drawn["messages"], what)
            (heapq.heappush if len(largest) < LARGEST else heapq.heappushpop)(largest, entry)
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                summary = _summary(message.delta.new_element, what)
                self._remember(message, summary)
            if summary is not None:
                _apply(summary, drawn, widgets)
            elif kind == "navigation":  # st.navigation: the page this run is on (the last one wins)
                self.page_hash = message.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "auth_redirect":  # st.login: the browser would go to this URL
                drawn["redirect"] = message.auth_redirect.url
            elif kind == "script_finished":
                drawn["runs"] += 1
                drawn["elements_by_run"].append(drawn["elements"] - sum(drawn["elements_by_run"]))
                self._runs += 1
                self._expire()
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    widgets = {}
                    continue  # st.rerun() or st.switch_page(): the next run follows
                drawn["finished"] = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                drawn["largest"] = [(size, what) for size, _, what in sorted(largest, reverse=True)]
                self.widgets = widgets
                return drawn

    def _remember(self, message: ForwardMsg, summary: dict) -> None:
        if self.cache_messages and message.metadata.cacheable and message.hash:
            self._cache[message.hash] = (self._runs, summary)

    def _cache_hit(self, digest: str) -> dict | None:
        entry = self._cache.get(digest)
        if entry is None:
            return None
        self._cache[digest] = (self._runs, entry[1])
        return entry[1]

    def _expire(self) -> None:
        for digest, (used, _) in list(self._cache.items()):
            if self._runs - used > MAX_CACHED_MESSAGE_AGE:
                del self._cache[digest]


def _kind(element) -> str:
    """An element's kind: its proto's, or "chart" for the dashboard's chart element
    (salescoach/ui/chart_element.py)."""
    kind = element.WhichOneof("type")
    if kind == "bidi_component" and element.bidi_component.component_name == CHART:
        return "chart"
    return kind


def _summary(element, what: str) -> dict:
    """What a session needs of an element (kept in the message cache instead of the element)."""
    body = getattr(element, element.WhichOneof("type"))
    kind = _kind(element)
    summary = {"kind": kind, "describe": what.removeprefix("delta ")}
    if kind in ("button", "text_area"):
        summary["label"] = body.label
    elif kind == "alert":
        summary["label"] = body.body
    elif kind == "exception":
        summary["label"] = body.message
    element_id = getattr(body, "id", "") or ""
    key = element_key(element_id)
    if key is not None:
        widget = {"id": element_id, "kind": kind, "options": list(getattr(body, "options", []))}
        if kind == "dataframe":
            widget["rows"] = _rows(body.arrow_data.data)
        summary["widget"] = (key, widget)
    if kind in ("button", "text_area"):
        summary["id"] = element_id
    return summary


def _apply(summary: dict, drawn: dict, widgets: dict) -> None:
    drawn["elements"] += 1
    kind = summary["kind"]
    if kind == "button":
        drawn["buttons"][summary["label"]] = summary["id"]
    elif kind == "text_area":
        drawn["text_areas"][summary["label"]] = summary["id"]
    elif kind == "alert":
        drawn["alerts"].append(summary["label"])
    elif kind == "exception":
        drawn["exceptions"].append(summary["label"])
    elif kind == "chart":
        drawn["charts"] += 1
    if "widget" in summary:
        key, widget = summary["widget"]
        widgets[key] = widget
