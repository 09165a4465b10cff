"""YAML read from libyaml's events in one pass: plain values, the place of each, and the first
problem of a file with its place."""

from __future__ import annotations

import pytest

from reader.sources.yamlsource import SourceError, load_yaml


def test_values_and_the_places_of_values_and_keys() -> None:
    value, positions = load_yaml('claims:\n  - id: a\n    quote: "x"\n    figures: [f1, f2]\n')
    assert value == {"claims": [{"id": "a", "quote": "x", "figures": ["f1", "f2"]}]}
    assert positions.values == {
        (): (1, 1),
        ("claims",): (2, 3),
        ("claims", 0): (2, 5),
        ("claims", 0, "id"): (2, 9),
        ("claims", 0, "quote"): (3, 12),
        ("claims", 0, "figures"): (4, 14),
        ("claims", 0, "figures", 0): (4, 15),
        ("claims", 0, "figures", 1): (4, 19),
    }
    assert positions.keys == {
        ("claims",): (1, 1),
        ("claims", 0, "id"): (2, 5),
        ("claims", 0, "quote"): (3, 5),
        ("claims", 0, "figures"): (4, 5),
    }


@pytest.mark.parametrize(
    ("source", "value"),
    [
        (
            "a: 1\nb: [1, 2.5, true, null, ~, 2024-01-02]\nc: {d: e}\n",
            {"a": 1, "b": [1, 2.5, True, None, None, "2024-01-02"], "c": {"d": "e"}},
        ),
        (
            "title: “Curly” — dashes, é accents\nlist:\n- >\n  folded\n  text\n- |\n  literal\n",
            {"title": "“Curly” — dashes, é accents", "list": ["folded text\n", "literal\n"]},
        ),
        ("", None),
        ("# only a comment\n", None),
        (
            "k: 'it''s'\nn: 0x1F\nbig: 123456789012345678901234567890\n",
            {"k": "it's", "n": 31, "big": 123456789012345678901234567890},
        ),
        ("a: !!str 12\nb: !!map x\n", {"a": "12", "b": {}}),  # plain tags written out
    ],
)
def test_plain_values(source: str, value: object) -> None:
    assert load_yaml(source)[0] == value


def test_front_matter_lines_are_shifted() -> None:
    _, positions = load_yaml("a: 1\nb: 2\n", line_offset=1)
    assert positions.values[("b",)] == (3, 4)
    with pytest.raises(SourceError) as error:
        load_yaml("a: 1\na: 2\n", line_offset=1)
    assert (error.value.line, error.value.column) == (3, 1)


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("a: &x 1\nb: *x\n", (2, 4, "aliases (*name) are not allowed in annotation files")),
        ("a: 1\na: 2\n", (2, 1, "duplicate key 'a'")),
        (
            "a: [1, 2\n",
            (2, 1, "YAML syntax: while parsing a flow sequence did not find expected ',' or ']'"),
        ),
        (  # the end of a text with no last newline is the end of its last line
            "a: [1, 2",
            (1, 9, "YAML syntax: while parsing a flow sequence did not find expected ',' or ']'"),
        ),
        (
            "a: !!python/object:os.system x\n",
            (
                1,
                4,
                "the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed "
                "(plain YAML values only)",
            ),
        ),
        ("a: \x00\n", (1, 4, "character U+0000 is not allowed in YAML; remove it")),
        ("éé: ééé\x01\n", (1, 8, "character U+0001 is not allowed in YAML; remove it")),
        ("a: \ud800\n", (1, 4, "character U+D800 is not allowed in YAML; remove it")),
        ("a:\n\t- b\n", (2, 1, "tab character in indentation; YAML indents with spaces")),
        # The first problem in the file is the one reported.
        ("a: 1\na: 2\nb: &x 1\nc: *x\n", (2, 1, "duplicate key 'a'")),
        ("a: 1\na: 2\nb: [1\n", (2, 1, "duplicate key 'a'")),
        (
            'a: !!str "\\ud800"\n',
            (
                1,
                10,
                "text contains an invalid Unicode escape (a lone surrogate, or past U+10FFFF)",
            ),
        ),
        ("? [a]\n: b\n", (1, 3, "mapping keys must be plain text")),
        (
            "a: " + "9" * 5000 + "\n",
            (
                1,
                4,
                "cannot read this value (numbers are limited to 4,300 digits); quote it if it is "
                "text",
            ),
        ),
        (
            "x: " + "[" * 101 + "]" * 101 + "\n",
            (
                1,
                103,
                "YAML nesting is too deep: more than 100 lists or mappings inside each other",
            ),
        ),
        (
            "a: 1\n---\nb: 2\n",
            (
                2,
                1,
                "YAML syntax: expected a single document in the stream but found another document",
            ),
        ),
        ("a: &x 1\nb: &x 2\n", (2, 4, "YAML syntax: found duplicate anchor 'x'")),
        (
            "claims:\n  - id: x\n   quote: y\n",
            (
                3,
                4,
                "YAML syntax: while parsing a block collection did not find expected '-' indicator",
            ),
        ),
    ],
)
def test_the_first_problem_with_its_place(source: str, problem: tuple[int, int, str]) -> None:
    with pytest.raises(SourceError) as error:
        load_yaml(source)
    assert (error.value.line, error.value.column, error.value.message) == problem
