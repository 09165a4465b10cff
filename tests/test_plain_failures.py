"""Plain, honest failures on the command line: exports that would drop the text or the curated
layers refuse (exit 1, nothing written) unless --force; caps and hidden characters are reported
by `check` at their path:line:col."""

from __future__ import annotations

import json
from pathlib import Path

from reader.sources.annotations import MAX_ENTRIES, MAX_FIGURE_ROWS
from tests.conftest import make_root
from tests.test_cli import OTHER_ANNOTATIONS, OTHER_ARTICLE, run


def test_export_refuses_when_the_article_has_an_invalid_byte(tmp_path: Path):
    root = make_root(tmp_path, {"bees": "x"}, {"bees": OTHER_ANNOTATIONS})
    (root / "article" / "bees.md").write_bytes(
        OTHER_ARTICLE.encode().replace(b"about", b"ab\xffout", 1)
    )
    out = tmp_path / "out.json"
    result = run("export", "bees", "--format", "json", "-o", str(out), "--root", str(root))
    assert result.returncode == 1
    assert "/article/bees.md:4:37: error: not valid UTF-8 (byte 0xff)" in result.stderr
    assert "not exported" in result.stderr and "--force" in result.stderr
    assert not out.exists() and result.stdout == ""

    forced = run(
        "export", "bees", "--format", "json", "-o", str(out), "--root", str(root), "--force"
    )
    assert forced.returncode == 0, forced.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (
        "ab\ufffdout two million" in data["text"]
    )  # the whole article, with U+FFFD where the byte was


def test_export_refuses_when_the_annotation_file_is_refused(tmp_path: Path):
    root = make_root(
        tmp_path, {"bees": OTHER_ARTICLE}, {"bees": "claims:\n  - id: x\n   quote: [unclosed\n"}
    )
    for format_ in ("json", "html", "w3c"):
        result = run("export", "bees", "--format", format_, "--root", str(root))
        assert result.returncode == 1, format_
        assert "annotations/bees.yaml:" in result.stderr and "could not be read" in result.stderr
        assert result.stdout == ""
    forced = run("export", "bees", "--format", "json", "--root", str(root), "--force")
    assert forced.returncode == 0
    assert [a for a in json.loads(forced.stdout)["annotations"] if a["layer"] != "entities"] == []


def test_export_goes_on_when_only_some_entries_are_wrong(tmp_path: Path):
    broken = OTHER_ANNOTATIONS.replace("status: approximate", "status: approximately")
    root = make_root(tmp_path, {"bees": OTHER_ARTICLE}, {"bees": broken})
    result = run("export", "bees", "--format", "json", "--root", str(root))
    assert result.returncode == 0 and "status 'approximately'" in result.stderr
    assert json.loads(result.stdout)["notes"]  # what could be read is exported


def test_check_reports_the_caps_at_their_place(tmp_path: Path):
    rows = "".join(f"      - {{year: {i}, n: {i}}}\n" for i in range(MAX_FIGURE_ROWS + 1))
    figure = (
        "figures:\n  - id: many\n    title: Many\n    type: line\n    x: year\n    y: n\n"
        "    source: {name: X}\n    data:\n" + rows
    )
    root = make_root(tmp_path / "a", {"bees": OTHER_ARTICLE}, {"bees": figure})
    result = run("check", "--root", str(root))
    assert result.returncode == 1
    assert (
        f"/annotations/bees.yaml:{9 + MAX_FIGURE_ROWS}:9: error: figure 'many' has "
        "5,001 data rows; the limit is 5,000"
    ) in result.stdout

    entries = "entities:\n" + "".join(
        "  - {text: Beekeepers, label: ORG}\n" for _ in range(MAX_ENTRIES + 1)
    )
    root = make_root(tmp_path / "b", {"bees": OTHER_ARTICLE}, {"bees": entries})
    result = run("check", "--root", str(root))
    assert result.returncode == 1
    assert (
        f"/annotations/bees.yaml:{MAX_ENTRIES + 2}:5: error: more than 5,000 entries in one file"
        in result.stdout
    )


def test_check_warns_about_bidi_controls_and_nul_in_articles_and_annotations(tmp_path: Path):
    article = OTHER_ARTICLE.replace("each February", "each \u202eFebruary\u202c")
    annotations = OTHER_ANNOTATIONS.replace(
        "title: Colonies rented", 'title: "Colonies\\u2066 rented\\0"'
    )
    root = make_root(tmp_path, {"bees": article}, {"bees": annotations})
    result = run("check", "--root", str(root))
    assert result.returncode == 0, result.stdout
    lines = [line.replace(str(root) + "/", "") for line in result.stdout.splitlines()]
    assert lines == [
        "annotations/bees.yaml:8:12: warning: this value contains U+2066 "
        "(LEFT-TO-RIGHT ISOLATE), written as an escape: "
        "a bidirectional control character, which can make the text read differently "
        "from what it is",
        "article/bees.md:4:76: warning: the article contains U+202E (RIGHT-TO-LEFT "
        "OVERRIDE): a bidirectional control "
        "character, which can make the text read differently from what it is; remove "
        "it unless it is meant",
        "article/bees.md:4:85: warning: the article contains U+202C (POP DIRECTIONAL "
        "FORMATTING): a bidirectional "
        "control character, which can make the text read differently from what it is; "
        "remove it unless it is meant",
    ]


def test_a_whitespace_only_quote_says_so(tmp_path: Path):
    annotations = "claims:\n  - id: blank\n    quote: '   '\n"
    root = make_root(tmp_path, {"bees": OTHER_ARTICLE}, {"bees": annotations})
    result = run("check", "--root", str(root))
    assert result.returncode == 1
    assert result.stdout.strip().replace(str(root) + "/", "") == (
        "annotations/bees.yaml:3:12: error: claim 'blank': the quote is only whitespace; "
        "give the exact words to anchor to"
    )
