"""Who may see what: optional OIDC login (`st.login`) plus a roles file.

Without login configured the app runs open, for one director on their own machine
(served on localhost only, and it says so on screen). With `[auth]` in
`.streamlit/secrets.toml`, every visitor logs in and must be listed in the roles file
(`SALESCOACH_ROLES`, default `.streamlit/roles.toml`):

    [users."maija.manager@example.com"]
    role = "director"           # sees the teams listed here
    teams = ["SMB", "Public sector"]
    name = "Maija Manager"      # the author name on the notes they write

    [users."anna.admin@example.com"]
    role = "admin"              # sees every team and every private note

A private coaching note is shown only to its author and to admins (`visible_notes`). Notes and
post-mortems record who wrote and who last edited them by the login (`Viewer.identity`: the
provider's e-mail, or `local:<user>` in open mode); only the author or an admin may edit them
(`Viewer.may_edit`).
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from salescoach.db import PROJECT_ROOT

ROLES_ENV_VAR = "SALESCOACH_ROLES"
DEFAULT_ROLES_FILE = PROJECT_ROOT / ".streamlit" / "roles.toml"
ROLES = ("admin", "director")


class RolesFileError(ValueError):
    """The roles file is missing or wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class Viewer:
    """The person looking at the dashboard."""

    name: str
    role: str  # admin | director | local (open mode, no login configured)
    email: str | None = None
    teams: frozenset[str] | None = None  # None: every team

    @property
    def sees_every_team(self) -> bool:
        return self.teams is None

    def can_see_team(self, team: str | None) -> bool:
        return self.teams is None or (team is not None and team in self.teams)

    def visible_teams(self, teams: Iterable[str]) -> list[str]:
        return [team for team in teams if self.can_see_team(team)]

    def can_see_note(self, author: str | None, private: bool, author_id: str | None = None) -> bool:
        """Private notes: only their author and admins (and the local user in open mode)."""
        if not private:
            return True
        return self.is_author(author, author_id)

    def is_author(self, author: str | None, author_id: str | None = None) -> bool:
        """True when this viewer wrote it (or is an admin, or the local user in open mode): by the
        login that wrote it, or, for a row without one (imported, or from an earlier version), by
        the author's name or e-mail."""
        if self.role in ("admin", "local"):
            return True
        if author_id:
            return self.email is not None and author_id.strip().casefold() == self.email.strip().casefold()
        return author is not None and author.strip().casefold() in self._identities()

    def may_edit(self, author: str | None, author_id: str | None = None) -> bool:
        """Only the author or an admin may edit a note or a post-mortem, or change its privacy."""
        return self.is_author(author, author_id)

    def _identities(self) -> set[str]:
        return {value.strip().casefold() for value in (self.name, self.email) if value}

    @property
    def identity(self) -> str:
        """Who writes, as stored beside a note: the login's e-mail, or `local:<user>` in open mode."""
        if self.email:
            return self.email.strip().lower()
        return f"local:{local_user()}"

    @property
    def author_name(self) -> str | None:
        """The name stored as the author of the notes this viewer writes: theirs when logged in;
        None in open mode (the form then asks who wrote the note)."""
        return None if self.role == "local" else self.name


def visible_notes(viewer: Viewer, notes):
    """The notes `viewer` may read: a list of `Note`s, or a frame with `author` and `private`
    (and `author_id`, the login that wrote it, when it has one)."""
    if isinstance(notes, pd.DataFrame):
        if notes.empty:
            return notes
        ids = notes["author_id"] if "author_id" in notes.columns else [None] * len(notes)
        keep = [
            viewer.can_see_note(_text_or_none(author), bool(private), _text_or_none(author_id))
            for author, private, author_id in zip(notes["author"], notes["private"], ids, strict=True)
        ]
        return notes[keep].reset_index(drop=True)
    return [note for note in notes if viewer.can_see_note(note.author, note.private, note.author_id)]


def _text_or_none(value) -> str | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def local_user() -> str:
    """The user this process runs as (open mode's identity)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment or the password database
        return "local"


LOCAL_VIEWER = Viewer(name="Local user", role="local")


def roles_path() -> Path:
    configured = os.environ.get(ROLES_ENV_VAR, "").strip()
    return Path(configured) if configured else DEFAULT_ROLES_FILE


def load_roles(path: str | Path) -> dict[str, Viewer]:
    """Parse the roles file into viewers keyed by lower-case e-mail."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RolesFileError(
            f"{path}: no roles file; login is configured, so who may see what must be listed there"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise RolesFileError(f"{path}: not valid TOML ({error})") from None
    users = data.get("users")
    if not isinstance(users, Mapping) or not users:
        raise RolesFileError(f'{path}: no [users."e-mail"] entries')
    viewers: dict[str, Viewer] = {}
    problems = []
    for email, entry in users.items():
        where = f'{path}, [users."{email}"]'
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: must be a table with role, teams and name")
            continue
        role = str(entry.get("role", "")).strip().lower()
        if role not in ROLES:
            problems.append(f"{where}, role: {entry.get('role')!r} is not one of {', '.join(ROLES)}")
            continue
        teams = entry.get("teams")
        if role == "director":
            if (
                not isinstance(teams, list)
                or not teams
                or not all(isinstance(t, str) and t.strip() for t in teams)
            ):
                problems.append(f"{where}, teams: a director needs a list of team names")
                continue
            team_set: frozenset[str] | None = frozenset(t.strip() for t in teams)
        else:
            team_set = None
        name = str(entry.get("name") or email).strip()
        viewers[email.strip().lower()] = Viewer(name=name, role=role, email=email.strip(), teams=team_set)
    if problems:
        raise RolesFileError("\n".join(problems))
    return viewers


def login_configured(secrets: Mapping) -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section for `st.login`."""
    try:
        return "auth" in secrets
    except Exception:  # no secrets file at all: Streamlit raises on access
        return False


def viewer_for(email: str | None, roles: Mapping[str, Viewer]) -> Viewer | None:
    """The logged-in person's viewer, or None when they are not in the roles file."""
    if not email:
        return None
    return roles.get(email.strip().lower())
