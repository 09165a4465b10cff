"""Text and Markdown files; empty, binary and unknown files."""

import pytest

from reader.importing import Unreadable, extract


def test_a_text_file_has_its_title_line_and_paragraphs():
    text = (
        "Bees in winter\n\nHoney bees cluster to keep warm; the cluster\n"
        "shivers through the cold.\n\n"
        "A colony eats about 20 kilos of honey — “a lot”, keepers say.\n"
    )
    article = extract("bees.txt", text.encode())
    assert article.title == "Bees in winter"
    assert [b.text for b in article.blocks] == [
        "Honey bees cluster to keep warm; the cluster shivers through the cold.",
        "A colony eats about 20 kilos of honey — “a lot”, keepers say.",
    ]


def test_markdown_headings_front_matter_and_inline_markup():
    text = (
        "---\ntitle: Bees in winter\nauthor: Ana Pérez\ndate: 2024-01-15\n---\n"
        "# Bees in winter\n\n"
        "Honey bees *cluster* to keep [warm](https://x.example) in the hive.\n\n"
        "## The cluster\n\nA colony eats about 20 kilos of honey over a winter.\n"
    )
    article = extract("bees.md", text.encode())
    assert (article.title, article.author, article.published) == (
        "Bees in winter",
        ["Ana Pérez"],
        "2024-01-15",
    )
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "Honey bees cluster to keep warm in the hive."),
        ("heading", "The cluster"),
        ("paragraph", "A colony eats about 20 kilos of honey over a winter."),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.md", b"  \n\n ", "the file is empty"),
        ("binary.txt", b"\x00\x01\x02" * 50, "binary data, not text"),
        ("short.txt", b"Just a line.", "no article text"),
        ("sheet.xlsx", b"PK\x03\x04", "unknown format '.xlsx'"),
        ("noending", b"words", "unknown format 'noending'"),
    ],
)
def test_files_with_no_article_say_which(name, data, message):
    with pytest.raises(Unreadable, match=message):
        extract(name, data)
