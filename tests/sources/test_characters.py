"""Bidi control characters and NUL are warnings at their line:col."""

from __future__ import annotations

from reader.sources.characters import MAX_REPORTED, suspicious_characters, suspicious_in_values


def test_each_bidi_control_and_nul_is_placed() -> None:
    text = "plain line\nabc\u202eevil\u202c\nnul:\x00 and isolate \u2066x\u2069"
    problems = suspicious_characters(text, "article/x.md", what="the article")
    assert [(p.line, p.column) for p in problems] == [(2, 4), (2, 9), (3, 5), (3, 19), (3, 21)]
    assert all(p.severity == "warning" and p.path == "article/x.md" for p in problems)
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in problems[0].message
    assert "U+0000" in problems[2].message and "NUL" in problems[2].message
    assert str(problems[0]).startswith("article/x.md:2:4: warning: the article contains U+202E")


def test_every_listed_code_point_is_found() -> None:
    points = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0]
    text = "".join(f"{chr(p)}\n" for p in points)
    assert [p.line for p in suspicious_characters(text, "f")] == list(range(1, len(points) + 1))


def test_ordinary_text_has_none() -> None:
    assert suspicious_characters("Mérida — “quoted” ‘text’ עברית العربية\u200f", "f") == []


def test_many_are_counted_not_listed() -> None:
    problems = suspicious_characters("\u202e" * 500, "f")
    assert len(problems) == MAX_REPORTED + 1
    assert "500 bidirectional control or NUL characters" in problems[-1].message


def test_escaped_values_are_reported_where_the_raw_text_shows_nothing() -> None:
    problems = suspicious_in_values(
        [("fine", (1, 5)), ("a\u202eb", (2, 8)), ("x\x00", (3, 1)), ("\u202e", (4, 2))],
        raw_lines={4},
        path="annotations/x.yaml",
    )
    assert [(p.line, p.column) for p in problems] == [(2, 8), (3, 1)]
    assert "escape" in problems[0].message
