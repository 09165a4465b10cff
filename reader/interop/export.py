"""Exports of a Reading: the contract's JSON, and one self-contained HTML file."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Any

from reader.assets import read_asset
from reader.html.figures import format_value, stat_items
from reader.html.render import article_css, render_markdown, safe_url
from reader.interop.claimreview import json_ld_script, to_claimreview
from reader.layers.reading import Reading
from reader.sources.schema import Claim, Figure, Note
from reader.text import shorten
from reader.vocabulary import LAYER_NAMES, LAYERS, STATUS_COLORS

LIST_QUOTE_CHARS = 90  # a claim's quote in the list of claims


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
        item["numbers"] = [number.as_json() for number in reading.numbers.get(claim.id, [])]
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


def to_html(reading: Reading, *, base_url: str | None = None) -> str:
    """One self-contained HTML file: the article with its layers, layer toggles, and a panel that
    shows a clicked claim (quote, status, assessment, figures as inline SVG, notes with sources)
    or note. Inline CSS, JS and SVG only; a Content-Security-Policy forbids every network fetch.

    Every piece of annotation text is escaped, Markdown goes through render.render_markdown and
    links through render.safe_url. What the panel shows is written here as hidden sections; the
    script only shows and hides them (and moves a chart into the claim that shows it).
    """
    esc = html.escape
    annotations = reading.annotations
    used = [fid for fid in dict.fromkeys(f for c in annotations.claims for f in c.figures) if fid in annotations.figures]
    views = [_view("panel", "home", _home_html(reading), hidden=False)]
    views += [_view("claim", c.id, _claim_html(reading, c)) for c in annotations.claims]
    views += [_view("note", n.id, _note_html(n, heading=True)) for n in annotations.notes.values()]
    figures = "".join(f'<div class="figure-store" id="figure-{html.escape(fid)}">{_figure_html(annotations.figures[fid])}</div>'
                      for fid in used)
    counts = reading.layer_counts
    toggles = "".join(
        f'<label><input type="checkbox" data-layer="{layer}" checked> <span class="swatch swatch-{layer}"></span>'
        f'{LAYER_NAMES[layer]} <span class="count">{counts.get(layer, 0)}</span></label>' for layer in LAYERS)
    section = reading.document.meta.section
    script = standalone_js()
    reviews = to_claimreview(reading, base_url=base_url)
    json_ld = json_ld_script(reviews) if reviews else ""
    csp = ("default-src 'none'; script-src 'sha256-" + _sha256(script) + "'; style-src 'unsafe-inline'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="reader export --format html">
<title>{esc(reading.document.title)}</title>
<style>{article_css()}
{standalone_css()}</style>{json_ld}</head>
<body><div class="page" id="reader">
<div class="content">
<nav class="toolbar" aria-label="Layers">{f'<span class="section">{esc(section)}</span>' if section else ''}{toggles}</nav>
<main id="article">{reading.html()}</main>
</div>
<aside class="panel" id="panel" aria-live="polite"><div id="panel-body">
{''.join(views)}</div></aside>
</div>
<div id="figures" hidden>{figures}</div>
<script>{script}</script>
</body></html>
"""




def standalone_css() -> str:
    return read_asset("standalone.css")


def standalone_js() -> str:
    return read_asset("standalone.js")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _view(kind: str, ident: str, body: str, *, hidden: bool = True) -> str:
    return f'<section class="view" id="view-{kind}-{html.escape(ident)}"{" hidden" if hidden else ""}>{body}</section>\n'


def _status_style(status: str | None) -> str:
    color = STATUS_COLORS.get(status or "")
    return f' style="--st:{color}"' if color else ""


def _claim_html(reading: Reading, claim: Claim) -> str:
    esc = html.escape
    anchor = reading.anchors.get(claim.id)
    shown = reading.text[anchor.start:anchor.end] if anchor and anchor.start is not None else claim.quote
    parts = [f'<article class="claim-detail" data-claim="{esc(claim.id)}"{_status_style(claim.status)}>',
             "<h2>Claim</h2>", f'<blockquote class="quote">{esc(shown)}</blockquote>']
    if anchor is None:
        parts.append('<p class="orphans">This claim’s quote was not found in the text.</p>')
    if claim.status:
        parts.append(f'<p><span class="status">{esc(claim.status)}</span></p>')
    if claim.assessment:
        parts.append(f'<div class="assessment">{render_markdown(claim.assessment)}</div>')
    figures = [f for f in claim.figures if f in reading.annotations.figures]
    if figures:
        parts.append("<h3>Figures</h3>")
        parts.extend(f'<div data-figure="{esc(f)}"></div>' for f in figures)
    notes = [reading.annotations.notes[n] for n in claim.notes if n in reading.annotations.notes]
    if notes:
        parts.append("<h3>Background</h3>")
        parts.extend(_note_html(note, heading=False) for note in notes)
    parts.append('<p><button type="button" class="link" data-home>All claims</button></p></article>')
    return "".join(parts)


def _note_html(note: Note, *, heading: bool) -> str:
    esc = html.escape
    title = f"<h2>{esc(note.title)}</h2>" if heading else f"<h4>{esc(note.title)}</h4>"
    sources = "".join(_source_html(s.name, s.url) for s in note.sources)
    back = '<p><button type="button" class="link" data-home>All claims</button></p>' if heading else ""
    return (f'<section class="note" data-note="{esc(note.id)}">{title}{render_markdown(note.body)}'
            f'{f"<ul class=sources>{sources}</ul>" if sources else ""}{back}</section>')


def _home_html(reading: Reading) -> str:
    esc = html.escape
    items = []
    for claim in reading.annotations.claims:
        status = f' <span class="status"{_status_style(claim.status)}>{esc(claim.status)}</span>' if claim.status else ""
        items.append(f'<li><button type="button" class="link" data-claim="{esc(claim.id)}">{esc(shorten(claim.quote, LIST_QUOTE_CHARS))}'
                     f"</button>{status}</li>")
    orphans = "".join(f"<li>{esc(o.layer)} “{esc(shorten(o.quote, LIST_QUOTE_CHARS))}” ({esc(o.reason)})</li>" for o in reading.orphans)
    return ("<h2>Claims</h2><p>Click an underlined claim in the text, or one below, to see what the sources say, "
            "its figures and background.</p>"
            f'<ol class="claims">{"".join(items)}</ol>'
            + (f'<h3>Not found in the text</h3><ul class="orphans">{orphans}</ul>' if orphans else ""))




def _figure_html(figure: Figure) -> str:
    esc = html.escape
    if figure.type == "stat":
        cards = "".join(f'<div class="stat"><span class="value">{esc(item.value)}</span>'
                        f'<span class="label">{esc(item.label)}</span></div>' for item in stat_items(figure))
        body = f'<div class="stats">{cards}</div>'
    else:
        body = _chart_svg(figure) or _data_table(figure)
    caption = f'<div class="caption">{render_markdown(figure.caption)}</div>' if figure.caption else ""
    url = safe_url(figure.source.url)
    source = (f'<a href="{esc(url)}" rel="noopener noreferrer nofollow" target="_blank">{esc(figure.source.name)}</a>'
              if url else esc(figure.source.name))
    return (f'<figure class="chart" data-figure-id="{esc(figure.id)}" data-type="{esc(figure.type)}">'
            f"<figcaption>{esc(figure.title)}</figcaption>{body}{caption}"
            f'<p class="figure-source">Source: {source}</p></figure>')


# Anything that could run code or fetch in an SVG: vl-convert's output has none of it; if it ever
# did, the figure falls back to a table. Only local url(#id) references (clip paths) are allowed.
_UNSAFE_SVG = re.compile(r"<\s*(script|foreignObject|iframe|object|embed|image|use|style)\b|\son[a-z]+\s*=|href\s*="
                         r"|url\s*\(\s*(?![\"']?#)|@import", re.IGNORECASE)
_SVG_ID = re.compile(r"""\bid="([^"]+)"|url\(#([^)"']+)\)""")


def _chart_svg(figure: Figure) -> str | None:
    """The figure's chart as inline SVG (vl-convert, with every external fetch refused), or None."""
    try:
        import vl_convert

        from reader.html.figures import figure_chart

        spec = figure_chart(figure).to_dict()
        # A fixed-size picture cannot reflow like the app's chart: drop x labels that would overlap.
        spec.setdefault("config", {}).setdefault("axisX", {}).setdefault("labelOverlap", "parity")
        svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    except Exception:  # noqa: BLE001 - any failure falls back to a table of the data
        return None
    svg = svg.strip()
    if not svg.startswith("<svg") or _UNSAFE_SVG.search(svg):
        return None
    # Ids (clip paths) get the figure's id as a prefix, so two charts in the panel never share one.
    prefix = f"chart-{figure.id}-"
    svg = _SVG_ID.sub(lambda m: f'id="{prefix}{m.group(1)}"' if m.group(1) else f"url(#{prefix}{m.group(2)})", svg)
    return svg.replace("<svg", f'<svg role="img" aria-label="{html.escape(figure.title)}"', 1)


def _data_table(figure: Figure) -> str:
    esc = html.escape
    fields = [f for f in dict.fromkeys([figure.x or "", *figure.y_fields]) if f]
    head = "".join(f"<th>{esc(f)}</th>" for f in fields)
    def cell(field: str, value: Any) -> str:  # x values (years, names) as written; numbers formatted
        return esc(str(value)) if field == figure.x and value is not None else esc(format_value(value))

    rows = "".join("<tr>" + "".join(f"<td>{cell(f, row.get(f))}</td>" for f in fields) + "</tr>" for row in figure.data)
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _source_html(name: str, url: str | None) -> str:
    href = safe_url(url)
    if href:
        return (f'<li><a href="{html.escape(href)}" rel="noopener noreferrer nofollow" target="_blank">'
                f"{html.escape(name)}</a></li>")
    return f"<li>{html.escape(name)}</li>"
