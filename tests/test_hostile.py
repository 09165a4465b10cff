"""Hostile input: broken and malicious articles and annotation files.

Every input here must give a clear problem (path:line:col) or render as inert text: never an
exception, a hang (each test has a timeout) or live markup. Large inputs are generated, not
committed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --------------------------------------------------------------------------- entity layer on huge paragraphs


class _StrictPipeline:
    """Stands in for spaCy: refuses texts over max_length exactly as spaCy does (error E088)."""

    max_length = 1_000_000

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def pipe(self, texts, batch_size=64, n_process=1):  # noqa: ANN001, ANN201 - spaCy's signature
        from types import SimpleNamespace

        for text in texts:
            if len(text) > self.max_length:
                raise ValueError(f"[E088] Text of length {len(text)} exceeds maximum of {self.max_length}.")
            self.lengths.append(len(text))
            found = text.find("Acme")
            ents = [SimpleNamespace(start_char=found, end_char=found + 4, label_="ORG")] if found >= 0 else []
            yield SimpleNamespace(ents=ents, text=text)


def test_a_paragraph_longer_than_spacys_limit_is_read_in_pieces(tmp_path, monkeypatch) -> None:
    from reader import entities

    model = tmp_path / "model"
    model.mkdir()
    (model / "meta.json").write_text('{"version": "0"}', encoding="utf-8")
    fake = _StrictPipeline()
    monkeypatch.setattr(entities, "load_pipeline", lambda name: fake)
    paragraph = ("word " * 300_000) + "Acme " + ("x" * 1_200_000)  # 2.7 million characters, one block
    found = entities.detect_entities([(0, "Title"), (7, paragraph)], model=str(model), folder=tmp_path / "cache")
    assert found.message is None
    assert max(fake.lengths) <= entities.MAX_PIECE_CHARS
    assert sum(fake.lengths) == len("Title") + len(paragraph)
    assert [(s, e, label) for s, e, label in found.entities] == [(7 + 1_500_000, 7 + 1_500_004, "ORG")]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=" \nab", max_size=400), size=st.integers(1, 40), offset=st.integers(0, 1000))
def test_entity_pieces_cover_each_block_exactly(text: str, size: int, offset: int) -> None:
    from reader import entities

    old = entities.MAX_PIECE_CHARS
    entities.MAX_PIECE_CHARS = size
    try:
        pieces = list(entities._pieces([(offset, text)]))
    finally:
        entities.MAX_PIECE_CHARS = old
    assert "".join(piece for _, piece in pieces) == text
    position = offset
    for start, piece in pieces:
        assert start == position and len(piece) <= size
        position += len(piece)
