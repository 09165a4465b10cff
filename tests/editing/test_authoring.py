"""New entries from a text selection, appended to the YAML as text."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.anchoring import resolve_quote
from reader.editing.authoring import (
    AuthoringError,
    choose_context,
    new_entry,
    new_entry_text,
    yaml_string,
)
from reader.layers.entities import ModelEntities
from reader.reading import build_reading, open_reading
from reader.sources.annotations import parse_annotations
from reader.sources.documents import Root
from tests.conftest import PROJECT

TEXT = "Honey bees cluster to keep warm. The cluster shivers. In spring the cluster breaks up."

FILE = """\
# Bees: curated by hand.
claims:
  - id: keep-warm          # why they cluster
    quote: cluster to keep warm
    assessment: |
      Line one.
      # not a comment: part of the text

# ── NOTES ──
notes:
  - id: spring
    title: Spring
    body: When it gets warm.
    mentions: [spring]
"""


def at(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def entries(text: str, section: str) -> list[dict]:
    return yaml.safe_load(text)[section]


def test_a_claim_is_appended_after_the_last_claim_and_every_old_byte_stays():
    new, entry_id = new_entry_text("claim", TEXT, *at(TEXT, "Honey bees"), FILE)
    assert entry_id == "honey-bees"
    assert new == FILE.replace(
        "      # not a comment: part of the text\n",
        "      # not a comment: part of the text\n  - id: honey-bees\n    quote: Honey bees\n",
    )
    assert parse_annotations(new, "a.yaml")[1] == []


def test_a_repeated_quote_gets_the_shortest_context_that_makes_it_unique():
    entry = new_entry("claim", TEXT, *at(TEXT, "cluster", 1), FILE)
    assert (entry.prefix, entry.suffix) == ("The ", None)
    entry = new_entry("claim", TEXT, *at(TEXT, "the cluster", 0), FILE)
    assert entry.quote == "the cluster" and (entry.prefix, entry.suffix) == (None, None)
    entry = new_entry("claim", TEXT, *at(TEXT, "cluster", 2), FILE)
    assert (entry.prefix, entry.suffix) == ("the ", None)  # shorter than the suffix " breaks"
    assert entries(entry.text, "claims")[-1] == {
        "id": "cluster",
        "quote": "cluster",
        "prefix": "the ",
    }
    entry = new_entry("claim", TEXT, *at(TEXT, "Honey bees cluster"), "")
    assert (entry.prefix, entry.suffix) == (None, None)
    text = "bees. bees swarm. bees"
    assert choose_context(text, *at(text, "bees", 0)) == (None, ".")


def test_context_within_the_paragraph_is_preferred_to_a_shorter_one_across_a_line_break():
    text = "A\n\nMexico plans things. Mexico"
    assert choose_context(text, 3, 9) == (None, " plans")


def test_the_context_always_lands_on_the_selected_place():
    text = "the cat. the cat. the cat sat. a cat. the cat"
    for i in range(text.count("cat")):
        start, end = at(text, "cat", i)
        prefix, suffix = choose_context(text, start, end)
        anchor = resolve_quote(text, "cat", prefix=prefix, suffix=suffix)
        assert (anchor.kind, anchor.start) == ("exact", start)


def test_a_quote_nothing_can_tell_apart_is_refused():
    text = "x " * 600  # the same context on every side, farther than a prefix may reach
    with pytest.raises(AuthoringError, match="occurs 600 times"):
        choose_context(text, 600, 601)


def test_a_note_gets_a_title_and_a_placeholder_body_and_goes_under_notes():
    entry = new_entry("note", TEXT, *at(TEXT, "In spring"), FILE)
    assert entry.entry_id == "in-spring"
    assert entries(entry.text, "notes")[-1] == {
        "id": "in-spring",
        "title": "In spring",
        "quote": "In spring",
        "body": "TODO: write the note.",
    }
    assert entry.text.startswith(
        FILE
    )  # notes is the last section: the entry is simply added at the end
    assert entry.text.splitlines()[entry.line - 1] == "  - id: in-spring"


def test_an_entity_correction_gets_an_obvious_placeholder_label_and_a_new_section():
    entry = new_entry("entity", TEXT, *at(TEXT, "Honey bees"), FILE)
    assert entry.entry_id is None
    assert (
        entry.text
        == FILE
        + "entities:\n  - quote: Honey bees\n    label: TODO   # PERSON, ORG, GPE, DATE, …\n"
    )
    annotations, problems = parse_annotations(entry.text, "a.yaml")
    assert problems == [] and annotations.entities[0].label == "TODO"
    chosen = new_entry("entity", TEXT, *at(TEXT, "Honey bees"), FILE, label="ORG")
    assert entries(chosen.text, "entities") == [{"quote": "Honey bees", "label": "ORG"}]
    with pytest.raises(AuthoringError, match="not an entity label"):
        new_entry("entity", TEXT, *at(TEXT, "Honey bees"), FILE, label="org")


def test_ids_are_never_reused():
    first, first_id = new_entry_text("claim", TEXT, *at(TEXT, "keep warm"), FILE)
    second, second_id = new_entry_text("claim", TEXT, *at(TEXT, "keep warm"), first)
    _third, third_id = new_entry_text("note", TEXT, *at(TEXT, "keep warm"), second)
    assert (first_id, second_id, third_id) == ("keep-warm-2", "keep-warm-3", "keep-warm-4")
    assert (
        new_entry_text("claim", TEXT, *at(TEXT, "Spring".lower()), FILE)[1] == "spring-2"
    )  # a note's id


def test_ids_come_from_the_words_of_the_quote():
    text = "Mérida Initiative, “¡Sí!” — 2,500 kilos; 東京"
    assert (
        new_entry_text("claim", text, *at(text, "Mérida Initiative"), "")[1] == "merida-initiative"
    )
    assert new_entry_text("claim", text, *at(text, "2,500 kilos"), "")[1] == "2-500-kilos"
    assert new_entry_text("claim", text, *at(text, "東京"), "")[1] == "claim"
    long = "one two three four five six seven eight"
    assert new_entry_text("claim", long, 0, len(long), "")[1] == "one-two-three-four-five-six"


def test_surrounding_white_space_of_the_selection_is_dropped():
    entry = new_entry("claim", TEXT, 32, 45, "")
    assert entry.quote == "The cluster"


@pytest.mark.parametrize("start,end", [(5, 5), (10, 3), (-1, 4), (0, 10_000), (32, 33)])
def test_bad_selections_are_refused(start, end):
    with pytest.raises(AuthoringError):
        new_entry("claim", TEXT, start, end, FILE)


def test_a_broken_yaml_file_is_not_touched():
    with pytest.raises(AuthoringError, match="syntax error"):
        new_entry("claim", TEXT, 0, 5, "claims:\n  - id: [x\n")
    with pytest.raises(AuthoringError, match="not a mapping"):
        new_entry("claim", TEXT, 0, 5, "- a\n- b\n")


def test_a_section_written_as_a_flow_list_is_refused_unless_empty():
    with pytest.raises(AuthoringError, match="block list"):
        new_entry("claim", TEXT, 0, 5, "claims: [{id: a, quote: Honey}]\n")
    entry = new_entry("claim", TEXT, 0, 5, "# keep\nclaims: []   # none yet\nnotes:\n")
    assert entries(entry.text, "claims") == [{"id": "honey", "quote": "Honey"}]
    assert "# keep\n" in entry.text and "# none yet" in entry.text


def test_an_empty_section_key_takes_the_entries_right_under_it():
    yaml_text = "claims:    # to do\n\n# later\nnotes:\n"
    entry = new_entry("claim", TEXT, 0, 5, yaml_text)
    assert entry.text == "claims:    # to do\n  - id: honey\n    quote: Honey\n\n# later\nnotes:\n"
    assert entry.line == 2


def test_an_empty_file_and_a_file_without_a_final_newline():
    assert (
        new_entry_text("claim", TEXT, 0, 5, "")[0] == "claims:\n  - id: honey\n    quote: Honey\n"
    )
    text = "claims:\n  - id: a\n    quote: bees"
    assert (
        new_entry_text("claim", TEXT, 0, 5, text)[0] == text + "\n  - id: honey\n    quote: Honey\n"
    )


def test_the_list_indent_and_crlf_line_endings_of_the_file_are_followed():
    text = "claims:\r\n- id: a\r\n  quote: bees\r\n  notes: [spring]\r\n"
    new = new_entry_text("claim", TEXT, 0, 5, text)[0]
    assert new == text + "- id: honey\r\n  quote: Honey\r\n"


def test_entries_ending_in_nested_lists_empty_values_and_flow_mappings():
    for text in (
        "claims:\n  - id: a\n    quote: bees\n    notes:\n      - x\n      - y\n# end\n",
        "claims:\n  - id: a\n    quote: bees\n    status:\n\n# end\n",
        "claims:\n  - {id: a, quote: bees}   # flow\n# end\n",
        "claims:\n  - id: a\n    quote: >-\n      folded\n      text\n\n\n# end\n",
    ):
        new = new_entry_text("claim", TEXT, 0, 5, text)[0]
        assert entries(new, "claims")[-1] == {"id": "honey", "quote": "Honey"}
        assert (
            new.endswith("# end\n")
            and new.replace("  - id: honey\n    quote: Honey\n", "", 1) == text
        )


@pytest.mark.parametrize(
    "value",
    [
        "plain words",
        "yes",
        "2010",
        " leading",
        "trailing ",
        "a: b",
        "x #y",
        "- dash",
        "“curly”",
        'say "hi"',
        "back\\slash",
        "line\nbreak",
        "tab\there",
        "\u2028sep",
        "null",
        "~",
        "@at",
        "%pct",
        "[x]",
        "{y}",
        "'single'",
        "",
        "é",
        "\x85nel",
        "\ufeffbom",
    ],
)
def test_yaml_strings_read_back_exactly(value):
    assert yaml.safe_load(f"k: {yaml_string(value)}\n") == {"k": value}


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_string_reads_back_exactly(value):
    assert yaml.safe_load(f"k: {yaml_string(value)}\n") == {"k": value}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_selection_becomes_an_entry_that_anchors_where_it_was_selected(data):
    text = data.draw(
        st.text(alphabet="ab .\n", min_size=3, max_size=40).filter(lambda t: t.strip())
    )
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():
        return
    try:
        entry = new_entry("claim", text, start, end, FILE)
    except AuthoringError as exc:
        assert "no nearby text tells this one apart" in str(exc)
        return
    claim = entries(entry.text, "claims")[-1]
    anchor = resolve_quote(
        text, claim["quote"], prefix=claim.get("prefix"), suffix=claim.get("suffix")
    )
    assert anchor.kind == "exact" and text[anchor.start : anchor.end] == text[start:end].strip()
    assert anchor.score == pytest.approx(
        1.0
    )  # the context agrees in full: no "partial context" warning
    lines = entry.text.splitlines(keepends=True)
    added = len(lines) - len(FILE.splitlines())
    assert "".join(lines[: entry.line - 1] + lines[entry.line - 1 + added :]) == FILE


def test_on_the_real_article_a_repeated_phrase_becomes_a_valid_claim():
    root = Root(PROJECT)
    reading = open_reading(root, "mexico-drug-war", with_model=False)
    text = reading.text
    original = root.annotations_path("mexico-drug-war").read_text(encoding="utf-8")
    start, end = at(text, "National Guard", 2)
    shared = reading.annotations.shared  # the shared evidence its claims link; its ids are taken
    assert shared is not None and "national-guard" in shared.notes
    taken = {*shared.figures, *shared.notes}
    entry = new_entry("claim", text, start, end, original, taken=taken)
    assert entry.entry_id == "national-guard-2"
    annotations, problems = parse_annotations(entry.text, "a.yaml", shared=shared)
    after = build_reading(reading.document, annotations, problems, ModelEntities((), None))
    assert (after.anchors[entry.entry_id].start, after.anchors[entry.entry_id].end) == (start, end)
    before_errors = [p.message for p in reading.problems if p.is_error]
    assert [p.message for p in after.problems if p.is_error] == before_errors
    lines = entry.text.splitlines(keepends=True)
    added = len(lines) - len(original.splitlines(keepends=True))
    assert (
        added >= 3
        and "".join(lines[: entry.line - 1] + lines[entry.line - 1 + added :]) == original
    )
