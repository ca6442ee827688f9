"""Many users at once: browsing while one imports and others save coaching notes.

Two levels, both bounded in time and on loopback only:

- the shared connection: the server keeps one `SalesCoach` (`st.cache_resource`) and every
  session's script thread queries it; here threads do what the pages do on that one
  object while another thread imports (all-or-nothing `load_frames`) and others save
  notes. Every scorecard read must equal the one before or the one after the import,
  never a mix, and every note saved must be there afterwards;
- a real `streamlit run` with several websocket clients (what browsers do: open
  `/_stcore/stream`, ask for script runs) opening every page with different filters while
  two of them write notes through the seller page's form: no exception in any run, every
  note in the database afterwards.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pandas as pd
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.sync.client import connect

import salescoach
from salescoach import coaching
from tests.streamlit_server import running_app

END = dt.date(2026, 11, 23)
Q4 = ("2026-10-01", "2026-11-23", "2026-11-23")
PAGE_QUERIES = [  # what the pages ask, with the sidebar's filter parameters
    "weekly_activity_by_seller",
    "activity_direction_by_week",
    "conversion_funnel_by_seller",
    "pipeline_by_close_month",
    "overdue_offers",
    "weekly_meetings_by_seller",
]


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(demo_template.read_bytes())
    return path


def _deals(coach) -> pd.DataFrame:
    cursor = coach._con.cursor()
    try:
        return cursor.execute(
            "select deal_id, seller_id, customer_id, offer_id, close_date, value from deals"
        ).df()
    finally:
        cursor.close()


def _note_count(coach) -> int:
    cursor = coach._con.cursor()
    try:
        return cursor.execute("select count(*) from coaching_notes").fetchone()[0]
    finally:
        cursor.close()


def test_shared_connection_reads_old_or_new_never_a_mix_and_loses_no_note(demo_db):
    coach = salescoach.connect(demo_db)
    try:
        deals = _deals(coach)
        doubled = deals.assign(value=deals["value"] * 2)
        before = coach.scorecard(*Q4)
        coach.load_frames({"deals": doubled})
        after = coach.scorecard(*Q4)
        coach.load_frames({"deals": deals})
        assert not before["sales"].equals(after["sales"])  # the import changes what is read
        states = [before, after]
        notes_before = _note_count(coach)
        sellers = coach.query("seller_list")["seller_id"].tolist()
        params = {"date_from": dt.date(2026, 10, 1), "date_to": END, "as_of": END, "seller_id": None}

        errors: list[BaseException] = []
        saved: list[str] = []
        reads = {"scorecards": 0, "queries": 0, "imports": 0}
        stop = threading.Event()
        lock = threading.Lock()

        def guarded(work):
            def run():
                try:
                    work()
                except BaseException as error:  # noqa: BLE001 - collected and reported by the test
                    errors.append(error)
                    stop.set()

            return run

        def browse(team):
            while not stop.is_set():
                card = coach.scorecard(*Q4)
                if not any(card.equals(state) for state in states):
                    raise AssertionError(f"a scorecard that is neither before nor after the import:\n{card}")
                for name in PAGE_QUERIES:
                    coach.query(name, **params, teams=None if team is None else [team])
                coaching.search_notes(coach, teams=None if team is None else [team])
                with lock:
                    reads["scorecards"] += 1
                    reads["queries"] += len(PAGE_QUERIES) + 1

        def write_notes(writer):
            for i in range(15):
                if stop.is_set():
                    return
                note_id = coaching.save_note(
                    coach,
                    sellers[(writer * 5 + i) % len(sellers)],
                    "2026-11-20",
                    f"Writer {writer}",
                    goal=f"note {i} of writer {writer}",
                    actions=[{"owner": "seller", "description": f"action {i}", "due_date": "2026-12-01"}],
                )
                with lock:
                    saved.append(note_id)

        def imports():
            for round_ in range(6):
                if stop.is_set():
                    return
                coach.load_frames({"deals": doubled if round_ % 2 == 0 else deals})
                with lock:
                    reads["imports"] += 1

        threads = [
            threading.Thread(target=guarded(lambda t=t: browse(t))) for t in (None, "SMB", "Enterprise", None)
        ]
        writers = [threading.Thread(target=guarded(lambda w=w: write_notes(w))) for w in range(3)]
        importer = threading.Thread(target=guarded(imports))
        start = time.monotonic()
        for thread in [*threads, *writers, importer]:
            thread.start()
        for thread in [*writers, importer]:
            thread.join(timeout=60)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        elapsed = time.monotonic() - start
        assert not errors, errors
        assert elapsed < 60
        assert reads["imports"] == 6 and reads["scorecards"] > 0
        assert len(saved) == 45 and len(set(saved)) == 45
        assert _note_count(coach) == notes_before + 45
        for note_id in saved:
            note = coaching.get_note(coach, note_id)
            assert note is not None and note.goal.startswith("note ") and len(note.actions) == 1
        assert coach.scorecard(*Q4).equals(before)  # the last import (round 5) stored the deals as they were
    finally:
        coach.close()


# -- a real server and websocket clients -----------------------------------------------------

BROWSE = [  # (page url_path, query string): every page, with different filters
    ("", ""),
    ("activity", "team=SMB"),
    ("conversion", "period=year"),
    ("pipeline", "team=Enterprise&period=month"),
    ("seller", "seller=S07"),
    ("coaching", "team=Public+sector"),
    ("import_data", ""),
    ("team_overview", "period=custom&from=2026-01-01&to=2026-06-30"),
]


class Session:
    """One browser tab without a browser: a websocket to `/_stcore/stream` asking for script runs."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None):
        """`cookies` as a browser would send them (a login cookie needs the XSRF cookie too)."""
        self.url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.base = base
        self.cookies = cookies or {}

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

    def run(self, page: str, query: str, widgets=(), timeout: float = 60) -> dict:
        """Run `page` with `query` and widget states; the elements drawn, until the run is over."""
        state = ClientState(
            query_string=query, page_name=page, widget_states=WidgetStates(widgets=list(widgets))
        )
        self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        drawn: dict = {"buttons": {}, "text_areas": {}, "alerts": [], "exceptions": []}
        deadline = time.monotonic() + timeout
        while True:
            message = ForwardMsg.FromString(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                what = element.WhichOneof("type")
                if what == "button":
                    drawn["buttons"][element.button.label] = element.button.id
                elif what == "text_area":
                    drawn["text_areas"][element.text_area.label] = element.text_area.id
                elif what == "alert":
                    drawn["alerts"].append(element.alert.body)
                elif what == "exception":
                    drawn["exceptions"].append(element.exception.message)
            elif kind == "auth_redirect":  # st.login: the browser would go to this URL
                drawn["redirect"] = message.auth_redirect.url
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the next run follows
                drawn["finished"] = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                return drawn


def _save_note_through_the_form(session: Session, seller_id: str, goal: str) -> None:
    query = f"seller={seller_id}"
    drawn = session.run("seller", query)
    new = drawn["buttons"]["New 1:1 note"]
    drawn = session.run("seller", query, [WidgetState(id=new, trigger_value=True)])
    goal_id, save = drawn["text_areas"]["Goal"], drawn["buttons"]["Save note"]
    drawn = session.run(
        "seller",
        query,
        [WidgetState(id=goal_id, string_value=goal), WidgetState(id=save, trigger_value=True)],
    )
    assert not drawn["exceptions"], drawn["exceptions"]
    assert "Note saved." in drawn["alerts"], drawn["alerts"]


def test_sessions_on_one_server_browse_while_others_write_notes(demo_db, tmp_path):
    with salescoach.connect(demo_db) as coach:
        notes_before = _note_count(coach)
    errors: list[BaseException] = []
    runs: list[tuple[str, str, str]] = []
    goals: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    with running_app(demo_db, tmp_path / "streamlit.log") as base:

        def browser(number: int) -> None:
            with Session(base) as session:
                for step in range(len(BROWSE)):
                    page, query = BROWSE[(step + number) % len(BROWSE)]
                    drawn = session.run(page, query)
                    with lock:
                        runs.append((page, query, drawn["finished"]))
                    assert not drawn["exceptions"], (page, query, drawn["exceptions"])

        def writer(number: int) -> None:
            with Session(base) as session:
                for i in range(3):
                    goal = f"concurrent note {i} of writer {number}"
                    _save_note_through_the_form(session, ("S05", "S09", "S01")[i % 3], goal)
                    with lock:
                        goals.append(goal)

        def guarded(work, number):
            try:
                work(number)
            except BaseException as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        threads = [threading.Thread(target=guarded, args=(browser, n)) for n in range(3)]
        threads += [threading.Thread(target=guarded, args=(writer, n)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
    elapsed = time.monotonic() - start
    assert not errors, errors
    assert len(runs) == 3 * len(BROWSE)
    assert {finished for *_, finished in runs} == {"FINISHED_SUCCESSFULLY"}
    assert elapsed < 60, elapsed
    with salescoach.connect(demo_db) as coach:
        assert _note_count(coach) == notes_before + 6
        stored = set(coaching.search_notes(coach, text="concurrent note")["goal"])
    assert stored == set(goals) and len(goals) == 6
