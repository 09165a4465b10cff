"""Appending entries to annotation YAML as text (reader.editing.appending): existing bytes stay,
values read back."""

import yaml

from reader.editing.appending import append_lines, choose_context, slugify, unused_id, yaml_scalar
from reader.editing.authoring import new_entry


def test_words_yaml_reads_as_booleans_or_null_are_quoted():
    for word in [
        "NO",
        "no",
        "ON",
        "Yes",
        "null",
        "~",
        "true",
        "1e3",
        "0x1F",
        "- a",
        "a: b",
        "#x",
        "",
    ]:
        written = yaml_scalar(word)
        assert yaml.safe_load(f"k: {written}")["k"] == word, written


def test_an_entity_labelled_no_keeps_its_label():
    text = "NO is a country code here."
    entry = new_entry("entity", text, 0, 2, "entities:\n", label="NO")
    assert yaml.safe_load(entry.text)["entities"] == [{"quote": "NO", "label": "NO"}]


def test_lines_go_at_the_end_of_their_section_and_every_byte_before_stays():
    original = "# curated by hand\nclaims:\n  - id: a   # first\n    quote: x\n\nnotes: []\n"
    text, line = append_lines(original, "claims", ["- id: b", "  quote: y"])
    assert text == (
        "# curated by hand\nclaims:\n  - id: a   # first\n    quote: x\n  - id: b\n"
        "    quote: y\n\nnotes: []\n"
    )
    assert line == 5


def test_a_null_section_or_a_missing_one_becomes_a_block_list():
    for original in ["claims: ~\n", "claims: null\n", "claims: []\n"]:
        text, _ = append_lines(original, "claims", ["- id: b"])
        assert yaml.safe_load(text) == {"claims": [{"id": "b"}]}, original
    text, line = append_lines("notes:\n  - id: n\n", "claims", ["- id: b"])
    assert yaml.safe_load(text) == {"notes": [{"id": "n"}], "claims": [{"id": "b"}]} and line == 4


def test_windows_line_breaks_are_kept():
    text, _ = append_lines("claims:\r\n  - id: a\r\n", "claims", ["- id: b"])
    assert text == "claims:\r\n  - id: a\r\n  - id: b\r\n"


def test_context_is_whole_words_and_only_when_the_quote_repeats():
    text = "the guard grew. Later the guard shrank."
    second = text.index("guard", 10)
    assert choose_context(text, 4, 9) == (None, " grew.")
    assert choose_context(text, second, second + 5) == (
        None,
        " shrank.",
    )  # shorter than "Later the "
    assert choose_context("a b. a c.", 0, 1) == (None, " b.")
    assert choose_context("only once here", 5, 9) == (None, None)


def test_ids_come_from_the_quote_and_never_collide():
    assert (
        slugify("Mérida Initiative’s $2 billion, 2008–2021") == "merida-initiative-s-2-billion-2008"
    )
    assert unused_id("a", {"a", "a-2"}) == "a-3" and unused_id("b", {"a"}) == "b"
