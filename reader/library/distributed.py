"""``python -m reader annotate --workers N | --scheduler ADDRESS``: spaCy over a corpus on a Dask
cluster, a local one of N worker processes or an existing one.

The client reads the documents, skips those already in the entity cache, and sends the others'
texts in tasks of about TASK_CHARS characters. Each worker process loads the pipeline once (a
worker plugin at start, and reader.layers.entities.load_pipeline caches it per process) and
sends back only (start, end, label) tuples; the client writes the same content-addressed cache
files as ``reader annotate`` in one process, so a cluster's cache and a laptop's are the same.
Workers need the reader package and the model installed, never the files or the cache.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from distributed import WorkerPlugin

from reader.annotate import Annotated
from reader.layers.entities import (
    RawEntity,
    batch_entities,
    cache_dir,
    cache_key,
    load_pipeline,
    model_name,
    model_version,
    pieces,
    write_cache_file,
)
from reader.settings import Settings
from reader.sources.documents import Root, load_document

__all__ = ["TASK_CHARS", "ClusterError", "annotate_on_cluster", "local_cluster"]

TASK_CHARS = 10_000  # a task: enough to hide its overhead, few enough that workers end together
CONNECT_SECONDS = 20
STARTUP_SECONDS = 120


class ClusterError(Exception):
    """The cluster could not be reached or started (the message says which)."""


@dataclass
class _Job:
    slug: str
    blocks: list[tuple[int, str]]
    pieces: list[tuple[int, str]]
    started: float


class _LoadPipeline(WorkerPlugin):
    """A worker plugin: load the pipeline when a worker starts (before its first task)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def setup(self, worker: Any) -> None:
        load_pipeline(self.name)


def annotate_on_cluster(
    root: Root,
    slugs: Sequence[str] | None = None,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    progress: bool = True,
    file: TextIO | None = None,
    settings: Settings | None = None,
) -> list[Annotated]:
    """Detect and cache the entities of each document on the cluster at `scheduler` (an address
    like tcp://host:8786), or on a local cluster of `workers` processes when it is None."""
    from tqdm import tqdm

    settings = settings or Settings()
    name = model_name(settings)
    version = model_version(name)
    documents = [load_document(root, slug)[0] for slug in slugs or root.slugs()]
    if version is None:
        why = f"the spaCy pipeline '{name}' is not installed"
        return [Annotated(d.slug, 0, False, 0.0, None, why) for d in documents if d is not None]
    label = f"{name} {version}"
    folder = cache_dir(settings)
    results: dict[str, Annotated] = {}
    jobs: list[_Job] = []
    for document in documents:
        if document is None:
            continue
        blocks = [(block.start, block.text) for block in document.blocks]
        cached = _cached_count(folder / f"{cache_key(blocks, label)}.json")
        if cached is not None:
            results[document.slug] = Annotated(document.slug, cached, True, 0.0, label)
        else:
            jobs.append(_Job(document.slug, blocks, list(pieces(blocks)), time.perf_counter()))
    total = sum(len(text) for job in jobs for _, text in job.pieces)
    with (
        _client(scheduler, workers, name) as client,
        tqdm(
            total=total,
            unit="char",
            unit_scale=True,
            desc="entities",
            disable=not progress,
            file=file or sys.stderr,
            dynamic_ncols=True,
        ) as bar,
    ):
        from distributed import as_completed

        for job in jobs:
            job.started = time.perf_counter()  # the cluster is up: time the work alone
        tasks = _tasks(jobs)
        futures = {
            client.submit(batch_entities, name, texts, pure=False): (owners, texts)
            for owners, texts in tasks
        }
        found: dict[str, list[tuple[int, list[RawEntity]]]] = {job.slug: [] for job in jobs}
        remaining = {job.slug: len(job.pieces) for job in jobs}
        by_slug = {job.slug: job for job in jobs}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            owners, texts = futures[future]
            for (slug, index), entities in zip(owners, future.result(), strict=True):
                found[slug].append((index, entities))
                remaining[slug] -= 1
                if not remaining[slug]:
                    job = by_slug[slug]
                    results[slug] = _finish(job, found[slug], label, folder)
            bar.update(sum(map(len, texts)))
    return [results[d.slug] for d in documents if d is not None and d.slug in results]


def _cached_count(file: Path) -> int | None:
    try:
        return len(json.loads(file.read_text("utf-8"))["entities"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _tasks(jobs: list[_Job]) -> list[tuple[list[tuple[str, int]], list[str]]]:
    """Pieces grouped into tasks of about TASK_CHARS characters, each piece named (slug, index)."""
    tasks: list[tuple[list[tuple[str, int]], list[str]]] = []
    owners: list[tuple[str, int]] = []
    texts: list[str] = []
    size = 0
    for job in jobs:
        for index, (_, text) in enumerate(job.pieces):
            owners.append((job.slug, index))
            texts.append(text)
            size += len(text)
            if size >= TASK_CHARS:
                tasks.append((owners, texts))
                owners, texts, size = [], [], 0
    if texts:
        tasks.append((owners, texts))
    return tasks


def _finish(
    job: _Job, parts: list[tuple[int, list[RawEntity]]], label: str, folder: Path
) -> Annotated:
    """The document's entities in text order, written to the cache."""
    entities: list[RawEntity] = []
    for index, ents in sorted(parts, key=lambda part: part[0]):
        offset = job.pieces[index][0]
        entities.extend((offset + start, offset + end, name) for start, end, name in ents)
    write_cache_file(folder / f"{cache_key(job.blocks, label)}.json", label, entities)
    return Annotated(job.slug, len(entities), False, time.perf_counter() - job.started, label)


def local_cluster(workers: int) -> Any:
    """A LocalCluster of `workers` processes, one thread each, set up for spaCy's work."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(
        {
            # Dask's statistical profiler samples each task's stack every 10 ms, holding the GIL.
            "distributed.worker.profile.enabled": False,
            # Dask has glibc hand memory back eagerly (MALLOC_TRIM_THRESHOLD_=65536); spaCy
            # allocates and frees many small arrays, and ran a fifth slower with it. None: unset.
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
        }
    ):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,  # spaCy's work is CPU-bound Python: one process a core
            processes=True,
            dashboard_address=None,
            silence_logs=40,  # errors only
            death_timeout=STARTUP_SECONDS,  # a busy machine starts workers slowly
        )


class _client:
    """A Dask client on the scheduler given, or on a LocalCluster it starts and stops."""

    def __init__(self, scheduler: str | None, workers: int, name: str) -> None:
        self.scheduler, self.workers, self.name = scheduler, workers, name
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        from distributed import Client

        try:
            if self.scheduler is None:
                self.cluster = local_cluster(self.workers)
                self.client = Client(self.cluster)  # type: ignore[no-untyped-call]
            else:
                self.client = Client(  # type: ignore[no-untyped-call]
                    self.scheduler, timeout=CONNECT_SECONDS
                )
        except (OSError, TimeoutError, ValueError, RuntimeError) as exc:  # Dask's "failed to start"
            self.__exit__()
            where = self.scheduler or f"a local cluster of {self.workers} workers"
            raise ClusterError(f"cannot use {where}: {exc}") from exc
        self.client.register_plugin(_LoadPipeline(self.name), name="reader-pipeline")
        return self.client

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
