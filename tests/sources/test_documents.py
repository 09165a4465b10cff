import re
from pathlib import Path

from reader.sources.documents import Root, load_document, parse_document
from tests.conftest import DATA

ARTICLE = """---
title: A “quoted” headline — with dashes
section: World
dek: "The standfirst: short."
image:
  caption: Soldiers in Culiacán
  credit: (Photo / Agency)
---
First paragraph, with Mérida.

## A heading

Second paragraph
spans two lines.
"""


def test_document_text_is_blocks_joined_by_blank_lines():
    document, problems = parse_document("demo", ARTICLE, "article/demo.md")
    assert problems == []
    assert [b.kind for b in document.blocks] == [
        "title",
        "dek",
        "caption",
        "credit",
        "paragraph",
        "heading",
        "paragraph",
    ]
    assert document.text == (
        "A “quoted” headline — with dashes\n\nThe standfirst: short.\n\n"
        "Soldiers in Culiacán\n\n(Photo / Agency)"
        "\n\nFirst paragraph, with Mérida.\n\nA heading\n\nSecond paragraph\nspans two lines."
    )
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text
    assert document.meta.section == "World"
    assert [b.line for b in document.blocks if b.kind != "title"][-3:] == [9, 11, 13]


def test_missing_front_matter_is_an_error_but_the_body_still_shows():
    document, problems = parse_document("demo", "Just text.\n", "article/demo.md")
    assert [str(p) for p in problems] == [
        (
            "article/demo.md:1:1: error: the article must start with front matter: a "
            "'---' line, 'title: …', and a closing '---'"
        )
    ]
    assert document.text.endswith("Just text.")


def test_broken_front_matter_points_at_its_line():
    _, problems = parse_document("demo", "---\ntitle: ok\nsection: [World\n---\nBody\n", "a.md")
    assert (
        len(problems) == 1
        and (problems[0].line, problems[0].column) == (3, 16)
        and "YAML syntax" in problems[0].message
    )


def test_unknown_front_matter_key_suggests_the_right_one():
    _, problems = parse_document("demo", "---\ntitle: x\nimage:\n  captoin: y\n---\nBody\n", "a.md")
    assert [str(p) for p in problems] == [
        "a.md:4:3: error: unknown front-matter key 'captoin' (did you mean 'caption'?)"
    ]


def test_missing_title_is_reported():
    document, problems = parse_document("demo", "---\nsection: World\n---\nBody\n", "a.md")
    assert any("missing 'title'" in p.message for p in problems)
    assert document.text.endswith("Body")


def test_unclosed_front_matter():
    _, problems = parse_document("demo", "---\ntitle: x\nBody\n", "a.md")
    assert "not closed" in problems[0].message


def test_non_utf8_article_is_reported_with_its_place(tmp_path):
    (tmp_path / "article").mkdir()
    (tmp_path / "article" / "bad.md").write_bytes(b"---\ntitle: x\n---\nbad \xff byte\n")
    document, problems = load_document(Root(tmp_path), "bad")
    assert [(p.line, p.column, p.severity) for p in problems] == [
        (4, 5, "error")
    ] and "UTF-8" in problems[0].message
    assert "shown with � there" in problems[0].message
    # The article still shows, with U+FFFD where the byte was (not just its slug).
    assert (
        document is not None and document.title == "x" and document.text == "x\n\nbad \ufffd byte"
    )


def test_the_column_of_a_bad_byte_counts_characters_not_bytes(tmp_path):
    (tmp_path / "article").mkdir()
    (tmp_path / "article" / "bad.md").write_bytes(
        "---\ntitle: x\n---\nMérida “q” ".encode() + b"\xff\n"
    )
    _, problems = load_document(Root(tmp_path), "bad")
    assert (problems[0].line, problems[0].column) == (4, 12)


def test_bidi_controls_and_nul_in_an_article_are_warnings_at_their_place(tmp_path):
    (tmp_path / "article").mkdir()
    (tmp_path / "article" / "odd.md").write_text(
        "---\ntitle: x\n---\nPaid \u202e0001$ in\n\nnul\x00here\n", encoding="utf-8"
    )
    document, problems = load_document(Root(tmp_path), "odd")
    assert [(p.line, p.column, p.severity) for p in problems] == [
        (4, 6, "warning"),
        (6, 4, "warning"),
    ]
    assert "U+202E" in problems[0].message and "U+0000" in problems[1].message
    assert (
        document is not None and "\u202e" in document.text
    )  # kept as written: a warning, not a rewrite


def test_seed_article_keeps_every_sentence_of_the_source(project_root):
    source = (DATA / "source-text" / "mexico-drug-war.txt").read_text(encoding="utf-8")
    document, problems = load_document(Root(project_root), "mexico-drug-war")
    assert problems == []
    first_line, rest = source.split("\n\n", 1)
    section, headline_and_dek = first_line.split(" / ", 1)
    assert document.meta.section == section
    sentences = re.split(r"(?<=[.?!])\s+", headline_and_dek) + re.split(
        r"(?<=[.?!”])\s+|\n\n", rest
    )
    missing = [s for s in sentences if s and s not in document.text]
    assert missing == []
    # and nothing was added: the document text is the source minus the section marker and blank-line
    # layout
    assert document.text.replace("\n\n", " ") == source.replace("\n\n", " ").removeprefix(
        f"{section} / "
    )


def test_the_documents_are_the_plain_md_files_with_a_slug_for_a_name(tmp_path):
    article = tmp_path / "article"
    article.mkdir()
    for name in ("winter.md", "harvest.md", "Bad Name.md", ".hidden.md", "notes.txt"):
        (article / name).write_text("---\ntitle: T\n---\nBody.\n")
    (article / "folder.md").mkdir()  # a folder named like a document is not one
    (article / "link.md").symlink_to(article / "winter.md")  # a link to a file is a document
    assert Root(tmp_path).slugs() == ["harvest", "link", "winter"]
    assert Root(tmp_path / "nowhere").slugs() == []
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "article").write_text("a file, not a folder")
    assert Root(tmp_path / "plain").slugs() == []


def test_document_files_are_the_paths_as_strings(tmp_path):
    for root in (Root(tmp_path), Root(Path(".")), Root(Path("a/b/"))):
        assert root.document_files("winter") == (
            str(root.article_path("winter")),
            str(root.annotations_path("winter")),
        )
