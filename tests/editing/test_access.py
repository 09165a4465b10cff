"""Who may edit: READER_EDITORS entries, loopback addresses, and the decision with its reasons."""

from __future__ import annotations

import pytest

from reader.editing.access import ANONYMOUS, Editors, decide, is_loopback


def test_editors_parse_emails_and_domains() -> None:
    editors = Editors.parse(" Ana@Example.org, @newsroom.test ,, bob@x.io; not-an-entry, @ ")
    assert editors.emails == {"ana@example.org", "bob@x.io"}
    assert editors.domains == {"newsroom.test"}
    assert editors.allows("ANA@example.org")
    assert editors.allows("someone@newsroom.test")
    assert not editors.allows("someone@sub.newsroom.test")  # a domain is exact, not its subdomains
    assert not editors.allows("someone@evilnewsroom.test")
    assert not editors.allows("ana@example.org@evil.test")
    assert not editors.allows(None)
    assert not editors.allows("")
    assert not Editors.parse("")
    assert not Editors.parse(None)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"]
)
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "", None, "::", "10.0.0.5", "reader.example.org", "192.168.1.2"]
)
def test_other_addresses_are_not_loopback(host: str | None) -> None:
    assert not is_loopback(host)


def _decide(**overrides):
    facts = {
        "read_only": False,
        "auth_configured": False,
        "signed_in": False,
        "email": None,
        "email_verified": None,
        "editors": Editors.parse("ana@example.org"),
        "host": "127.0.0.1",
        "allow_anonymous": False,
    }
    return decide(**{**facts, **overrides})


def test_without_sign_in_loopback_edits_anonymously() -> None:
    access = _decide()
    assert (
        access.can_edit
        and access.editor == ANONYMOUS
        and access.reason == ""
        and not access.offer_sign_in
    )


def test_without_sign_in_a_public_address_is_read_only_and_says_why() -> None:
    access = _decide(host="0.0.0.0")
    assert not access.can_edit
    assert (
        "0.0.0.0" in access.reason
        and "READER_ALLOW_ANONYMOUS_EDITS=1" in access.reason
        and "[auth]" in access.reason
    )


def test_anonymous_edits_can_be_allowed_explicitly() -> None:
    assert _decide(host="0.0.0.0", allow_anonymous=True).can_edit


def test_read_only_wins_over_everything() -> None:
    access = _decide(
        read_only=True,
        auth_configured=True,
        signed_in=True,
        email="ana@example.org",
        allow_anonymous=True,
    )
    assert not access.can_edit and "READER_READ_ONLY" in access.reason


def test_with_sign_in_anonymous_readers_are_offered_sign_in() -> None:
    access = _decide(
        auth_configured=True, allow_anonymous=True
    )  # anonymous edits never apply with sign-in
    assert not access.can_edit and access.offer_sign_in and "Sign in" in access.reason


def test_with_sign_in_a_listed_editor_edits_as_themselves() -> None:
    access = _decide(auth_configured=True, signed_in=True, email="Ana@example.org", host="0.0.0.0")
    assert access.can_edit and access.editor == "Ana@example.org"


def test_with_sign_in_an_unlisted_user_reads_only() -> None:
    access = _decide(auth_configured=True, signed_in=True, email="eve@example.org")
    assert not access.can_edit and not access.offer_sign_in
    assert "eve@example.org" in access.reason and "READER_EDITORS" in access.reason


def test_with_sign_in_and_no_editors_listed_nobody_edits() -> None:
    access = _decide(
        auth_configured=True, signed_in=True, email="ana@example.org", editors=Editors.parse("")
    )
    assert not access.can_edit and "READER_EDITORS is empty" in access.reason


def test_an_unverified_address_does_not_edit() -> None:
    access = _decide(
        auth_configured=True, signed_in=True, email="ana@example.org", email_verified=False
    )
    assert not access.can_edit and "not verified" in access.reason
