"""Finding documents by the words of their titles (the sidebar's finder in a large library), and
the titles found as HTML."""

import re
import sqlite3

import pytest

from reader.library import catalog
from reader.library.catalog import find_titles
from reader.library.index import LibraryIndex
from reader.library.page import FOUND_QUERY_CHARS, found_html
from reader.library.query import MAX_TERMS
from reader.settings import Settings
from reader.sources.documents import Root
from tests.conftest import make_root
from tests.library.fixtures import BEES, BEES_YAML, MERIDA, MERIDA_YAML

ROADS = """\
---
title: Winter roads to MERIDA
---
Snow closed the roads; honey prices rose.
"""

PLAIN = """\
---
title: Mérida
---
The city.
"""


@pytest.fixture
def index(tmp_path):
    root = make_root(
        tmp_path / "root",
        {"merida": MERIDA, "bees": BEES, "roads": ROADS, "city": PLAIN},
        {"merida": MERIDA_YAML, "bees": BEES_YAML},
    )
    index = LibraryIndex(Root(root), Settings(cache_dir=tmp_path / "cache"))
    index.update()
    return index


def test_a_word_of_a_title_finds_it_whatever_its_case_and_accents(index):
    assert find_titles(index, "merida") == [
        ("city", "Mérida"),  # the shortest title first
        ("roads", "Winter roads to MERIDA"),
        ("merida", "Aid under the Mérida Initiative"),
    ]
    assert find_titles(index, "MÉRIDA") == find_titles(index, "merida")
    assert find_titles(index, "Bées WINTER") == [("bees", "Bees in winter")]
    assert find_titles(index, "init*") == [("merida", "Aid under the Mérida Initiative")]


def test_the_words_typed_so_far_are_enough(index):
    assert find_titles(index, "mer") == find_titles(index, "merida")
    assert find_titles(index, "bee WIN") == [("bees", "Bees in winter")]
    assert find_titles(index, "initiatives") == []  # a prefix of a word, not a word of the prefix
    assert find_titles(index, '"aid under"') == [("merida", "Aid under the Mérida Initiative")]
    assert find_titles(index, '"aid und"') == []  # a quoted phrase is whole words


def test_only_titles_are_searched_and_only_documents_found(index):
    assert find_titles(index, "honey") == []  # in two bodies, in no title
    assert find_titles(index, "pillars") == []  # a note's title
    assert find_titles(index, "appropriations") == []  # a figure's title
    assert find_titles(index, "body : honey") == []  # no column of its own: words, all of them
    assert find_titles(index, '") OR body : ("honey') == []


def test_at_most_limit_titles(index):
    assert len(find_titles(index, "merida", limit=2)) == 2
    assert find_titles(index, "winter", limit=1) == [("bees", "Bees in winter")]
    assert catalog.FIND_LIMIT == 10


@pytest.mark.parametrize(
    "query", ["", "   ", '"', "***", "AND OR NOT", "NEAR(a b)", "'; DROP TABLE documents; --", "^:"]
)
def test_any_query_is_safe(index, query):
    assert find_titles(index, query) == []
    with sqlite3.connect(index.path) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (4,)


def test_only_the_first_matches_met_are_sorted(index, monkeypatch):
    every = find_titles(index, "merida")
    monkeypatch.setattr(catalog, "RANKED_TITLES", 2)  # bounds a word in every title
    found = find_titles(index, "merida")
    assert len(found) == 2 and set(found) < set(every)


def test_the_found_titles_as_html_say_back_long_words_shortened():
    page = found_html([("bees", "Bees <in> winter")], query="bees " * 40, current="bees")
    assert '<a class="rd-find-doc" href="?doc=bees" target="_self" aria-current="page">' in page
    assert "Bees &lt;in&gt; winter</a>" in page
    assert "1 title with “bees bees" in page and "bees…”:" in page
    assert len(re.search(r"“([^”]*)”:", page)[1]) == FOUND_QUERY_CHARS
    # The search link reads the words as the finder did, each the start of a word, as many as a
    # search reads.
    assert 'href="?q=bees%2A+bees%2A' in page and page.count("bees%2A") == MAX_TERMS
