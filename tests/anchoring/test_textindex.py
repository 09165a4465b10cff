"""What anchoring keeps per text (word-start index, edlib projection) is bounded by size, not by a
count."""

from __future__ import annotations

import pytest

from reader.anchoring import resolve_quote, textindex
from reader.anchoring.textindex import MIN_INDEXED_TEXT, occurrences


def _text(word: str) -> str:
    return " ".join(f"{word} number {i} stands here" for i in range(MIN_INDEXED_TEXT // 20))


def test_an_old_text_leaves_when_a_new_one_passes_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An article edited from outside: each version is a new text, and only the budget keeps them.
    old, new = _text("alpha"), _text("omega")
    textindex.forget_texts()
    monkeypatch.setattr(
        textindex._PER_TEXT, "max_bytes", 10 * len(old) + 1
    )  # one text's index, no more
    assert occurrences(old, "alpha number 7 stands") == [old.index("alpha number 7 stands")]
    assert textindex._PER_TEXT.peek(("word starts", old), True) is not None
    assert occurrences(new, "omega number 7 stands") == [new.index("omega number 7 stands")]
    assert textindex._PER_TEXT.peek(("word starts", old), True) is None
    assert textindex._PER_TEXT.peek(("word starts", new), True) is not None


def test_a_text_keeps_its_index_between_quotes() -> None:
    text = _text("alpha")
    textindex.forget_texts()
    first = resolve_quote(text, "alpha number 12 stands here")
    index = textindex._PER_TEXT.peek(("word starts", text), True)
    assert index is not None and first.start == text.index("alpha number 12 stands here")
    resolve_quote(text, "alpha number 13 stands here")
    assert textindex._PER_TEXT.peek(("word starts", text), True) is index
    again = text[:1] + text[1:]  # the same text read again: an equal string, another object
    assert (
        again is not text
        and textindex._word_starts(again) is index
        and textindex._word_starts(text) is index
    )
