"""The fixture pages of tests/data/importing: each saved page gives back its article."""

import pytest

from benchmarks.importing import word_f1
from benchmarks.importing_pages import DATA, articles, blocks_of, render
from reader.importing import extract

ARTICLES = articles()


def test_there_are_at_least_twelve_pages_and_each_is_its_layout_rendered():
    assert len(ARTICLES) >= 12
    for article in ARTICLES:
        assert (DATA / "pages" / f"{article['slug']}.html").read_text("utf-8") == render(article)


@pytest.mark.parametrize("article", ARTICLES, ids=[a["slug"] for a in ARTICLES])
def test_each_page_gives_its_body_title_and_date(article):
    found = extract("page.html", (DATA / "pages" / f"{article['slug']}.html").read_bytes())
    body = " ".join(text for _, text in blocks_of(article))
    assert word_f1(" ".join(b.text for b in found.blocks), body) >= 0.9
    assert (found.title, found.published) == (article["title"], article["published"])


def test_word_f1_counts_repeated_words():
    assert word_f1("a a b", "a b") == pytest.approx(0.8)
    assert word_f1("x", "a b") == 0.0
