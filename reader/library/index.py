"""The library's index: SQLite FTS5 under the cache directory, kept up to date by file content.

One database per root (``<cache>/library/<hash of the root>.sqlite3``). Every update looks at
each document's files: an unchanged size and modification time skips it, a changed one is
hashed, and only a changed digest is read again (in worker processes when there are many).

Safety: WAL journal, a busy timeout and one short write transaction per batch, which rechecks
each digest, so two processes updating at once both end with the same, whole index. A file that
is not our schema's version is rebuilt in place; one that SQLite cannot read (garbage, cut short)
is deleted and built anew under an exclusive lock, and any database error met later does the same
once. Read-only settings never write: they read the index as it is, or build one in memory.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from reader.layers.entities import cache_dir, model_name, model_version
from reader.library.records import SHARED, Record, read_records
from reader.settings import Settings
from reader.sources.documents import Root, file_signature

__all__ = ["BATCH", "PARALLEL_MIN", "SCHEMA_VERSION", "LibraryIndex", "Update", "index_path"]

SCHEMA_VERSION = "4"  # bump when the tables or what goes in them change: older indexes are rebuilt
BATCH = 200  # documents written per transaction (a concurrent writer waits at most one batch)
PARALLEL_MIN = 2000  # fewer changed documents are read in this process (workers' start costs)
BUSY_MS = 60_000

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(slug TEXT PRIMARY KEY, stamp TEXT NOT NULL, digest TEXT NOT NULL,
                     entity_file TEXT, first_entry INTEGER, last_entry INTEGER);
CREATE TABLE documents(slug TEXT PRIMARY KEY, title TEXT NOT NULL, published TEXT, authors TEXT,
                       section TEXT, tags TEXT, statuses TEXT, claims INTEGER, errors INTEGER,
                       warnings INTEGER, orphans INTEGER, mismatches INTEGER);
CREATE INDEX documents_published ON documents(published, title);
CREATE INDEX documents_title ON documents(title);
CREATE INDEX documents_section ON documents(section);
CREATE TABLE document_tags(slug TEXT NOT NULL, tag TEXT NOT NULL);
CREATE INDEX document_tags_tag ON document_tags(tag, slug);
CREATE INDEX document_tags_slug ON document_tags(slug);
CREATE TABLE document_statuses(slug TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX document_statuses_status ON document_statuses(status, slug);
CREATE INDEX document_statuses_slug ON document_statuses(slug);
CREATE VIRTUAL TABLE entries USING fts5(
    doc UNINDEXED, kind UNINDEXED, id UNINDEXED, focus UNINDEXED, status UNINDEXED,
    label UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO entries(entries, rank) VALUES('rank', 'bm25(0, 0, 0, 0, 0, 0, 4.0, 1.0)');
"""
_TABLES = ("meta", "sources", "documents", "document_tags", "document_statuses", "entries")


@dataclass(frozen=True)
class Update:
    indexed: int  # documents (and the shared file) read again
    removed: int
    total: int  # sources in the index after the update
    rebuilt: bool  # the index was missing, stale or unreadable


def index_path(root: Root, settings: Settings) -> Path:
    key = hashlib.sha256(str(root.path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir(settings) / "library" / f"{key[:24]}.sqlite3"


class LibraryIndex:
    """The search index and document figures of one root."""

    def __init__(self, root: Root, settings: Settings, *, path: Path | None = None) -> None:
        self.root, self.settings = root, settings
        self.path = path or index_path(root, settings)
        self._memory: sqlite3.Connection | None = None  # read-only settings without an index
        self._lock = threading.Lock()
        self._model = f"{model_name(settings)} {model_version(model_name(settings))}"
        self._renewed = False  # this process created the tables (missing, stale or damaged)

    # -- connections ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection to a readable index of our schema (rebuilding a damaged one first)."""
        if self._memory is not None:
            with self._lock:
                yield self._memory
            return
        if self.settings.read_only:
            if (con := self._open_read_only()) is None:
                self._memory = self._new_connection(":memory:")
                _create_tables(self._memory)
                self._set_meta(self._memory)
                self._update(self._memory, force=True)
                with self._lock:
                    yield self._memory
                return
            with contextlib.closing(con):
                yield con
            return
        con = self._open_writable()  # one per use: a kept one could outlive a damaged file
        with contextlib.closing(con):
            yield con

    def _new_connection(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        con = sqlite3.connect(
            target, timeout=BUSY_MS / 1000, isolation_level=None, uri=uri, check_same_thread=False
        )
        con.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        return con

    def _open_read_only(self) -> sqlite3.Connection | None:
        """The index as it is, never written; None when there is none we can read."""
        if not self.path.is_file():
            return None
        try:  # immutable: read as a snapshot, so not even SQLite's -wal and -shm files are made
            con = self._new_connection(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True)
            if self._version(con) == SCHEMA_VERSION:
                return con
            con.close()
        except sqlite3.DatabaseError:
            pass
        return None

    def _open_writable(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            try:
                con = self._new_connection(str(self.path))
                try:
                    con.execute("PRAGMA journal_mode = WAL")
                    con.execute("PRAGMA synchronous = NORMAL")
                    if self._version(con) != SCHEMA_VERSION:
                        self._create(con)
                    return con
                except BaseException:
                    con.close()
                    raise
            except sqlite3.DatabaseError:
                if attempt:
                    raise
                self.discard()
        raise AssertionError("unreachable")

    @staticmethod
    def _version(con: sqlite3.Connection) -> str | None:
        """The schema version, None for an empty or foreign database; raises if it is unreadable."""
        con.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise
        return row[0] if row else None

    def _create(self, con: sqlite3.Connection) -> None:
        """Our tables, in place of whatever the file held (one transaction: others wait)."""
        con.execute("BEGIN IMMEDIATE")
        try:
            if self._version(con) != SCHEMA_VERSION:  # another process may have just done it
                for table in _TABLES:
                    con.execute(f"DROP TABLE IF EXISTS {table}")  # names from _TABLES only
                _create_tables(con)
                self._set_meta(con)
                self._renewed = True
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _set_meta(self, con: sqlite3.Connection) -> None:
        con.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("schema", SCHEMA_VERSION), ("model", self._model)],
        )

    def discard(self) -> None:
        """Delete the index files (an unreadable index), under an exclusive lock."""
        lock = self.path.with_suffix(".lock")
        with open(lock, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                if self._readable():  # another process has already rebuilt it
                    return
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(f"{self.path}{suffix}")
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _readable(self) -> bool:
        try:
            with contextlib.closing(self._new_connection(str(self.path))) as con:
                return self._version(con) == SCHEMA_VERSION and (
                    con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                )
        except sqlite3.DatabaseError:
            return False

    def check(self) -> bool:
        """A full check of the file (``reader index`` runs it); a damaged index is discarded."""
        if self._memory is not None or self.settings.read_only or not self.path.exists():
            return True
        if self._readable():
            return True
        self.discard()
        return False

    # -- updating -------------------------------------------------------------------------------

    def update(
        self, *, rebuild: bool = False, progress: Callable[[int, int], object] | None = None
    ) -> Update:
        """Bring the index up to the root's files; a database error rebuilds it once."""
        if self._memory is not None or self.settings.read_only:
            return Update(0, 0, 0, False)  # read-only: never written (a memory index is built once)
        self._renewed = False
        if rebuild:
            self.discard_all()
        try:
            with self.connect() as con:
                result = self._update(con, progress=progress)
        except sqlite3.DatabaseError:
            self.discard()
            with self.connect() as con:
                result = self._update(con, force=True, progress=progress)
            return Update(result.indexed, result.removed, result.total, True)
        return Update(result.indexed, result.removed, result.total, rebuild or self._renewed)

    def discard_all(self) -> None:
        """Forget every document (``reader index --rebuild``): the next update reads them all."""
        with self.connect() as con:
            con.execute("BEGIN IMMEDIATE")
            for table in _TABLES[1:]:
                con.execute(f"DELETE FROM {table}")  # names from _TABLES only
            con.execute("COMMIT")

    def _update(
        self,
        con: sqlite3.Connection,
        *,
        force: bool = False,
        progress: Callable[[int, int], object] | None = None,
    ) -> Update:
        model = con.execute("SELECT value FROM meta WHERE key = 'model'").fetchone()
        force = force or model is None or model[0] != self._model  # another model: other entities
        known = {
            slug: (stamp, digest, entity_file)
            for slug, stamp, digest, entity_file in con.execute(
                "SELECT slug, stamp, digest, entity_file FROM sources"
            )
        }
        shared_file = self.root.shared_path()
        shared = _fingerprint([shared_file])
        slugs = self.root.slugs()
        sources = [*slugs, SHARED] if shared_file.is_file() else slugs
        todo: list[tuple[str, str, str]] = []  # slug, stamp, digest
        restamp: list[tuple[str, str]] = []
        for slug in sources:
            files = [shared_file] if slug == SHARED else self._files(slug)
            stamp = json.dumps([*file_signature(files), shared[0]])
            old = known.get(slug)
            appeared = bool(old and old[2] and os.path.exists(old[2]))
            if old and not force and not appeared and old[0] == stamp:
                continue
            digest = _fingerprint(files)[1] + shared[1]
            if old and not force and not appeared and old[1] == digest:
                restamp.append((stamp, slug))
            else:
                todo.append((slug, stamp, digest))
        removed = sorted(set(known) - set(sources))
        if restamp:
            with _transaction(con):
                con.executemany("UPDATE sources SET stamp = ? WHERE slug = ?", restamp)
        if removed:
            with _transaction(con):
                for slug in removed:
                    _delete(con, slug)
        done = 0
        for batch in _read_records(self.root, todo, self.settings):
            with _transaction(con):
                for (slug, stamp, digest), record in batch:
                    _delete(con, slug)
                    _insert(con, record, stamp, digest)
            done += len(batch)
            if progress is not None:
                progress(done, len(todo))
        total = con.execute("SELECT count(*) FROM sources").fetchone()[0]
        return Update(len(todo), len(removed), total, force)

    def _files(self, slug: str) -> list[str]:
        return list(self.root.document_files(slug))


def _create_tables(con: sqlite3.Connection) -> None:
    # One statement at a time: executescript would commit the caller's transaction first.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            con.execute(statement)


@contextlib.contextmanager
def _transaction(con: sqlite3.Connection) -> Iterator[None]:
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _delete(con: sqlite3.Connection, slug: str) -> None:
    # A source's entries are one run of rowids (inserted in one transaction): deleting by doc
    # would scan the whole table, doc being UNINDEXED.
    rows = con.execute("SELECT first_entry, last_entry FROM sources WHERE slug = ?", (slug,))
    for first, last in rows.fetchall():
        con.execute("DELETE FROM entries WHERE rowid BETWEEN ? AND ?", (first, last))
    for table in ("sources", "documents", "document_tags", "document_statuses"):
        con.execute(f"DELETE FROM {table} WHERE slug = ?", (slug,))  # names are literals


def _insert(con: sqlite3.Connection, record: Record, stamp: str, digest: str) -> None:
    con.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)", record.entries)
    last = con.execute("SELECT last_insert_rowid()").fetchone()[0]
    first = last - len(record.entries) + 1 if record.entries else None
    con.execute(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
        (record.slug, stamp, digest, record.entity_file, first, last if first else None),
    )
    if (row := record.row) is not None:
        con.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row.as_sql())
        con.executemany(
            "INSERT INTO document_tags VALUES (?, ?)", [(row.slug, tag) for tag in set(row.tags)]
        )
        con.executemany(
            "INSERT INTO document_statuses VALUES (?, ?, ?)",
            [(row.slug, status, n) for status, n in row.statuses.items()],
        )


def _read_records(
    root: Root, todo: Sequence[tuple[str, str, str]], settings: Settings
) -> Iterator[list[tuple[tuple[str, str, str], Record]]]:
    """Records of the changed sources, a batch at a time (in worker processes when many)."""
    batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
    workers = min(4, os.cpu_count() or 1)
    if len(todo) >= PARALLEL_MIN and workers > 1:
        # spawn: the app's process has threads, which fork would copy in an unknown state.
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            slugs = [[slug for slug, _, _ in batch] for batch in batches]
            for batch, records in zip(
                batches, pool.map(read_records, [root] * len(slugs), slugs, [settings] * len(slugs))
            ):
                yield list(zip(batch, records))
        return
    for batch in batches:
        yield list(zip(batch, read_records(root, [slug for slug, _, _ in batch], settings)))


def _fingerprint(files: Sequence[Path | str]) -> tuple[str, str]:
    """(stamp as JSON, sha256 of the contents) of files; a missing file counts as empty."""
    digest = hashlib.sha256()
    for file in files:
        try:
            with open(file, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0\0")
    return json.dumps(file_signature(files)), digest.hexdigest()
