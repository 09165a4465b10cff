"""Saved web pages: the article's body and metadata, without the page's furniture."""

import pytest

from reader.importing import Unreadable, extract
from reader.importing.web import html_blocks, safe_source

NEWS_PAGE = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Murders rise 24% in Sinaloa | The Daily Planet</title>
<meta property="og:title" content="Murders rise 24% in Sinaloa">
<meta name="author" content="María López">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://example.com/news/murders-rise">
<script>document.title = "pwned"; fetch("https://evil.example/steal")</script>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Murders rise 24% in Sinaloa",
"author":{"@type":"Person","name":"María López"},"datePublished":"2024-03-05"}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience.
<button>Accept all</button></div>
<article>
<h1>Murders rise 24% in Sinaloa</h1>
<div class="share">Share on Facebook · Share on X · Email</div>
<p>The number of murders in Sinaloa rose by 24% in 2023, according to INEGI,
the national statistics agency — the highest since 2011.</p>
<h2>A long war</h2>
<p>“It’s a crisis,” said the state’s governor, Rubén Rocha. Officials blamed a split
in the cartel that began in Culiacán last summer.</p>
<p>Analysts expect the violence to spread north to Sonora and Chihuahua over the coming year,
a re-run of 2010.</p>
</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Drought hits the north</a></li>
<li><a href="/b">Peso falls</a></li></ul></aside>
<section id="comments"><h3>Comments</h3>
<p>Great article, thanks for writing it! — Bob from Ohio</p></section>
<footer>© 2024 The Daily Planet. All rights reserved.</footer>
</body></html>
"""


def test_a_news_page_gives_its_body_headings_and_metadata():
    article = extract("page.html", NEWS_PAGE.encode())
    assert article.title == "Murders rise 24% in Sinaloa"
    assert article.author == ["María López"]
    assert article.published == "2024-03-05"
    assert article.source == "https://example.com/news/murders-rise"
    assert [(b.kind, b.text) for b in article.blocks] == [
        (
            "paragraph",
            "The number of murders in Sinaloa rose by 24% in 2023, according to INEGI, "
            "the national statistics agency — the highest since 2011.",
        ),
        ("heading", "A long war"),
        (
            "paragraph",
            "“It’s a crisis,” said the state’s governor, Rubén Rocha. Officials blamed a split "
            "in the cartel that began in Culiacán last summer.",
        ),
        (
            "paragraph",
            "Analysts expect the violence to spread north to Sonora and Chihuahua over the "
            "coming year, a re-run of 2010.",
        ),
    ]


def test_nothing_of_the_page_furniture_or_scripts_comes_through():
    text = " ".join(b.text for b in extract("page.htm", NEWS_PAGE.encode()).blocks)
    for furniture in (
        "cookies",
        "Share on",
        "Related",
        "Drought",
        "Bob",
        "rights",
        "pwned",
        "fetch",
    ):
        assert furniture not in text


def test_a_page_of_links_is_no_article():
    links = "".join(f'<li><a href="/s/{i}">Story number {i}</a></li>' for i in range(40))
    page = f"<html><body><nav><ul>{links}</ul></nav></body></html>"
    with pytest.raises(Unreadable, match="no article text"):
        extract("index.html", page.encode())


def test_a_page_nested_beyond_the_cap_is_refused_naming_the_cap():
    page = "<div>" * 5_000 + "<p>" + "word " * 100 + "</p>" + "</div>" * 5_000
    with pytest.raises(Unreadable, match="more than 200 levels deep"):
        extract("deep.html", page.encode())


def test_only_web_addresses_are_kept_as_the_source():
    assert safe_source("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_source("javascript:alert(1)") is None
    assert safe_source("https://user:pw@example.com/") is None
    assert safe_source("/relative/path") is None


def test_a_first_heading_repeating_the_title_is_left_to_the_front_matter():
    html = "<h1>Bees</h1><p>Bees cluster in winter.</p><h2>Bees</h2>"
    assert [(b.kind, b.text) for b in html_blocks(html, title="Bees")] == [
        ("paragraph", "Bees cluster in winter."),
        ("heading", "Bees"),
    ]


def test_a_page_in_windows_1252_keeps_its_characters():
    page = NEWS_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    article = extract("page.html", page.encode("cp1252"))
    assert "“It’s a crisis,” said the state’s governor, Rubén Rocha." in article.blocks[2].text
