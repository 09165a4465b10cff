"""Claims with a status as schema.org ClaimReview JSON-LD, the fact-check markup search engines
read.

The numeric scale (documented in docs/exports.md#claimreview): supported 5, approximate 4, misdated
3, disputed 2, incorrect 1 (bestRating 5, worstRating 1). `unconfirmed` has no place on a scale of
truth, so its rating carries only `alternateName`. Front-matter `reviewer` and `reviewed` give
`author` and `datePublished`; `source` gives the claim's `appearance`; `--base-url` gives `url` (the
claim's deep link). Whatever the document does not say is left out, never invented.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from reader.reading import Reading
from reader.vocabulary import STATUS_TEXT

__all__ = ["RATING_VALUES", "claim_url", "json_ld_script", "to_claimreview"]

RATING_VALUES = {"supported": 5, "approximate": 4, "misdated": 3, "disputed": 2, "incorrect": 1}
BEST_RATING, WORST_RATING = 5, 1


def claim_url(base_url: str, slug: str, claim_id: str) -> str:
    """The deep link the app opens on one claim: BASE?doc=SLUG&focus=ID."""
    joiner = "&" if "?" in base_url else "?"
    return f"{base_url}{joiner}{urlencode({'doc': slug, 'focus': claim_id})}"


def to_claimreview(reading: Reading, *, base_url: str | None = None) -> list[dict[str, Any]]:
    """One ClaimReview per claim that has a status, in file order."""
    meta = reading.document.meta
    reviews = []
    for claim in reading.annotations.claims:
        if claim.status is None:
            continue
        anchor = reading.anchors.get(claim.id)
        quote = reading.text[anchor.start : anchor.end] if anchor is not None else claim.quote
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": STATUS_TEXT[claim.status]}
        if claim.status in RATING_VALUES:
            rating.update(
                ratingValue=RATING_VALUES[claim.status],
                bestRating=BEST_RATING,
                worstRating=WORST_RATING,
            )
        item: dict[str, Any] = {"@type": "Claim"}
        if meta.source:
            item["appearance"] = {
                "@type": "CreativeWork",
                "url": meta.source,
                "headline": meta.title,
            }
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": " ".join(quote.split()),
            "reviewRating": rating,
            "itemReviewed": item,
        }
        if base_url:
            review["url"] = claim_url(base_url, reading.document.slug, claim.id)
        if meta.reviewer:
            review["author"] = {"@type": "Organization", "name": meta.reviewer}
        if meta.reviewed:
            review["datePublished"] = meta.reviewed
        reviews.append(review)
    return reviews


def json_ld_script(reviews: list[dict[str, Any]]) -> str:
    """The reviews as a <script type="application/ld+json"> block; `<`, `>` and `&` escaped so no
    text can close it."""
    body = json.dumps(reviews, ensure_ascii=False, indent=1)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{body}</script>'
