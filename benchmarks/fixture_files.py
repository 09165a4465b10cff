"""PDF and Word files made from an article's blocks, for the importer's tests and benchmark.

PDFs are set with fpdf2 in DejaVu Sans (Debian's fonts-dejavu-core; the Makefile installs it), with
a running header and a "Page N" footer on every page, lines broken by hand so that long words are
hyphenated at a line's end as typesetters do. Word files are written with python-docx: core
properties, a Title paragraph, Heading 1 headings and a page header.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from pathlib import Path

__all__ = ["FONT", "make_docx", "make_pdf"]

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
Block = tuple[str, str]  # ("heading" | "paragraph", text)


def make_pdf(
    title: str,
    blocks: Sequence[Block],
    *,
    author: str | None = None,
    published: str | None = None,
    header: str = "The Review · Report",
    metadata_title: bool = True,
    hyphenate: bool = True,
) -> bytes:
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self) -> None:
            self.set_font("body", size=8)
            self.cell(0, 5, header, new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("body", size=8)
            self.cell(0, 5, f"Page {self.page_no()}", align="C")

    pdf = Pdf(format="A4")
    pdf.add_font("body", "", str(FONT))
    pdf.set_auto_page_break(True, margin=20)
    if metadata_title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if published:
        day = datetime.date.fromisoformat(published)
        pdf.set_creation_date(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC))
    pdf.add_page()
    _lines(pdf, title, 18, 9)
    pdf.ln(4)
    for kind, text in blocks:
        if kind == "heading":
            pdf.ln(3)
            _lines(pdf, text, 14, 7.5)
            pdf.ln(1)
        else:
            _lines(pdf, text, 11, 5.5, hyphenate=hyphenate)
            pdf.ln(3)
    return bytes(pdf.output())


def _lines(pdf, text: str, size: float, height: float, *, hyphenate: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Greedy line breaking; a long word that does not fit is split with a hyphen."""
    pdf.set_font("body", size=size)
    width = pdf.epw
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if pdf.get_string_width(trial) <= width:
            line = trial
            continue
        if hyphenate and len(word) >= 8 and word.isalpha():
            head = word[: len(word) // 2]
            if pdf.get_string_width(f"{line} {head}-") <= width:
                pdf.cell(0, height, f"{line} {head}-", new_x="LMARGIN", new_y="NEXT")
                line = word[len(word) // 2 :]
                continue
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")
        line = word
    if line:
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")


def make_docx(
    title: str,
    blocks: Sequence[Block],
    *,
    author: str | None = None,
    published: str | None = None,
    header: str = "The Review · Report",
) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author or ""
    if published:
        day = datetime.date.fromisoformat(published)
        document.core_properties.created = datetime.datetime(day.year, day.month, day.day)
    document.sections[0].header.paragraphs[0].text = header
    document.add_heading(title, 0)
    for kind, text in blocks:
        if kind == "heading":
            document.add_heading(text, 1)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
