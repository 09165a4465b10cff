"""The fast path: with a warm entity cache, export and check never import spaCy; and the optimised
core (word-start index, indexed corrections) gives exactly the plain algorithms' results."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench import generate_corpus
from reader.anchoring import textindex
from reader.anchoring.textindex import occurrences
from reader.layers.entities import Correction, Entity, apply_corrections

PROJECT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "thinc", "altair", "streamlit")

# Runs `python -m reader ARGS…` in this interpreter, then reports which heavy packages got imported.
WRAPPER = f"""
import runpy, sys
sys.argv = ["reader", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("reader", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print("LOADED=" + ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""


def _reader(args: list[str], cache: Path, cwd: Path) -> tuple[int, str, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "READER_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED="))
    loaded = [name for name in line.removeprefix("LOADED=").split(",") if name]
    return done.returncode, done.stdout, loaded


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated book (~150 KB, 150 annotations) and an entity cache warmed by `annotate`."""
    base = tmp_path_factory.mktemp("fast-path")
    corpus = generate_corpus(base / "root", size_kb=150, annotations=150)
    cache = base / "cache"
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "READER_CACHE_DIR": str(cache)}
    subprocess.run(
        [sys.executable, "-m", "reader", "annotate", "--root", str(corpus.root), "--no-progress"],
        check=True,
        env=env,
        capture_output=True,
        timeout=600,
    )
    return corpus.root, cache


@pytest.mark.parametrize(
    "args",
    [
        ["export", "bench-book", "--format", "json"],
        ["export", "bench-book", "--format", "html"],
        ["check"],
    ],
)
def test_with_a_warm_cache_no_heavy_package_is_imported(
    book: tuple[Path, Path], args: list[str]
) -> None:
    root, cache = book
    code, out, loaded = _reader([*args, "--root", str(root)], cache, root)
    assert code == 0
    assert out
    assert loaded == [], f"{' '.join(args)} imported {loaded}"


def test_with_a_cold_cache_export_does_load_spacy(book: tuple[Path, Path], tmp_path: Path) -> None:
    """The control: the wrapper does see spaCy when the model has to run."""
    root, _ = book
    small = generate_corpus(tmp_path / "small", size_kb=4, annotations=10)
    code, _, loaded = _reader(
        ["export", "bench-book", "--format", "json", "--root", str(small.root)],
        tmp_path / "empty-cache",
        root,
    )
    assert code == 0
    assert "spacy" in loaded


# --------------------------------------------------------------------------- textindex


def _scan(text: str, needle: str, limit: int | None = None) -> list[int]:
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        if limit is not None and len(found) > limit:
            break
        i = text.find(needle, i + 1)
    return found


def test_occurrences_are_those_of_the_find_loop_on_a_long_text() -> None:
    rng = random.Random(5)
    words = [
        "the",
        "harbor",
        "Lisbon",
        "a",
        "aa",
        "aaa",
        "é",
        "\u0301",
        "x\ny",
        "  ",
        "$4.5",
        "<b>",
        "said",
    ]
    text = " ".join(rng.choice(words) for _ in range(40_000))
    text = text.replace("said said", "said\nsaid")
    assert len(text) >= textindex.MIN_INDEXED_TEXT
    needles = [
        "the harbor Lisbon",
        " a a a a",
        "aa aa",
        "aaa aaa aaa aaa",
        "\nsaid the",
        "said",
        " ",
        "  x",
        "Lisbon Lisbon Lisbon Lisbon Lisbon",
        "not there at all",
        "é\u0301 the harbor",
    ]
    for _ in range(400):
        i = rng.randrange(len(text) - 60)
        needles.append(text[i : i + rng.choice([1, 5, 9, 10, 17, 30, 60])])
    for needle in needles:
        for limit in (None, 0, 3, 64):
            assert occurrences(text, needle, limit) == _scan(text, needle, limit), (needle, limit)


def test_occurrences_on_short_texts_and_edge_cases() -> None:
    assert occurrences("abcabc", "") == []
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences("", "a") == []
    assert occurrences("a b a b a b", "a b a", limit=0) == [0]


# --------------------------------------------------------------------- corrections: indexed = plain


def _plain_corrections(text: str, found, corrections) -> list[Entity]:
    """The straightforward list algorithm apply_corrections must agree with."""
    items = [["", s, e, label, text[s:e], "model", None] for s, e, label in found]
    for c in corrections:
        if c.remove and c.by_text is not None:
            items = [x for x in items if x[4] != c.by_text]
            continue
        for start, end in c.ranges:
            if c.remove or c.label:
                items = [x for x in items if not (x[1] < end and start < x[2])]
            if c.label:
                items.append(["", start, end, c.label, text[start:end], "curated", c.note])
            elif not c.remove:
                items = [[*x[:6], c.note] if (x[1], x[2]) == (start, end) else x for x in items]
    items.sort(key=lambda x: (x[1], -x[2]))
    return [Entity(f"e{i}", *x[1:]) for i, x in enumerate(items, start=1)]


def test_apply_corrections_matches_the_plain_algorithm() -> None:
    rng = random.Random(11)

    def span(n: int) -> tuple[int, int]:
        s = rng.randint(0, n)
        return s, rng.randint(s, min(n, s + rng.randint(0, 8)))

    for _ in range(2_000):
        n = rng.randint(1, 50)
        text = "".join(rng.choice("ab ") for _ in range(n))
        found = [(*span(n), rng.choice(["PERSON", "ORG"])) for _ in range(rng.randint(0, 12))]
        corrections = []
        for _ in range(rng.randint(0, 6)):
            ranges = tuple(span(n) for _ in range(rng.randint(1, 3)))
            kind = rng.randint(0, 3)
            if kind == 0:
                corrections.append(Correction(ranges, label="GPE", note=rng.choice([None, "n1"])))
            elif kind == 1:
                corrections.append(Correction(ranges, remove=True))
            elif kind == 2:
                corrections.append(Correction(ranges, note="n2"))
            else:
                s, e = span(n)
                corrections.append(Correction(ranges, remove=True, by_text=text[s:e]))
        assert apply_corrections(text, found, corrections) == _plain_corrections(
            text, found, corrections
        )
