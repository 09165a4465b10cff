"""Text PDFs: paragraphs and headings back, running headers, footers and page numbers gone,
hyphenation at line ends undone."""

import pytest

from benchmarks.fixture_files import make_pdf
from reader.importing import Unreadable, extract
from reader.importing import pdf as pdf_module

LONG = (
    "The national statistics agency reported that international cooperation on security "
    "weakened considerably between 2018 and 2022, while “high impact” arrests fell — from "
    "almost 22,000 detentions to around 2,800 — and investigators in Culiacán said a re-run "
    "of the crackdown was unlikely. "
)
BLOCKS = [
    ("paragraph", LONG * 2),
    ("heading", "What changed in Mérida"),
    ("paragraph", "Officials declined to comment. " + LONG * 3),
    ("heading", "The numbers"),
    ("paragraph", LONG * 4),
    ("paragraph", "A short closing paragraph of its own."),
] * 3


def test_a_pdf_gives_back_its_paragraphs_headings_and_metadata():
    data = make_pdf("Security in Mexico", BLOCKS, author="Ana Pérez", published="2024-03-05")
    article = extract("report.pdf", data)
    assert (article.title, article.author, article.published) == (
        "Security in Mexico",
        ["Ana Pérez"],
        "2024-03-05",
    )
    assert [(b.kind, b.text) for b in article.blocks] == [(k, t.strip()) for k, t in BLOCKS]


def test_running_headers_footers_and_page_numbers_are_dropped():
    article = extract("report.pdf", make_pdf("Security in Mexico", BLOCKS))
    text = " ".join(b.text for b in article.blocks)
    assert "The Review" not in text and "Page " not in text


def test_hyphens_at_line_ends_are_undone_and_others_kept():
    data = make_pdf("Security in Mexico", BLOCKS, hyphenate=True)
    text = " ".join(b.text for b in extract("report.pdf", data).blocks)
    assert "international" in text and "considerably" in text
    assert "re-run" in text and "\ufffe" not in text
    assert text.count("investigators") == 3 * (2 + 3 + 4)


def test_without_a_title_in_the_metadata_the_first_heading_is_the_title():
    data = make_pdf("Security in Mexico", BLOCKS, metadata_title=False)
    assert extract("report.pdf", data).title == "Security in Mexico"


def test_a_pdf_without_a_text_layer_is_refused_as_scanned():
    from fpdf import FPDF

    scan = FPDF()
    scan.add_page()
    scan.rect(10, 10, 100, 150, style="F")  # a page that is a picture, no text
    with pytest.raises(Unreadable, match="no text layer"):
        extract("scan.pdf", bytes(scan.output()))


def test_an_encrypted_pdf_is_refused():
    from fpdf import FPDF

    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.set_font("helvetica", size=12)
    locked.cell(0, 10, "Secret text of the report that nobody may read without the password.")
    with pytest.raises(Unreadable, match="encrypted"):
        extract("locked.pdf", bytes(locked.output()))


def test_a_pdf_over_the_page_cap_is_refused_before_its_pages_are_read(monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGES", 2)
    with pytest.raises(Unreadable, match=r"has \d+ pages, over the cap of 2"):
        extract("long.pdf", make_pdf("Security in Mexico", BLOCKS))


def test_a_file_named_pdf_that_is_not_one_is_refused():
    with pytest.raises(Unreadable, match="not a PDF"):
        extract("fake.pdf", b"<html>hello</html>")


def test_a_5000_page_pdf_is_refused_naming_the_cap():
    from fpdf import FPDF

    book = FPDF()
    for _ in range(5_000):
        book.add_page()
    with pytest.raises(Unreadable, match=r"the PDF has 5,000 pages, over the cap of 1,000"):
        extract("book.pdf", bytes(book.output()))
