"""``python -m reader bench``: how fast the reader is, each figure beside a baseline measured in the same run.

The corpus is synthetic and deterministic (a seeded RNG over word lists with people, places,
organisations, dates, money and percentages, so the NER model finds plenty): unique paragraphs,
grouped under headings, written to a temporary root as ``article/<slug>.md`` with
``annotations/<slug>.yaml`` holding claims, notes and entity corrections, 10% of whose quotes are
perturbed so that they only anchor approximately.

Figures (ours / baseline = ratio, against a goal):

1. ``ner_cold`` — entity detection from nothing: *ours* is ``detect_entities`` on an empty cache
   (import spaCy, load the model, NER over every block with batching and ``n_process``, write the
   cache) plus ``apply_corrections``; the *baseline* is what one would write by hand: ``import
   spacy``, ``spacy.load`` with the same components, and ``nlp.pipe`` (its defaults) over the same
   paragraphs, collecting each entity's offsets and label. Each runs in its own fresh Python
   process, timed from the ``import spacy`` on (interpreter start and reading the input excluded),
   after one untimed process that imports spaCy and loads the model, so both find the files in the
   OS cache. Goal: ratio <= 1.
2. ``ner_warm`` — the same entity layer again, now a disk-cache hit (hash the text, read the
   cache, apply corrections), in this process; baseline: the cold figure. Goal: ratio <= 0.02.
3. ``anchoring`` — ``resolve_quote`` for every quote of the annotation file (claims, notes, entity
   corrections; 10% need approximate anchoring); baseline: the naive way, ``str.find`` for each
   quote and one whole-text ``edlib`` scan for each quote not found exactly. Goal: < 0.5 s.
4. ``render`` — ``flatten_layers`` + ``render_article`` of the entity layer (escaping and overlap
   handling included); baseline: ``spacy.displacy.render(doc, style="ent", page=False)`` on a Doc
   of the same text carrying the same entities. Goal: ratio <= 1.
5. ``seed_e2e`` — the seed article from the project root, end to end on a warm cache: read the
   article and its annotations, anchor, flatten, render (``open_reading`` + ``Reading.html``);
   baseline: the spaCy way on an already loaded model, ``nlp(text)`` + ``displacy.render``.
   Goal: <= 20 ms.

In-process times are the best of ``--repeat`` runs; the cold figure is the best of ``--cold-repeat``
process pairs. Other load on the machine only ever makes a figure slower.
Nothing here is asserted: the benchmark prints "met" or "MISSED" and always exits 0.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_SIZE_KB = 1024
DEFAULT_ANNOTATIONS = 1000
FUZZY_SHARE = 0.10
SEED = 20240719
SLUG = "bench-book"

# --------------------------------------------------------------------------- word lists

FIRST = ("Maria", "James", "Aiko", "Tomasz", "Lucia", "Omar", "Ingrid", "Kwame", "Elena", "Rafael", "Sofia", "Dmitri",
         "Amara", "Henrik", "Priya", "Mateo", "Yusuf", "Clara", "Jonas", "Leila", "Viktor", "Nadia", "Samuel", "Greta",
         "Tariq", "Beatriz", "Felix", "Hana", "Lorenzo", "Zainab", "Oscar", "Marta", "Kenji", "Isabel", "Nikolai",
         "Rosa", "Adrian", "Chiara", "Emeka", "Vera", "Pablo", "Freya", "Idris", "Lena", "Bruno", "Mei", "Anton", "Sara")
LAST = ("Okafor", "Lindqvist", "Moreau", "Castillo", "Nakamura", "Kowalski", "Haddad", "Fischer", "Mendes", "Novak",
        "Abernathy", "Rossi", "Petrov", "Osei", "Brennan", "Delgado", "Varga", "Hoffmann", "Santos", "Ibrahim",
        "Larsen", "Conti", "Yilmaz", "Dubois", "Ferreira", "Kimura", "Mwangi", "Walsh", "Sokolov", "Reyes",
        "Bauer", "Nilsson", "Costa", "Adeyemi", "Romano", "Jansen", "Herrera", "Popescu", "Lund", "O'Brien")
PLACES = ("Lisbon", "Nairobi", "Montreal", "Osaka", "Krakow", "Valparaiso", "Tbilisi", "Accra", "Hamburg", "Seville",
          "Quito", "Bergen", "Manila", "Porto", "Lagos", "Dublin", "Marseille", "Chennai", "Bogota", "Helsinki",
          "Brazil", "Canada", "Kenya", "Norway", "Peru", "Vietnam", "Ghana", "Portugal", "Chile", "Poland",
          "Mexico", "Egypt", "Indonesia", "Scotland", "Morocco", "Argentina", "Finland", "Japan", "Turkey", "Spain")
ORGS = ("the Northwind Trading Company", "the Harbor Authority", "the Ministry of Finance", "the Central Bank",
        "the National Rail Board", "Meridian Mining Corporation", "the United Nations", "the World Bank",
        "the Coastal Fisheries Council", "Atlas Shipping Group", "the Supreme Court", "the Red Cross",
        "Helios Energy", "the Federal Reserve", "the European Commission", "Blue River Partners",
        "the Ridge & Valley Cooperative", "the Institute for Water Studies", "Orion Telecom", "the Senate")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
NOUNS = ("harbor", "railway", "budget", "report", "treaty", "harvest", "election", "bridge", "contract", "strike",
         "market", "archive", "pipeline", "census", "drought", "festival", "inquiry", "reform", "border", "factory",
         "loan", "tariff", "reservoir", "clinic", "survey", "merger", "ferry", "quarry", "pension", "curfew")
ADJS = ("new", "disputed", "regional", "quiet", "costly", "delayed", "northern", "temporary", "ambitious", "rural",
        "modest", "coastal", "secret", "public", "fragile", "sweeping", "local", "formal", "early", "final")
VERBS = ("announced", "questioned", "approved", "blocked", "financed", "reviewed", "defended", "criticised",
         "postponed", "expanded", "audited", "signed", "rejected", "described", "welcomed", "investigated")
FILLER = ("according to officials", "after weeks of talks", "despite fierce objections", "in a brief statement",
          "by a narrow margin", "without much notice", "to the surprise of many", "under heavy pressure",
          "in the following months", "as critics had warned", "at a crowded meeting", "behind closed doors")

# Each template yields one sentence; slots are filled by `_Writer.fill`. Several carry characters
# that HTML must escape (&, ', ", <), so escaping is part of what the render figure measures.
TEMPLATES = (
    "{PERSON} {verb} the {adj} {noun} in {GPE} on {DATE}, {filler}.",
    "{ORG} {verb} a {MONEY} {noun} for {GPE} {filler}, said {PERSON}.",
    "By {YEAR}, the {noun} had grown by {PERCENT}, and {PERSON} {verb} it in {GPE}.",
    "In {GPE}, {CARDINAL} people {verb} the {adj} {noun} that {ORG} proposed on {DATE}.",
    "\"We were never told,\" said {PERSON}, whose {noun} in {GPE} lost {MONEY} in {YEAR}.",
    "{PERSON} and {PERSON} met in {GPE} to discuss the {noun} of {ORG}, {filler}.",
    "The {adj} {noun} cost {MONEY}, less than {PERCENT} of what {ORG} had estimated in {YEAR}.",
    "On {DATE}, {ORG} reported that fewer than {CARDINAL} residents of {GPE} used the {noun} < {CARDINAL} days a year.",
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


def generate_corpus(root: Path, *, size_kb: int = DEFAULT_SIZE_KB, annotations: int = DEFAULT_ANNOTATIONS,
                    seed: int = SEED, slug: str = SLUG) -> Corpus:
    """Write a synthetic book of about `size_kb` KiB of text, with `annotations` curated annotations, to `root`.

    Deterministic for a given seed. Every claim and note quote occurs exactly once in the text (or,
    for the perturbed 10%, not at all); entity corrections by quote carry a prefix and suffix when
    their words recur.
    """
    from reader.documents import parse_document

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
            heading = f"Chapter {chapter}: The {rng.choice(ADJS)} {rng.choice(NOUNS)} of {rng.choice(PLACES)}"
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
    article = (f"---\ntitle: \"{title}\"\nsection: Benchmark\n"
               f"dek: \"Generated by reader.bench with seed {seed}; every paragraph is unique.\"\n---\n"
               + "\n\n".join(body) + "\n")
    document, problems = parse_document(slug, article, f"article/{slug}.md")
    assert not problems, problems
    text = document.text
    body_blocks = [b for b in document.blocks if b.kind in ("paragraph", "heading")]
    assert len(body_blocks) == len(body)
    paragraph_blocks = [(b, fills) for b, fills in zip(body_blocks, para_fills, strict=True) if b.kind == "paragraph"]

    entries = _annotations(rng, text, paragraph_blocks, annotations)
    (root / "article").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    (root / "article" / f"{slug}.md").write_text(article, encoding="utf-8")
    _write_yaml(root / "annotations" / f"{slug}.yaml", entries)
    return Corpus(root, slug, len(text), paragraphs, headings, sum(len(v) for v in entries.values()),
                  len(entries["claims"]), len(entries["notes"]), len(entries["entities"]), _count_fuzzy(entries), seed)


def _count_fuzzy(entries: dict[str, list[dict[str, Any]]]) -> int:
    return sum(1 for items in entries.values() for item in items if item.get("_fuzzy"))


def _write_yaml(path: Path, entries: dict[str, list[dict[str, Any]]]) -> None:
    import yaml

    clean = {section: [{k: v for k, v in item.items() if not k.startswith("_")} for item in items]
             for section, items in entries.items()}
    header = "# Generated by `python -m reader bench`: synthetic annotations for the benchmark book.\n"
    path.write_text(header + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


_SENTENCE_END = re.compile(r"(?<=[.!?\"'])\s+(?=[A-Z\"])")


def _annotations(rng: random.Random, text: str, paragraphs: list, total: int) -> dict[str, list[dict[str, Any]]]:
    """Claims (70%), notes (15%) and entity corrections (15%); 10% of all are perturbed claim/note quotes."""
    n_notes = max(1, total * 15 // 100)
    n_corrections = max(1, total * 15 // 100)
    n_claims = max(1, total - n_notes - n_corrections)
    n_fuzzy = round(total * FUZZY_SHARE)
    statuses = ("supported", "approximate", "misdated", "disputed", "incorrect", "unconfirmed")

    order = list(range(len(paragraphs)))
    rng.shuffle(order)
    picks = iter(order * (1 + (n_claims + n_notes + n_corrections) // max(1, len(order))))
    used: set[str] = set()

    def unique_sentence(block) -> str | None:  # noqa: ANN001 - a documents.Block
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
        claims.append({"id": f"claim-{i:05d}", "quote": quote, "status": rng.choice(statuses),
                       "assessment": f"Synthetic assessment {i}: the sources *agree* on the figure & the date."})
    notes = []
    for i, quote in enumerate(quoted(n_notes), start=1):
        note: dict[str, Any] = {"id": f"note-{i:05d}", "title": f"Background {i}",
                                "body": f"Synthetic note {i} with **Markdown** and <b>raw HTML shown as text</b>.",
                                "quote": quote}
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
            item["prefix"] = text[max(0, start - 32):start]
            item["suffix"] = text[end:end + 32]
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
            return block.text[fill.start:fill.end]


def _occurs_once(text: str, quote: str) -> bool:
    first = text.find(quote)
    return first != -1 and text.find(quote, first + 1) == -1


def _perturb(rng: random.Random, text: str, quote: str) -> str:
    """The quote with a few typos (well within the 25% error budget), so it no longer occurs exactly."""
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


@dataclass
class Figure:
    name: str
    what: str
    ours: float  # seconds
    baseline: float  # seconds
    baseline_what: str
    goal: str
    met: bool
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline > 0 else float("inf")

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = round(self.ratio, 4)
        data["ours"] = round(self.ours, 6)
        data["baseline"] = round(self.baseline, 6)
        data["status"] = "met" if self.met else "MISSED"
        return data


def _best_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best of `repeat` runs (as timeit advises: slower runs measure other processes too), and the result."""
    times, result = [], None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


_COLD_RAW = r"""
import json, sys, time
texts, name, exclude = json.load(sys.stdin)
start = time.perf_counter()
import spacy
nlp = spacy.load(name, exclude=exclude)
found = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "entities": sum(map(len, found)), "pipes": nlp.pipe_names}))
"""

_COLD_OURS = r"""
import json, sys, time
from pathlib import Path
from reader.bench import _cold_inputs
from reader.entities import apply_corrections, detect_entities, load_pipeline
root, slug, folder, n_process, batch_size = json.load(sys.stdin)
text, blocks, corrections = _cold_inputs(Path(root), slug)
assert "spacy" not in sys.modules
start = time.perf_counter()
found = detect_entities(blocks, folder=Path(folder), n_process=n_process, batch_size=batch_size)
entities = apply_corrections(text, found.entities, corrections)
elapsed = time.perf_counter() - start
assert not found.cached, "the cache was not cold"
print(json.dumps({"seconds": elapsed, "entities": len(found.entities), "corrected": len(entities),
                  "model": found.model, "message": found.message, "pipes": load_pipeline(found.model.split()[0]).pipe_names if found.model else []}))
"""

_WARM_MODEL = "import spacy, reader.entities as e; e.load_pipeline(e.model_name())"


def _cold_inputs(root: Path, slug: str) -> tuple[str, list[tuple[int, str]], list[Any]]:
    """The document text, its blocks and its resolved entity corrections (anchoring is not timed here)."""
    from reader.annotations import load_annotations
    from reader.documents import Root, load_document
    from reader.reading import _resolve_correction

    document, _ = load_document(Root(root), slug)
    annotations, _ = load_annotations(Root(root).annotations_path(slug))
    text = document.text
    problems: list[Any] = []
    corrections = [c for c in (_resolve_correction(e, annotations, text, _place(text), problems)
                               for e in annotations.entities) if c]
    return text, [(b.start, b.text) for b in document.blocks], corrections


def _place(text: str) -> Callable[..., Any]:
    from reader.anchoring import resolve_quote

    def place(item, layer, name, item_id):  # noqa: ANN001, ANN202, ARG001 - reading.build_reading's `place`
        anchor = resolve_quote(text, item.quote, prefix=item.prefix, suffix=item.suffix)
        return anchor if anchor.start is not None else None

    return place


def _subprocess_json(code: str, payload: Any) -> dict[str, Any]:
    env = dict(os.environ)
    project = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = project + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(payload), capture_output=True, text=True,
                          env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def default_n_process() -> int:
    """Worker processes for NER: one per core, at most 4 (spaCy's small model gains little beyond)."""
    return max(1, min(4, os.cpu_count() or 1))


def measure(corpus: Corpus, project_root: Path, *, repeat: int = 5, cold_repeat: int = 1,
            n_process: int | None = None, batch_size: int = 64,
            log: Callable[[str], None] = lambda _: None) -> list[Figure]:
    """Run every figure on the corpus (and the seed article of `project_root`)."""
    from reader.anchoring import resolve_quote
    from reader.annotations import load_annotations
    from reader.documents import Root, load_document
    from reader.entities import apply_corrections, detect_entities, load_pipeline, model_name
    from reader.layers import Span, flatten_layers
    from reader.reading import open_reading
    from reader.render import render_article

    n_process = n_process or default_n_process()
    root = Root(corpus.root)
    document, _ = load_document(root, corpus.slug)
    annotations, _ = load_annotations(root.annotations_path(corpus.slug))
    text = document.text
    blocks = [(b.start, b.text) for b in document.blocks]
    name = model_name()
    figures: list[Figure] = []
    work = Path(tempfile.mkdtemp(prefix="reader-bench-cache-"))

    # 1. Cold NER, each side in a fresh process.
    log("entity detection, cold (fresh processes)…")
    exclude = _excluded_components(name)
    _subprocess_json(_WARM_MODEL + "\nprint('{}')", None)
    raw_runs, our_runs = [], []
    for i in range(max(1, cold_repeat)):
        raw_runs.append(_subprocess_json(_COLD_RAW, [[t for _, t in blocks], name, exclude]))
        folder = work / f"cold-{i}"
        our_runs.append(_subprocess_json(_COLD_OURS, [str(corpus.root), corpus.slug, str(folder), n_process, batch_size]))
    raw_s = min(r["seconds"] for r in raw_runs)
    ours_s = min(r["seconds"] for r in our_runs)
    figures.append(Figure(
        "ner_cold", f"ours: import spaCy + load + NER (n_process={n_process}, batch_size={batch_size}) + write cache + corrections",
        ours_s, raw_s, "import spaCy + spacy.load(same components) + nlp.pipe(paragraphs) with defaults",
        "ratio <= 1", ours_s <= raw_s,
        {"entities_ours": our_runs[0]["entities"], "entities_raw": raw_runs[0]["entities"],
         "after_corrections": our_runs[0]["corrected"], "pipes": our_runs[0]["pipes"], "model": our_runs[0]["model"],
         "blocks": len(blocks)}))

    # 2. Warm entity layer: the same cache folder, now hit.
    log("entity layer, warm…")
    folder = work / "cold-0"
    corrections = _cold_inputs(corpus.root, corpus.slug)[2]

    def warm() -> tuple[Any, list[Any]]:
        found = detect_entities(blocks, folder=folder)
        return found, apply_corrections(text, found.entities, corrections)

    warm_s, (found, entities) = _best_time(warm, repeat)
    figures.append(Figure("ner_warm", "ours: disk-cache hit (hash text, read cache) + corrections", warm_s, ours_s,
                          "the cold figure (ours)", "ratio <= 0.02", warm_s <= 0.02 * ours_s,
                          {"cached": found.cached, "entities": len(entities)}))

    # 3. Anchoring every quote.
    log("anchoring…")
    items = [*annotations.claims, *(n for n in annotations.notes.values() if n.quote), *(e for e in annotations.entities if e.quote)]

    def anchor_all() -> list[Any]:
        return [resolve_quote(text, item.quote, prefix=item.prefix, suffix=item.suffix) for item in items]

    # The first run builds the text's byte projection (cached per text): it counts, as it does in the app.
    anchor_first, anchors = _best_time(anchor_all, 1)
    anchor_s, anchors = _best_time(anchor_all, repeat)
    kinds: dict[str, int] = {}
    for anchor in anchors:
        kinds[anchor.kind] = kinds.get(anchor.kind, 0) + 1
    naive_s, _ = _best_time(lambda: _naive_anchoring(text, [item.quote for item in items]), 1)
    figures.append(Figure("anchoring", f"ours: resolve_quote x {len(items)} (first run {anchor_first:.3f} s)",
                          anchor_s, naive_s, "str.find per quote + one whole-text edlib scan per quote not found",
                          "< 0.5 s", max(anchor_s, anchor_first) < 0.5, {"quotes": len(items), "kinds": kinds,
                                                                         "first_run": round(anchor_first, 6)}))

    # 4. Flatten + render the entity layer vs displaCy on the same Doc.
    log("render vs displaCy…")
    import spacy
    from spacy import displacy

    nlp = spacy.blank("en")
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    doc = nlp.make_doc(text)
    spans = [doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand") for e in entities]
    doc.ents = spacy.util.filter_spans([s for s in spans if s is not None])
    ent_spans = [Span(e.start_char, e.end_char, "entities", f"e{i}", label=e.label_, preview=e.label_)
                 for i, e in enumerate(doc.ents, start=1)]

    def ours_render() -> str:
        return render_article(text, document.blocks, flatten_layers(len(text), ent_spans))

    def displacy_render() -> str:
        return displacy.render(doc, style="ent", page=False, jupyter=False)

    render_s, html = _best_time(ours_render, repeat)
    displacy_s, dhtml = _best_time(displacy_render, repeat)
    figures.append(Figure("render", "ours: flatten_layers + render_article of the entity layer", render_s, displacy_s,
                          'spacy.displacy.render(doc, style="ent", page=False), same Doc and entities', "ratio <= 1",
                          render_s <= displacy_s, {"entities": len(ent_spans), "html_bytes": len(html),
                                                   "displacy_html_bytes": len(dhtml)}))

    # 5. The seed article end to end on a warm cache.
    log("seed article end to end…")
    seed_root = Root(project_root)
    seed_slug = "mexico-drug-war" if (seed_root.article_path("mexico-drug-war")).is_file() else (seed_root.slugs() or [None])[0]
    if seed_slug is not None:
        previous = os.environ.get("READER_CACHE_DIR")
        os.environ["READER_CACHE_DIR"] = str(work / "seed")
        try:
            open_reading(seed_root, seed_slug).html()  # warms the cache (runs the model once)

            def seed() -> str:
                return open_reading(seed_root, seed_slug).html()

            seed_s, _ = _best_time(seed, repeat)
            seed_doc, _ = load_document(seed_root, seed_slug)
            model = load_pipeline(name)

            def spacy_way() -> str:
                return displacy.render(model(seed_doc.text), style="ent", page=False, jupyter=False)

            spacy_s, _ = _best_time(spacy_way, repeat)
        finally:
            if previous is None:
                os.environ.pop("READER_CACHE_DIR", None)
            else:
                os.environ["READER_CACHE_DIR"] = previous
        figures.append(Figure("seed_e2e", f"ours: open_reading('{seed_slug}') + html() on a warm cache", seed_s, spacy_s,
                              "nlp(text) on a loaded model + displacy.render", "<= 20 ms", seed_s <= 0.020,
                              {"chars": len(seed_doc.text)}))
    return figures


def _excluded_components(name: str) -> list[str]:
    """The components `reader.entities.load_pipeline` leaves out, so the raw baseline runs the same ones."""
    from reader.entities import load_pipeline

    import spacy

    kept = set(load_pipeline(name).pipe_names)
    path = spacy.util.get_package_path(name) if spacy.util.is_package(name) else Path(name)
    meta = spacy.util.get_model_meta(path)
    return [n for n in meta.get("components", meta.get("pipeline", [])) if n not in kept]


def _naive_anchoring(text: str, quotes: list[str]) -> int:
    import edlib

    from reader.anchoring import max_errors

    found = 0
    for quote in quotes:
        if text.find(quote) != -1:
            found += 1
            continue
        k = max_errors(len(quote))
        try:
            result = edlib.align(quote, text, mode="HW", task="locations", k=k)
        except ValueError:  # more than 256 distinct characters
            continue
        found += result["editDistance"] >= 0
    return found


# --------------------------------------------------------------------------- reporting


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import importlib.metadata as md

    def version(pkg: str) -> str | None:
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return None

    from reader.entities import model_name, model_version

    return {"cores": os.cpu_count(), "cpu": cpu, "ram_gb": ram_gb, "python": platform.python_version(),
            "platform": platform.platform(), "spacy": version("spacy"),
            "model": f"{model_name()} {model_version(model_name())}"}


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def format_table(figures: list[Figure]) -> str:
    rows = [("figure", "ours", "baseline", "ratio", "goal", "status")]
    for f in figures:
        rows.append((f.name, _seconds(f.ours), _seconds(f.baseline), f"{f.ratio:.3f}", f.goal,
                     "met" if f.met else "MISSED"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.extend(f"{f.name}: {f.what}; baseline: {f.baseline_what}" for f in figures)
    return "\n".join(lines)


def run(*, size_kb: int = DEFAULT_SIZE_KB, annotations: int = DEFAULT_ANNOTATIONS, repeat: int = 5,
        cold_repeat: int = 1, n_process: int | None = None, batch_size: int = 64, as_json: bool = False,
        project_root: Path | None = None, keep: Path | None = None) -> dict[str, Any]:
    """Generate the corpus, measure, print the table (or JSON), and return the report."""
    project_root = project_root or Path(__file__).resolve().parent.parent
    log = (lambda message: print(message, file=sys.stderr, flush=True))
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as scratch:
        where = keep or Path(scratch)
        started = time.perf_counter()
        corpus = generate_corpus(where, size_kb=size_kb, annotations=annotations)
        log(f"corpus: {corpus.chars:,} characters, {corpus.paragraphs:,} paragraphs, {corpus.annotations:,} annotations "
            f"({corpus.fuzzy} perturbed) in {time.perf_counter() - started:.1f} s")
        figures = measure(corpus, project_root, repeat=repeat, cold_repeat=cold_repeat, n_process=n_process,
                          batch_size=batch_size, log=log)
    report = {
        "command": "python -m reader bench" + (f" --size-kb {size_kb}" if size_kb != DEFAULT_SIZE_KB else "")
        + (f" --annotations {annotations}" if annotations != DEFAULT_ANNOTATIONS else ""),
        "machine": machine(),
        "corpus": {k: v for k, v in asdict(corpus).items() if k != "root"},
        "figures": [f.as_json() for f in figures],
    }
    if as_json:
        print(json.dumps(report, indent=1))
    else:
        m = report["machine"]
        print(f"machine: {m['cores']} cores, {m['cpu']}, {m['ram_gb']} GB RAM; Python {m['python']}, "
              f"spaCy {m['spacy']}, {m['model']}")
        c = report["corpus"]
        print(f"corpus: {c['chars']:,} characters in {c['paragraphs']:,} paragraphs; {c['annotations']:,} annotations "
              f"({c['claims']} claims, {c['notes']} notes, {c['corrections']} entity corrections; {c['fuzzy']} fuzzy)")
        print()
        print(format_table(figures))
    return report
