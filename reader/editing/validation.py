"""Checking annotation text as it would be saved, while the curator types: cached, cancellable.

The editor asks after every pause in typing; a newer text makes the running check stop (the
``cancelled`` callback), so typing never waits for a check of text that is already gone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

from reader.memo import SizedCache
from reader.sources.annotations import (
    Annotations,
    load_annotations,
    load_shared,
    parse_annotations,
    parse_shared,
)
from reader.sources.documents import (
    SHARED_SLUG,
    Document,
    Root,
    display_path,
    file_signature,
    load_document,
)
from reader.sources.problems import Problem
from reader.sources.yamlsource import MAX_FILE_BYTES

__all__ = ["VALIDATION_CACHE_BYTES", "ValidationCancelled", "validate_annotations"]


class ValidationCancelled(Exception):
    """Raised by :func:`validate_annotations` when ``cancelled()`` said newer text has arrived."""


#: Validations by text: retyping, undoing and rerunning cost nothing. Bounded by the texts' size.
VALIDATION_CACHE_BYTES = 64 * 1024 * 1024
_VALIDATIONS: SizedCache[list[Problem]] = SizedCache(VALIDATION_CACHE_BYTES, name="validations")


def validate_annotations(
    root: Root, slug: str, text: str, *, cancelled: Callable[[], bool] | None = None
) -> list[Problem]:
    """Problems of annotation text as it would be saved for ``slug``: YAML, schema, references,
    and anchoring of quotes in the article (when the article can be read). Sorted by place.

    ``slug`` SHARED_SLUG validates annotations/_shared.yaml's text by its own rules (no claims,
    no quotes), and reports as errors at 1:1 what the text would break in the documents that use
    it (a link or a bound number that no longer finds its figure or note); a document's text is
    validated against the shared file on disk.

    Cached by the text and the versions of the article and the shared file, so asking again costs
    a digest. While it works it asks ``cancelled()`` now and then (between stages, every few
    hundred quotes) and raises ValidationCancelled when that says True (the editor's lets Streamlit
    stop a run that newer text made stale)."""
    version = (
        file_signature(
            path
            for document in root.slugs()
            for path in (root.article_path(document), root.annotations_path(document))
        )
        if slug == SHARED_SLUG
        else file_signature([root.article_path(slug), root.shared_path()])
    )
    slot = (
        os.path.abspath(root.path),
        slug,
        hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest(),
    )

    def checkpoint() -> None:
        if cancelled is not None and cancelled():
            raise ValidationCancelled("newer text arrived")

    return _VALIDATIONS.get(
        slot,
        version,
        lambda: _validate(root, slug, text, checkpoint),
        lambda problems: len(text) + 300 * len(problems),
    )


def _validate(root: Root, slug: str, text: str, checkpoint: Callable[[], None]) -> list[Problem]:
    from reader.layers.entities import ModelEntities  # the model is not needed to validate a file
    from reader.reading import build_reading

    shown = display_path(root.annotations_path(slug))
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_FILE_BYTES:
        return [
            Problem(
                shown,
                1,
                1,
                "error",
                f"the text is larger than the limit of {MAX_FILE_BYTES:,} bytes",
            )
        ]
    if "\ufffd" in text:
        line = text[: text.index("\ufffd")].count("\n") + 1
        column = text.index("\ufffd") - (text.rfind("\n", 0, text.index("\ufffd")) + 1) + 1
        return [
            Problem(
                shown,
                line,
                column,
                "error",
                "the text contains U+FFFD (a byte that was not UTF-8); retype that character",
            )
        ]
    checkpoint()
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    if slug == SHARED_SLUG:
        shared, problems = parse_shared(text, shown)
        return problems + _documents_broken_by(root, shared, shown, checkpoint)
    annotations, problems = parse_annotations(text, shown, shared=load_shared(root)[0])
    checkpoint()
    if root.article_path(slug).is_file():
        document, _ = load_document(root, slug)
        if document is not None:
            reading = build_reading(
                document, annotations, problems, ModelEntities((), None), checkpoint=checkpoint
            )
            problems = reading.problems
    return sorted((p for p in problems if p.path == shown), key=lambda p: (p.line, p.column))


def _documents_broken_by(
    root: Root, shared: Annotations, shown: str, checkpoint: Callable[[], None]
) -> list[Problem]:
    """The errors a shared file's text would add to the documents, each said at 1:1 (what was
    removed has no line in the new text), for the Edit view to list and Save to refuse."""
    current, _ = load_shared(root)
    broken: list[Problem] = []
    for slug in root.slugs():
        checkpoint()
        document, _ = load_document(root, slug)
        if document is None:
            continue
        before = set(_document_errors(root, slug, document, current, checkpoint))
        for error in _document_errors(root, slug, document, shared, checkpoint):
            if error not in before:
                broken.append(Problem(shown, 1, 1, "error", f"this text would break {error}"))
    return broken


def _document_errors(
    root: Root,
    slug: str,
    document: Document,
    shared: Annotations,
    checkpoint: Callable[[], None],
) -> list[str]:
    """A document's errors in its own annotation file, read with the given shared evidence."""
    from reader.layers.entities import ModelEntities  # the model is not needed to validate
    from reader.reading import build_reading

    path = root.annotations_path(slug)
    annotations, problems = load_annotations(path, shared=shared)
    reading = build_reading(
        document, annotations, problems, ModelEntities((), None), checkpoint=checkpoint
    )
    own = display_path(path)
    return [str(p) for p in reading.problems if p.is_error and p.path == own]
