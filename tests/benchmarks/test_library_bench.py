"""The library benchmark's generated library: what it promises (size, claims, shared evidence,
problems), never its times."""

from __future__ import annotations

from pathlib import Path

from benchmarks.library_corpus import write_library
from reader.cli import main
from reader.library.index import LibraryIndex
from reader.library.search import search
from reader.settings import Settings
from reader.sources.documents import Root


def test_the_generated_library_is_what_the_benchmark_says(tmp_path: Path, capsys) -> None:
    write_library(tmp_path / "root", 60)
    root = Root(tmp_path / "root")
    sizes = [root.article_path(slug).stat().st_size for slug in root.slugs()]
    assert len(sizes) == 60 and min(sizes) > 4_000 and max(sizes) < 7_000
    assert main(["check", "--root", str(root.path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all("claim 'lost'" in line and "orphan" in line for line in lines)
    index = LibraryIndex(root, Settings(cache_dir=tmp_path / "cache"))
    assert index.update().total == 61  # and the shared file
    with index.connect() as con:
        claims = con.execute("SELECT sum(claims) FROM documents").fetchone()[0]
    assert claims == 60 * 10 + 2
    assert {hit.doc for hit in search(index, "merida", kinds=["note"])} == {"_shared"}
