"""Word files: through mammoth's HTML, the web page's path; zip bombs refused before unpacking."""

import io
import zipfile

import pytest

from benchmarks.fixture_files import make_docx
from reader.importing import Unreadable, extract

BLOCKS = [
    ("paragraph", "“It’s a crisis,” said the governor of Culiacán — murders rose 24% in 2023."),
    ("heading", "A long war"),
    ("paragraph", "Officials blamed a split in the cartel that began last summer in Sinaloa."),
]


def test_a_word_file_gives_its_title_author_date_headings_and_paragraphs():
    data = make_docx("Murders rise in Sinaloa", BLOCKS, author="Ana Pérez", published="2024-03-05")
    article = extract("story.docx", data)
    assert (article.title, article.author, article.published) == (
        "Murders rise in Sinaloa",
        ["Ana Pérez"],
        "2024-03-05",
    )
    assert [(b.kind, b.text) for b in article.blocks] == BLOCKS


def test_the_page_header_is_not_part_of_the_body():
    data = make_docx("Murders rise in Sinaloa", BLOCKS, header="CONFIDENTIAL DRAFT")
    assert all("CONFIDENTIAL" not in b.text for b in extract("story.docx", data).blocks)


def test_a_word_file_that_unpacks_past_the_cap_is_refused():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/zeros.bin", bytes(120_000_000))
    assert len(bomb.getvalue()) < 1_000_000
    with pytest.raises(Unreadable, match=r"unpacks to 120,000,013 bytes, over the cap"):
        extract("bomb.docx", bomb.getvalue())


def test_a_file_named_docx_that_is_no_zip_is_refused():
    with pytest.raises(Unreadable, match="not a Word file"):
        extract("story.docx", b"plain words, not a zip archive at all")
