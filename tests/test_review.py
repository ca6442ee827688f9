"""The team review as data, as a PDF read back page by page (pypdf), and as the Monday digest
sent to a real local SMTP server (aiosmtpd) and parsed.

The tiny data set (tests/tiny_data.py) with, for the review as of 2026-02-15 (Q1 2026 to date):
a seller S4 "Dora Bravo" in team B, a deal D8 of S1 on 2026-02-10 (€1,200, Prospect Oy) and a
deal D9 of S4 on 2026-02-12 (€2,500); S2 is renamed with markup to show names print literally.
S3 has left: the review shows active sellers only. Hand computation:
- sellers of the review, by team and name: S1 Aino Virtanen (A), S2 (A), S4 Dora Bravo (B);
  pages = team + 3 sellers + team actions = 5; for team A alone 1 + 2 + 1 = 4;
- the week is 2026-02-08 .. 2026-02-15 (wins from 2026-02-09): S1 won D8 €1,200 (Prospect Oy),
  D1 of 2026-02-01 is outside the week; S4 won D9 €2,500;
- S1's sales of Q1 2026 to date: D3 €300 (1 Jan) + D1 €5,000 (1 Feb) + D8 €1,200 = €6,500.
"""

import datetime as dt
import email
import email.policy
import io

import pandas as pd
import pypdf
import pytest
from aiosmtpd.controller import Controller

import salescoach
from salescoach import cli, coaching, digest, review, review_pdf
from tests.streamlit_server import free_port
from tests.tiny_data import tiny_tables

AS_OF = dt.date(2026, 2, 15)
ODD_NAME = "Bertta <i>Korhonen</i> & **Co**"
SECRET = "Private-plan-ZQX only the author reads this"
PRIVATE_ACTION = "Private-action-ZQX call the lawyer"
SHARED_GOAL = "Shared-goal-ZQX the text of a shared note"
SHARED_ACTION = "Book four prospect meetings <b>now</b> & **today**"
MANAGER_ACTION = "Join two customer meetings of Aino"


def _tables() -> dict[str, pd.DataFrame]:
    tables = tiny_tables()
    sellers = tables["sellers"]
    sellers.loc[sellers["seller_id"] == "S2", "name"] = ODD_NAME
    tables["sellers"] = pd.concat(
        [
            sellers,
            pd.DataFrame(
                [{"seller_id": "S4", "name": "Dora Bravo", "team": "B", "manager": "", "active": "true"}]
            ),
        ]
    )
    extra = [("D8", "S1", "C2", "", "2026-02-10", "1200"), ("D9", "S4", "C1", "", "2026-02-12", "2500")]
    tables["deals"] = pd.concat([tables["deals"], pd.DataFrame(extra, columns=tables["deals"].columns)])
    return tables


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "review.duckdb"
    with salescoach.connect(path) as coach:
        coach.load_frames(_tables())
        coaching.save_note(
            coach, "S1", "2026-02-10", "Maija", goal=SECRET, private=True,
            actions=[{"owner": "seller", "description": PRIVATE_ACTION, "due_date": "2026-02-20"}],
        )  # fmt: skip
        coaching.save_note(
            coach, "S1", "2026-02-01", "Maija", will=SHARED_GOAL, private=False,
            actions=[
                {"owner": "seller", "description": SHARED_ACTION, "due_date": "2026-02-20"},
                {"owner": "manager", "description": MANAGER_ACTION, "due_date": "2026-02-10"},
                {"owner": "seller", "description": "Done already", "due_date": "2026-02-05"},
            ],
        )  # fmt: skip
        note = [n for n in coaching.seller_notes(coach, "S1") if not n.private][0]
        done = [a for a in note.actions if a.description == "Done already"][0]
        coaching.set_action_done(coach, done.action_id, "2026-02-06")
    return path


def test_the_agenda_holds_the_team_each_active_seller_and_the_team_actions(db):
    with salescoach.connect(db, read_only=True) as coach:
        agenda = review.build_review(coach, AS_OF, None, "en")
    assert agenda.steps == ["team", "S1", "S2", "S4", "actions"]
    s1 = agenda.screen("S1")
    assert s1.figures["sales"] == 6500  # 300 + 5000 + 1200
    assert s1.wins[["deal_id", "customer", "value"]].values.tolist() == [["D8", "Prospect Oy", 1200.0]]
    assert s1.actions["description"].tolist() == [MANAGER_ACTION, SHARED_ACTION]  # due 10 Feb, then 20 Feb
    assert s1.actions["overdue"].tolist() == [True, False]  # due 10 Feb, open on 15 Feb
    assert agenda.screen("S4").wins["value"].tolist() == [2500.0]
    assert agenda.team_actions["description"].tolist() == [MANAGER_ACTION]
    texts = " ".join(str(v) for v in agenda.team_actions.to_numpy().ravel())
    assert SECRET not in texts and SHARED_GOAL not in texts


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_pdf_has_a_page_per_step_in_a4_landscape_and_no_note_text(db, tmp_path):
    out = tmp_path / "review.pdf"
    code = cli.main(
        ["review-pdf", "--as-of", "2026-02-15", "--lang", "en", "--out", str(out), "--db", str(db)]
    )
    assert code == 0
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 5  # team + S1, S2, S4 + the team's actions
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape in points
    pages = _pages(out.read_bytes())
    assert "Team review" in pages[0] and "Aino Virtanen" in pages[0] and "Dora Bravo" in pages[0]
    assert "Aino Virtanen · A" in pages[1] and "€6,500" in pages[1]
    assert "Prospect Oy" in pages[1] and "€1,200" in pages[1]
    assert SHARED_ACTION in pages[1] and "(overdue)" in pages[1]  # the markup prints as typed
    assert ODD_NAME in pages[2]  # the name drawn literally, never as markup
    assert "Dora Bravo · B" in pages[3] and "€2,500" in pages[3]
    assert "The team's agreed actions" in pages[4] and MANAGER_ACTION in pages[4]
    everything = "".join(pages)
    for private in (SECRET, PRIVATE_ACTION, SHARED_GOAL, "Done already"):
        assert private not in everything


def test_the_pdf_reads_in_finnish_for_one_team(db):
    with salescoach.connect(db, read_only=True) as coach:
        agenda = review.build_review(coach, AS_OF, ["A"], "fi")
    pages = _pages(review_pdf.review_pdf(agenda))
    assert len(pages) == 4 and "Dora Bravo" not in "".join(pages)
    assert "6\u00a0500\u00a0€" in pages[1].replace(" ", "\u00a0") and "Myynti" in pages[1]


class _Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch, tmp_path):
    """A real SMTP server on a free local port, and the settings and roles file pointing at it."""
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    roles = tmp_path / "roles.toml"
    roles.write_text(
        '[users."maija@example.com"]\nrole = "director"\nteams = ["A"]\nname = "Maija Manager"\n',
        encoding="utf-8",
    )
    for name, value in {
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "STARTTLS": "false",
        "FROM": "review@example.com",
    }.items():
        monkeypatch.setenv(f"SALESCOACH_SMTP_{name}", value)
    monkeypatch.setenv("SALESCOACH_ROLES", str(roles))
    yield inbox
    controller.stop()


def test_the_digest_reaches_a_director_with_only_their_teams(db, smtp, capsys):
    code = cli.main(
        ["digest", "--as-of", "2026-02-15", "--to", "maija@example.com", "--lang", "en", "--db", str(db)]
    )
    assert code == 0, capsys.readouterr().err
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["maija@example.com"] and envelope.mail_from == "review@example.com"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Team review 15 Feb 2026: A"
    assert message["To"] == "maija@example.com"
    plain = message.get_body(("plain",)).get_content()
    html_part = message.get_body(("html",)).get_content()
    assert "Hello Maija Manager," in plain and "Who needs attention now" in plain
    assert "What moved in the pipeline, 8 Feb – 15 Feb 2026" in plain
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "team-review-2026-02-15.pdf"
    pages = _pages(attachment.get_content())
    assert len(pages) == 4  # team A: the team, S1, S2, the team's actions
    for part in (plain, html_part, "".join(pages)):
        assert "Dora Bravo" not in part and SECRET not in part and SHARED_GOAL not in part
    assert "<i>Korhonen" not in html_part  # a name is text in the HTML too


def test_a_digest_to_an_address_without_a_role_is_refused_and_nothing_is_sent(db, smtp, capsys):
    code = cli.main(["digest", "--as-of", "2026-02-15", "--to", "someone@example.com", "--db", str(db)])
    assert code == 2
    assert "someone@example.com has no role in" in capsys.readouterr().err
    assert smtp.envelopes == []


def test_smtp_settings_come_from_the_environment_else_the_secrets_file(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[smtp]\nhost = "mail.example.com"\nuser = "bot@example.com"\npassword = "pw"\n', encoding="utf-8"
    )
    settings = digest.smtp_settings({}, secrets)
    assert (settings.host, settings.port, settings.starttls, settings.user, settings.sender) == (
        "mail.example.com", 587, True, "bot@example.com", "bot@example.com",
    )  # fmt: skip
    settings = digest.smtp_settings(
        {"SALESCOACH_SMTP_PORT": "2525", "SALESCOACH_SMTP_STARTTLS": "no"}, secrets
    )
    assert (settings.port, settings.starttls) == (2525, False)
    with pytest.raises(digest.DigestError, match="no SMTP server"):
        digest.smtp_settings({}, tmp_path / "missing.toml")


def test_the_digest_logs_in_with_the_configured_user_and_a_wrong_password_is_one_line(
    db, monkeypatch, tmp_path, capsys
):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"right"
        logins.append((auth_data.login, ok))
        return AuthResult(success=ok, handled=False)  # not handled: the server answers 535 itself

    inbox, port = _Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        roles = tmp_path / "roles.toml"
        roles.write_text(
            '[users."anna@example.com"]\nrole = "admin"\nname = "Anna Admin"\n', encoding="utf-8"
        )
        monkeypatch.setenv("SALESCOACH_ROLES", str(roles))
        secrets = {"HOST": "127.0.0.1", "PORT": str(port), "STARTTLS": "false", "USER": "bot@example.com"}
        for name, value in {**secrets, "PASSWORD": "right"}.items():
            monkeypatch.setenv(f"SALESCOACH_SMTP_{name}", value)
        args = ["digest", "--as-of", "2026-02-15", "--to", "anna@example.com", "--db", str(db)]
        assert cli.main(args) == 0
        [envelope] = inbox.envelopes
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert message["From"] == "bot@example.com" and message["Subject"] == "Team review 15 Feb 2026: A, B"
        pages = _pages(next(message.iter_attachments()).get_content())
        assert len(pages) == 5 and "Dora Bravo" in "".join(pages)  # an admin gets every team
        monkeypatch.setenv("SALESCOACH_SMTP_PASSWORD", "wrong")
        assert cli.main(args) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f"error: the digest was not sent through 127.0.0.1:{port}")
        assert logins[0] == (b"bot@example.com", True)  # then refused (smtplib tries PLAIN, then LOGIN)
        assert logins[1:] and all(user == b"bot@example.com" and not ok for user, ok in logins[1:])
        assert len(inbox.envelopes) == 1
    finally:
        controller.stop()
