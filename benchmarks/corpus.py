"""The benchmark's corpus: a synthetic, deterministic book with its annotation file.

A seeded RNG over word lists with people, places, organisations, dates, money and percentages (so
the NER model finds plenty): unique paragraphs under headings, written to a root as
``article/<slug>.md`` with ``annotations/<slug>.yaml`` holding claims, notes and entity corrections,
10% of whose quotes are perturbed so that they only anchor approximately.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_SIZE_KB = 1024
DEFAULT_ANNOTATIONS = 1000
FUZZY_SHARE = 0.10
SEED = 20240719
SLUG = "bench-book"

# --------------------------------------------------------------------------- word lists

FIRST = (
    "Maria",
    "James",
    "Aiko",
    "Tomasz",
    "Lucia",
    "Omar",
    "Ingrid",
    "Kwame",
    "Elena",
    "Rafael",
    "Sofia",
    "Dmitri",
    "Amara",
    "Henrik",
    "Priya",
    "Mateo",
    "Yusuf",
    "Clara",
    "Jonas",
    "Leila",
    "Viktor",
    "Nadia",
    "Samuel",
    "Greta",
    "Tariq",
    "Beatriz",
    "Felix",
    "Hana",
    "Lorenzo",
    "Zainab",
    "Oscar",
    "Marta",
    "Kenji",
    "Isabel",
    "Nikolai",
    "Rosa",
    "Adrian",
    "Chiara",
    "Emeka",
    "Vera",
    "Pablo",
    "Freya",
    "Idris",
    "Lena",
    "Bruno",
    "Mei",
    "Anton",
    "Sara",
)
LAST = (
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Castillo",
    "Nakamura",
    "Kowalski",
    "Haddad",
    "Fischer",
    "Mendes",
    "Novak",
    "Abernathy",
    "Rossi",
    "Petrov",
    "Osei",
    "Brennan",
    "Delgado",
    "Varga",
    "Hoffmann",
    "Santos",
    "Ibrahim",
    "Larsen",
    "Conti",
    "Yilmaz",
    "Dubois",
    "Ferreira",
    "Kimura",
    "Mwangi",
    "Walsh",
    "Sokolov",
    "Reyes",
    "Bauer",
    "Nilsson",
    "Costa",
    "Adeyemi",
    "Romano",
    "Jansen",
    "Herrera",
    "Popescu",
    "Lund",
    "O'Brien",
)
PLACES = (
    "Lisbon",
    "Nairobi",
    "Montreal",
    "Osaka",
    "Krakow",
    "Valparaiso",
    "Tbilisi",
    "Accra",
    "Hamburg",
    "Seville",
    "Quito",
    "Bergen",
    "Manila",
    "Porto",
    "Lagos",
    "Dublin",
    "Marseille",
    "Chennai",
    "Bogota",
    "Helsinki",
    "Brazil",
    "Canada",
    "Kenya",
    "Norway",
    "Peru",
    "Vietnam",
    "Ghana",
    "Portugal",
    "Chile",
    "Poland",
    "Mexico",
    "Egypt",
    "Indonesia",
    "Scotland",
    "Morocco",
    "Argentina",
    "Finland",
    "Japan",
    "Turkey",
    "Spain",
)
ORGS = (
    "the Northwind Trading Company",
    "the Harbor Authority",
    "the Ministry of Finance",
    "the Central Bank",
    "the National Rail Board",
    "Meridian Mining Corporation",
    "the United Nations",
    "the World Bank",
    "the Coastal Fisheries Council",
    "Atlas Shipping Group",
    "the Supreme Court",
    "the Red Cross",
    "Helios Energy",
    "the Federal Reserve",
    "the European Commission",
    "Blue River Partners",
    "the Ridge & Valley Cooperative",
    "the Institute for Water Studies",
    "Orion Telecom",
    "the Senate",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
NOUNS = (
    "harbor",
    "railway",
    "budget",
    "report",
    "treaty",
    "harvest",
    "election",
    "bridge",
    "contract",
    "strike",
    "market",
    "archive",
    "pipeline",
    "census",
    "drought",
    "festival",
    "inquiry",
    "reform",
    "border",
    "factory",
    "loan",
    "tariff",
    "reservoir",
    "clinic",
    "survey",
    "merger",
    "ferry",
    "quarry",
    "pension",
    "curfew",
)
ADJS = (
    "new",
    "disputed",
    "regional",
    "quiet",
    "costly",
    "delayed",
    "northern",
    "temporary",
    "ambitious",
    "rural",
    "modest",
    "coastal",
    "secret",
    "public",
    "fragile",
    "sweeping",
    "local",
    "formal",
    "early",
    "final",
)
VERBS = (
    "announced",
    "questioned",
    "approved",
    "blocked",
    "financed",
    "reviewed",
    "defended",
    "criticised",
    "postponed",
    "expanded",
    "audited",
    "signed",
    "rejected",
    "described",
    "welcomed",
    "investigated",
)
FILLER = (
    "according to officials",
    "after weeks of talks",
    "despite fierce objections",
    "in a brief statement",
    "by a narrow margin",
    "without much notice",
    "to the surprise of many",
    "under heavy pressure",
    "in the following months",
    "as critics had warned",
    "at a crowded meeting",
    "behind closed doors",
)

# Each template yields one sentence; slots are filled by `_Writer.fill`. Several carry characters
# that HTML must escape (&, ', ", <), so escaping is part of what the render figure measures.
TEMPLATES = (
    "{PERSON} {verb} the {adj} {noun} in {GPE} on {DATE}, {filler}.",
    "{ORG} {verb} a {MONEY} {noun} for {GPE} {filler}, said {PERSON}.",
    "By {YEAR}, the {noun} had grown by {PERCENT}, and {PERSON} {verb} it in {GPE}.",
    "In {GPE}, {CARDINAL} people {verb} the {adj} {noun} that {ORG} proposed on {DATE}.",
    '"We were never told," said {PERSON}, whose {noun} in {GPE} lost {MONEY} in {YEAR}.',
    "{PERSON} and {PERSON} met in {GPE} to discuss the {noun} of {ORG}, {filler}.",
    "The {adj} {noun} cost {MONEY}, less than {PERCENT} of what {ORG} had estimated in {YEAR}.",
    (
        "On {DATE}, {ORG} reported that fewer than {CARDINAL} residents of {GPE} used the "
        "{noun} < {CARDINAL} days a year."
    ),
    "Critics of {PERSON}'s {noun} pointed to {GPE} & {GPE}, where a {adj} {noun} failed {filler}.",
    "{PERSON}, a former adviser to {ORG}, {verb} the figures from {YEAR} as '{adj}' at best.",
)


@dataclass
class Corpus:
    """What `generate_corpus` wrote: where, and what it holds."""

    root: Path
    slug: str
    chars: int
    paragraphs: int
    headings: int
    annotations: int
    claims: int
    notes: int
    corrections: int
    fuzzy: int
    seed: int


@dataclass
class _Fill:
    start: int  # offset in the paragraph
    end: int
    label: str


@dataclass
class _Writer:
    rng: random.Random
    fills: list[_Fill] = field(default_factory=list)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def fill(self, slot: str) -> tuple[str, str | None]:
        r = self.rng
        match slot:
            case "PERSON":
                return self.person(), "PERSON"
            case "GPE":
                return r.choice(PLACES), "GPE"
            case "ORG":
                return r.choice(ORGS), "ORG"
            case "DATE":
                return f"{r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(1950, 2024)}", "DATE"
            case "YEAR":
                return str(r.randint(1900, 2030)), "DATE"
            case "MONEY":
                return f"${r.randint(2, 990)}.{r.randint(1, 9)} million", "MONEY"
            case "PERCENT":
                return f"{r.randint(2, 97)} percent", "PERCENT"
            case "CARDINAL":
                return f"{r.randint(1_200, 990_000):,}", "CARDINAL"
            case "verb":
                return r.choice(VERBS), None
            case "adj":
                return r.choice(ADJS), None
            case "noun":
                return r.choice(NOUNS), None
            case "filler":
                return r.choice(FILLER), None
        raise ValueError(slot)

    def sentence(self, base: int) -> str:
        """One sentence; records where its entity-like fills landed (relative to the paragraph)."""
        template = self.rng.choice(TEMPLATES)
        out: list[str] = []
        pos = base
        for piece in re.split(r"(\{[A-Za-z]+\})", template):
            if piece.startswith("{") and piece.endswith("}"):
                value, label = self.fill(piece[1:-1])
                if label:
                    self.fills.append(_Fill(pos, pos + len(value), label))
            else:
                value = piece
            out.append(value)
            pos += len(value)
        text = "".join(out)
        return text[0].upper() + text[1:]


def generate_corpus(
    root: Path,
    *,
    size_kb: int = DEFAULT_SIZE_KB,
    annotations: int = DEFAULT_ANNOTATIONS,
    seed: int = SEED,
    slug: str = SLUG,
) -> Corpus:
    """Write a synthetic book of about `size_kb` KiB of text, with `annotations` curated
    annotations, to `root`.

    Deterministic for a given seed. Every claim and note quote occurs exactly once in the text (or,
    for the perturbed 10%, not at all); entity corrections by quote carry a prefix and suffix when
    their words recur.
    """
    from reader.sources.documents import parse_document

    rng = random.Random(seed)
    writer = _Writer(rng)
    target = size_kb * 1024
    body: list[str] = []
    para_fills: list[list[_Fill]] = []
    seen: set[str] = set()
    total = 0
    chapter = 0
    paragraphs = headings = 0
    while total < target:
        if paragraphs % 25 == 0:
            chapter += 1
            heading = (
                f"Chapter {chapter}: The {rng.choice(ADJS)} {rng.choice(NOUNS)} of "
                f"{rng.choice(PLACES)}"
            )
            body.append(f"## {heading}")
            para_fills.append([])
            headings += 1
            total += len(heading) + 2
        writer.fills = []
        sentences: list[str] = []
        length = 0
        for _ in range(rng.randint(4, 8)):
            sentence = writer.sentence(length)
            sentences.append(sentence)
            length += len(sentence) + 1
        paragraph = " ".join(sentences)
        if paragraph in seen:  # practically never: the fills are random
            continue
        seen.add(paragraph)
        body.append(paragraph)
        para_fills.append(list(writer.fills))
        paragraphs += 1
        total += len(paragraph) + 2

    title = f"A Synthetic Book of {paragraphs:,} Paragraphs"
    article = (
        f'---\ntitle: "{title}"\nsection: Benchmark\n'
        f'dek: "Generated by benchmarks.bench with seed {seed}; every paragraph is unique."\n---\n'
        + "\n\n".join(body)
        + "\n"
    )
    document, problems = parse_document(slug, article, f"article/{slug}.md")
    assert not problems, problems
    text = document.text
    body_blocks = [b for b in document.blocks if b.kind in ("paragraph", "heading")]
    assert len(body_blocks) == len(body)
    paragraph_blocks = [
        (b, fills)
        for b, fills in zip(body_blocks, para_fills, strict=True)
        if b.kind == "paragraph"
    ]

    entries = _annotations(rng, text, paragraph_blocks, annotations)
    (root / "article").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    (root / "article" / f"{slug}.md").write_text(article, encoding="utf-8")
    _write_yaml(root / "annotations" / f"{slug}.yaml", entries)
    return Corpus(
        root,
        slug,
        len(text),
        paragraphs,
        headings,
        sum(len(v) for v in entries.values()),
        len(entries["claims"]),
        len(entries["notes"]),
        len(entries["entities"]),
        _count_fuzzy(entries),
        seed,
    )


def _count_fuzzy(entries: dict[str, list[dict[str, Any]]]) -> int:
    return sum(1 for items in entries.values() for item in items if item.get("_fuzzy"))


def _write_yaml(path: Path, entries: dict[str, list[dict[str, Any]]]) -> None:
    import yaml

    clean = {
        section: [{k: v for k, v in item.items() if not k.startswith("_")} for item in items]
        for section, items in entries.items()
    }
    header = (
        "# Generated by `python -m benchmarks`: synthetic annotations for the benchmark book.\n"
    )
    path.write_text(
        header + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )


_SENTENCE_END = re.compile(r"(?<=[.!?\"'])\s+(?=[A-Z\"])")


def _annotations(
    rng: random.Random, text: str, paragraphs: list, total: int
) -> dict[str, list[dict[str, Any]]]:
    """Claims (70%), notes (15%) and entity corrections (15%); 10% of all are perturbed claim/note
    quotes."""
    n_notes = max(1, total * 15 // 100)
    n_corrections = max(1, total * 15 // 100)
    n_claims = max(1, total - n_notes - n_corrections)
    n_fuzzy = round(total * FUZZY_SHARE)
    statuses = ("supported", "approximate", "misdated", "disputed", "incorrect", "unconfirmed")

    order = list(range(len(paragraphs)))
    rng.shuffle(order)
    picks = iter(order * (1 + (n_claims + n_notes + n_corrections) // max(1, len(order))))
    used: set[str] = set()

    def unique_sentence(block) -> str | None:
        sentences = [s for s in _SENTENCE_END.split(block.text) if 30 <= len(s) <= 400]
        rng.shuffle(sentences)
        for sentence in sentences:
            if sentence not in used and _occurs_once(text, sentence):
                used.add(sentence)
                return sentence
        return None

    def quoted(count: int) -> list[str]:
        found: list[str] = []
        while len(found) < count:
            block, _ = paragraphs[next(picks)]
            sentence = unique_sentence(block)
            if sentence:
                found.append(sentence)
        return found

    claims = []
    for i, quote in enumerate(quoted(n_claims), start=1):
        claims.append(
            {
                "id": f"claim-{i:05d}",
                "quote": quote,
                "status": rng.choice(statuses),
                "assessment": (
                    f"Synthetic assessment {i}: the sources *agree* on the figure & the date."
                ),
            }
        )
    notes = []
    for i, quote in enumerate(quoted(n_notes), start=1):
        note: dict[str, Any] = {
            "id": f"note-{i:05d}",
            "title": f"Background {i}",
            "body": f"Synthetic note {i} with **Markdown** and <b>raw HTML shown as text</b>.",
            "quote": quote,
        }
        if i <= 5:  # a few notes link every mention of a name, as real notes do
            note["mentions"] = [_a_name(rng, paragraphs)]
        notes.append(note)
    corrections = []
    labels = ("PERSON", "ORG", "GPE", "EVENT", "FAC")
    while len(corrections) < n_corrections:
        block, fills = paragraphs[next(picks)]
        if not fills:
            continue
        fill = rng.choice(fills)
        start, end = block.start + fill.start, block.start + fill.end
        quote = text[start:end]
        item: dict[str, Any] = {"quote": quote}
        if not _occurs_once(text, quote):
            item["prefix"] = text[max(0, start - 32) : start]
            item["suffix"] = text[end : end + 32]
        kind = len(corrections) % 3
        if kind == 0:
            item["label"] = rng.choice(labels)
        elif kind == 1:
            item["remove"] = True
        else:
            item["label"] = fill.label
            item["note"] = f"note-{rng.randint(1, n_notes):05d}"
        corrections.append(item)

    # Perturb claim and note quotes (never entity corrections: their short quotes are names).
    candidates = [(claim, "quote") for claim in claims] + [(note, "quote") for note in notes]
    rng.shuffle(candidates)
    for item, key in candidates[:n_fuzzy]:
        item[key] = _perturb(rng, text, item[key])
        item["_fuzzy"] = True
    return {"claims": claims, "notes": notes, "entities": corrections}


def _a_name(rng: random.Random, paragraphs: list) -> str:
    """A person's name that occurs in the text."""
    while True:
        block, fills = rng.choice(paragraphs)
        people = [fill for fill in fills if fill.label == "PERSON"]
        if people:
            fill = rng.choice(people)
            return block.text[fill.start : fill.end]


def _occurs_once(text: str, quote: str) -> bool:
    first = text.find(quote)
    return first != -1 and text.find(quote, first + 1) == -1


def _perturb(rng: random.Random, text: str, quote: str) -> str:
    """The quote with a few typos (well within the 25% error budget), so it no longer occurs
    exactly."""
    edits = max(1, min(4, len(quote) // 30))
    for _ in range(20):
        chars = list(quote)
        for _ in range(edits):
            i = rng.randrange(1, len(chars) - 1)
            if rng.random() < 0.5:
                chars[i] = rng.choice("aeiourstnl") if chars[i] != "a" else "e"
            else:
                del chars[i]
        changed = "".join(chars)
        if changed != quote and changed not in text:
            return changed
    return quote + "x"


# --------------------------------------------------------------------------- measuring
