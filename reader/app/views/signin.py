"""Sign-in for editors: Streamlit's own (``st.login`` / ``st.user`` / ``st.logout``, OpenID Connect
through Authlib), configured the Streamlit way in ``.streamlit/secrets.toml``'s ``[auth]`` section.

This module only gathers the facts (is ``[auth]`` there, who is signed in, where the server
listens); reader.editing.access decides who may edit. Readers never need to sign in.
"""

from __future__ import annotations

import streamlit as st

from reader.app.views import state
from reader.editing.access import Access, Editors, decide

__all__ = ["account", "auth_configured", "current_access"]


def _auth_section() -> dict:
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse: no sign-in
        return {}
    return dict(section) if section else {}


def auth_configured() -> bool:
    """True when secrets.toml has an ``[auth]`` section (then readers may sign in)."""
    return bool(_auth_section())


def _provider() -> str | None:
    """None for a provider configured in ``[auth]`` itself, else the first ``[auth.NAME]``."""
    section = _auth_section()
    if "client_id" in section or "server_metadata_url" in section:
        return None
    return next((name for name, value in section.items() if hasattr(value, "keys")), None)


def current_access() -> Access:
    """May this session edit? (Cheap: asked wherever an editing control would be drawn.)"""
    configured = auth_configured()
    signed_in = bool(configured and st.user.get("is_logged_in"))
    email = st.user.get("email") if signed_in else None
    verified = st.user.get("email_verified") if signed_in else None
    settings = state.settings()
    return decide(
        read_only=settings.read_only,
        auth_configured=configured,
        signed_in=signed_in,
        email=email if isinstance(email, str) else None,
        email_verified=verified if isinstance(verified, bool) else None,
        editors=Editors.parse(settings.editors),
        host=st.get_option("server.address"),
        allow_anonymous=settings.allow_anonymous_edits,
    )


def account(access: Access) -> None:
    """In the sidebar: Sign in / Sign out, and why editing is off when it is (except read-only
    mode)."""
    if state.settings().read_only:
        return
    with st.container(key="reader-account"):
        if auth_configured():
            if st.user.get("is_logged_in"):
                who = st.user.get("email") or st.user.get("name") or "signed in"
                st.caption(f"Signed in as {who}")
                st.button("Sign out", key="reader-sign-out", on_click=st.logout, type="tertiary")
            else:
                st.button(
                    "Sign in",
                    key="reader-sign-in",
                    on_click=st.login,
                    args=(_provider(),) if _provider() else (),
                    help="Editors sign in to change the annotations; reading needs no account.",
                )
        if not access.can_edit and access.reason:
            st.caption(access.reason)
