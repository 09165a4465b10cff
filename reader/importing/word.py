"""Word files (.docx): mammoth turns the document into clean HTML (headings, paragraphs, lists;
images left out), which then takes the web page's path (``html_blocks``). Title, author and date
come from the file's core properties (docProps/core.xml).

A .docx is a zip: its parts' unpacked sizes and count are checked before anything is unpacked.
"""

from __future__ import annotations

import io
import re
import zipfile

from reader.importing.model import (
    MAX_DOCX_MEMBERS,
    MAX_DOCX_UNPACKED,
    Extracted,
    Unreadable,
    clean_text,
)
from reader.importing.web import html_blocks

__all__ = ["read_docx"]

# Word's Title style is the document's title; its Subtitle a paragraph.
_STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh"
_CORE = "docProps/core.xml"


def read_docx(data: bytes) -> Extracted:
    import mammoth

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise Unreadable("not a Word file (.docx is a zip archive, and this is not one)") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_DOCX_MEMBERS:
            raise Unreadable(
                f"the Word file has {len(members):,} parts, "
                f"over the cap of {MAX_DOCX_MEMBERS:,}; refused"
            )
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_DOCX_UNPACKED:
            raise Unreadable(
                f"the Word file unpacks to {unpacked:,} bytes, "
                f"over the cap of {MAX_DOCX_UNPACKED:,}; refused"
            )
        if any(m.flag_bits & 0x1 for m in members):
            raise Unreadable("the Word file is encrypted; refused")
        names = {m.filename for m in members}
        if "word/document.xml" not in names:
            raise Unreadable(
                "not a Word file (no word/document.xml inside; encrypted or another format?)"
            )
        core = _core_properties(archive.read(_CORE)) if _CORE in names else {}
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=_STYLE_MAP,
            convert_image=mammoth.images.img_element(lambda image: {}),  # never read
        )
    except Exception as exc:  # mammoth raises many kinds on a broken file: each is one message
        raise Unreadable(f"the Word file could not be read ({type(exc).__name__})") from exc
    title = core.get("title") or None
    blocks = html_blocks(result.value, title=title)
    if title is None:
        first = re.search(r"<h1>(.*?)</h1>", result.value, re.S)
        if first:
            title = clean_text(re.sub(r"<[^>]+>", "", first.group(1))) or None
            blocks = html_blocks(result.value, title=title)
    creator = core.get("creator", "")
    return Extracted(
        title=title,
        author=[a.strip() for a in re.split(r";", creator) if a.strip()],
        published=core.get("created"),
        blocks=blocks,
        format="Word file",
    )


def _core_properties(xml: bytes) -> dict[str, str]:
    """title, creator and created (YYYY-MM-DD) from docProps/core.xml; entities never resolved."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, str] = {}
    for element in root:
        name = etree.QName(element).localname
        text = clean_text(element.text or "")
        if name in ("title", "creator") and text:
            found[name] = text
        elif name == "created" and re.match(r"\d{4}-\d{2}-\d{2}", text):
            found[name] = text[:10]
    return found
