"""The index: built from the files, updated by content, rebuilt when damaged, safe to share."""

import multiprocessing
import os
import sqlite3

from reader.library.index import SCHEMA_VERSION, LibraryIndex
from reader.library.search import search
from reader.settings import Settings
from reader.sources.documents import Root
from tests.library.fixtures import BEES, library_root


def make_index(tmp_path, **settings):
    root = library_root(tmp_path / "root")
    return LibraryIndex(Root(root), Settings(cache_dir=tmp_path / "cache", **settings))


def found(index, query, **filters):
    return [(h.doc, h.kind, h.id) for h in search(index, query, **filters)]


def test_the_index_lives_in_the_cache_and_not_in_the_root(tmp_path):
    index = make_index(tmp_path)
    assert index.update().total == 2
    assert index.path.is_file() and tmp_path / "cache" in index.path.parents
    assert sorted(p.name for p in (tmp_path / "root").iterdir()) == ["annotations", "article"]


def test_diacritics_and_case_never_matter(tmp_path):
    index = make_index(tmp_path)
    index.update()
    assert ("merida", "document", "merida") in found(index, "MERIDA")
    assert ("bees", "document", "bees") in found(index, "yucatan")


def test_every_kind_is_found(tmp_path):
    index = make_index(tmp_path)
    index.update()
    assert set(found(index, "appropriations")) == {
        ("merida", "figure", "funding"),
        ("merida", "claim", "three-billion"),
    }
    assert found(index, "rule of law") == [("merida", "note", "pillar")]
    assert found(index, "courts") == [("merida", "figure", "funding")]
    assert found(index, "pillars") == [("merida", "note", "pillar")]
    assert found(index, "titles", kinds=["document"]) == []


def test_status_keeps_claims_of_that_status(tmp_path):
    index = make_index(tmp_path)
    index.update()
    assert set(found(index, "about", status="supported")) == {
        ("merida", "claim", "three-billion"),
        ("bees", "claim", "twenty-kilos"),
    }
    assert found(index, "helicopters", status="supported") == []


def test_an_unchanged_root_reads_nothing_again(tmp_path):
    index = make_index(tmp_path)
    assert index.update().indexed == 2
    assert index.update().indexed == 0


def test_a_touched_file_with_the_same_content_is_not_read_again(tmp_path):
    index = make_index(tmp_path)
    index.update()
    article = index.root.article_path("bees")
    os.utime(article, ns=(1, 1))
    assert index.update().indexed == 0


def test_a_changed_document_is_read_again_and_its_old_text_forgotten(tmp_path):
    index = make_index(tmp_path)
    index.update()
    index.root.article_path("bees").write_text(BEES.replace("shivers", "hums"), "utf-8")
    assert index.update().indexed == 1
    assert found(index, "hums") == [("bees", "document", "bees")]
    assert found(index, "shivers") == []
    assert set(found(index, "helicopters")) == {  # the other document's entries are all there
        ("merida", "document", "merida"),
        ("merida", "claim", "helicopters"),
    }
    with sqlite3.connect(index.path) as con:  # and no entry is left over
        assert con.execute("SELECT count(*) FROM entries WHERE doc = 'bees'").fetchone()[0] == 3


def test_a_removed_document_leaves_the_index(tmp_path):
    index = make_index(tmp_path)
    index.update()
    index.root.article_path("bees").unlink()
    assert index.update().removed == 1
    assert found(index, "honey") == []


def test_garbage_in_the_file_is_rebuilt(tmp_path):
    index = make_index(tmp_path)
    index.update()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{index.path}{suffix}"):
            os.remove(f"{index.path}{suffix}")
    index.path.write_bytes(b"this is not a database at all" * 400)
    assert index.update().rebuilt
    assert found(index, "helicopters", kinds=["claim"]) == [("merida", "claim", "helicopters")]


def test_a_file_cut_in_half_is_rebuilt_by_the_check(tmp_path):
    index = make_index(tmp_path)
    index.update()
    with sqlite3.connect(index.path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = index.path.read_bytes()
    index.path.write_bytes(data[: len(data) // 2])
    assert not index.check()
    assert index.update().indexed == 2
    assert found(index, "helicopters", kinds=["claim"]) == [("merida", "claim", "helicopters")]


def test_an_index_of_another_schema_version_is_rebuilt(tmp_path):
    index = make_index(tmp_path)
    index.update()
    with sqlite3.connect(index.path) as con:
        con.execute("UPDATE meta SET value = 'old' WHERE key = 'schema'")
    assert index.update().indexed == 2
    with sqlite3.connect(index.path) as con:
        assert con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == (
            SCHEMA_VERSION
        )


def test_read_only_settings_never_write_and_still_search(tmp_path):
    index = make_index(tmp_path, read_only=True)
    assert found(index, "helicopters", kinds=["claim"]) == [("merida", "claim", "helicopters")]
    assert not (tmp_path / "cache").exists()


def _update_and_search(root, cache, queue):
    index = LibraryIndex(Root(root), Settings(cache_dir=cache))
    for _ in range(5):
        index.update()
        queue.put(sorted(found(index, "about")))


def test_two_processes_updating_at_once_agree(tmp_path):
    index = make_index(tmp_path)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(
            target=_update_and_search, args=(index.root.path, tmp_path / "cache", queue)
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in range(10)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    expected = sorted(
        [
            ("bees", "claim", "twenty-kilos"),
            ("bees", "document", "bees"),
            ("merida", "claim", "three-billion"),
            ("merida", "document", "merida"),
        ]
    )
    assert results == [expected] * 10
    with sqlite3.connect(index.path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == 2


SHARED_YAML = """\
notes:
  - id: cartels
    title: Cartels in Mexico
    body: Criminal groups that traffic drugs through Sinaloa.
    mentions: [Congress]
"""


def test_shared_notes_are_indexed_once_under_shared(tmp_path):
    index = make_index(tmp_path)
    (index.root.path / "annotations" / "_shared.yaml").write_text(SHARED_YAML, "utf-8")
    assert index.update().total == 3
    [hit] = search(index, "sinaloa")
    assert (hit.doc, hit.kind, hit.id, hit.link) == ("_shared", "note", "cartels", "?note=cartels")
    (index.root.path / "annotations" / "_shared.yaml").unlink()
    assert index.update().total == 2
    assert search(index, "sinaloa") == []


def test_read_only_settings_read_a_copied_index_and_write_nothing_beside_it(tmp_path):
    built = make_index(tmp_path)
    built.update()
    with sqlite3.connect(built.path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "replica" / built.path.name
    copy.parent.mkdir()
    copy.write_bytes(built.path.read_bytes())
    copy.parent.chmod(0o555)  # a replica's read-only disk: no -wal or -shm can be made
    try:
        replica = LibraryIndex(built.root, Settings(read_only=True), path=copy)
        assert found(replica, "helicopters", kinds=["claim"]) == [
            ("merida", "claim", "helicopters")
        ]
        assert replica._memory is None  # the copy itself, not an index built in memory
        assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]
    finally:
        copy.parent.chmod(0o755)
