"""Text PDFs, read with pypdfium2: each page's lines with their place and font size, then

- page headers, footers and page numbers repeated on every page dropped (a line in a page's top
  or bottom band whose words, digits aside, recur on half of the pages, or a bare page number);
- lines joined into paragraphs where the gap between lines is wider than the page's usual gap, the
  font size changes, or a line ends short with a sentence's end; a paragraph carries over a page
  break unless it ended there;
- a word hyphenated at a line's end joined again ("inter-" + "national" → "international");
- short lines set larger than the body text are headings.
"""

from __future__ import annotations

import datetime
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from reader.importing.model import (
    MAX_BODY_CHARS,
    MAX_PDF_PAGES,
    Extracted,
    ImportBlock,
    Unreadable,
    clean_text,
    drop_title,
)

__all__ = ["read_pdf"]

_BAND = 0.1  # the top and bottom tenth of a page hold its header and footer
_PAGE_NUMBER = re.compile(r"(?i)(page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(of|/)\s*\d{1,4})?")
_SENTENCE_END = re.compile(r"[.!?:;…][”’\"')\]]*$")
_HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_JUNK_TITLES = re.compile(
    r"(?i)^(untitled|microsoft word\b.*|.*\.(docx?|pdf|indd|tex)|document\d*)$"
)


@dataclass(slots=True)
class _Line:
    text: str
    top: float
    bottom: float
    left: float
    right: float
    size: float
    page: int


def read_pdf(data: bytes) -> Extracted:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise Unreadable("the PDF is encrypted (password-protected); refused") from exc
        raise Unreadable(f"not a readable PDF ({exc})") from exc
    try:
        if len(document) > MAX_PDF_PAGES:
            raise Unreadable(
                f"the PDF has {len(document):,} pages, over the cap of {MAX_PDF_PAGES:,}; refused"
            )
        pages: list[list[_Line]] = []
        chars = 0
        for number in range(len(document)):
            page = document[number]
            lines = _page_lines(page, number, raw)
            chars += sum(len(line.text) for line in lines)
            if chars > MAX_BODY_CHARS:
                raise Unreadable(
                    f"the PDF holds over {MAX_BODY_CHARS:,} characters of text, the cap; refused"
                )
            pages.append(lines)
        metadata = document.get_metadata_dict()
    finally:
        document.close()
    if not any(line.text.strip() for lines in pages for line in lines):
        raise Unreadable("the PDF has no text layer (a scanned document?); nothing to import")
    body = _drop_running_lines(pages)
    blocks = _paragraphs(body)
    title = clean_text(metadata.get("Title", ""))
    if not title or _JUNK_TITLES.match(title):
        title = next((b.text for b in blocks if b.kind == "heading"), "")
    blocks = drop_title(blocks, title)
    author = clean_text(metadata.get("Author", ""))
    return Extracted(
        title=title or None,
        author=[a.strip() for a in re.split(r";|,\s+and\s+|\s+and\s+", author) if a.strip()],
        published=_pdf_date(metadata.get("CreationDate", "")),
        blocks=blocks,
        format="PDF",
    )


def _page_lines(page: Any, number: int, raw: Any) -> list[_Line]:
    """Each line of a page's text, its box (PDF units, y up) and its first letter's font size."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        lines: list[_Line] = []
        offset = 0
        # PDFium marks a hyphen at a line's end as U+FFFE and may run the two lines together
        for piece in re.split(r"(?<=\ufffe)(?!\r?\n)|\n", text):
            begin, end = offset, offset + len(piece)
            offset = end + (0 if piece.endswith("\ufffe") and text[end : end + 1] != "\n" else 1)
            content = piece.rstrip("\r")
            if not content.strip():
                continue
            first = begin + len(content) - len(content.lstrip())
            last = begin + len(content.rstrip()) - 1
            left, bottom, _, top = textpage.get_charbox(first)
            _, _, right, _ = textpage.get_charbox(last)
            size = raw.FPDFText_GetFontSize(textpage.raw, first)
            lines.append(_Line(content, top, bottom, left, right, round(size, 1), number))
        return lines
    finally:
        textpage.close()
        page.close()


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).casefold())


def _drop_running_lines(pages: list[list[_Line]]) -> list[_Line]:
    """Every line but the headers, footers and page numbers that run across the pages."""
    if not pages:
        return []
    tops = [max((line.top for line in lines), default=0) for lines in pages]
    bottoms = [min((line.bottom for line in lines), default=0) for lines in pages]
    height = max((t - b for t, b in zip(tops, bottoms)), default=0) or 1

    def in_band(line: _Line) -> bool:
        return (
            line.top >= tops[line.page] - _BAND * height
            or line.bottom <= bottoms[line.page] + _BAND * height
        )

    counts = Counter(
        shape for lines in pages for shape in {_shape(x.text) for x in lines if in_band(x)}
    )
    running = {
        shape for shape, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)
    }
    return [
        line
        for lines in pages
        for line in lines
        if not (
            in_band(line)
            and (_shape(line.text) in running or _PAGE_NUMBER.fullmatch(line.text.strip()))
        )
    ]


def _paragraphs(lines: list[_Line]) -> list[ImportBlock]:
    if not lines:
        return []
    body_size = Counter(line.size for line in lines).most_common(1)[0][0]
    gaps = [
        a.bottom - b.bottom
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and a.size == b.size == body_size and a.bottom > b.bottom
    ]
    usual = statistics.median(gaps) if gaps else body_size * 1.2
    widths = [line.right for line in lines if line.size == body_size]
    right_edge = (
        statistics.quantiles(widths, n=10)[-1] if len(widths) >= 10 else max(widths, default=0)
    )
    blocks: list[ImportBlock] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            heading = current[0].size >= body_size * _HEADING_RATIO and len(current) <= 3
            text = _join([line.text for line in current])
            blocks.append(ImportBlock("heading" if heading else "paragraph", text))
            current.clear()

    for line in lines:
        if current:
            previous = current[-1]
            if line.page != previous.page:
                ended = bool(_SENTENCE_END.search(previous.text.rstrip()))
                new = ended or line.size != previous.size
            else:
                gap = previous.bottom - line.bottom
                short = previous.right < right_edge - 0.1 * (right_edge - previous.left)
                new = (
                    line.size != previous.size
                    or gap > usual * 1.35 * line.size / body_size  # larger type, wider lines
                    or gap < 0
                    or (short and bool(_SENTENCE_END.search(previous.text.rstrip())))
                )
            if new:
                flush()
        current.append(line)
    flush()
    return [b for b in blocks if b.text]


_HYPHENATED = re.compile(r"(\w)[-\u00ad\u2010]$")


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one line; a word broken with a hyphen at a line's end made whole
    (PDFium marks a typesetter's hyphen U+FFFE; a plain one counts before a lower-case letter)."""
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
        elif text.endswith("\ufffe") or (_HYPHENATED.search(text) and line[:1].islower()):
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return clean_text(text)


def _pdf_date(value: str) -> str | None:
    """A PDF date (``D:20240305…``) as YYYY-MM-DD."""
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", value or "")
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None
