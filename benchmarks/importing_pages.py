"""The importer's fixture pages: tests/data/importing/articles.yaml (each article's true metadata
and body) laid out as saved pages of news, report, blog and government sites, with their furniture
(navigation, cookie banners, share bars, related links, newsletter boxes, comments) and bylines
in meta tags, JSON-LD or the markup. ``python -m benchmarks.importing_pages`` writes pages/*.html.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "importing"

__all__ = ["DATA", "articles", "blocks_of", "render", "write_pages"]


def articles() -> list[dict[str, Any]]:
    return yaml.safe_load((DATA / "articles.yaml").read_text("utf-8"))


def blocks_of(article: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("heading", line[3:]) if line.startswith("## ") else ("paragraph", line)
        for line in article["body"].strip().split("\n")
    ]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _body(article: dict[str, Any], *, lists: bool = False, between: list[str] = ()) -> str:
    """The article's blocks as HTML; `lists`: short paragraphs after a heading as a list;
    `between`: furniture put after the first paragraphs."""
    out: list[str] = []
    items: list[str] = []
    extra = list(between)
    for kind, text in blocks_of(article):
        if kind == "heading":
            if items:
                out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
                items = []
            out.append(f"<h2>{_e(text)}</h2>")
        elif lists and len(text.split()) < 14:
            items.append(_e(text))
        else:
            if items:
                out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
                items = []
            out.append(f"<p>{_e(text)}</p>")
            if extra and len(out) % 2 == 0:
                out.append(extra.pop(0))
    if items:
        out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    return "\n".join(out)


def _day(iso: str) -> str:
    import datetime

    return datetime.date.fromisoformat(iso).strftime("%-d %B %Y")


NAV = (
    '<header><a class="logo" href="/">The Daily Planet</a><nav><ul><li><a href="/world">World</a>'
    '</li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>'
    '<li><a href="/science">Science</a></li><li><a href="/sport">Sport</a></li></ul></nav>'
    '<form action="/search"><input name="q" placeholder="Search"></form></header>'
)
COOKIES = (
    '<div id="cookie-consent" role="dialog"><p>We and our 143 partners use cookies to personalise '
    "content and ads, and to analyse our traffic. You can change your choices at any time.</p>"
    "<button>Accept all</button> <button>Manage preferences</button></div>"
)
SHARE = (
    '<div class="share-bar"><a href="https://facebook.com/sharer">Share on Facebook</a> '
    '<a href="https://x.com/intent">Share on X</a> <a href="mailto:?">Email this story</a></div>'
)
RELATED = (
    '<aside class="related"><h3>More on this story</h3><ul>'
    '<li><a href="/a">Drought leaves northern farmers counting losses</a></li>'
    '<li><a href="/b">Peso slides to a two-year low against the dollar</a></li>'
    '<li><a href="/c">Opinion: the election nobody wanted</a></li></ul></aside>'
)
COMMENTS = (
    '<section id="comments"><h3>Comments (3)</h3>'
    '<div class="comment"><p class="who">reader_1977</p><p>Great reporting as always, thank you '
    "for covering this when nobody else does.</p></div>"
    '<div class="comment"><p class="who">Bob from Ohio</p><p>I don’t believe a word of these '
    "official statistics, they change them every year.</p></div></section>"
)
FOOTER = (
    '<footer><ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a>'
    '</li><li><a href="/terms">Terms</a></li></ul><p>© 2024 The Daily Planet Ltd. All rights '
    "reserved.</p></footer>"
)
NEWSLETTER = (
    '<div class="newsletter"><h3>Get the morning briefing</h3><p>Sign up for our free newsletter '
    "and get the day’s top stories in your inbox.</p><form><input type=email>"
    "<button>Sign up</button></form></div>"
)
SCRIPT = '<script>window.dataLayer=[];document.write("<p>injected ad text</p>")</script>'


def _page(head: str, body: str, *, lang: str = "en") -> str:
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">\n{head}\n{SCRIPT}\n'
        f"</head><body>\n{body}\n</body></html>\n"
    )


def _meta(a: dict[str, Any], site: str) -> str:
    return (
        f"<title>{_e(a['title'])} | {site}</title>\n"
        f'<meta property="og:title" content="{_e(a["title"])}">\n'
        f'<meta property="og:site_name" content="{site}">\n'
        f'<link rel="canonical" href="https://{site.lower().replace(" ", "")}.example/{a["slug"]}">'
    )


def _jsonld(a: dict[str, Any], kind: str = "NewsArticle", person: bool = True) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": a["title"],
        "author": [{"@type": "Person" if person else "Organization", "name": a["author"]}],
        "datePublished": a["published"] + "T08:30:00+00:00",
    }
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def render(a: dict[str, Any]) -> str:
    t, by, day = _e(a["title"]), _e(a["author"]), a["published"]
    layout = a["layout"]
    if layout == "news":
        head = (
            _meta(a, "The Daily Planet")
            + f'\n<meta name="author" content="{by}">'
            + f'\n<meta property="article:published_time" content="{day}T10:00:00Z">'
        )
        body = (
            f"{NAV}{COOKIES}<main><article><h1>{t}</h1><p class=byline>By {by}</p>"
            f'<p class="dateline">{_day(day)}</p>{SHARE}\n{_body(a)}\n{SHARE}</article>'
            f"{RELATED}{COMMENTS}</main>{FOOTER}"
        )
    elif layout == "jsonld":
        head = f"<title>{t}</title>\n{_jsonld(a)}"
        body = (
            f"{NAV}<main><article><header><h1>{t}</h1><div class=meta>{by} · Science desk</div>"
            f"</header>\n{_body(a, between=[NEWSLETTER])}\n</article><aside class=most-read>"
            "<h3>Most read</h3><ol><li><a href=/1>The ten best walks in the Alps</a></li>"
            "<li><a href=/2>Why your cat ignores you</a></li></ol></aside></main>" + FOOTER
        )
    elif layout == "report":
        head = (
            f'<title>{t} — Institute for Economic Research</title>\n<meta name="citation_title" '
            f'content="{t}">\n<meta name="citation_author" content="{by}">\n'
            f'<meta name="citation_publication_date" content="{day.replace("-", "/")}">'
        )
        toc = "".join(
            f"<li><a href='#s{i}'>{_e(x)}</a></li>"
            for i, (k, x) in enumerate(blocks_of(a))
            if k == "heading"
        )
        body = (
            "<header><a href=/>Institute for Economic Research</a><nav><a href=/research>Research"
            "</a> <a href=/events>Events</a> <a href=/experts>Experts</a></nav></header><div "
            f"class=layout><aside class=toc><h4>Contents</h4><ol>{toc}</ol><a class=button "
            f"href=/report.pdf>Download the full report (PDF, 2.3 MB)</a></aside><main><h1>{t}"
            f"</h1><div class=authors>Report by <a rel=author href=/experts/x>{by}</a> · "
            f"<time datetime={day}>{_day(day)}</time></div>\n{_body(a)}\n<section class=cite>"
            "<h4>Cite this report</h4><p>Institute for Economic Research (2024), Working paper "
            "24/3.</p></section></main></div>" + FOOTER
        )
    elif layout == "blog":
        head = f"<title>{t} – Notes from the apiary</title>\n" + _jsonld(a, "BlogPosting")
        body = (
            "<div id=page><header class=site-header><p class=site-title><a href=/>Notes from the "
            "apiary</a></p><p class=site-description>A beekeeper’s diary</p></header><div "
            f"id=content><article class=post><header class=entry-header><h1 class=entry-title>{t}"
            f"</h1><div class=entry-meta><span class=posted-on><time class='entry-date published' "
            f"datetime={day}T09:00:00+01:00>{_day(day)}</time></span> <span class='byline author "
            f"vcard'><a class='url fn n' href=/author/jonas>{by}</a></span></div></header><div "
            f"class=entry-content>\n{_body(a)}\n</div><footer class=entry-footer>Posted in <a "
            "href=/c/bees>Bees</a>, <a href=/c/winter>Winter</a></footer></article><div "
            "id=comments class=comments-area><h2 class=comments-title>2 thoughts on this post</h2>"
            "<ol><li><p>Same here in Gävle, the bees were out on the 23rd!</p></li><li><p>Do you "
            "use fondant or syrup for the light hives?</p></li></ol><h3>Leave a reply</h3><form>"
            "<textarea></textarea></form></div></div><aside class=widget-area><h2>Archives</h2>"
            "<ul><li><a href=/2023/11>November 2023</a></li><li><a href=/2023/10>October 2023"
            "</a></li></ul></aside></div>"
        )
    elif layout == "wire":
        head = (
            f"<title>{t}</title>\n<meta name=author content='{by}'>\n"
            f"<meta name=date content='{day}'>\n"
            f"<meta name=description content='{_e(blocks_of(a)[0][1][:150])}'>"
        )
        body = (
            f"{NAV}<div class=article-body><h1>{t}</h1><div class=byline>By {by}</div>"
            f"\n{_body(a)}\n<p class=credit>Editing by the Latin America desk</p></div>"
            "<div class=trust>Our Standards: The Trust Principles.</div>" + FOOTER
        )
    elif layout == "explainer":
        head = _meta(a, "Health Today") + "\n" + _jsonld(a)
        body = (
            f"{NAV}{COOKIES}<main><article><h1>{t}</h1><div class=byline>{by}</div>{SHARE}"
            f"\n{_body(a, lists=True)}\n</article>{RELATED}</main>{FOOTER}"
        )
    elif layout == "government":
        head = (
            f"<title>{t} - GOV</title>\n<meta name=author content='{by}'>\n"
            f"<meta name='DC.date.issued' content='{day}'>\n"
            f"<meta property=article:published_time content='{day}'>"
        )
        body = (
            "<a href=#main class=skip>Skip to main content</a><header><a href=/>GOV</a></header>"
            "<nav class=breadcrumbs><ol><li><a href=/>Home</a></li><li><a href=/transport>"
            "Transport</a></li><li><a href=/rail>Rail</a></li></ol></nav><main id=main>"
            f"<span class=type>Press release</span><h1>{t}</h1><dl><dt>From:</dt><dd>{by}</dd>"
            f"<dt>Published</dt><dd>{_day(day)}</dd></dl>\n{_body(a)}\n<h2 class=share>Share "
            "this page</h2><ul><li><a href=#>Facebook</a></li><li><a href=#>Twitter</a></li></ul>"
            "</main><div class=feedback><h2>Is this page useful?</h2><button>Yes</button>"
            "<button>No</button><a href=/report>Report a problem with this page</a></div>"
            "<footer><p>All content is available under the Open Government Licence, except where"
            " otherwise stated.</p></footer>"
        )
    elif layout == "magazine":
        head = _meta(a, "The Long Read") + "\n" + _jsonld(a)
        first = blocks_of(a)[1][1]
        body = (
            f"{NAV}<article><figure class=hero><img src=/reef.jpg alt=''><figcaption>Heron Island "
            f"at low tide. Photograph: Agency</figcaption></figure><h1>{t}</h1><p class=standfirst>"
            f"Three years after a heatwave bleached half its coral, a reef in Queensland is coming "
            f"back — faster than anyone expected</p><p class=byline>by <a rel=author "
            f"href=/p/sam>{by}</a></p>\n"
            + _body(
                a,
                between=[
                    f"<aside class=pullquote><blockquote>{_e(first[:90])}</blockquote></aside>"
                ],
            )
            + f"\n{SHARE}</article>{RELATED}{FOOTER}"
        )
    elif layout == "ngo":
        head = (
            _meta(a, "Water Access Network")
            + f"\n<meta name=author content='{by}'>\n"
            + (f"<meta property=article:published_time content='{day}T00:00:00Z'>")
        )
        donate = (
            "<div class=donate-box><h3>Give clean water</h3><p>£25 can give a family safe water "
            "for a year. Donate today and your gift will be doubled.</p><a class=button "
            "href=/donate>Donate now</a></div>"
        )
        body = (
            f"<div class=cookie-modal>{COOKIES}</div><header><a href=/>Water Access Network</a>"
            "<nav><a href=/work>Our work</a> <a href=/news>News</a> <a href=/donate>Donate</a>"
            f"</nav></header><main><h1>{t}</h1><p class=date>{_day(day)}</p>\n"
            f"{_body(a, between=[donate])}\n</main>{NEWSLETTER}{FOOTER}"
        )
    elif layout == "local":
        head = _meta(a, "Bridgeford Echo") + f"\n<meta name=author content='{by}'>"
        read_more = (
            "<p class=read-more><strong>Read more:</strong> <a href=/x>Council tax to rise by "
            "4.99% from April</a></p>"
        )
        advert = "<div class=ad-slot><span>Advertisement</span></div>"
        body = (
            f"{NAV}<main><article><h1>{t}</h1><div class=byline><span class=author>{by}</span>"
            f" <time datetime='{day}T07:00:00Z' class=published>{_day(day)}</time></div>"
            f"\n{_body(a, between=[read_more, advert])}\n</article>{COMMENTS}</main>{FOOTER}"
        )
    elif layout == "factcheck":
        head = (
            _meta(a, "CheckPoint")
            + "\n"
            + _jsonld(a)
            + "\n"
            + '<script type="application/ld+json">{"@type": "ClaimReview", "claimReviewed": '
            '"62% cycle to work", "reviewRating": {"alternateName": "Misleading"}}</script>'
        )
        body = (
            f"{NAV}<main><article><p class=kicker>Fact check</p><h1>{t}</h1><div class=byline>"
            f"By {by} · {_day(day)}</div><div class=rating-box><span>Rating:</span> "
            f"<strong>Misleading</strong></div>\n{_body(a)}\n<div class=sources><h3>Sources</h3>"
            "<ul><li><a href=/s1>City of Copenhagen bicycle account</a></li></ul></div></article>"
            f"</main>{FOOTER}"
        )
    elif layout == "opinion":
        head = (
            f"<title>{t} | El Diario</title>\n<meta itemprop=datePublished content='{day}'>\n"
            f"<meta name=author content='{by}'>"
        )
        body = (
            "<header><a href=/>El Diario</a><nav><a href=/opinion>Opinión</a> <a href=/mexico>"
            f"México</a></nav></header><main><article><span class=section>Opinión</span><h1>{t}"
            f"</h1><div class=autor>Por <a rel=author href=/autor/lf>{by}</a></div>\n{_body(a)}"
            "\n<p class=disclaimer>Las opiniones expresadas son responsabilidad de su autora.</p>"
            "</article><section id=comentarios><h3>Comentarios</h3><p>Excelente columna, ojalá la "
            "lean en el gobierno.</p></section></main><footer>© El Diario</footer>"
        )
        return _page(head, body, lang="es")
    else:
        raise ValueError(layout)
    return _page(head, body)


def write_pages() -> list[Path]:
    folder = DATA / "pages"
    folder.mkdir(exist_ok=True)
    written = []
    for article in articles():
        path = folder / f"{article['slug']}.html"
        path.write_text(render(article), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_pages():
        print(path)
