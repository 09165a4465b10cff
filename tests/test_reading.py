"""A Reading anchors every annotation, reports how each quote landed, and keeps orphans."""

from reader.layers.entities import ModelEntities
from reader.reading import build_reading
from reader.sources.annotations import parse_annotations
from reader.sources.documents import parse_document

ARTICLE = """---
title: Mexico and its neighbours
---
With Trump here. Trump there. Trump again.

The Merida Initiative began in 2007; the Merida Initiative ended in 2021.
"""


def read(yaml_text: str, found=()):
    document, problems = parse_document("demo", ARTICLE, "article/demo.md")
    annotations, more = parse_annotations(yaml_text, "annotations/demo.yaml")
    return build_reading(
        document, annotations, problems + more, ModelEntities(tuple(found), "test 1")
    )


def test_claims_notes_and_entities_become_spans():
    reading = read(
        """\
claims:
  - {id: began, quote: began in 2007, status: supported}
notes:
  - {id: merida, title: Mérida Initiative, body: A package., mentions: [Merida Initiative]}
entities:
  - {text: Merida Initiative, label: LAW, note: merida}
""",
        found=[(0, 6, "GPE")],
    )
    assert reading.problems == []
    by_layer = {
        layer: [(reading.text[s.start : s.end], s.id) for s in reading.spans if s.layer == layer]
        for layer in ("claims", "notes", "entities")
    }
    assert by_layer["claims"] == [("began in 2007", "began")]
    assert [text for text, _ in by_layer["notes"]] == ["Merida Initiative", "Merida Initiative"]
    assert by_layer["entities"] == [
        ("Mexico", "e1"),
        ("Merida Initiative", "e2"),
        ("Merida Initiative", "e3"),
    ]
    assert reading.layer_counts == {"entities": 3, "claims": 1, "notes": 1}
    assert reading.label_counts == {"GPE": 1, "LAW": 2}
    assert [s.id for s in reading.spans_with_id("merida")] == ["merida@75", "merida@112"]


def test_repeated_quote_without_context_is_an_error_and_an_orphan():
    reading = read("claims:\n  - {id: t, quote: Trump}\n")
    assert [str(p) for p in reading.problems] == [
        (
            "annotations/demo.yaml:2:20: error: claim 't': quote matches 3 places; add a "
            "prefix or suffix"
        )
    ]
    assert [(o.id, o.reason) for o in reading.orphans] == [("t", "ambiguous")]
    assert not [s for s in reading.spans if s.layer == "claims"]


def test_prefix_chooses_and_partial_context_warns():
    exact = read('claims:\n  - {id: t, quote: Trump, suffix: " there"}\n')
    assert exact.problems == [] and exact.anchors["t"].start == exact.text.index("Trump there")
    partial = read('claims:\n  - {id: t, quote: Trump, prefix: "Wit "}\n')
    assert [p.severity for p in partial.problems] == ["warning"]
    assert "agree only in part" in partial.problems[0].message


def test_an_edited_quote_anchors_approximately_with_a_warning():
    reading = read("claims:\n  - {id: b, quote: Initiative begun in 2007}\n")
    assert len(reading.problems) == 1 and reading.problems[0].severity == "warning"
    assert "“Initiative began in 2007”" in reading.problems[0].message
    assert reading.anchors["b"].kind == "fuzzy"


def test_orphans_are_kept_and_listed():
    reading = read(
        "claims:\n  - {id: gone, quote: an entirely different sentence}\nnotes:\n"
        "  - {id: n, title: N, body: B., quote: nothing like this at all}\n"
    )
    assert [(o.id, o.layer, o.reason) for o in reading.orphans] == [
        ("gone", "claims", "not found"),
        ("n", "notes", "not found"),
    ]
    assert all(p.severity == "error" and "orphan" in p.message for p in reading.problems)


def test_mentions_that_never_occur_warn():
    reading = read("notes:\n  - {id: n, title: N, body: B., mentions: [Mérida Initiative]}\n")
    assert [str(p) for p in reading.problems] == [
        (
            "annotations/demo.yaml:2:44: warning: note 'n': mention 'Mérida Initiative' "
            "does not occur in the document"
        )
    ]


def test_a_claims_hover_preview_has_no_markdown_syntax(tmp_path):
    from reader.reading import open_reading
    from reader.sources.documents import Root
    from tests.conftest import make_root

    make_root(
        tmp_path,
        {"d": "---\ntitle: T\n---\nHomicides tripled by 2010.\n"},
        {
            "d": "claims:\n  - id: c\n    quote: Homicides tripled\n    status: misdated\n"
            '    assessment: "The rate reached **24** in [2011](https://example.org/)."\n'
        },
    )
    reading = open_reading(Root(tmp_path), "d", with_model=False)
    preview = next(s.preview for s in reading.spans if s.layer == "claims")
    assert preview == "Misdated: The rate reached 24 in 2011."


def test_a_claims_notes_include_those_mentioned_inside_its_quote(tmp_path):
    from reader.reading import open_reading
    from reader.sources.documents import Root
    from tests.conftest import make_root

    make_root(
        tmp_path,
        {"d": "---\ntitle: T\n---\nThe Merida Initiative cost Mexico dearly, said Calderón.\n"},
        {
            "d": "claims:\n  - id: c\n    quote: The Merida Initiative cost Mexico dearly\n"
            "    notes: [calderon]\n"
            "notes:\n  - id: merida\n    title: Mérida\n    body: A plan.\n"
            "    mentions: [Merida Initiative]\n"
            "  - id: calderon\n    title: Calderón\n    body: A president.\n"
            "    mentions: [Calderón]\n"
        },
    )
    reading = open_reading(Root(tmp_path), "d", with_model=False)
    assert [n.id for n in reading.claim_notes(reading.claim("c"))] == ["calderon", "merida"]
