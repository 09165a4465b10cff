"""Seen before: the claims elsewhere in the library that say nearly the same as a sentence.

Wording is compared after normalising: case folded, accents kept, every number made ``#`` (so
"rose 24%" and "rose 31%" read alike: the same claim checked with other figures), punctuation
dropped. The similarity is rapidfuzz's ``token_set_ratio`` / 100: word order aside, and a
text whose words all occur in the other counts as the same (a claim's quote inside a sentence). A
pair is "seen" at ``THRESHOLD`` or more, and only texts of ``MIN_WORDS`` words or more. The
threshold was measured on the labelled pairs in tests/data/importing/seen-pairs.yaml
(``python -m benchmarks.importing`` prints precision and recall at each threshold).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reader.editing.suggest import Seen
from reader.sources.annotations import load_annotations
from reader.sources.documents import Root

__all__ = ["THRESHOLD", "LibraryClaim", "library_claims", "normalise", "seen_for", "similarity"]

THRESHOLD = 0.9  # precision 1.00, recall 0.67 on the labelled pairs; no wrong link shown
MIN_WORDS = 5  # shorter quotes ("the worst year") say too little to be the same claim
MAX_SEEN = 5  # shown per sentence

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
    return round(fuzz.token_set_ratio(normalise(a), normalise(b)) / 100, 3)


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
    pool = [c for c in claims if c.doc != doc and len(c.normal.split()) >= MIN_WORDS]
    hits = process.extract(
        normal,
        [c.normal for c in pool],
        scorer=fuzz.token_set_ratio,
        score_cutoff=THRESHOLD * 100,
        limit=MAX_SEEN,
    )
    return tuple(
        Seen(
            pool[index].doc,
            pool[index].id,
            pool[index].status,
            round(score / 100, 3),
            pool[index].quote,
            pool[index].figures,
            pool[index].notes,
        )
        for _, score, index in hits
    )
