"""ClaimReview JSON-LD: the fields Google's fact-check structured data requires and recommends, and
the HTML embed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from reader.interop.claimreview import claim_url, json_ld_script, to_claimreview
from reader.interop.export import to_html
from reader.layers.entities import ModelEntities
from reader.reading import build_reading
from reader.sources.annotations import parse_annotations
from reader.sources.documents import parse_document
from tests.conftest import PROJECT, make_root

ARTICLE = """---
title: Bees and the almond harvest
source: https://example.org/bees
reviewer: The Hive Desk
reviewed: 2025-02-03
---
California’s almond orchards rent about two million honeybee colonies each February.

Beekeepers say </script><script>alert(1)</script> & more.
"""
ANNOTATIONS = """claims:
  - id: two-million
    quote: about two million honeybee colonies
    status: approximate
  - id: unrated
    quote: each February
    status: unconfirmed
  - id: hostile
    quote: Beekeepers say </script><script>alert(1)</script> & more
    status: incorrect
  - id: no-status
    quote: almond orchards
"""

# Google's fact-check structured data: required, then recommended properties of a ClaimReview.
REQUIRED = ("claimReviewed", "reviewRating", "url")
RECOMMENDED = ("author", "itemReviewed", "datePublished")
RATING_REQUIRED = ("alternateName",)
RATING_RECOMMENDED = ("ratingValue", "bestRating", "worstRating")


def reading_of(article: str = ARTICLE, annotations: str = ANNOTATIONS):
    document, _ = parse_document("bees", article, "article/bees.md")
    parsed, problems = parse_annotations(annotations, "annotations/bees.yaml")
    assert not problems, problems
    return build_reading(document, parsed, [], ModelEntities((), None))


def test_every_claim_with_a_status_is_reviewed_with_googles_fields():
    reviews = to_claimreview(reading_of(), base_url="https://reader.example.org/")
    assert [r["claimReviewed"] for r in reviews] == [
        "about two million honeybee colonies",
        "each February",
        "Beekeepers say </script><script>alert(1)</script> & more",
    ]
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert all(review.get(key) for key in (*REQUIRED, *RECOMMENDED)), review
        assert (
            review["reviewRating"]["@type"] == "Rating" and review["reviewRating"]["alternateName"]
        )
        assert review["author"] == {"@type": "Organization", "name": "The Hive Desk"}
        assert review["datePublished"] == "2025-02-03"
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["appearance"]["url"] == "https://example.org/bees"
    first = reviews[0]
    assert first["url"] == "https://reader.example.org/?doc=bees&focus=two-million"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Approximately right",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    for key in RATING_REQUIRED + RATING_RECOMMENDED:
        assert key in first["reviewRating"]


def test_the_scale_runs_from_incorrect_to_supported_and_unconfirmed_has_no_number():
    reviews = {r["claimReviewed"]: r["reviewRating"] for r in to_claimreview(reading_of())}
    assert reviews["each February"] == {"@type": "Rating", "alternateName": "Unconfirmed"}
    hostile = reviews["Beekeepers say </script><script>alert(1)</script> & more"]
    assert (
        hostile["ratingValue"] == hostile["worstRating"] == 1
        and hostile["alternateName"] == "Incorrect"
    )


def test_what_the_document_does_not_say_is_left_out():
    bare = ARTICLE.replace(
        "source: https://example.org/bees\nreviewer: The Hive Desk\nreviewed: 2025-02-03\n", ""
    )
    reviews = to_claimreview(reading_of(bare))
    assert reviews and all(
        set(r) == {"@context", "@type", "claimReviewed", "reviewRating", "itemReviewed"}
        for r in reviews
    )
    assert reviews[0]["itemReviewed"] == {"@type": "Claim"}


def test_claim_url_joins_a_base_with_or_without_a_query():
    assert claim_url("https://x.org/r", "a-b", "c d") == "https://x.org/r?doc=a-b&focus=c+d"
    assert claim_url("https://x.org/r?lang=en", "a", "b") == "https://x.org/r?lang=en&doc=a&focus=b"


def test_the_html_export_embeds_the_reviews_and_no_text_can_close_the_block():
    page = to_html(reading_of(), base_url="https://reader.example.org/")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert len(blocks) == 1 and "<" not in blocks[0]
    assert "\\u003c/script\\u003e" in blocks[0]
    assert json.loads(blocks[0]) == to_claimreview(
        reading_of(), base_url="https://reader.example.org/"
    )
    assert json_ld_script([{"a": "</script>"}]) == (
        '<script type="application/ld+json">[\n {\n  "a": "\\u003c/script\\u003e"\n }\n]</script>'
    )


def test_a_bad_reviewed_date_is_a_front_matter_error():
    _, problems = parse_document(
        "bees", ARTICLE.replace("2025-02-03", "3 Feb 2025"), "article/bees.md"
    )
    assert [str(p) for p in problems] == [
        "article/bees.md:5:11: error: front matter 'reviewed': Value error, "
        "must be a date written YYYY-MM-DD, like 2025-01-15"
    ]


@pytest.mark.parametrize("base", [None, "https://reader.example.org/"])
def test_the_command_writes_a_json_array(tmp_path, base):
    root = make_root(tmp_path, {"bees": ARTICLE}, {"bees": ANNOTATIONS})
    args = [
        sys.executable,
        "-m",
        "reader",
        "export",
        "bees",
        "--format",
        "claimreview",
        "--root",
        str(root),
    ]
    done = subprocess.run(
        [*args, *(["--base-url", base] if base else [])],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    reviews = json.loads(done.stdout)
    assert isinstance(reviews, list) and len(reviews) == 3
    assert all(("url" in r) is bool(base) for r in reviews)


def test_base_url_goes_only_with_claimreview_and_html(tmp_path):
    root = make_root(tmp_path, {"bees": ARTICLE}, {"bees": ANNOTATIONS})
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "export",
            "bees",
            "--format",
            "json",
            "--base-url",
            "https://x",
            "--root",
            str(root),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )
    assert (
        done.returncode == 2 and "--base-url goes with --format claimreview or html" in done.stderr
    )
