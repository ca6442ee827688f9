"""Access control in the running app (AppTest): login screen, refusal, a director's teams, private notes.

Login is "configured" by giving AppTest an `[auth]` secrets section; who is logged in is
`AppTest.user` (what `st.user` reads). The roles file is a temporary file named by
`SALESCOACH_ROLES`. The demo database (data up to 2026-11-23) has three teams:
Enterprise (S01-S04, notes by Otto Mattila), SMB (S05-S08, notes by Juho Kinnunen) and
Public sector (S09-S12, S10 has left; notes by Katja Miettinen).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import salescoach
from salescoach import access, coaching, queries, ui
from salescoach.ui import login, pages
from tests.db_state import app_database, copy_database
from tests.test_app_overview_seller import rendered_text

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
END = dt.date(2026, 11, 23)
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "client",
    "client_secret": "secret",
    "server_metadata_url": "https://login.example.com/.well-known/openid-configuration",
}
ROLES = """
[users."juho@example.com"]
role = "director"
teams = ["SMB"]
name = "Juho Kinnunen"

[users."sari@example.com"]
role = "director"
teams = ["SMB", "Public sector"]
name = "Sari Sijainen"

[users."anna@example.com"]
role = "admin"
name = "Anna Admin"
"""
SMB_ACTIVE = ["Eetu Hakala", "Juha Räsänen", "Juha Tuominen", "Veera Laitinen"]  # S08, S05, S07, S06
ENTERPRISE = ["Aino Salonen", "Eetu Räsänen", "Johanna Peltonen", "Päivi Heikkilä"]  # S02, S01, S03, S04
PUBLIC_ACTIVE = ["Kari Järvinen", "Satu Peltonen", "Ville Salonen"]  # S09, S12, S11 (S10 Päivi Leinonen left)


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch):
    """A fresh copy of the demo database (tests write notes) and the roles file."""
    path = tmp_path / "demo.duckdb"
    copy_database(demo_template, path)  # the analytics file and its coaching store
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("SALESCOACH_ROLES", str(roles))
    with app_database(monkeypatch, path):
        yield path


def open_as(email: str | None, page: str | None = None, **query) -> AppTest:
    """The app with login configured, as `email` (None: not logged in)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email, "name": email} if email else {}
    for name, value in query.items():
        at.query_params[name] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def selectbox(at: AppTest, label: str):
    (found,) = [s for s in at.sidebar.selectbox if s.label == label]
    return found


def table_with(at: AppTest, column: str):
    (frame,) = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def nothing_but_the_gate(at: AppTest) -> None:
    assert not at.dataframe and not at.metric and not at.sidebar.selectbox
    assert [t.value for t in at.title] == ["Sales coach"]
    text = rendered_text(at)
    for name in SMB_ACTIVE + ENTERPRISE:
        assert name not in text


def test_not_logged_in_sees_only_the_login_button(demo_db):
    at = open_as(None)
    nothing_but_the_gate(at)
    assert [b.label for b in at.button] == ["Log in"]
    # a deep link changes nothing
    at = open_as(None, seller="S07", team="SMB")
    nothing_but_the_gate(at)
    assert [b.label for b in at.button] == ["Log in"]


def test_unknown_email_is_refused_by_name(demo_db):
    at = open_as("stranger@example.com", seller="S07")
    nothing_but_the_gate(at)
    (refusal,) = at.error
    assert "stranger@example" in refusal.value and "not listed in the roles file" in refusal.value
    assert "roles" in refusal.value and "toml" in refusal.value
    assert [b.label for b in at.button] == ["Log out"]


def test_unverified_email_is_refused(demo_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "juho@example.com", "email_verified": False}
    at.run()
    nothing_but_the_gate(at)
    assert "e-mail address is not verified" in at.error[0].value


def test_broken_roles_file_shows_nothing(demo_db, tmp_path):
    (tmp_path / "roles.toml").write_text('[users."juho@example.com"]\nrole = "boss"\n', encoding="utf-8")
    at = open_as("juho@example.com")
    nothing_but_the_gate(at)
    assert "cannot decide who may see what" in at.error[0].value
    assert "'boss' is not one of admin, director" in at.code[0].value


def test_director_sees_only_their_team_everywhere(demo_db):
    at = open_as("juho@example.com")
    assert selectbox(at, "Team").options == ["All my teams", "SMB"]
    assert selectbox(at, "Seller").options == ["All sellers", *sorted(SMB_ACTIVE)]
    overview = table_with(at, "weekly_meetings")
    assert sorted(overview["seller"]) == sorted(SMB_ACTIVE)
    text = rendered_text(at)
    for name in ENTERPRISE:
        assert name not in text
    assert any("Logged in as Juho Kinnunen (director: SMB)" in c.value for c in at.sidebar.caption)
    assert [b.label for b in at.sidebar.button] == ["Log out"]
    # the import page (which would change every team's data) is not in the navigation
    assert at.sidebar.selectbox  # the filters are there
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/import_data.py")


def test_director_with_two_teams_sees_all_of_them_by_default(demo_db):
    at = open_as("sari@example.com")
    team = selectbox(at, "Team")
    assert team.options == ["All my teams", "Public sector", "SMB"]
    assert team.value == ""  # "All my teams": no team in the URL
    assert "team" not in at.query_params
    # the overview: SMB's four active sellers (S05-S08) and Public sector's three (S09, S11, S12)
    overview = table_with(at, "weekly_meetings")
    assert len(overview) == 7
    assert sorted(overview["seller"]) == sorted(SMB_ACTIVE + PUBLIC_ACTIVE)
    assert sorted(set(overview["team"])) == ["Public sector", "SMB"]
    text = rendered_text(at)
    for name in ENTERPRISE:
        assert name not in text
    assert any("· your teams: Public sector, SMB." in c.value for c in at.caption)
    sellers = selectbox(at, "Seller").options  # by team and name, S10 who left marked
    assert len(sellers) == 1 + 8 and sellers[0] == "All sellers" and sellers[2].startswith("Päivi Leinonen")
    assert [name for name in sellers[1:] if name != sellers[2]] == sorted(PUBLIC_ACTIVE) + sorted(SMB_ACTIVE)
    # one of them picked: only that team
    team.select("SMB").run()
    assert sorted(table_with(at, "weekly_meetings")["seller"]) == sorted(SMB_ACTIVE)
    assert at.query_params["team"] == "SMB"
    # a link to a seller of either team opens them under "All my teams"
    at = open_as("sari@example.com", "pages/seller.py", seller="S07")
    assert at.title[0].value == "Juha Tuominen"
    assert selectbox(at, "Team").value == ""
    # with a team that is not theirs in the link as well
    at = open_as("sari@example.com", "pages/seller.py", seller="S07", team="Enterprise")
    assert at.title[0].value == "Juha Tuominen"
    assert any(
        "No access: the team “Enterprise” is not one you manage; showing All my teams." in w.value
        for w in at.sidebar.warning
    )


def test_director_with_two_teams_in_finnish(demo_db):
    at = open_as("sari@example.com", lang="fi")
    team = selectbox(at, "Tiimi")
    assert team.options == ["Kaikki tiimini", "Public sector", "SMB"] and team.value == ""
    assert sorted(table_with(at, "weekly_meetings")["seller"]) == sorted(SMB_ACTIVE + PUBLIC_ACTIVE)
    assert any("· tiimisi: Public sector, SMB." in c.value for c in at.caption)
    at = open_as("sari@example.com", lang="fi", team="Enterprise")
    assert any(
        "Ei pääsyä: tiimi ”Enterprise” ei ole johtamasi tiimi; näytetään Kaikki tiimini." in w.value
        for w in at.sidebar.warning
    )
    at = open_as("sari@example.com", lang="fi", team="Public sector")
    assert sorted(table_with(at, "weekly_meetings")["seller"]) == sorted(PUBLIC_ACTIVE)


@pytest.mark.parametrize("seller_id", ["S01", "S99"])
def test_director_cannot_open_another_teams_seller_by_url(demo_db, seller_id):
    at = open_as("juho@example.com", "pages/seller.py", seller=seller_id)
    no_access = [e.value for e in at.error if e.value.startswith("No access")]
    assert no_access == [
        f"No access: the seller {seller_id} in the link is not in the teams you manage (or not in the data)."
    ]
    assert not at.metric  # no scorecard tiles
    text = rendered_text(at)
    for name in ENTERPRISE:
        assert name not in text
    # the in-page picker offers only their own sellers
    (picker,) = [s for s in at.selectbox if s.key == "seller_page_picker"]
    assert sorted(picker.options) == sorted(SMB_ACTIVE)


def test_director_cannot_open_another_team_by_url(demo_db):
    at = open_as("juho@example.com", team="Enterprise")
    assert selectbox(at, "Team").value == ""
    assert any(
        "No access: the team “Enterprise” is not one you manage; showing All my teams." in w.value
        for w in at.sidebar.warning
    )
    assert sorted(table_with(at, "weekly_meetings")["seller"]) == sorted(SMB_ACTIVE)
    # the same answer for a team that does not exist: nothing to probe
    at = open_as("juho@example.com", team="Nope")
    assert any("No access: the team “Nope” is not one you manage" in w.value for w in at.sidebar.warning)


def test_every_query_of_every_page_is_bound_to_the_directors_team(demo_db, monkeypatch):
    """Filter in one place: whatever a page asks the database, a director's teams are in it."""
    with salescoach.connect(demo_db) as coach:
        listed = coach.query("seller_list")
    smb = set(listed.query("team == 'SMB'")["seller_id"])
    sari_sellers = set(listed.query("team in ['SMB', 'Public sector']")["seller_id"])
    calls: list[tuple[str, dict]] = []
    real = queries.fetch_df

    def recording(con, name, params=None, *form_and_relations):
        calls.append((name, dict(params or {})))
        return real(con, name, params, *form_and_relations)

    def bound(key: str) -> set:
        found = {
            tuple(params[key]) if isinstance(params[key], list) else params[key]
            for name, params in calls
            if key in queries.query_parameters(name)
        }
        calls.clear()
        return found

    monkeypatch.setattr("salescoach.store.fetch_df", recording)
    director = access.Viewer(name="x", role="director", teams=frozenset({"SMB"}))
    juho_sellers: set = set()
    for page in pages.visible_pages(director):
        ui.clear_cached_reads()  # the query results too: every query of the page runs again
        open_as("juho@example.com", page.file)
        open_as("juho@example.com", page.file, seller="S07")
        assert len(calls) > 2, page.file
        juho_sellers |= {p["seller_id"] for n, p in calls if "seller_id" in queries.query_parameters(n)}
        juho_teams = bound("teams")
        assert juho_teams == {("SMB",)}, page.file  # the scorecard too: bound, not filtered afterwards
    assert juho_sellers - {None} <= smb and "S07" in juho_sellers

    # Sari (SMB and Public sector): "All my teams" binds exactly her two teams, never None
    # (every team); the seller page's team medians use the seller's own team; a picked team, just it.
    for page in pages.visible_pages(director):
        ui.clear_cached_reads()  # the query results too: every query of the page runs again
        open_as("sari@example.com", page.file)
        teams_bound = bound("teams")
        assert teams_bound <= {("Public sector", "SMB")}, page.file
        if page.file != "pages/seller.py":
            assert teams_bound == {("Public sector", "SMB")}, page.file
        open_as("sari@example.com", page.file, seller="S07")
        assert bound("teams") <= {("Public sector", "SMB"), ("SMB",)}, page.file
        open_as("sari@example.com", page.file, seller="S11")
        sellers_bound = {p["seller_id"] for n, p in calls if "seller_id" in queries.query_parameters(n)}
        assert sellers_bound - {None} <= sari_sellers, page.file
        assert bound("teams") <= {("Public sector", "SMB"), ("Public sector",)}, page.file
        open_as("sari@example.com", page.file, team="SMB")
        assert bound("teams") <= {("SMB",)}, page.file


def test_private_notes_only_for_their_author(demo_db):
    # S07's six notes are all private, by Juho Kinnunen
    at = open_as("juho@example.com", "pages/seller.py", seller="S07")
    assert any(c.value.startswith("6 notes,") for c in at.caption)
    at = open_as("sari@example.com", "pages/seller.py", seller="S07")
    assert not any(c.value.startswith("6 notes,") for c in at.caption)
    assert any("No 1:1 notes for this seller yet" in i.value for i in at.info)
    # S06: one public note, five private ones
    at = open_as("sari@example.com", "pages/seller.py", seller="S06")
    assert any(c.value.startswith("1 notes,") for c in at.caption)


def test_notes_search_shows_only_readable_notes(demo_db):
    at = open_as("juho@example.com", "pages/coaching.py")
    assert len(table_with(at, "goal")) == 23  # every SMB note: Juho wrote them all
    at = open_as("sari@example.com", "pages/coaching.py", team="SMB")
    found = table_with(at, "goal")
    assert len(found) == 2 and not found["private"].any()  # S06's and S08's public notes
    assert any(c.value.startswith("2 notes in team SMB") for c in at.caption)
    (picker,) = [s for s in at.selectbox if s.key == "coaching_read_note"]
    assert len(picker.options) == 2


def test_author_picker_lists_only_authors_of_notes_the_director_may_read(demo_db):
    def authors(at: AppTest) -> list[str]:
        (picker,) = [s for s in at.selectbox if s.key == "coaching_author"]
        return picker.options

    # Sari, all her teams: Juho's public SMB notes, Katja's public Public-sector note; no Otto
    # Mattila (Enterprise), and 3 notes found (S06's, S08's and the Public-sector one).
    at = open_as("sari@example.com", "pages/coaching.py")
    assert authors(at) == ["Juho Kinnunen", "Katja Miettinen"]
    assert len(table_with(at, "goal")) == 3 and "Otto Mattila" not in rendered_text(at)
    at = open_as("sari@example.com", "pages/coaching.py", team="SMB", lang="fi")
    assert authors(at) == ["Juho Kinnunen"]
    # Juho (SMB): himself only; the admin: every author
    assert authors(open_as("juho@example.com", "pages/coaching.py")) == ["Juho Kinnunen"]
    assert authors(open_as("anna@example.com", "pages/coaching.py")) == [
        "Juho Kinnunen",
        "Katja Miettinen",
        "Otto Mattila",
    ]


def test_admin_sees_every_team_and_every_note(demo_db):
    at = open_as("anna@example.com")
    assert selectbox(at, "Team").options == ["All teams", "Enterprise", "Public sector", "SMB"]
    assert len(table_with(at, "weekly_meetings")) == 11  # every active seller
    at = open_as("anna@example.com", "pages/seller.py", seller="S07")
    assert any(c.value.startswith("6 notes,") for c in at.caption)
    at = open_as("anna@example.com", "pages/coaching.py")
    assert len(table_with(at, "goal")) == len(coaching.search_notes(ui.get_coach()))
    at.switch_page("pages/import_data.py").run()
    assert not at.exception and at.title[0].value == "Import data"


def test_new_note_is_written_by_the_viewer(demo_db):
    at = open_as("sari@example.com", "pages/seller.py", seller="S05")
    at.button(key="coaching.new.S05").click().run()
    k = "coaching.S05.new.0"
    author = at.text_input(key=f"{k}.author")
    assert author.value == "Sari Sijainen" and author.disabled
    at.text_area(key=f"{k}.goal").input("Two new customers in December")
    (save,) = [b for b in at.button if b.label == "Save note"]
    save.click().run()
    assert [s.value for s in at.success] == ["Note saved."]
    note = coaching.seller_notes(ui.get_coach(), "S05")[0]
    assert (note.author, note.goal, note.private) == ("Sari Sijainen", "Two new customers in December", True)
    # her private note is hers: Juho does not see it, she does
    at = open_as("juho@example.com", "pages/seller.py", seller="S05")
    assert "Two new customers in December" not in rendered_text(at)
    at = open_as("sari@example.com", "pages/seller.py", seller="S05")
    assert "Two new customers in December" in rendered_text(at)
    # nor her name in his Author picker (her only note is private); in hers it is
    for email, listed in (("juho@example.com", False), ("sari@example.com", True)):
        at = open_as(email, "pages/coaching.py")
        (picker,) = [s for s in at.selectbox if s.key == "coaching_author"]
        assert ("Sari Sijainen" in picker.options) is listed


def test_open_mode_says_so(demo_db, monkeypatch):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    # AppTest has no server address: Streamlit would listen on every interface
    assert any("Open to the network without login" in e.value for e in at.sidebar.error)
    monkeypatch.setattr(login, "server_address", lambda: "localhost")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.sidebar.error
    assert any(c.value.startswith(":material/lock_open: Open mode") for c in at.sidebar.caption)
    assert not [b for b in at.sidebar.button if b.label == "Log out"]


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("127.0.0.2", True),
        ("", False),
        (None, False),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.com", False),
    ],
)
def test_loopback_addresses(address, loopback):
    assert login.is_loopback(address) is loopback


class IdentityProvider:
    """A stand-in OpenID Connect provider on loopback: discovery, keys and the token endpoint.

    It signs an id_token for `email` with the `nonce` the app sent in its authorization
    request (the test copies it from the redirect, as the real provider would keep it).
    """

    def __init__(self) -> None:
        import http.server
        import threading

        from joserfc.jwk import RSAKey

        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.email = ""
        self.nonce = ""
        self.codes_exchanged = 0
        provider = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                if self.path == "/.well-known/openid-configuration":
                    self._json(provider.discovery())
                elif self.path == "/jwks":
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                else:
                    self.send_error(404)

            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path != "/token":
                    self.send_error(404)
                    return
                provider.codes_exchanged += 1
                self._json(
                    {
                        "access_token": "access",
                        "token_type": "Bearer",
                        "expires_in": 3600,
                        "id_token": provider.id_token(),
                    }
                )

            def _json(self, payload: dict) -> None:
                import json

                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def discovery(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def id_token(self) -> str:
        import time

        from joserfc import jwt

        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": self.email,
            "aud": "client",
            "iat": now,
            "exp": now + 600,
            "nonce": self.nonce,
            "email": self.email,
            "email_verified": True,
            "name": self.email,
        }
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)

    def __enter__(self) -> IdentityProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _http(url: str, cookies: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """GET `url` without following redirects: status, the cookies it sets, and Location."""
    import http.cookies
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        answer = urllib.request.build_opener(NoRedirect).open(request, timeout=20)
    except urllib.error.HTTPError as redirect:
        answer = redirect
    jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
    for header in answer.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return (
        answer.status if hasattr(answer, "status") else answer.code,
        {k: m.value for k, m in jar.items()},
        (answer.headers.get("Location") or ""),
    )


def test_real_server_login_round_trip_then_a_directors_view(demo_db, tmp_path):
    """`streamlit run` with an [auth] secrets file and an OpenID provider on loopback.

    Before login every path and deep link gets only the login screen. "Log in" sends the
    browser to the provider's authorization endpoint; the provider's callback is exchanged
    for a signed id_token; with the cookie that sets, the director Juho sees his team SMB,
    and another team's seller by URL is "No access".
    """
    import urllib.parse

    from streamlit.proto.WidgetStates_pb2 import WidgetState

    from tests.streamlit_server import free_port, running_app
    from tests.test_concurrency import Session

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    secrets = tmp_path / "secrets.toml"
    with IdentityProvider() as provider:
        auth = {
            **AUTH,
            "redirect_uri": f"{base}/oauth2callback",
            "server_metadata_url": f"{provider.url}/.well-known/openid-configuration",
        }
        secrets.write_text("[auth]\n" + "".join(f'{key} = "{value}"\n' for key, value in auth.items()))
        with running_app(
            demo_db,
            tmp_path / "streamlit.log",
            env={"SALESCOACH_ROLES": str(tmp_path / "roles.toml")},
            args=[f"--secrets.files={secrets}"],
            port=port,
        ):
            with Session(base) as session:
                for page, query in [
                    ("", ""),
                    ("seller", "seller=S07"),
                    ("import_data", ""),
                    ("coaching", "team=SMB"),
                ]:
                    drawn = session.run(page, query)
                    assert drawn["finished"] == "FINISHED_SUCCESSFULLY" and not drawn["exceptions"]
                    assert list(drawn["buttons"]) == ["Log in"] and not drawn["text_areas"]
                drawn = session.run("", "", [WidgetState(id=drawn["buttons"]["Log in"], trigger_value=True)])
                assert not drawn["alerts"] and not drawn["exceptions"], drawn

            # the browser follows st.login's redirect to /auth/login, which sends it to the provider
            status, cookies, location = _http(urllib.parse.urljoin(base + "/", drawn["redirect"]))
            assert status in (302, 303, 307), status
            target, _, query = location.partition("?")
            asked = {key: values[0] for key, values in urllib.parse.parse_qs(query).items()}
            assert target == f"{provider.url}/authorize"
            assert asked["client_id"] == "client" and asked["response_type"] == "code"
            assert asked["redirect_uri"] == f"{base}/oauth2callback"
            assert {"openid", "email"} <= set(asked["scope"].split())

            # the provider logs Juho in and sends the browser back with a code
            provider.email, provider.nonce = "juho@example.com", asked["nonce"]
            callback = f"{base}/oauth2callback?" + urllib.parse.urlencode(
                {"code": "one-time", "state": asked["state"]}
            )
            status, set_cookies, location = _http(callback, cookies)
            assert provider.codes_exchanged == 1
            assert status in (302, 303, 307) and "_streamlit_user" in set_cookies, (status, set_cookies)
            _, page_cookies, _ = _http(base + "/_stcore/health")  # the browser gets its XSRF cookie here
            logged_in = {**set_cookies, "_streamlit_xsrf": page_cookies["_streamlit_xsrf"]}

            with Session(base, cookies=logged_in) as session:
                drawn = session.run("", "")
                assert not drawn["exceptions"] and "Log in" not in drawn["buttons"], drawn
                assert "Log out" in drawn["buttons"]
                drawn = session.run("seller", "seller=S01")  # Enterprise: not Juho's team
                assert any(alert.startswith("No access") for alert in drawn["alerts"]), drawn["alerts"]
                drawn = session.run("seller", "seller=S05")  # SMB
                assert not any(alert.startswith("No access") for alert in drawn["alerts"]), drawn["alerts"]
                assert "New 1:1 note" in drawn["buttons"]
