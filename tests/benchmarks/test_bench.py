"""The benchmark: its corpus generator and the shape of its report. Never its times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench import Figure, format_table
from benchmarks.corpus import FUZZY_SHARE, generate_corpus
from reader.cli import main
from reader.sources.annotations import load_annotations
from reader.sources.documents import Root, load_document

PROJECT = Path(__file__).resolve().parents[2]
FIGURES = {"ner_cold", "ner_warm", "anchoring", "render", "seed_e2e", "numbers"}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory):
    return generate_corpus(tmp_path_factory.mktemp("bench-root"), size_kb=40, annotations=120)


def test_the_corpus_has_the_size_annotations_and_fuzzy_share_asked_for(small_corpus) -> None:
    corpus = small_corpus
    assert corpus.chars >= 40 * 1024
    assert corpus.annotations == 120
    assert corpus.claims + corpus.notes + corpus.corrections == 120
    assert corpus.fuzzy == round(120 * FUZZY_SHARE)
    document, problems = load_document(Root(corpus.root), corpus.slug)
    assert not problems and document is not None
    annotations, problems = load_annotations(Root(corpus.root).annotations_path(corpus.slug))
    assert not problems
    assert len(annotations.claims) == corpus.claims and len(annotations.notes) == corpus.notes
    assert len(annotations.entities) == corpus.corrections


def test_quotes_occur_once_or_not_at_all_and_paragraphs_are_unique(small_corpus) -> None:
    root = Root(small_corpus.root)
    document, _ = load_document(root, small_corpus.slug)
    annotations, _ = load_annotations(root.annotations_path(small_corpus.slug))
    text = document.text
    quotes = [c.quote for c in annotations.claims] + [n.quote for n in annotations.notes.values()]
    counts = [text.count(q) for q in quotes]
    assert set(counts) <= {0, 1}
    assert counts.count(0) == small_corpus.fuzzy  # the perturbed ones need approximate anchoring
    paragraphs = [b.text for b in document.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == len(set(paragraphs)) == small_corpus.paragraphs
    assert any(ch in text for ch in "&<'\"")  # the render figure escapes


def test_the_corpus_is_deterministic(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", size_kb=8, annotations=20)
    b = generate_corpus(tmp_path / "b", size_kb=8, annotations=20)
    for sub in ("article/bench-book.md", "annotations/bench-book.yaml"):
        assert (a.root / sub).read_bytes() == (b.root / sub).read_bytes()
    c = generate_corpus(tmp_path / "c", size_kb=8, annotations=20, seed=7)
    assert (c.root / "article/bench-book.md").read_bytes() != (
        a.root / "article/bench-book.md"
    ).read_bytes()


def test_the_generated_root_checks_with_only_fuzzy_warnings(
    small_corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--root", str(small_corpus.root)])
    err = capsys.readouterr()
    assert code == 0
    lines = [line for line in err.out.splitlines() if line.strip()]
    assert len(lines) == small_corpus.fuzzy
    assert all("anchored approximately" in line for line in lines)


def test_bench_json_reports_every_figure_with_its_baseline_and_ratio(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--json",
            "--size-kb",
            "50",
            "--annotations",
            "100",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["command"] == "python -m benchmarks --size-kb 50 --annotations 100"
    assert {"cores", "cpu", "ram_gb", "python", "spacy", "model"} <= set(report["machine"])
    assert report["corpus"]["annotations"] == 100 and report["corpus"]["fuzzy"] == 10
    assert report["corpus"]["chars"] >= 50 * 1024
    figures = {f["name"]: f for f in report["figures"]}
    assert set(figures) == FIGURES
    for figure in figures.values():
        assert {"ours", "baseline", "ratio", "goal", "status", "what", "baseline_what"} <= set(
            figure
        )
        assert figure["ours"] > 0 and figure["baseline"] > 0
        assert figure["ratio"] == pytest.approx(
            figure["ours"] / figure["baseline"], rel=1e-2, abs=1e-3
        )
        assert figure["status"] in {"met", "MISSED"}
        print(
            f"{figure['name']}: {figure['ours']:.4f} s vs {figure['baseline']:.4f} s = "
            f"{figure['ratio']:.3f} "
            f"({figure['goal']}: {figure['status']})"
        )
    # The same paragraphs and components on both sides of the cold figure find the same entities.
    cold = figures["ner_cold"]["detail"]
    assert cold["entities_ours"] == cold["entities_raw"] > 0
    assert cold["pipes"] == ["ner"]
    assert figures["ner_warm"]["detail"]["cached"] is True
    assert figures["anchoring"]["detail"]["kinds"] == {"exact": 90, "fuzzy": 10}
    assert figures["numbers"]["detail"]["claims"] == 70 and figures["numbers"]["detail"]["numbers"]


def test_the_table_prints_each_figure_with_ours_baseline_ratio_goal_and_status() -> None:
    figures = [
        Figure("render", "ours", 0.25, 0.5, "displaCy", "ratio <= 1", True),
        Figure("seed_e2e", "ours", 0.03, 0.2, "spaCy", "<= 20 ms", False),
    ]
    table = format_table(figures)
    header, _rule, first, second = table.splitlines()[:4]
    assert header.split() == ["figure", "ours", "baseline", "ratio", "goal", "status"]
    assert first.split() == [
        "render",
        "250.0",
        "ms",
        "500.0",
        "ms",
        "0.500",
        "ratio",
        "<=",
        "1",
        "met",
    ]
    assert second.split()[-1] == "MISSED"
    assert "baseline: displaCy" in table


def test_the_number_check_figure_runs_alone(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--json",
            "--size-kb",
            "50",
            "--annotations",
            "100",
            "--repeat",
            "1",
            "--only",
            "numbers",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["command"] == "python -m benchmarks --size-kb 50 --annotations 100 --only numbers"
    [figure] = report["figures"]
    assert figure["name"] == "numbers" and figure["ours"] > 0 and figure["baseline"] > 0
    assert figure["detail"]["claims"] == 70
