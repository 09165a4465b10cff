"""Hostile input: broken and malicious articles and annotation files.

Every input here must give a clear problem (path:line:col) or render as inert text: never an
exception, a hang (each test has a timeout) or live markup. Large inputs are generated, not
committed.
"""

from __future__ import annotations

import pytest

from reader.annotations import parse_annotations
from reader.documents import parse_document

pytestmark = pytest.mark.timeout(120)

ARTICLE = "---\ntitle: A title\n---\nThe quick brown fox jumps over the lazy dog.\n"


def annotation_problems(text: str) -> list[str]:
    _, problems = parse_annotations(text, "annotations/x.yaml")
    return [str(p) for p in problems]


def front_matter_problems(yaml_text: str) -> list[str]:
    _, problems = parse_document("x", f"---\n{yaml_text}---\nBody.\n", "article/x.md")
    return [str(p) for p in problems]


# --------------------------------------------------------------------------- unreadable YAML

UNREADABLE_YAML = {
    # name: (annotation YAML, expected place "line:col", words in the message)
    "nul byte": ("claims:\n  - id: x\0\n", "2:10", "U+0000"),
    "escape control char": ("claims:\n  - id: a\x07b\n", "2:10", "U+0007"),
    "integer over 4300 digits": ("claims:\n  - id: x\n    quote: " + "1" * 5000 + "\n", "3:12", "4,300 digits"),
    "lone surrogate key": ('claims:\n  - id: x\n    "\\ud800": 1\n', "3:5", "lone surrogate"),
    "lone surrogate top-level key": ('"\\udfff": 1\n', "1:1", "lone surrogate"),
    "lone surrogate value": ('claims:\n  - id: x\n    quote: "a\\ud800b"\n', "3:12", "lone surrogate"),
}


@pytest.mark.parametrize("name", UNREADABLE_YAML)
def test_unreadable_yaml_is_one_error_with_its_place(name: str) -> None:
    text, place, words = UNREADABLE_YAML[name]
    problems = annotation_problems(text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"annotations/x.yaml:{place}: error: "), problems
    assert words in problems[0]
    # The same text in an article's front matter is reported one line lower (after '---').
    line, column = place.split(":")
    problems = front_matter_problems(text)
    assert any(p.startswith(f"article/x.md:{int(line) + 1}:{column}: error: front matter: ") and words in p
               for p in problems), problems
    # Every message can be printed to a UTF-8 terminal (no lone surrogates).
    for problem in problems:
        problem.encode("utf-8")
