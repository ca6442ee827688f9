"""Who is looking: open mode on localhost, or OIDC login plus the roles file (`salescoach.access`).

app.py resolves the viewer once per run (`current_viewer`) and hands it to everything that
depends on it; a visitor who may not look sees only `access_screen`.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping

import streamlit as st

from salescoach import access
from salescoach.access import Viewer
from salescoach.i18n import t
from salescoach.ui.text import escape_markdown

_LOGIN_PROBLEM = "_salescoach_login_problem"


def login_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section: every visitor must log in."""
    return access.login_configured(st.secrets)


def current_user() -> Mapping[str, object]:
    """`st.user` as a dict (`is_logged_in`, `email`, `name`, ...). Tests may monkeypatch this."""
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001 - outside a script run there is no user
        return {}


_ROLES_CACHE: dict[tuple[str, int], dict[str, Viewer]] = {}


def _roles() -> dict[str, Viewer]:
    """The roles file, parsed again whenever it changes on disk (RolesFileError when wrong)."""
    path = access.roles_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return access.load_roles(path)  # raises the located "no roles file" error
    key = (str(path), stamp)
    if key not in _ROLES_CACHE:
        _ROLES_CACHE.clear()
        _ROLES_CACHE[key] = access.load_roles(path)
    return _ROLES_CACHE[key]


def current_viewer() -> Viewer | None:
    """The person looking: the local user in open mode, the roles file's entry when logged in.

    None when login is configured and the visitor is not logged in, not in the roles file,
    or the roles file is wrong: then nothing but `access_screen()` may be shown.
    """
    if not login_configured():
        return access.LOCAL_VIEWER
    user = current_user()
    if not user.get("is_logged_in"):
        return None
    try:
        roles = _roles()
    except access.RolesFileError:
        return None
    if user.get("email_verified") is False:  # the provider says the address is not proven
        return None
    email = user.get("email")
    return access.viewer_for(str(email) if email else None, roles)


def _login_provider() -> str | None:
    """The `[auth.NAME]` provider to log in with, or None for the plain `[auth]` settings."""
    auth = st.secrets.get("auth", {})
    if "client_id" in auth:
        return None
    named = [name for name, value in auth.items() if isinstance(value, Mapping)]
    return named[0] if named else None


def _log_in() -> None:
    try:
        st.login(_login_provider())
    except Exception as problem:  # noqa: BLE001 - e.g. Authlib not installed, incomplete [auth]
        st.session_state[_LOGIN_PROBLEM] = str(problem)


def access_screen() -> None:
    """All a visitor sees who may not see the dashboard: the login button, or why they are refused."""
    st.title(t("app.title"))
    user = current_user()
    if not user.get("is_logged_in"):
        _login_prompt()
        return
    email = str(user.get("email") or "")
    try:
        _roles()
    except access.RolesFileError as problem:
        st.error(t("access.roles_file_broken"), icon=":material/error:")
        st.code(str(problem), language=None)
    else:
        if user.get("email_verified") is False:
            st.error(t("access.unverified", email=escape_markdown(email)), icon=":material/block:")
            _log_out_button()
            return
        who = escape_markdown(email) if email else t("access.no_email")
        path = escape_markdown(access.roles_path())
        st.error(t("access.not_listed", who=who, path=path), icon=":material/block:")
    _log_out_button()


def _login_prompt() -> None:
    """The login button (and why the last attempt failed, if it did)."""
    st.write(t("access.login_intro"))
    st.button(
        t("access.log_in"), type="primary", icon=":material/login:", key="access_login", on_click=_log_in
    )
    problem = st.session_state.pop(_LOGIN_PROBLEM, None)
    if problem:
        st.error(t("access.login_failed", problem=escape_markdown(problem)), icon=":material/error:")


def _log_out_button() -> None:
    st.button(t("access.log_out"), key="access_logout", icon=":material/logout:", on_click=st.logout)


def is_loopback(address: str | None) -> bool:
    """True when a server bound to `address` is reachable from this computer only.

    Streamlit binds every interface when `server.address` is empty.
    """
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def server_address() -> str | None:
    """The address directors reach this server on (`--server.address`; empty: every
    interface): nginx's when `salescoach.front` runs it behind nginx (the app server itself
    then listens on 127.0.0.1 only, and the front says where nginx listens)."""
    public = os.environ.get("SALESCOACH_PUBLIC_ADDRESS")
    return public if public is not None else st.get_option("server.address")


def sidebar_access(current: Viewer) -> None:
    """Who is looking (`current`, this run's viewer), at the bottom of the sidebar: the logout
    button, or the open-mode notice."""
    sidebar = st.sidebar
    sidebar.divider()
    if current.role == "local":
        address = server_address()
        if is_loopback(address):
            sidebar.caption(":material/lock_open: " + t("access.open_mode"))
        else:
            where = escape_markdown(address) if address else t("access.every_interface")
            sidebar.error(t("access.open_to_network", address=where), icon=":material/warning:")
        return
    teams_text = t("access.all_teams") if current.sees_every_team else ", ".join(sorted(current.teams or ()))
    sidebar.caption(
        t(
            "access.logged_in_as",
            name=escape_markdown(current.name),
            role=t(f"access.role.{current.role}"),
            teams=escape_markdown(teams_text),
        )
    )
    sidebar.button(
        t("access.log_out"), key="access_sidebar_logout", icon=":material/logout:", on_click=st.logout
    )
