"""Who may see which team and which private note."""

import pytest

from salescoach.access import LOCAL_VIEWER, RolesFileError, Viewer, load_roles, login_configured, viewer_for

ROLES = """
[users."Maija.Manager@example.com"]
role = "director"
teams = ["SMB", "Public sector"]
name = "Maija Manager"

[users."anna@example.com"]
role = "admin"
"""


@pytest.fixture
def roles(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    return load_roles(path)


def test_director_sees_only_their_teams(roles):
    maija = viewer_for("maija.manager@EXAMPLE.com", roles)
    assert maija.role == "director" and maija.name == "Maija Manager"
    assert maija.can_see_team("SMB") and maija.can_see_team("Public sector")
    assert not maija.can_see_team("Enterprise")
    assert not maija.can_see_team(None)
    assert maija.visible_teams(["Enterprise", "SMB", "Public sector"]) == ["SMB", "Public sector"]


def test_admin_and_local_user_see_everything(roles):
    anna = viewer_for("anna@example.com", roles)
    assert anna.sees_every_team and anna.can_see_team("Enterprise")
    assert anna.can_see_note("Someone Else", private=True)
    assert LOCAL_VIEWER.can_see_team("Enterprise") and LOCAL_VIEWER.can_see_note("x", private=True)


def test_private_notes_only_for_their_author(roles):
    maija = viewer_for("maija.manager@example.com", roles)
    assert maija.can_see_note("Maija Manager", private=True)
    assert maija.can_see_note("maija.manager@example.com ", private=True)
    assert not maija.can_see_note("Otto Mattila", private=True)
    assert maija.can_see_note("Otto Mattila", private=False)
    assert not maija.can_see_note(None, private=True)


def test_unknown_person_has_no_viewer(roles):
    assert viewer_for("stranger@example.com", roles) is None
    assert viewer_for(None, roles) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not toml [", "not valid TOML"),
        ("[other]\nx = 1\n", "no [users"),
        ('[users."a@x"]\nrole = "boss"\n', "users.\"a@x\"], role: 'boss' is not one of admin, director"),
        ('[users."a@x"]\nrole = "director"\n', 'users."a@x"], teams: a director needs a list'),
        ('[users."a@x"]\nrole = "director"\nteams = [""]\n', "teams: a director needs a list"),
    ],
)
def test_bad_roles_file_is_located(tmp_path, text, message):
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RolesFileError, match="roles.toml") as error:
        load_roles(path)
    assert message in str(error.value)


def test_missing_roles_file(tmp_path):
    with pytest.raises(RolesFileError, match="no roles file"):
        load_roles(tmp_path / "none.toml")


def test_login_configured_reads_the_auth_section():
    assert login_configured({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback"}})
    assert not login_configured({})

    class NoSecrets(dict):
        def __contains__(self, key):
            raise FileNotFoundError("no secrets.toml")

    assert not login_configured(NoSecrets())
    assert Viewer(name="x", role="director", teams=frozenset({"A"})).visible_teams(["A", "B"]) == ["A"]
