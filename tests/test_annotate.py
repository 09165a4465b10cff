"""`python -m reader annotate`: the entity cache filled ahead of time, and the worker-pool path of
detect_entities."""

from __future__ import annotations

from pathlib import Path

import pytest

import reader.layers.entities as entities
from reader.annotate import annotate
from reader.cli import main
from reader.layers.entities import detect_entities
from reader.settings import Settings
from reader.sources.documents import Root, load_document
from tests.conftest import make_root

ARTICLE = """---
title: "{title}"
---
{body}
"""
PARAGRAPHS = [
    "Maria Okafor met James Lindqvist in Lisbon on March 3, 2021, to discuss the harbor.",
    "The World Bank lent $40 million to Kenya in 2019, said Omar Haddad.",
    "In Osaka, 12,000 people welcomed the railway that Orion Telecom proposed.",
]


def _root(base: Path, count: int = 2) -> Path:
    articles = {
        f"doc-{i}": ARTICLE.format(
            title=f"Document {i}", body="\n\n".join(PARAGRAPHS[i % 3 :] + PARAGRAPHS[: i % 3])
        )
        for i in range(count)
    }
    return make_root(base, articles)


def test_annotate_fills_the_cache_then_finds_everything_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    root = _root(tmp_path / "root")
    assert main(["annotate", "--root", str(root)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    assert all("entities (computed in" in line for line in lines), out
    assert "entities:" in err and "100%" in err  # the progress bar
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2

    assert main(["annotate", "--root", str(root), "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert all("already cached" in line for line in out.splitlines()), out
    assert err == ""
    document, _ = load_document(Root(root), "doc-0")
    assert detect_entities(
        [(b.start, b.text) for b in document.blocks],
        settings=Settings(cache_dir=tmp_path / "cache"),
    ).cached


def test_annotate_takes_slugs_and_refuses_unknown_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    root = _root(tmp_path / "root", count=3)
    assert main(["annotate", "doc-1", "--root", str(root), "--no-progress"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("doc-1: ") and len(out.splitlines()) == 1
    assert main(["annotate", "doc-9", "--root", str(root)]) == 2
    assert "no document 'doc-9'" in capsys.readouterr().err


def test_annotate_without_a_model_says_so_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("READER_SPACY_MODEL", "no_such_pipeline_xyz")
    root = _root(tmp_path / "root", count=1)
    assert main(["annotate", "--root", str(root), "--no-progress"]) == 1
    out, _ = capsys.readouterr()
    assert "no entities" in out and "no_such_pipeline_xyz" in out


def test_annotate_returns_one_result_per_document(tmp_path: Path) -> None:
    root = _root(tmp_path / "root", count=2)
    results = annotate(
        Root(root), progress=False, n_process=1, settings=Settings(cache_dir=tmp_path / "cache")
    )
    assert [r.slug for r in results] == ["doc-0", "doc-1"]
    assert all(r.entities > 0 and not r.cached and r.model and r.message is None for r in results)


def test_the_worker_pool_finds_the_same_entities_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks, offset = [], 0
    for i in range(40):
        text = PARAGRAPHS[i % 3].replace("2021", str(1900 + i))
        blocks.append((offset, text))
        offset += len(text) + 2
    single = detect_entities(blocks, folder=tmp_path / "one", n_process=1, batch_size=4)
    monkeypatch.setattr(entities, "PARALLEL_MIN_CHARS", 0)  # small input, pool path all the same
    done: list[int] = []
    pooled = detect_entities(
        blocks, folder=tmp_path / "pool", n_process=2, batch_size=4, progress=done.append
    )
    assert not single.cached and not pooled.cached
    assert pooled.entities == single.entities and len(single.entities) > 40
    assert sum(done) == sum(len(text) for _, text in blocks)
