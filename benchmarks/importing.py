"""Bringing articles in and suggesting claims: quality and speed figures.

    python -m benchmarks.importing
    python -m benchmarks.importing --seen     (the "seen before" figures alone)

- extraction: body word F1 (multiset of words, extracted against the true body) and title,
  author and date accuracy on the saved pages of tests/data/importing (goal: F1 ≥ 0.95 mean,
  ≥ 0.9 each), and on the same articles written as PDF and Word files;
- seen before: precision, recall and F1 of ``reader.library.seen`` at several thresholds on the
  labelled pairs of tests/data/importing/seen-pairs.yaml (all, and the real ones from the
  library's documents), and the best F1 of the other scorers tried on the same pairs;
- suggestions: on a copy of the seed article with its claims removed, the share of the curated
  claims found in the top 40 (found: a suggestion covers at least half of the claim's quote; goal
  ≥ 0.8), and precision at 10 and 20 (a suggestion covering half of some claim's quote counts);
- speed: ``extract`` of a 50-page PDF against reading its text with pypdfium2 alone, and
  ``suggest_claims`` on a 1 MB book against opening that book (both in this process).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from benchmarks.fixture_files import make_docx, make_pdf
from benchmarks.importing_pages import DATA, articles, blocks_of
from reader.importing import extract

PROJECT = Path(__file__).resolve().parent.parent
READING_WORDS_PER_MINUTE = 250  # a person reading attentively


def word_f1(got: str, want: str) -> float:
    g, w = Counter(got.split()), Counter(want.split())
    common = sum((g & w).values())
    if not common:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(w.values())
    return 2 * precision * recall / (precision + recall)


def extraction(kind: str) -> dict[str, Any]:
    rows = []
    for article in articles():
        blocks = blocks_of(article)
        title, author, day = article["title"], article["author"], article["published"]
        if kind == "web page":
            name, data = "page.html", (DATA / "pages" / f"{article['slug']}.html").read_bytes()
        elif kind == "PDF":
            name, data = "page.pdf", make_pdf(title, blocks, author=author, published=day)
        else:
            name, data = "page.docx", make_docx(title, blocks, author=author, published=day)
        found = extract(name, data)
        got = " ".join(b.text for b in found.blocks)
        rows.append(
            {
                "slug": article["slug"],
                "f1": word_f1(got, " ".join(text for _, text in blocks)),
                "title": found.title == title,
                "author": found.author == [author],
                "date": found.published == day,
                "structure": [b.kind for b in found.blocks] == [k for k, _ in blocks],
            }
        )
    return {
        "rows": rows,
        "mean_f1": statistics.mean(r["f1"] for r in rows),
        "min_f1": min(r["f1"] for r in rows),
        **{k: sum(r[k] for r in rows) / len(rows) for k in ("title", "author", "date")},
        "structure": sum(r["structure"] for r in rows) / len(rows),
    }


SEEN_THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
_STOP = frozenset(
    "a an and are as at be been by for from has had have he her his in into is it its of on or "
    "she than that the their they this to was were which who with".split()
)


def _content(normal: str) -> set[str]:
    return {w[:5] for w in normal.split() if w not in _STOP}  # five letters: a crude stem


def _dice(a: str, b: str) -> float:
    x, y = _content(a), _content(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _char_cosine(a: str, b: str) -> float:
    def grams(text: str) -> Counter[str]:
        padded = f" {text} "
        return Counter(padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))

    x, y = grams(a), grams(b)
    dot = sum(count * y[gram] for gram, count in x.items())
    norm = (sum(v * v for v in x.values()) * sum(v * v for v in y.values())) ** 0.5
    return dot / norm if norm else 0.0


def seen_scorers() -> dict[str, Any]:
    """The scorers tried for "seen before", each on two normalised texts, 0 to 1."""
    from rapidfuzz import fuzz

    from reader.library.seen import similarity as _seen_similarity

    def ratio(scorer: Any) -> Any:
        return lambda a, b: scorer(a, b) / 100

    return {
        # normalising a normalised text changes nothing
        "chosen: words contained, else partial_token_sort": _seen_similarity,
        "partial_token_sort": ratio(fuzz.partial_token_sort_ratio),
        "token_set": ratio(fuzz.token_set_ratio),
        "token_sort": ratio(fuzz.token_sort_ratio),
        "partial": ratio(fuzz.partial_ratio),
        "WRatio": ratio(fuzz.WRatio),
        "ratio": ratio(fuzz.ratio),
        "content-word Dice": _dice,
        "char 3-5-gram cosine": _char_cosine,
    }


def seen_thresholds(
    *, real: bool = False, scorer: Any = None
) -> list[tuple[float, float, float, float]]:
    """(threshold, precision, recall, F1) on the labelled pairs (``real``: only those from the
    library's own documents; ``scorer``: another scorer on the normalised texts)."""
    from reader.library.seen import MIN_WORDS, normalise, similarity

    pairs = yaml.safe_load((DATA / "seen-pairs.yaml").read_text("utf-8"))
    pairs = [p for p in pairs if p.get("real")] if real else pairs
    scores = [
        similarity(p["a"], p["b"])
        if scorer is None
        else scorer(normalise(p["a"]), normalise(p["b"]))
        for p in pairs
    ]
    long_enough = [
        min(len(normalise(p["a"]).split()), len(normalise(p["b"]).split())) >= MIN_WORDS
        for p in pairs
    ]
    rows = []
    for threshold in SEEN_THRESHOLDS:
        said = [s >= threshold and long for s, long in zip(scores, long_enough)]
        hits = sum(s and p["same"] for s, p in zip(said, pairs))
        precision = hits / max(1, sum(said))
        recall = hits / sum(p["same"] for p in pairs)
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        rows.append((threshold, precision, recall, f1))
    return rows


def print_seen() -> None:
    from reader.library.seen import THRESHOLD

    print(
        "seen before (reader.library.seen.similarity): threshold, precision, recall and F1 on "
        "all labelled pairs, on the real ones"
    )
    for (threshold, p, r, f1), (_, real_p, real_r, real_f1) in zip(
        seen_thresholds(), seen_thresholds(real=True)
    ):
        chosen = "  <- THRESHOLD" if abs(threshold - THRESHOLD) < 1e-9 else ""
        print(
            f"    {threshold:.2f}  P {p:.2f}  R {r:.2f}  F1 {f1:.2f}    "
            f"real: P {real_p:.2f}  R {real_r:.2f}  F1 {real_f1:.2f}{chosen}"
        )
    print("seen before, every scorer at its best F1, and at its best F1 with no wrong link:")
    for name, scorer in seen_scorers().items():
        rows = seen_thresholds(scorer=scorer)
        best = max(rows, key=lambda row: (row[3], row[1]))
        exact = max((row for row in rows if row[1] == 1.0), key=lambda row: row[3], default=None)
        line = f"    {name:50} at {best[0]:.2f}: P {best[1]:.2f}  R {best[2]:.2f}  F1 {best[3]:.2f}"
        if exact is not None:
            line += f"    at {exact[0]:.2f}: P 1.00  R {exact[2]:.2f}  F1 {exact[3]:.2f}"
        print(line)


def suggestion_quality(slug: str = "mexico-drug-war", limit: int = 40) -> dict[str, Any]:
    from reader.editing.suggest import suggest_claims
    from reader.reading import open_reading
    from reader.sources.documents import Root

    seed = Root(PROJECT)
    curated = open_reading(seed, slug, with_model=False)
    claims = [
        (a.start, a.end)
        for claim in curated.annotations.claims
        if (a := curated.anchors.get(claim.id)) is not None and a.start is not None
    ]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "article").mkdir()
        (root / "annotations").mkdir()
        shutil.copy(PROJECT / "article" / f"{slug}.md", root / "article")
        reading = open_reading(Root(root), slug, with_model=True)
        suggestions = suggest_claims(reading)

    def covers(s: Any, claim: tuple[int, int]) -> bool:
        overlap = min(s.end, claim[1]) - max(s.start, claim[0])
        return overlap >= (claim[1] - claim[0]) / 2

    top = suggestions[:limit]
    found = sum(any(covers(s, c) for s in top) for c in claims)

    def precision(k: int, ranked: list[Any] = suggestions) -> float:
        return sum(any(covers(s, c) for c in claims) for s in ranked[:k]) / k

    in_order = sorted(suggestions, key=lambda s: s.start)  # the baseline: the document's order

    def recall(k: int) -> float:
        return sum(any(covers(s, c) for s in suggestions[:k]) for c in claims) / len(claims)

    return {
        "slug": slug,
        "claims": len(claims),
        "sentences": len(suggestions),
        "recall_at_10": recall(10),
        "recall_at_40": found / len(claims),
        "precision_at_10": precision(10),
        "precision_at_20": precision(20),
        "order_precision_at_10": precision(10, in_order),
        "model": reading.model or "none",
    }


def speed() -> dict[str, float]:
    import pypdfium2 as pdfium

    from benchmarks.corpus import generate_corpus
    from reader.editing.suggest import suggest_claims
    from reader.reading import open_reading
    from reader.sources.documents import Root

    every = [b for article in articles() for b in blocks_of(article)]
    blocks, pdf, pages = list(every), b"", 0
    while pages < 50:
        blocks += every
        pdf = make_pdf("A long report", blocks, author="Benchmark", published="2024-01-01")
        pages = len(pdfium.PdfDocument(pdf))

    def plain_text() -> int:
        document = pdfium.PdfDocument(pdf)
        return sum(len(document[i].get_textpage().get_text_range()) for i in range(len(document)))

    read_pdf = _best(plain_text)
    add_pdf = _best(lambda: extract("long.pdf", pdf))
    with tempfile.TemporaryDirectory() as folder:
        corpus = generate_corpus(Path(folder), annotations=0)
        root = Root(corpus.root)
        open_book = _best(lambda: open_reading(root, corpus.slug, with_model=False), repeat=2)
        reading = open_reading(root, corpus.slug, with_model=False)
        suggest = _best(lambda: suggest_claims(reading), repeat=2)
    return {
        "pdf_words": sum(len(text.split()) for _, text in blocks),
        "pdf_pages": pages,
        "pdf_read_s": read_pdf,
        "pdf_add_s": add_pdf,
        "book_chars": corpus.chars,
        "book_words": len(reading.text.split()),
        "book_open_s": open_book,
        "book_suggest_s": suggest,
    }


def _best(fn: Any, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    if "--seen" in (sys.argv[1:] if argv is None else argv):
        print_seen()
        return 0
    for kind in ("web page", "PDF", "Word file"):
        result = extraction(kind)
        print(
            f"{kind:9}  body F1 mean {result['mean_f1']:.3f}, lowest {result['min_f1']:.3f}; "
            f"title {result['title']:.0%}, author {result['author']:.0%}, date {result['date']:.0%}"
            f"; headings and paragraphs as written {result['structure']:.0%}"
            f" ({len(result['rows'])} articles)"
        )
        for row in result["rows"]:
            if row["f1"] < 0.99 or not (row["title"] and row["author"] and row["date"]):
                missed = [k for k in ("title", "author", "date") if not row[k]]
                print(
                    f"    {row['slug']:22} F1 {row['f1']:.3f}  missed: {', '.join(missed) or '-'}"
                )
    print_seen()
    for slug in ("mexico-drug-war", "mexico-security-strategies"):
        quality = suggestion_quality(slug)
        print(
            f"suggestions ({slug}, claims removed, model: {quality['model']}): "
            f"{quality['recall_at_40']:.2f} of {quality['claims']} curated claims in the top 40 "
            f"of {quality['sentences']} sentences ({quality['recall_at_10']:.2f} in the top 10); "
            f"precision at 10 {quality['precision_at_10']:.2f}, "
            f"at 20 {quality['precision_at_20']:.2f} (the document's order: "
            f"{quality['order_precision_at_10']:.2f} at 10)"
        )
    timing = speed()
    person = READING_WORDS_PER_MINUTE / 60
    print(
        f"add a {timing['pdf_pages']}-page PDF: {timing['pdf_add_s']:.2f} s, "
        f"{timing['pdf_add_s'] / timing['pdf_read_s']:.1f}× reading its text with pypdfium2 "
        f"({timing['pdf_read_s']:.2f} s); a person reads it in "
        f"{timing['pdf_words'] / person / 60:.0f} min"
    )
    print(
        f"suggest on a {timing['book_chars'] / 1e6:.1f} M-character book: "
        f"{timing['book_suggest_s']:.2f} s, "
        f"{timing['book_suggest_s'] / timing['book_open_s']:.1f}× "
        f"opening it without the model ({timing['book_open_s']:.2f} s); a person reads it in "
        f"{timing['book_words'] / person / 3600:.1f} h"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
