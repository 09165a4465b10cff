"""Who may edit: the one decision behind the Edit view, the selection actions and the app's saves.

Pure: the app gathers the facts (is sign-in configured, who is signed in, which address the
server listens on) and this module decides.

- ``READER_READ_ONLY`` set: nobody edits.
- Sign-in configured (an ``[auth]`` section in ``.streamlit/secrets.toml``): readers stay
  anonymous; only a signed-in user whose e-mail ``READER_EDITORS`` lists may edit.
- No sign-in: editing is for one person on their own machine, so it is allowed only when the
  server listens on a loopback address, or when ``READER_ALLOW_ANONYMOUS_EDITS=1`` says that
  anyone who reaches the server may edit.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

__all__ = ["ANONYMOUS", "Access", "Editors", "decide", "is_loopback"]

ANONYMOUS = "anonymous"  # who saved, in the history log, when nobody signed in


@dataclass(frozen=True)
class Editors:
    """``READER_EDITORS``: comma-separated e-mail addresses and ``@domain`` entries."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str | None) -> Editors:
        emails, domains = set(), set()
        for entry in (text or "").replace(";", ",").split(","):
            entry = entry.strip().lower()
            if entry.startswith("@") and len(entry) > 1:
                domains.add(entry[1:])
            elif "@" in entry.strip("@"):
                emails.add(entry)
        return cls(frozenset(emails), frozenset(domains))

    def __bool__(self) -> bool:
        return bool(self.emails or self.domains)

    def allows(self, email: str | None) -> bool:
        """True for a listed address, or one at a listed domain (exactly: not its subdomains)."""
        if not email or email.count("@") != 1:
            return False
        email = email.strip().lower()
        return email in self.emails or email.rpartition("@")[2] in self.domains


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and "localhost"; an empty address means every interface."""
    host = (host or "").strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Access:
    can_edit: bool
    reason: str  # why not (empty when editing is allowed): shown to the user as it is
    offer_sign_in: bool  # sign-in is configured and nobody is signed in
    editor: str | None  # who saves, for the history log (an e-mail, or ANONYMOUS)


def decide(
    *,
    read_only: bool,
    auth_configured: bool,
    signed_in: bool,
    email: str | None,
    email_verified: bool | None,
    editors: Editors,
    host: str | None,
    allow_anonymous: bool,
) -> Access:
    """Whether this user may edit, and if not, a sentence saying why."""
    if read_only:
        return Access(False, "This reader is read-only (READER_READ_ONLY is set).", False, None)
    if auth_configured:
        if not signed_in:
            return Access(
                False,
                "Sign in to edit: only listed editors may change the annotations.",
                True,
                None,
            )
        who = email or "this account"
        if email_verified is False:
            return Access(
                False,
                f"Signed in as {who}, whose e-mail address the sign-in provider has not verified; "
                "editing needs a verified address.",
                False,
                None,
            )
        if not editors:
            return Access(
                False,
                f"Signed in as {who}, but no editors are listed (READER_EDITORS is empty), "
                "so nobody may edit.",
                False,
                None,
            )
        if not editors.allows(email):
            return Access(
                False,
                f"Signed in as {who}, which is not one of the editors (READER_EDITORS); "
                "you can read but not edit.",
                False,
                None,
            )
        return Access(True, "", False, email)
    if allow_anonymous or is_loopback(host):
        return Access(True, "", False, ANONYMOUS)
    return Access(
        False,
        f"Editing is off: the reader listens on {host or 'every address'}, not only on "
        "this machine, "
        "and sign-in is not configured. Configure sign-in ([auth] in .streamlit/secrets.toml and "
        "READER_EDITORS), or set READER_ALLOW_ANONYMOUS_EDITS=1 to let anyone who reaches it edit.",
        False,
        None,
    )
