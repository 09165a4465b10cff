"""Exports of a Reading: the contract's JSON, and one self-contained HTML file."""

from __future__ import annotations

import html
from typing import Any

from reader.reading import Reading
from reader.render import article_css, render_markdown, safe_url


def to_json(reading: Reading) -> dict[str, Any]:
    """The contract's export: text, every anchored annotation, figures, notes and orphans."""
    text = reading.text
    annotations: list[dict[str, Any]] = []
    for entity in reading.entities:
        item = {"id": entity.id, "layer": "entities", "start": entity.start, "end": entity.end, "text": entity.text,
                "label": entity.label, "origin": entity.origin}
        if entity.note:
            item["note"] = entity.note
        annotations.append(item)
    for claim in reading.annotations.claims:
        anchor = reading.anchors.get(claim.id)
        if anchor is None:
            continue
        item = {"id": claim.id, "layer": "claims", "start": anchor.start, "end": anchor.end,
                "text": text[anchor.start:anchor.end], "quote": claim.quote, "figures": list(claim.figures),
                "notes": list(claim.notes), "status": claim.status, "anchor": anchor.kind}
        if claim.assessment:
            item["assessment"] = claim.assessment
        annotations.append(item)
    for span in reading.spans:
        if span.layer == "notes":
            annotations.append({"id": span.id, "layer": "notes", "start": span.start, "end": span.end,
                                "text": text[span.start:span.end], "note": span.note})
    annotations.sort(key=lambda a: (a["start"], a["end"], a["layer"]))
    return {
        "document": reading.document.slug,
        "title": reading.document.title,
        "text": text,
        "annotations": annotations,
        "figures": {fid: f.model_dump(mode="json", exclude_unset=True) for fid, f in reading.annotations.figures.items()},
        "notes": {nid: n.model_dump(mode="json", exclude_unset=True) for nid, n in reading.annotations.notes.items()},
        "orphans": [{"id": o.id, "layer": o.layer, "quote": o.quote, "reason": o.reason} for o in reading.orphans],
    }


def to_html(reading: Reading) -> str:
    """One HTML file that shows the document with its layers and its claims and notes; no network."""
    esc = html.escape
    claims = []
    for claim in reading.annotations.claims:
        status = f'<span class="status" data-status="{esc(claim.status)}">{esc(claim.status)}</span> ' if claim.status else ""
        body = render_markdown(claim.assessment) if claim.assessment else ""
        claims.append(f'<li id="claim-{esc(claim.id)}">{status}<q>{esc(claim.quote)}</q>{body}</li>')
    notes = []
    for note in reading.annotations.notes.values():
        sources = "".join(_source_html(s.name, s.url) for s in note.sources)
        notes.append(f'<li id="note-{esc(note.id)}"><strong>{esc(note.title)}</strong>{render_markdown(note.body)}'
                     f'<ul class="sources">{sources}</ul></li>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{esc(reading.document.title)}</title>
<style>{article_css()}
body {{ margin: 2rem auto; max-width: 72ch; padding: 0 1rem; }}
aside li {{ margin-bottom: 1rem; }}
</style></head>
<body><main class="reader-article">
{f'<p class="section">{esc(reading.document.meta.section)}</p>' if reading.document.meta.section else ''}
{reading.html()}
</main>
<aside><h2>Claims</h2><ol>{''.join(claims)}</ol><h2>Notes</h2><ul>{''.join(notes)}</ul></aside>
</body></html>
"""


def _source_html(name: str, url: str | None) -> str:
    href = safe_url(url)
    if href:
        return f'<li><a href="{html.escape(href)}" rel="noopener noreferrer nofollow">{html.escape(name)}</a></li>'
    return f"<li>{html.escape(name)}</li>"
