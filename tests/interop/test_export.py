"""Exports: the contract's JSON shape, and the standalone HTML file (self-contained, escaped, charts
as SVG)."""

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from reader.interop import export
from reader.numbers.report import checked_rows
from reader.reading import open_reading
from reader.sources.documents import Root
from tests.conftest import PROJECT, export_seed_html, make_root

ARTICLE = """---
title: Bees </title><script>alert("title")</script>
section: Farming & "Food"
---
California’s almond orchards rent about two million honeybee colonies each February.

Beekeepers in Texas truck their hives west. Hives <b>cost</b> about $200 each.
"""

ANNOTATIONS = """\
claims:
  - id: two-million
    quote: about two million honeybee colonies
    figures: [colonies, counts]
    notes: [beekeeping]
    assessment: "USDA counts **1.9 million**. <img src=x onerror=alert(1)> \
[bad](javascript:alert(2))"
    status: approximate
  - id: hive-cost
    quote: Hives <b>cost</b> about $200
    figures: [colonies]
  - id: gone
    quote: this sentence is not in the article
figures:
  - id: colonies
    title: Colonies </svg><script>alert("fig")</script>
    type: bar
    x: year
    y: colonies
    unit: millions
    data: [{year: 2023, colonies: 1.9}, {year: 2024, colonies: 2.0}]
    highlight: [2024]
    caption: Rough **numbers**.
    source: {name: USDA, url: "https://www.usda.gov/"}
  - id: counts
    title: Two numbers
    type: stat
    data: [{label: "Hives <i>rented</i>", value: 2000000}, {label: Beekeepers, value: 1500}]
    source: {name: "Evil source", url: "javascript:alert(3)"}
notes:
  - id: beekeeping
    title: Migratory <beekeeping>
    body: "Hives move with the bloom. <script>alert(4)</script>"
    mentions: [Beekeepers]
    sources: [{name: Bee book, url: "https://example.org/book"}, \
{name: Bad, url: "data:text/html,x"}]
"""


@pytest.fixture
def reading(tmp_path):
    root = make_root(tmp_path, {"bees": ARTICLE}, {"bees": ANNOTATIONS})
    return open_reading(Root(root), "bees", with_model=False)


@pytest.fixture
def page(reading):
    return export.to_html(reading)


def test_json_export_keeps_the_contract_shape(reading):
    data = export.to_json(reading)
    assert set(data) == {"document", "title", "text", "annotations", "figures", "notes", "orphans"}
    claim = next(a for a in data["annotations"] if a["id"] == "two-million")
    assert {k: claim[k] for k in ("layer", "figures", "notes", "status", "anchor")} == {
        "layer": "claims",
        "figures": ["colonies", "counts"],
        "notes": ["beekeeping"],
        "status": "approximate",
        "anchor": "exact",
    }
    assert data["orphans"] == [
        {
            "id": "gone",
            "layer": "claims",
            "quote": "this sentence is not in the article",
            "reason": "not found",
        }
    ]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <style> and <script>."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.raw: list[str] = []
        self._in_raw = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_raw = tag in ("style", "script")

    def handle_endtag(self, tag):
        self._in_raw = False

    def handle_data(self, data):
        if self._in_raw:
            self.raw.append(data)


def test_the_page_is_self_contained_and_its_policy_forbids_the_network(page):
    assert page.startswith("<!doctype html>")
    parsed = Elements(page)
    for tag, attrs in parsed.tags:
        assert tag not in (
            "link",
            "img",
            "iframe",
            "object",
            "embed",
            "base",
            "image",
            "use",
            "foreignobject",
        ), tag
        assert "src" not in attrs and not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "xlink:href"):
            assert name not in attrs or attrs[name].startswith("https://"), (
                tag,
                attrs,
            )  # links, never fetched
        assert "url(" not in attrs.get("style", "")
        assert not re.search(
            r"url\(\s*['\"]?(?!#)", attrs.get("clip-path", "") + attrs.get("fill", "")
        )
    assert not re.search(r"@import|url\(", "".join(parsed.raw))
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert csp.startswith("default-src &#x27;none&#x27;;")
    assert (
        "connect-src" not in csp
        and "unsafe-eval" not in csp
        and "script-src &#x27;unsafe-inline" not in csp
    )
    scripts = re.findall(r'<script type="module">(.*?)</script>', page, re.DOTALL)
    data_blocks = page.count(
        '<script type="application/ld+json">'
    )  # ClaimReview JSON-LD: data, never run
    assert len(scripts) == 1 and data_blocks <= 1 and page.count("<script") == 1 + data_blocks
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    assert f"script-src &#x27;sha256-{digest}&#x27;" in csp


def test_untrusted_text_is_escaped_everywhere(page):
    assert (
        'alert("title")' not in page.replace("&quot;", '"').split("<title>")[0]
    )  # nothing before the title
    assert (
        "<title>Bees &lt;/title&gt;&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;</title>"
        in page
    )
    for raw in (
        "<img src=x",
        "data:text/html",
        "<b>cost</b>",
        "<beekeeping>",
        "<i>rented</i>",
        '</svg><script>alert("fig")',
    ):
        assert raw not in page, raw
    # The assessment's raw HTML is text (in the panel and the claim's hover title), never an
    # element.
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    tags = Elements(page).tags
    assert all(tag != "img" for tag, _ in tags)
    assert not any(
        "javascript" in value.lower()
        for _, attrs in tags
        for name, value in attrs.items()
        if name != "title"
    )
    assert "Hives &lt;b&gt;cost&lt;/b&gt; about $200" in page  # the article text, shown as written
    assert "Farming &amp; &quot;Food&quot;" in page


def test_layer_toggles_and_the_panel_views(page, reading):
    for layer in ("entities", "claims", "notes"):
        assert (
            f'<input type="checkbox" data-layer="{layer}" data-name="{layer.capitalize()}" checked>'
            in page
        )
    assert '<section class="view" id="view-panel-home">' in page
    for claim in ("two-million", "hive-cost", "gone"):
        assert f'<section class="view" id="view-claim-{claim}" hidden>' in page
    assert '<section class="view" id="view-note-beekeeping" hidden>' in page
    view = page.split('id="view-claim-two-million"')[1].split("</section>\n")[0]
    assert '<blockquote class="quote">about two million honeybee colonies</blockquote>' in view
    assert (
        '<span class="status" data-status="approximate">Approximately right</span>' in view
    )  # in words
    assert "USDA counts <strong>1.9 million</strong>." in view
    # "about two million" was checked (suggested) against 2024: the claim shows its marked variant.
    assert '<div data-figure="colonies.checked-1"></div><div data-figure="counts"></div>' in view
    assert (
        '<a href="https://example.org/book" rel="noopener noreferrer nofollow" '
        'target="_blank">Bee book</a>'
    ) in view
    assert "<li>Bad</li>" in view  # a source whose URL is not http(s) is shown as text
    assert "Not found in the text" in page and "this sentence is not in the article" in page


def test_charts_are_inline_svg_and_stats_are_cards(page):
    store = page.split('<div id="figures" hidden>')[1]
    chart = store.split('id="figure-colonies"')[1].split('<div class="figure-store"')[0]
    # Its text alternative is its numbers in a sentence.
    assert (
        '<svg role="img" aria-label="Colonies '
        "&lt;/svg&gt;&lt;script&gt;alert(&quot;fig&quot;)&lt;/script&gt; "
        '(millions): 2023, 1.9; 2024, 2."'
    ) in chart
    assert "<text" in chart and "Rough <strong>numbers</strong>." in chart
    stat = store.split('id="figure-counts"')[1]
    assert "<svg" not in stat.split("</figure>")[0]
    assert (
        '<span class="value">2,000,000</span><span class="label">Hives '
        "&lt;i&gt;rented&lt;/i&gt;</span>"
    ) in stat
    assert "Source: Evil source</p>" in stat  # javascript: URL dropped, name kept as text
    assert store.count('id="figure-colonies"') == 1  # a figure used by two claims is written once


def test_a_claim_s_checked_rows_are_marked_in_its_own_copy_of_the_chart(page):
    store = page.split('<div id="figures" hidden>')[1]
    marked = store.split('id="figure-colonies.checked-1"')[1].split('<div class="figure-store"')[0]
    plain = store.split('id="figure-colonies"')[1].split('<div class="figure-store"')[0]
    # The text alternative and a caption say which row was checked, by which number.
    assert "Checked by the claim&#x27;s numbers: 2024 (“about two million honeybee”)." in marked
    assert (
        '<p class="caption checked">◇ Checked by the claim&#x27;s numbers: 2024 '
        "(“about two million honeybee”).</p>"
    ) in marked
    assert "checked by: “about two million honeybee”" in marked  # the legend, drawn in the SVG
    assert (
        "Checked by" not in plain and "checked by" not in plain
    )  # hive-cost checked no row: the plain chart
    assert (
        store.count('id="figure-colonies"') == 1
        and store.count('id="figure-colonies.checked-1"') == 1
    )
    # Ids inside the two SVGs never collide.
    assert 'id="chart-colonies.checked-1-' in marked and 'id="chart-colonies-' not in marked


def test_a_checked_stat_card_has_an_outline_and_says_what_checked_it(tmp_path):
    annotations = ANNOTATIONS.replace(
        "    figures: [colonies, counts]\n",
        "    figures: [colonies, counts]\n"
        "    checks: [{number: two million, figure: counts, x: Hives <i>rented</i>}]\n",
    )
    root = make_root(tmp_path, {"bees": ARTICLE}, {"bees": annotations})
    page = export.to_html(open_reading(Root(root), "bees", with_model=False))
    store = page.split('<div id="figures" hidden>')[1]
    stat = store.split('id="figure-counts.checked-1"')[1].split("</figure>")[0]
    assert (
        '<div class="stat checked"><span class="value">2,000,000</span><span '
        'class="label">Hives &lt;i&gt;rented&lt;/i&gt;'
        '</span><span class="check">◇ checked by: “about two million honeybee”</span></div>'
    ) in stat
    assert '<div class="stat"><span class="value">1,500</span>' in stat
    assert ".panel .stat.checked { border: 3px solid" in page


def test_a_marked_chart_that_cannot_be_drawn_has_a_number_check_column(reading, monkeypatch):
    import vl_convert

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec, **kwargs: "not svg at all")
    page = export.to_html(reading)
    marked = page.split('id="figure-colonies.checked-1"')[1].split("</figure>")[0]
    assert "<th>year</th><th>colonies</th><th>number check</th>" in marked
    assert (
        "<tr><td>2023</td><td>1.9</td><td></td></tr><tr><td>2024</td><td>2</td>"
        "<td>checked by: “about two million honeybee”</td></tr>"
    ) in marked


def test_charts_are_made_offline(reading, monkeypatch):
    import vl_convert

    calls = []
    real = vl_convert.vegalite_to_svg

    def spy(spec, **kwargs):
        calls.append(kwargs)
        assert "url" not in str(spec.get("data", {}))
        return real(spec, **kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", spy)
    export.to_html(reading)
    assert calls and all(call.get("allowed_base_urls") == [] for call in calls)


@pytest.mark.parametrize(
    "svg",
    [
        "<svg><script>alert(1)</script></svg>",
        '<svg><a href="https://example.org/">x</a></svg>',
        '<svg><rect onload="alert(1)"/></svg>',
        '<svg><rect fill="url(https://example.org/x)"/></svg>',
        '<svg><image xlink:href="data:x"/></svg>',
        "not svg at all",
    ],
)
def test_a_chart_that_is_not_plainly_inert_becomes_a_table(reading, monkeypatch, svg):
    import vl_convert

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec, **kwargs: svg)
    page = export.to_html(reading)
    chart = page.split('id="figure-colonies"')[1].split("</figure>")[0]
    assert "<svg" not in chart and '<table class="data">' in chart
    assert "<tr><td>2023</td><td>1.9</td></tr><tr><td>2024</td><td>2</td></tr>" in chart


def test_a_chart_that_cannot_be_drawn_becomes_a_table(reading, monkeypatch):
    import vl_convert

    def fail(spec, **kwargs):
        raise ValueError("no")

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", fail)
    chart = export.to_html(reading).split('id="figure-colonies"')[1].split("</figure>")[0]
    assert '<table class="data"><thead><tr><th>year</th><th>colonies</th></tr></thead>' in chart


def test_the_cli_writes_the_seed_article_as_one_file(tmp_path):
    out = tmp_path / "page.html"
    export_seed_html(out)
    page = out.read_text(encoding="utf-8")
    reading = open_reading(Root(PROJECT), "mexico-drug-war", with_model=False)
    charted = {
        f
        for c in reading.annotations.claims
        for f in c.figures
        if f in reading.annotations.figures and reading.annotations.figures[f].type != "stat"
    }
    # One chart per figure, and one per claim whose numbers were checked against some of its rows.
    marked = {
        (f, rows)
        for c in reading.annotations.claims
        for f, rows in (
            (f, tuple(r)) for f, r in checked_rows(reading.numbers.get(c.id, [])).items()
        )
        if f in charted
    }
    unmarked = {
        f
        for c in reading.annotations.claims
        for f in c.figures
        if f in charted and not checked_rows(reading.numbers.get(c.id, [])).get(f)
    }
    assert marked and page.count("<svg") == len(marked) + len(unmarked) > 0
    assert page.count('<section class="view" id="view-claim-') == len(reading.annotations.claims)
