"""Sign-in with AppTest: who sees the Edit view and the selection actions, and who saved what.

AppTest stands in for the browser: ``at.secrets`` holds the ``[auth]`` section and ``at.user``
the signed-in identity (the browser tests sign in for real against oidc-provider-mock).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from reader.editing.store import save_log
from reader.sources.documents import Root
from tests.app.test_app import article_html
from tests.app.test_editor_app import CodeEditor
from tests.conftest import APP, BEES_IN_WINTER, make_root

ORIGINAL = "claims:\n  - id: twenty-kilos\n    quote: about 20 kilos of honey\n"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-secret-of-some-length",
    "client_id": "reader",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Root:
    path = make_root(tmp_path, {"bees": BEES_IN_WINTER}, {"bees": ORIGINAL})
    monkeypatch.setenv("READER_ROOT", str(path))
    monkeypatch.setenv("READER_EDITORS", "ana@example.org, @newsroom.test")
    monkeypatch.delenv("READER_ALLOW_ANONYMOUS_EDITS", raising=False)
    monkeypatch.delenv("READER_READ_ONLY", raising=False)
    return Root(path)


@pytest.fixture
def listening_on():
    before = config.get_option("server.address")

    def set_address(host: str) -> None:
        config.set_option("server.address", host)

    yield set_address
    config.set_option("server.address", before)


def run(*, auth: bool, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if auth:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    return at.run()


def sidebar_text(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def has_edit_switch(at: AppTest) -> bool:
    return any(getattr(w, "key", None) == "reader.view" for w in at.sidebar.button_group)


def test_with_sign_in_an_anonymous_reader_reads_and_is_offered_sign_in(root, listening_on):
    listening_on("0.0.0.0")
    at = run(auth=True, user={"is_logged_in": False})
    assert not at.exception
    assert at.button(key="reader-sign-in").label == "Sign in"
    assert not has_edit_switch(at)
    assert "Sign in to edit" in sidebar_text(at)
    assert "cluster to keep warm" in article_html(at)  # the article shows


def test_a_listed_editor_edits_and_the_save_records_who(root, listening_on):
    listening_on("0.0.0.0")
    at = run(
        auth=True, user={"is_logged_in": True, "email": "ana@example.org", "email_verified": True}
    )
    assert not at.exception
    assert "Signed in as ana@example.org" in sidebar_text(at)
    assert at.button(key="reader-sign-out").label == "Sign out"
    assert has_edit_switch(at)
    at.button_group(key="reader.view").set_value("Edit").run()
    edited = ORIGINAL + "# checked against the survey\n"
    CodeEditor(at).set_value(edited).run()
    at.button(key="editor-save").click().run()
    assert root.annotations_path("bees").read_text(encoding="utf-8") == edited
    [record] = save_log(root, "bees")
    assert record.editor == "ana@example.org"
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")  # Markdown escapes removed
    assert (
        "ana@example.org" in shown and record.digest[:12] in shown
    )  # the Edit view lists the save


def test_someone_at_a_listed_domain_edits(root, listening_on):
    listening_on("0.0.0.0")
    at = run(auth=True, user={"is_logged_in": True, "email": "bo@newsroom.test"})
    assert has_edit_switch(at)


def test_a_signed_in_user_who_is_not_listed_reads_and_is_told_why(root, listening_on):
    listening_on("127.0.0.1")  # even on loopback: with sign-in configured, only editors edit
    at = run(auth=True, user={"is_logged_in": True, "email": "eve@example.org"})
    assert not at.exception
    assert not has_edit_switch(at)
    assert "eve@example.org, which is not one of the editors" in sidebar_text(at)


def test_without_sign_in_loopback_edits_as_today(root, listening_on):
    listening_on("127.0.0.1")
    at = run(auth=False)
    assert has_edit_switch(at)
    assert not [b for b in at.button if getattr(b, "key", None) == "reader-sign-in"]


def test_without_sign_in_a_public_address_starts_read_only(root, listening_on):
    listening_on("0.0.0.0")
    at = run(auth=False)
    assert not has_edit_switch(at)
    assert "READER_ALLOW_ANONYMOUS_EDITS=1" in sidebar_text(at)


def test_anonymous_edits_on_a_public_address_when_allowed(root, listening_on, monkeypatch):
    listening_on("0.0.0.0")
    monkeypatch.setenv("READER_ALLOW_ANONYMOUS_EDITS", "1")
    at = run(auth=False)
    assert has_edit_switch(at)
    at.button_group(key="reader.view").set_value("Edit").run()
    CodeEditor(at).set_value(ORIGINAL + "# anon\n").run()
    at.button(key="editor-save").click().run()
    assert [r.editor for r in save_log(root, "bees")] == ["anonymous"]
