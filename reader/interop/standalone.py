"""The standalone export: one self-contained HTML file that reads offline.

The page comes from the templates of `reader.html.templates` (standalone/), shared with the
app; this module only gathers what they show. The article, the layer toggles, and a panel that
shows a clicked claim (quote, status, assessment, figures as inline SVG, notes with sources) or
note. Inline CSS, JS and SVG only; a Content-Security-Policy forbids every network fetch.

What the panel shows is written as hidden sections; the script (frontend/standalone/, bundled
into reader/assets/standalone.js) only shows and hides them (and moves a chart into the claim
that shows it). A figure whose rows a claim's numbers were checked against is written once more
for it, with those rows marked (one variant per figure and set of checked rows, shared by the
claims that have the same).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Any

from markupsafe import Markup

from reader.assets import read_asset
from reader.html.figures import (
    checked_sentence,
    drawn_data,
    figure_sentence,
    stat_items,
    thinning_note,
)
from reader.html.render import article_css
from reader.html.templates import render
from reader.interop.claimreview import json_ld_script, to_claimreview
from reader.numbers import format_value
from reader.numbers.check import CheckedRow
from reader.numbers.report import checked_rows, panel_numbers
from reader.reading import Reading
from reader.sources.schema import Claim, Figure
from reader.vocabulary import LAYER_NAMES, LAYERS, STATUS_COLORS, STATUS_TEXT

__all__ = ["standalone_css", "standalone_js", "to_html"]


def standalone_css() -> str:
    return read_asset("standalone.css")


def standalone_js() -> str:
    """The page's one script, bundled from frontend/standalone/ by `make assets` (an ES module)."""
    return read_asset("standalone.js")


def to_html(reading: Reading, *, base_url: str | None = None) -> str:
    """The standalone page of `reading` (see the module docstring), with the claims as
    ClaimReview JSON-LD (`base_url`: where the page will be published)."""
    annotations = reading.annotations
    evidence = reading.evidence  # the shared figures and notes it uses, not the library's others
    # Where each claim's figures go: the plain figure, or its variant with the claim's checked rows.
    # ("." is in no id, so a variant's name never takes a figure's.)
    slots: dict[tuple[str, tuple[CheckedRow, ...]], str] = {}
    claim_slots: dict[str, list[str]] = {}
    for claim in annotations.claims:
        checked = checked_rows(reading.numbers.get(claim.id, []))
        claim_slots[claim.id] = []
        for fid in (f for f in claim.figures if f in evidence.figures):
            key = (fid, tuple(checked.get(fid, [])))
            if key not in slots:
                variants = sum(1 for other, rows in slots if other == fid and rows)
                slots[key] = f"{fid}.checked-{variants + 1}" if key[1] else fid
            claim_slots[claim.id].append(slots[key])
    script = standalone_js()
    csp = (
        "default-src 'none'; script-src 'sha256-"
        + _sha256(script)
        + "'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    counts = reading.layer_counts
    reviews = to_claimreview(reading, base_url=base_url)
    return render(
        "standalone/page.html",
        csp=csp,
        title=reading.document.title,
        css=Markup(article_css() + "\n" + standalone_css()),
        section=reading.document.meta.section,
        statuses=json.dumps(STATUS_TEXT),  # what a screen reader says for a claim's status
        layers=[
            {"key": layer, "name": LAYER_NAMES[layer], "count": counts.get(layer, 0)}
            for layer in LAYERS
        ],
        article=Markup(reading.html()),
        claims=[_claim(reading, claim, claim_slots[claim.id]) for claim in annotations.claims],
        notes=list(evidence.notes.values()),
        orphans=reading.orphans,
        figures=[_figure(evidence.figures[fid], slot, rows) for (fid, rows), slot in slots.items()],
        json_ld=Markup(json_ld_script(reviews)) if reviews else "",
        script=Markup(script),
    )


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _claim(reading: Reading, claim: Claim, figure_slots: list[str]) -> dict[str, Any]:
    anchor = reading.anchors.get(claim.id)
    return {
        "id": claim.id,
        "quote": claim.quote,
        "shown": reading.text[anchor.start : anchor.end]
        if anchor and anchor.start is not None
        else claim.quote,
        "anchored": anchor is not None,
        "status": claim.status,
        "status_text": STATUS_TEXT.get(claim.status or "", claim.status or ""),
        "color": STATUS_COLORS.get(claim.status or ""),
        "assessment": claim.assessment,
        "figures": figure_slots,  # the ids of the figures (or their checked variants) to show
        "notes": reading.claim_notes(claim),
        "numbers": panel_numbers(reading.numbers.get(claim.id, [])),
    }


def _figure(
    figure: Figure, slot: str | None = None, checked: tuple[CheckedRow, ...] = ()
) -> dict[str, Any]:
    """What the page shows of a figure, in its slot of the store (its id, or its checked
    variant's)."""
    slot = slot or figure.id
    svg = _chart_svg(figure, slot, checked) if figure.type != "stat" else None
    return {
        "id": figure.id,
        "slot": slot,
        "type": figure.type,
        "title": figure.title,
        "stats": stat_items(figure, checked) if figure.type == "stat" else [],
        "svg": Markup(svg) if svg else None,
        "checked": checked_sentence(figure, checked) if figure.type != "stat" else "",
        "table": _data_table(figure, checked) if figure.type != "stat" and not svg else None,
        "caption": figure.caption,
        "thinned": thinning_note(figure),
        "source": figure.source,
    }


# Anything that could run code or fetch in an SVG: vl-convert's output has none of it; if it ever
# did, the figure falls back to a table. Only local url(#id) references (clip paths) are allowed.
_UNSAFE_SVG = re.compile(
    r"<\s*(script|foreignObject|iframe|object|embed|image|use|style)\b|\son[a-z]+\s*=|href\s*="
    r"|url\s*\(\s*(?![\"']?#)|@import",
    re.IGNORECASE,
)
_SVG_ID = re.compile(r"""\bid="([^"]+)"|url\(#([^)"']+)\)""")


def _chart_svg(
    figure: Figure, slot: str | None = None, checked: tuple[CheckedRow, ...] = ()
) -> str | None:
    """The figure's chart as inline SVG (vl-convert, with every external fetch refused), the
    checked rows marked, or None."""
    try:
        import vl_convert

        from reader.html.figures import figure_spec

        spec = figure_spec(figure, checked=checked)
        # A fixed-size picture cannot reflow like the app's chart: drop x labels that would overlap.
        spec.setdefault("config", {}).setdefault("axisX", {}).setdefault("labelOverlap", "parity")
        svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    except Exception:  # noqa: BLE001 - any failure falls back to a table of the data
        return None
    svg = svg.strip()
    if not svg.startswith("<svg") or _UNSAFE_SVG.search(svg):
        return None
    # Ids (clip paths) get the figure's id as a prefix, so two charts in the panel never share one.
    prefix = f"chart-{slot or figure.id}-"
    svg = _SVG_ID.sub(
        lambda m: f'id="{prefix}{m.group(1)}"' if m.group(1) else f"url(#{prefix}{m.group(2)})", svg
    )
    # Its text alternative: the numbers in a sentence (WCAG 1.1.1).
    return svg.replace(
        "<svg", f'<svg role="img" aria-label="{html.escape(figure_sentence(figure, checked))}"', 1
    )


def _data_table(figure: Figure, checked: tuple[CheckedRow, ...] = ()) -> dict[str, Any]:
    """The figure's data as table fields and rows: x values (years, names) as written, numbers
    formatted, and a last column saying which rows the number check used, when it used some."""
    fields = [f for f in dict.fromkeys([figure.x or "", *figure.y_fields]) if f]
    by_x: dict[Any, list[str]] = {}
    for mark in checked:
        by_x.setdefault(mark.x, []).extend(n for n in mark.numbers if n not in by_x.get(mark.x, []))

    def cell(field: str, value: Any) -> str:
        return str(value) if field == figure.x and value is not None else format_value(value)

    def check(row: dict[str, Any]) -> list[str]:
        numbers = by_x.get(row.get(figure.x or ""))
        return [("checked by: " + ", ".join(f"“{n}”" for n in numbers)) if numbers else ""]

    rows = drawn_data(figure, checked)
    if not checked:
        return {"fields": fields, "rows": [[cell(f, row.get(f)) for f in fields] for row in rows]}
    return {
        "fields": [*fields, "number check"],
        "rows": [[cell(f, row.get(f)) for f in fields] + check(row) for row in rows],
    }
