"""Validation of annotation files: every problem names its line and column."""

from reader.sources.annotations import parse_annotations

GOOD = """\
claims:
  - id: homicides-tripled
    quote: homicides to triple
    figures: [homicide-rate]
    notes: [calderon]
    status: misdated
figures:
  - id: homicide-rate
    title: Homicides per 100,000
    type: line
    x: year
    y: rate
    data:
      - {year: 2007, rate: 8}
      - {year: 2011, rate: 24}
    highlight: [2011]
    source: {name: INEGI, url: "https://www.inegi.org.mx/"}
notes:
  - id: calderon
    title: Felipe Calderón
    body: President of Mexico, 2006–2012.
    mentions: [Calderón]
entities:
  - text: AMLO
    label: PERSON
"""


def messages(text: str) -> list[str]:
    return [str(p) for p in parse_annotations(text, "a.yaml")[1]]


def test_a_good_file_has_no_problems():
    annotations, problems = parse_annotations(GOOD, "a.yaml")
    assert problems == []
    assert [c.id for c in annotations.claims] == ["homicides-tripled"]
    assert list(annotations.figures) == ["homicide-rate"] and list(annotations.notes) == [
        "calderon"
    ]
    assert annotations.entities[0].label == "PERSON"


def test_empty_file_and_empty_sections_are_valid():
    assert messages("") == []
    assert messages("# only a comment\n") == []
    assert messages("claims:\nnotes: []\n") == []


def test_unknown_reference_names_the_place_and_suggests():
    text = GOOD.replace("figures: [homicide-rate]", "figures: [homicide-rat]")
    assert messages(text) == [
        "a.yaml:4:15: error: claim 'homicides-tripled' links to figure "
        "'homicide-rat', which does not exist "
        "(did you mean 'homicide-rate'?)"
    ]


def test_unknown_key_suggests_the_right_one():
    assert messages(GOOD.replace("    status: misdated", "    statsu: misdated")) == [
        (
            "a.yaml:6:5: error: unknown key 'statsu' in claim 'homicides-tripled' (did "
            "you mean 'status'?)"
        )
    ]
    assert messages(GOOD + "clams: []\n") == [
        "a.yaml:26:1: error: unknown top-level key 'clams' (did you mean 'claims'?)"
    ]


def test_bad_status_value():
    assert messages(GOOD.replace("status: misdated", "status: wrong-ish")) == [
        "a.yaml:6:13: error: claim 'homicides-tripled': status 'wrong-ish' is not one "
        "of supported, approximate, "
        "misdated, disputed, incorrect, unconfirmed"
    ]


def test_wrong_types():
    assert messages(GOOD.replace("quote: homicides to triple", "quote: 42")) == [
        "a.yaml:3:12: error: claim 'homicides-tripled': 'quote' should be a valid string"
    ]
    assert messages(GOOD.replace("figures: [homicide-rate]", "figures: homicide-rate")) == [
        "a.yaml:4:14: error: claim 'homicides-tripled': 'figures' should be a valid list"
    ]


def test_duplicate_ids_across_sections():
    text = GOOD.replace("  - id: calderon", "  - id: homicide-rate")
    problems = messages(text.replace("notes: [calderon]", "notes: []"))
    assert (
        "a.yaml:19:9: error: duplicate id 'homicide-rate' (already used by the figure at line 8)"
        in problems
    )


def test_figure_rows_missing_fields_or_not_numbers():
    text = GOOD.replace("- {year: 2011, rate: 24}", "- {year: 2011}").replace(
        "- {year: 2007, rate: 8}", "- {year: 2007, rate: eight}"
    )
    assert messages(text) == [
        "a.yaml:14:28: error: figure 'homicide-rate': row 1: 'rate' must be a number, got 'eight'",
        "a.yaml:15:9: error: figure 'homicide-rate': row 2 has no 'rate'",
    ]


def test_a_claim_linking_a_broken_figure_is_not_reported_twice():
    text = GOOD.replace("- {year: 2011, rate: 24}", "- {year: 2011}")
    assert len(messages(text)) == 1


def test_stat_figures_need_label_and_numeric_value():
    text = """\
figures:
  - id: arrests
    title: Detentions
    type: stat
    data:
      - {label: "Federal Police, 2018", value: 21702}
      - {label: "National Guard, 2022", value: lots}
    source: {name: INEGI}
"""
    assert messages(text) == [
        "a.yaml:7:48: error: figure 'arrests': row 2 needs a numeric 'value', got 'lots'"
    ]


def test_syntax_error_and_tabs():
    assert messages("claims:\n  - id: x\n    quote: [unclosed\n") == [
        (
            "a.yaml:4:1: error: YAML syntax: while parsing a flow sequence did not find "
            "expected ',' or ']'"
        )
    ]
    assert messages("claims:\n\t- id: x\n") == [
        "a.yaml:2:1: error: tab character in indentation; YAML indents with spaces"
    ]


def test_unsafe_yaml_is_refused_not_run():
    assert messages("claims: !!python/object/apply:os.system ['echo hi']\n") == [
        (
            "a.yaml:1:9: error: the tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed (plain YAML values only)"
        )
    ]
    bomb = (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    )
    assert messages(bomb) == [
        "a.yaml:2:8: error: aliases (*name) are not allowed in annotation files"
    ]


def test_top_level_list_and_scalars():
    assert messages("- a\n- b\n") == [
        (
            "a.yaml:1:1: error: the file must be a mapping with the lists claims, "
            "figures, notes, entities, not a list"
        )
    ]
    assert messages("claims: 5\n") == ["a.yaml:1:9: error: 'claims' must be a list of entries"]


def test_entity_corrections_must_say_what_to_do():
    assert messages("entities:\n  - text: AMLO\n") == [
        (
            "a.yaml:2:5: error: entity correction #1: say what to do: a 'label', 'remove: "
            "true', or a 'note' to link"
        )
    ]
    assert messages("entities:\n  - text: AMLO\n    quote: AMLO\n    label: PERSON\n")[0].endswith(
        "give either 'text' (every occurrence) or 'quote' (one occurrence), not both or neither"
    )


def test_one_broken_entry_keeps_the_rest():
    text = GOOD.replace("claims:\n", "claims:\n  - id: broken\n    quote: [1]\n")
    annotations, problems = parse_annotations(text, "a.yaml")
    assert len(problems) == 1 and [c.id for c in annotations.claims] == ["homicides-tripled"]
