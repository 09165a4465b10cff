"""A generated library: N documents of about 5 KB, each with about 10 claims, sharing notes and
figures through annotations/_shared.yaml. Seeded, so every run writes the same files."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

__all__ = ["PLACES", "QUERIES", "write_library"]

SEED = 20261207
PLACES = (
    "Mérida", "Culiacán", "Querétaro", "Monterrey", "Oaxaca", "Tijuana", "Puebla", "Veracruz",
    "Zacatecas", "Chihuahua", "Hermosillo", "Cancún", "Morelia", "Toluca", "León", "Durango",
)  # fmt: skip
PEOPLE = (
    "Ana Ruiz", "Ben Cole", "Carla Peña", "Diego Núñez", "Elena Soto", "Felipe Mora",
    "Gloria Ibáñez", "Hugo Ríos", "Inés Vega", "Jorge Luna", "Karla Díaz", "Luis Ortega",
)  # fmt: skip
ORGS = (
    "the National Guard", "the Finance Ministry", "the central bank", "the state police",
    "the election institute", "the port authority", "the water commission", "the senate",
)  # fmt: skip
TOPICS = (
    "security", "water", "budgets", "elections", "trade", "health", "schools", "roads",
    "housing", "energy", "migration", "courts",
)  # fmt: skip
SECTIONS = ("World", "Politics", "Economy", "Science", "Health", "Culture", "Sport", "Opinion")
VERBS = ("spent", "reported", "promised", "cut", "recorded", "estimated", "approved", "lost")
STATUSES = ("supported", "approximate", "misdated", "disputed", "incorrect", "unconfirmed", None)
#: The fixed queries of the latency figures: names, accents left off, phrases, prefixes, rare and
#: common words, and punctuation that must not break anything.
QUERIES = (
    "merida", "Culiacán", "queretaro budgets", '"national guard"', "sheinbaum", "pue*",
    "water commission", '"central bank" estimated', "hermosillo 2011", "monterrey schools",
    "ana ruiz", "port authority", "cancun", "morelia courts", "migr*", "zzzz", "report 4242",
    '"the senate approved"', "AND OR NOT", "(security)", "energy housing trade",
)  # fmt: skip


def _sentence(rng: random.Random, index: int) -> str:
    return (
        f"{rng.choice(PEOPLE)} said {rng.choice(ORGS)} {rng.choice(VERBS)} "
        f"{rng.randint(2, 980)} million pesos on {rng.choice(TOPICS)} in "
        f"{rng.choice(PLACES)} in {rng.randint(1995, 2025)} (item {index}-{rng.randint(0, 99999)})."
    )


def write_library(root: Path, documents: int, *, seed: int = SEED) -> None:
    """Write `documents` articles with annotation files, and the shared notes and figures."""
    rng = random.Random(seed)
    (root / "article").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    _write_shared(root)
    start = datetime.date(2000, 1, 1)
    for number in range(documents):
        slug = f"report-{number:05d}"
        sentences = [_sentence(rng, number) for _ in range(40)]  # ~5 KB
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, 40, 4)]
        topic = rng.choice(TOPICS)
        front = {
            "title": f"Report {number}: {topic} in {rng.choice(PLACES)}",
            "section": rng.choice(SECTIONS),
            "author": rng.sample(PEOPLE, rng.randint(1, 2)),
            "published": (start + datetime.timedelta(days=rng.randint(0, 9000))).isoformat(),
            "tags": rng.sample(TOPICS, 2),
        }
        lines = ["---", *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items())]
        body = "\n\n".join(paragraphs[:5]) + f"\n\n## On {topic}\n\n" + "\n\n".join(paragraphs[5:])
        (root / "article" / f"{slug}.md").write_text("\n".join(lines) + "\n---\n" + body + "\n")
        claims = []
        for index, quote in enumerate(rng.sample(sentences, 10)):
            status = rng.choice(STATUSES)
            claim = [
                f"  - id: c{index}",
                f"    quote: {json.dumps(quote[:-1], ensure_ascii=False)}",
                f"    figures: [fig-{rng.randint(0, 19)}]",
                f"    notes: [note-{rng.randint(0, 49)}]",
            ]
            if status:
                claim.append(f"    status: {status}")
                claim.append(f"    assessment: The {rng.choice(ORGS)} figures say otherwise.")
            claims.extend(claim)
        if number % 50 == 7:  # some documents have an orphan
            claims.extend(["  - id: lost", "    quote: a sentence that is not in the text"])
        (root / "annotations" / f"{slug}.yaml").write_text("claims:\n" + "\n".join(claims) + "\n")


def _write_shared(root: Path) -> None:
    lines = ["notes:"]
    for number in range(50):
        lines += [
            f"  - id: note-{number}",
            f"    title: {json.dumps(f'{PLACES[number % len(PLACES)]} and {TOPICS[number % 12]}')}",
            f"    body: Background on {TOPICS[number % 12]} in {PLACES[number % len(PLACES)]}.",
        ]
    lines.append("figures:")
    for number in range(20):
        lines += [
            f"  - id: fig-{number}",
            f"    title: Spending on {TOPICS[number % 12]} ({number})",
            "    type: bar",
            "    x: year",
            "    y: pesos",
            "    data: [{year: 2020, pesos: 10}, {year: 2021, pesos: 12}]",
            f"    caption: Millions of pesos, {PLACES[number % len(PLACES)]}.",
            "    source: {name: INEGI}",
        ]
    (root / "annotations" / "_shared.yaml").write_text("\n".join(lines) + "\n")
