"""``python -m reader annotate``: fill the entity cache for every document of a root ahead of time.

For corpora and deployments: after it, opening, checking or exporting any document of the root
is a cache hit and never loads spaCy. Documents already cached are skipped in milliseconds; the
rest go through the model with ``n_process`` workers, under one progress bar counting characters.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from reader.layers.entities import detect_entities
from reader.settings import Settings
from reader.sources.documents import Root, load_document

__all__ = ["Annotated", "annotate", "default_n_process"]


@dataclass(frozen=True)
class Annotated:
    slug: str
    entities: int
    cached: bool  # already in the cache before this run
    seconds: float
    model: str | None
    message: str | None = None  # why the model could not run

    def summary(self) -> str:
        if self.message:
            return f"{self.slug}: no entities: {self.message}"
        how = "already cached" if self.cached else f"computed in {self.seconds:.1f} s"
        return f"{self.slug}: {self.entities} entities ({how}, {self.model})"


def default_n_process() -> int:
    """Worker processes for NER: one per core, at most 4 (spaCy's small model gains little
    beyond)."""
    return max(1, min(4, os.cpu_count() or 1))


def annotate(
    root: Root,
    slugs: Sequence[str] | None = None,
    *,
    n_process: int | None = None,
    batch_size: int = 64,
    progress: bool = True,
    file: TextIO | None = None,
    settings: Settings | None = None,
) -> list[Annotated]:
    """Detect and cache the entities of each document (all of the root's by default)."""
    from tqdm import tqdm

    n_process = n_process or default_n_process()
    documents = []
    for slug in slugs or root.slugs():
        document, _ = load_document(root, slug)
        if document is not None:
            documents.append(document)
    total = sum(len(block.text) for document in documents for block in document.blocks)
    results: list[Annotated] = []
    with tqdm(
        total=total,
        unit="char",
        unit_scale=True,
        desc="entities",
        disable=not progress,
        file=file or sys.stderr,
        dynamic_ncols=True,
    ) as bar:
        for document in documents:
            bar.set_postfix_str(document.slug, refresh=False)
            blocks = [(block.start, block.text) for block in document.blocks]
            started = time.perf_counter()
            before = bar.n
            found = detect_entities(
                blocks,
                settings=settings,
                n_process=n_process,
                batch_size=batch_size,
                progress=bar.update,
                write_cache=True,
            )  # filling the cache is this command's purpose
            bar.update(
                before + sum(len(text) for _, text in blocks) - bar.n
            )  # cached or failed: all at once
            results.append(
                Annotated(
                    document.slug,
                    len(found.entities),
                    found.cached,
                    time.perf_counter() - started,
                    found.model,
                    found.message,
                )
            )
    return results
