"""The pages' cache: keyed on the published analytics version and the coaching data version, so
an import and a saved note show on the next read, whichever process did them."""

import duckdb
import pandas as pd
import pytest

import salescoach
from salescoach import coaching, ui
from tests.db_state import app_database
from tests.tiny_data import tiny_tables


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """The tiny data set as the app's database (`ui.get_coach()`), with fresh caches."""
    path = tmp_path / "app.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
    with app_database(monkeypatch, path):
        yield path


def test_the_cache_key_is_the_published_version_and_the_coaching_version(app_db):
    """The pages' cache key: the identity of the analytics version read (a new one per import,
    whichever process published it) and the coaching data version (bumped by every save, in
    whichever process). Outside a script run both are read at each call; in a run, once
    (tests/test_live_refresh.py)."""
    coach = ui.get_coach()
    published, notes = ui.run_versions()
    assert ui.data_version() == coach.data_version() == 1
    with salescoach.connect(app_db) as other:  # another process, as far as the files know
        other.load_frames({})  # an import: a new version published
        assert ui.run_versions() == (coach.versions()[0], notes) != (published, notes)
        assert ui.data_version() == 2
        coaching.save_note(other, "S2", "2026-02-01", "Maija", goal="First offers")  # a saved note
        assert ui.run_versions()[1] == notes + 1
    before = ui.run_versions()[0]
    coach.load_frames({})  # an import through the app's own SalesCoach
    assert ui.data_version() == 3 and ui.run_versions()[0] not in (published, before)


def test_cached_queries_show_an_import_and_a_saved_note_at_once(app_db):
    coach = ui.get_coach()
    assert len(ui.cached_query("seller_list")) == 3
    new_seller = pd.DataFrame([{"seller_id": "S4", "name": "Dora Uusi", "team": "B"}])
    coach.load_frames({"sellers": new_seller})
    assert len(ui.cached_query("seller_list")) == 4
    reads = ui.cached_reads()
    assert coaching.seller_notes(reads, "S2") == []
    coaching.save_note(coach, "S2", "2026-02-01", "Maija", goal="First offers")
    assert [n.goal for n in coaching.seller_notes(reads, "S2")] == ["First offers"]
    found = coaching.search_notes(reads, text="first offers")
    assert found["seller_id"].tolist() == ["S2"]


def test_cached_reads_do_not_query_again_until_the_data_changes(app_db, monkeypatch):
    calls = []
    original = salescoach.SalesCoach.query

    def counting(self, name, **params):
        calls.append(name)
        return original(self, name, **params)

    monkeypatch.setattr(salescoach.SalesCoach, "query", counting)
    reads = ui.cached_reads()
    for _ in range(3):
        coaching.lost_offers_of_seller(reads, "S1")
        ui.cached_scorecard("2026-01-01", "2026-03-31")
    # the versions cost no query of the analytics file (a stat, and the coaching store's counter)
    assert calls == ["lost_offers_of_seller", "seller_scorecard"]
    coaching.save_offer_review(ui.get_coach(), "O1", why="Price", author="Maija")
    assert coaching.lost_offers_of_seller(reads, "S1").set_index("offer_id").loc["O1", "why"] == "Price"
    assert calls.count("lost_offers_of_seller") == 2


def test_a_database_made_again_at_the_same_path_is_not_mistaken_for_the_old_one(tmp_path):
    path = tmp_path / "again.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(tiny_tables())
        coach.load_frames({})
        assert coach.known_data_version() == 2
    path.unlink()
    with salescoach.connect(path) as coach:
        assert coach.known_data_version() == 0
    with duckdb.connect(str(path)) as con:
        assert con.execute("select count(*) from sellers").fetchone() == (0,)


def test_calls_that_differ_only_in_parameters_the_query_does_not_read_run_it_once(app_db, monkeypatch):
    # The seller page passed the whole filter dict, its coaching section only the seller and
    # the period: the same lost offers were read twice on every seller page.
    calls = []
    original = salescoach.SalesCoach.query

    def counting(self, name, **params):
        calls.append((name, params))
        return original(self, name, **params)

    monkeypatch.setattr(salescoach.SalesCoach, "query", counting)
    page = ui.cached_query(
        "lost_offers_of_seller",
        seller_id="S1",
        date_from=None,
        date_to=None,
        team="A",
        teams=["A"],
        as_of=None,
    )
    section = ui.cached_query("lost_offers_of_seller", seller_id="S1", date_from=None, date_to=None)
    assert [name for name, _ in calls].count("lost_offers_of_seller") == 1
    assert calls[-1][1] == {"seller_id": "S1", "date_from": None, "date_to": None}  # only what it binds
    pd.testing.assert_frame_equal(page, section)
    assert (
        page["offer_id"].tolist() == coaching.lost_offers_of_seller(ui.get_coach(), "S1")["offer_id"].tolist()
    )
    with pytest.raises(TypeError, match="needs parameter"):
        ui.cached_query("lost_offers_of_seller", seller_id="S1")  # a missing parameter is still an error


def test_seller_names_are_one_lookup_table_per_data_version_and_viewer(app_db, monkeypatch):
    # The review's step buttons asked `seller_name` for each seller of the review, and each call
    # read and scanned the seller list: 464 scans were 76 % of "Start review" at 500 sellers.
    from salescoach.access import LOCAL_VIEWER, Viewer
    from salescoach.ui import data

    reads = []
    original = data.all_sellers
    monkeypatch.setattr(data, "all_sellers", lambda: reads.append(1) or original())
    director = Viewer(name="x", role="director", teams=frozenset({"B"}))
    for _ in range(500):
        assert ui.seller_name(LOCAL_VIEWER, "S1") == "Aino Virtanen"
        assert ui.seller_name(director, "S3") == "Cecilia Nieminen"
    assert len(reads) == 2  # once for every team, once for the director's team B
    assert ui.seller_name(director, "S1") is None  # team A is not theirs to see
    assert ui.seller_name(LOCAL_VIEWER, "S9") is None and ui.seller_name(LOCAL_VIEWER, None) is None
    assert dict(ui.seller_names(director)) == {"S3": "Cecilia Nieminen"}
    with pytest.raises(TypeError):
        ui.seller_names(LOCAL_VIEWER)["S1"] = "changed"  # shared between sessions: read-only
    new_name = pd.DataFrame([{"seller_id": "S1", "name": "Aino Uusi-Virtanen", "team": "A"}])
    ui.get_coach().load_frames({"sellers": new_name})  # an import: a new data version
    assert ui.seller_name(LOCAL_VIEWER, "S1") == "Aino Uusi-Virtanen" and len(reads) == 3
