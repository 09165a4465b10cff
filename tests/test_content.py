"""The seed article's curated content follows the content rules.

These tests pin annotations/mexico-drug-war.yaml and the shared evidence it uses (_shared.yaml) to
the rules its content is held to: it checks clean; every number has data and a bound check;
assessments are short and plain; sources open on the page that holds the evidence; figures chart
one thing each; nothing the fact sheets leave unconfirmed is shown as data. They pin rules, not
verdicts: a status may change with the evidence without a test changing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

PROJECT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SLUG = "mexico-drug-war"
ANNOTATIONS = PROJECT / "annotations" / f"{SLUG}.yaml"
SHARED = PROJECT / "annotations" / "_shared.yaml"

STATUSES = {"supported", "approximate", "misdated", "disputed", "incorrect", "unconfirmed"}
MAX_ASSESSMENT_WORDS = 60
MAX_STAT_NUMBERS = 4
# Phrases that speak about the annotation instead of the evidence.
EDITOR_SPEAK = (
    "not checked here",
    "checked here",
    "confirmed here",
    "on this page",
    "this page",
    "see above",
    "see below",
    "see the claim",
)
# Acronyms a reader knows without being told ("US"), or that the article itself introduces in
# words rather than in brackets ("… López Obrador, known as AMLO").
KNOWN_ACRONYMS = {"US", "AMLO"}

# The claims and notes the content issues asked for, by id (what they say is the curator's).
REQUIRED_CLAIMS = {
    "four-planks",
    "national-guard-133000",
    "sinaloa-casualties",
    "zambada-arrest-el-paso",
    "dea-dealings",
    "zambada-name",
    "amlo-blames-us",
    "kingpin-violence",
    "most-wanted-25-of-37",
    "zetas-blo-weakened",
    "merida-2-billion",
    "homicides-tripled",
    "drug-flow-climbed",
    "troops-200000",
    "less-emphasis-metrics",
    "arrests-fell",
    "cocaine-kilos",
    "ovidio-arrest-2019",
    "civilian-threat-2019",
    "ovidio-release-2019",
    "ovidio-recapture-2023",
    "joint-operation",
}
REQUIRED_NOTES = {
    "trump",
    "sheinbaum",
    "amlo",
    "morena",
    "calderon",
    "kingpin-strategy",
    "sinaloa-cartel",
    "national-guard",
    "merida-initiative",
}


@pytest.fixture(scope="module")
def content() -> dict:
    """What the document sees: its own file, with the shared file's figures and notes."""
    own = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))
    shared = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    return {
        "claims": own["claims"],
        "figures": shared["figures"] + own["figures"],
        "notes": shared["notes"] + own["notes"],
        "entities": shared["entities"] + own["entities"],
    }


@pytest.fixture(scope="module")
def document_text() -> str:
    from reader.sources.documents import Root, load_document

    document, problems = load_document(Root(PROJECT), SLUG)
    assert document is not None, problems
    return document.text


def _sentences(markdown: str) -> list[str]:
    """A rough sentence split: end punctuation (maybe followed by a closing quote) and a space."""
    parts = re.split(r"(?<=[.!?])[\"”’)*_]*\s+", " ".join(markdown.split()))
    return [p for p in parts if p.strip()]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text.lower())


def _shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _sources(content: dict) -> list[tuple[str, dict]]:
    found = [(f"figure {figure['id']!r}", figure["source"]) for figure in content["figures"]]
    found += [
        (f"note {note['id']!r}", source)
        for note in content["notes"]
        for source in note.get("sources", [])
    ]
    return found


# ── The file as a whole ─────────────────────────────────────────────────────────────────────


def test_check_reports_nothing_for_the_document() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "check", SLUG],
        check=False,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "error" not in output.lower(), output
    assert "warning" not in output.lower(), output


def test_the_required_claims_and_notes_exist(content: dict) -> None:
    claims = {claim["id"] for claim in content["claims"]}
    notes = {note["id"] for note in content["notes"]}
    assert not REQUIRED_CLAIMS - claims, f"missing claims: {sorted(REQUIRED_CLAIMS - claims)}"
    assert not REQUIRED_NOTES - notes, f"missing notes: {sorted(REQUIRED_NOTES - notes)}"


# ── Assessments ─────────────────────────────────────────────────────────────────────────────


def test_every_claim_has_a_status_and_a_short_plain_assessment(content: dict) -> None:
    for claim in content["claims"]:
        assert claim.get("status") in STATUSES, claim["id"]
        assessment = claim.get("assessment") or ""
        words = len(assessment.split())
        sentences = len(_sentences(assessment))
        assert 0 < words <= MAX_ASSESSMENT_WORDS, f"claim {claim['id']!r}: {words} words"
        assert 2 <= sentences <= 3, f"claim {claim['id']!r}: {sentences} sentences"
        lowered = assessment.lower()
        for phrase in EDITOR_SPEAK:
            assert phrase not in lowered, f"claim {claim['id']!r} says {phrase!r}"


def test_acronyms_in_assessments_are_spelled_out_first(content: dict, document_text: str) -> None:
    for claim in content["claims"]:
        assessment = " ".join(claim["assessment"].split())
        for match in re.finditer(r"\b[A-Z]{2,}\b", assessment):
            acronym = match.group()
            if acronym in KNOWN_ACRONYMS or f"({acronym})" in document_text:
                continue
            introduced = assessment.find(f"({acronym})")
            assert introduced != -1 and introduced <= match.start() - 1, (
                f"claim {claim['id']!r}: {acronym} is not spelled out at its first use"
            )
            break  # the first use decides; later uses may stand alone


def test_assessments_do_not_repeat_their_notes(content: dict) -> None:
    notes = {note["id"]: note for note in content["notes"]}
    for claim in content["claims"]:
        said = _shingles(claim["assessment"])
        for note_id in claim.get("notes", []):
            repeated = said & _shingles(notes[note_id]["body"])
            assert not repeated, (
                f"claim {claim['id']!r} repeats note {note_id!r}: {' '.join(min(repeated))}"
            )


# ── Sources ─────────────────────────────────────────────────────────────────────────────────


def test_no_source_is_a_home_page(content: dict) -> None:
    for owner, source in _sources(content):
        assert source.get("name"), f"{owner} has a source without a name"
        url = source.get("url")
        assert url, f"{owner}: source {source['name']!r} has no link"
        assert urlsplit(url).scheme in ("http", "https"), f"{owner}: {url}"
        assert not _is_home_page(url), f"{owner}: {source['name']!r} links a home page ({url})"


def _caption_links(content: dict) -> list[tuple[str, str]]:
    """The pages a caption names for the rows it gives: [text](url) links."""
    return [
        (f"figure {figure['id']!r}", url)
        for figure in content["figures"]
        for url in re.findall(r"\]\((https?://[^)\s]+)\)", figure.get("caption") or "")
    ]


def test_no_source_is_on_a_site_that_only_mirrors_or_republishes(content: dict) -> None:
    from reader.sources.mirrors import mirror_host

    cited = [(owner, source["url"]) for owner, source in _sources(content)]
    assert cited
    for owner, url in [*cited, *_caption_links(content)]:
        assert mirror_host(url) is None, f"{owner} cites {url}, on {mirror_host(url)}"
        assert not _is_home_page(url), f"{owner} links a home page ({url})"


def test_every_note_is_two_to_five_sentences_with_a_source(content: dict) -> None:
    for note in content["notes"]:
        count = len(_sentences(note["body"]))
        assert 2 <= count <= 5, f"note {note['id']!r} has {count} sentences"
        assert note.get("sources"), f"note {note['id']!r} cites no source"
        assert note.get("mentions") or note.get("quote"), (
            f"note {note['id']!r} is attached to nothing"
        )


# ── Figures ─────────────────────────────────────────────────────────────────────────────────


def _is_time(value: object) -> bool:
    """A year (2019) or a month ("Sep 2024")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return 1000 <= value <= 2999
    return isinstance(value, str) and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", value) is not None


def test_figures_chart_one_thing_each_with_units_and_a_caption(content: dict) -> None:
    for figure in content["figures"]:
        name = f"figure {figure['id']!r}"
        assert (figure.get("caption") or "").strip(), f"{name} has no caption"
        assert figure.get("unit"), f"{name} has no unit"  # a stat figure's numbers too
        if figure["type"] == "stat":
            assert len(figure["data"]) <= MAX_STAT_NUMBERS, (
                f"{name} shows {len(figure['data'])} numbers"
            )
            continue
        assert isinstance(figure["y"], str), f"{name} charts several series"
        xs = [row[figure["x"]] for row in figure["data"]]
        if all(_is_time(x) for x in xs):
            assert figure["type"] == "line", (
                f"{name} is a time series drawn as a {figure['type']} chart"
            )


def test_no_figure_shows_an_unconfirmed_number(content: dict) -> None:
    unconfirmed = yaml.safe_load((DATA / f"{SLUG}-unconfirmed.yaml").read_text(encoding="utf-8"))
    assert unconfirmed
    for item in unconfirmed:
        for figure in content["figures"]:
            if (
                "title_contains" in item
                and item["title_contains"].lower() not in figure["title"].lower()
            ):
                continue
            for row in figure["data"]:
                numbers = [
                    v
                    for v in row.values()
                    if isinstance(v, (int, float)) and not isinstance(v, bool)
                ]
                if "x" in item:
                    if row.get(figure.get("x") or "label") not in item["x"]:
                        continue
                    shown = item["value"] in numbers if "value" in item else True
                    assert not shown, f"figure {figure['id']!r} shows {item['what']}: {row}"
                else:
                    assert item["value"] not in numbers, (
                        f"figure {figure['id']!r} shows {item['what']}: {row}"
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


def _quantities(quote: str) -> list:
    """The number phrases of a quote that are quantities: not years, and not the day of a date
    ("August 19, 2024"), which is part of a date as the year is."""
    from reader.numbers import find_numbers

    return [
        phrase
        for phrase in find_numbers(quote)
        if phrase.kind != "year" and not quote[: phrase.start].rstrip().endswith(MONTHS)
    ]


def _checked_span(quote: str, check: dict) -> tuple[int, int]:
    """Where a check's `number` text lies in the quote (its `occurrence`, 1-based)."""
    number, start = str(check["number"]), -1
    for _ in range(check.get("occurrence", 1)):
        start = quote.find(number, start + 1)
    assert start != -1, f"check {number!r} is not in the quote {quote!r}"
    return start, start + len(number)


def test_every_number_of_a_claim_has_a_figure_and_a_bound_check(content: dict) -> None:
    figures = {figure["id"] for figure in content["figures"]}
    numeric = 0
    for claim in content["claims"]:
        quantities = _quantities(claim["quote"])
        if not quantities:
            continue
        numeric += 1
        linked = claim.get("figures") or []
        assert linked, f"claim {claim['id']!r} quotes a number but links no figure"
        assert set(linked) <= figures, f"claim {claim['id']!r} links an unknown figure"
        spans = [_checked_span(claim["quote"], check) for check in claim.get("checks", [])]
        for phrase in quantities:
            bound = [span for span in spans if phrase.start <= span[0] and span[1] <= phrase.end]
            text = claim["quote"][phrase.start : phrase.end]
            assert bound, f"claim {claim['id']!r}: “{text}” has no bound check"
        for check in claim.get("checks", []):
            assert check.get("unverifiable") or check.get("figure") in linked, (claim["id"], check)
    assert numeric, "expected claims that rest on numbers"


def test_check_numbers_gives_every_bound_number_a_verdict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "check", "--numbers", SLUG],
        check=False,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower() and "error" not in output.lower(), output
    assert "(bound" in output, output
    assert "(suggested" not in output, output  # every number of a claim with figures is bound


# ── Entities ────────────────────────────────────────────────────────────────────────────────


def test_entity_corrections_fix_the_models_errors() -> None:
    from reader.reading import open_reading
    from reader.sources.documents import Root

    reading = open_reading(Root(PROJECT), SLUG)
    by_text: dict[str, set[str]] = {}
    for entity in reading.entities:
        by_text.setdefault(entity.text, set()).add(entity.label)
    assert reading.model is not None, reading.model_message  # the spaCy pipeline is a requirement
    for wrong in (
        "Can Mexico Avoid Making",
        "the Drug War",
        "Ivan Medina / AFP",
        "Luis “El Mayo",
        "multiyear",
    ):
        assert wrong not in by_text, wrong
    for name in (
        "AMLO",
        "Sheinbaum",
        "Zambada",
        "El Chapo",
        "Ovidio Guzmán",
        "Felipe Calderón",
        "Calderon",
        "Luis “El Mayo” Zambada",
        "Trump",
    ):
        assert by_text.get(name) == {"PERSON"}, (name, by_text.get(name))
    for name in ("Morena", "DEA", "National Guard", "Zetas"):
        assert by_text.get(name) == {"ORG"}, (name, by_text.get(name))
    for name in ("Sinaloa", "Culiacán", "Culiacan", "El Paso"):
        assert by_text.get(name) == {"GPE"}, (name, by_text.get(name))
    amlo = [e for e in reading.entities if e.text == "AMLO"]
    assert len(amlo) == 4 and all(e.note == "amlo" for e in amlo)
