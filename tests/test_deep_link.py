"""A deep link is the first thing a fresh server serves: `/seller?seller=S07` shared in a chat
and opened before anyone opened the overview. Streamlit used to run pages/seller.py alone then
(its old multipage mode lasts until the process's first `st.navigation` call): app.py was
skipped and the sidebar listed the file names ("app", "import data", "team overview")."""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from tests.db_state import copy_database
from tests.streamlit_server import running_app


def _navigation_of_first_run(base: str, page: str, query: str) -> list[list[str]]:
    """The page titles of every navigation message of one script run, in order."""
    titles = []
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    with connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        ws.send(BackMsg(rerun_script=ClientState(query_string=query, page_name=page)).SerializeToString())
        while True:
            message = ForwardMsg.FromString(ws.recv(timeout=120))
            kind = message.WhichOneof("type")
            if kind == "navigation":
                titles.append([p.page_name for p in message.navigation.app_pages])
            elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return titles


def test_a_deep_link_to_a_fresh_server_shows_the_pages_titles(demo_template, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    with running_app(db, tmp_path / "server.log") as base:
        navigations = _navigation_of_first_run(base, "seller", "seller=S07")
    assert navigations, "no navigation was sent"
    assert navigations[-1] == [
        "Team overview",
        "Activity",
        "Conversion",
        "Pipeline",
        "Seller",
        "Coaching notes",
        "Team review",
        "Import data",
    ]
