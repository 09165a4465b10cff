"""The query language (library.md, Search): terms, phrases and prefixes, and garbage that never
errors."""

import pytest

from reader.library.query import (
    MAX_TERMS,
    Term,
    as_prefixes,
    match_expression,
    parse_query,
    query_text,
)


def test_words_phrases_and_prefixes():
    assert parse_query('drug "kingpin strategy" sinal*') == [
        Term("drug"),
        Term("kingpin strategy", phrase=True),
        Term("sinal", prefix=True),
    ]


def test_the_expression_quotes_every_term():
    terms = parse_query('drug "kingpin  strategy" sinal*')
    assert match_expression(terms) == '"drug" "kingpin strategy" "sinal"*'


def test_fts_operators_are_words():
    assert match_expression(parse_query("NEAR(a b) OR c")) == '"NEAR(a" "b)" "OR" "c"'


def test_an_unclosed_quote_runs_to_the_end():
    assert parse_query('say "war on') == [Term("say"), Term("war on", phrase=True)]


def test_a_quoted_phrase_with_a_star_is_a_prefix_phrase():
    assert parse_query('"drug wa"*') == [Term("drug wa", phrase=True, prefix=True)]


@pytest.mark.parametrize("query", ["", "   ", '"', '""', "***", "-", "()", "^:", '" * "'])
def test_queries_without_letters_or_digits_are_no_query(query):
    assert match_expression(parse_query(query)) is None


def test_quotes_inside_a_term_cannot_escape_it():
    assert match_expression([Term('a"b')]) == '"a""b"'


def test_a_long_query_is_capped():
    assert len(parse_query("word " * 500)) == MAX_TERMS


def test_terms_are_written_back_in_the_query_language():
    terms = parse_query('merida  "national   guard" pue* "water com"*')
    assert query_text(terms) == 'merida "national guard" pue* "water com"*'
    assert parse_query(query_text(terms)) == terms


def test_a_finder_reads_every_word_outside_quotes_as_a_prefix():
    assert query_text(as_prefixes(parse_query('mer "aid under" init*'))) == 'mer* "aid under" init*'
