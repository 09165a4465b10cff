"""Seen before: the claims elsewhere in the library that say nearly the same as a sentence.

Wording is compared after normalising: case folded, accents kept, every number made ``#`` (so
"rose 24%" and "rose 31%" read alike: the same claim checked with other figures), punctuation
dropped. The similarity is 1 when every word of one text occurs in the other (a claim's quote
inside a sentence), else rapidfuzz's ``partial_token_sort_ratio`` / 100: the words of each text
sorted (word order aside), then the shorter aligned with the closest stretch of the longer. A pair
is "seen" at ``THRESHOLD`` or more, and only texts of ``MIN_WORDS`` words or more. The scorer and
the threshold were chosen by F1 on the labelled pairs in tests/data/importing/seen-pairs.yaml
(``python -m benchmarks.importing --seen`` prints precision, recall and F1 at each threshold, and
the best F1 of the other scorers tried).

Only claims sharing at least half the telling words of the shorter text are scored (an index of
the words of the claims, built once per library, that leaves out the words in more than
``COMMON_CLAIMS`` claims and 1% of them), so a library of 10,000 documents stays quick.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from reader.editing.suggest import Seen
from reader.sources.annotations import load_annotations
from reader.sources.documents import Root

__all__ = ["THRESHOLD", "LibraryClaim", "library_claims", "normalise", "seen_for", "similarity"]

THRESHOLD = 0.8  # best F1 on the labelled pairs (benchmarks.importing), with no wrong link
MIN_WORDS = 5  # shorter quotes ("the worst year") say too little to be the same claim
MAX_SEEN = 5  # shown per sentence
COMMON_CLAIMS = 100  # a word in more claims (and in more than 1% of them) is not indexed

_NUMBER = re.compile(r"\d[\d,.]*")
_NOT_WORD = re.compile(r"[^\w#]+")


@dataclass(frozen=True, slots=True)
class LibraryClaim:
    doc: str
    id: str
    status: str | None
    quote: str
    figures: tuple[str, ...]
    notes: tuple[str, ...]
    normal: str


def normalise(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", _NUMBER.sub("#", text.casefold())).split())


def similarity(a: str, b: str) -> float:
    return _similarity(normalise(a), normalise(b))


def _similarity(a: str, b: str) -> float:
    """``similarity`` of two normalised texts."""
    x, y = set(a.split()), set(b.split())
    if x and y and (x <= y or y <= x):
        return 1.0
    return round(fuzz.partial_token_sort_ratio(a, b) / 100, 3)


class _Index:
    """Which claims (of enough words) share words with a text: one array of claims per word,
    words in many claims ("the", "of", "#") left out, as they say nothing of the claim."""

    def __init__(self, claims: list[LibraryClaim]) -> None:
        self.docs = [c.doc for c in claims]
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, claim in enumerate(claims):
            if len(claim.normal.split()) >= MIN_WORDS:
                for word in set(claim.normal.split()):
                    postings[word].append(index)
        most = max(COMMON_CLAIMS, len(claims) // 100)
        self.common = {word for word, ids in postings.items() if len(ids) > most}
        sizes = [len(set(c.normal.split()) - self.common) for c in claims]
        self.sizes = np.array(sizes, dtype=np.int64)
        self.postings = {
            word: np.array(ids, dtype=np.int64)
            for word, ids in postings.items()
            if word not in self.common
        }

    def candidates(self, normal: str, doc: str) -> list[int]:
        words = set(normal.split()) - self.common
        found = [self.postings[w] for w in words if w in self.postings]
        if not found:
            return []
        shared = np.bincount(np.concatenate(found), minlength=len(self.docs))
        # half the telling words of the shorter text (each labelled pair it links shares more)
        near = (shared > 0) & (2 * shared >= np.minimum(self.sizes, len(words)))
        return [int(i) for i in np.flatnonzero(near) if self.docs[i] != doc]


_last: tuple[list[LibraryClaim], int, _Index] | None = None


def _index(claims: list[LibraryClaim]) -> _Index:
    """The index of these claims, kept for the next call with the same list or an equal one
    (Streamlit's cache gives an equal copy of the list on every run)."""
    global _last
    if _last is not None and _last[0] is claims:
        return _last[2]
    key = hash(tuple((c.doc, c.normal) for c in claims))
    if _last is None or _last[1] != key:
        _last = (claims, key, _Index(claims))
    else:
        _last = (claims, key, _last[2])
    return _last[2]


def library_claims(root: Root) -> list[LibraryClaim]:
    """Every claim of every document of the root (files that cannot be read give none)."""
    claims = []
    for slug in root.slugs():
        path = root.annotations_path(slug)
        if not path.is_file():
            continue
        annotations, _ = load_annotations(path)
        for claim in annotations.claims:
            claims.append(
                LibraryClaim(
                    slug,
                    claim.id,
                    claim.status,
                    claim.quote,
                    tuple(claim.figures),
                    tuple(claim.notes),
                    normalise(claim.quote),
                )
            )
    return claims


def seen_for(
    text: str, claims: list[LibraryClaim], *, doc: str, skip: tuple[str, ...] = ()
) -> tuple[Seen, ...]:
    """Claims of other documents (and not ``skip`` ids of this one) that say nearly the same."""
    normal = normalise(text)
    if len(normal.split()) < MIN_WORDS:
        return ()
    scored = [
        (score, claims[i])
        for i in _index(claims).candidates(normal, doc)
        if (score := _similarity(normal, claims[i].normal)) >= THRESHOLD
    ]
    scored.sort(key=lambda hit: -hit[0])  # stable: the library's order among equals
    return tuple(
        Seen(claim.doc, claim.id, claim.status, score, claim.quote, claim.figures, claim.notes)
        for score, claim in scored[:MAX_SEEN]
    )
