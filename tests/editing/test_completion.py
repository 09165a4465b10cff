"""The editor's completion sources (reader.editing.completion): literal files and texts in, plain
data out."""

from __future__ import annotations

import yaml

from reader.editing.completion import FOLD, schema_paths, sentences, vocabulary
from reader.sources.annotations import parse_annotations

FILE = """\
claims:
  - id: tripled
    quote: homicides to triple
    figures: [homicide-rate]
figures:
  - id: homicide-rate
    title: Homicides per 100,000 people
    type: line
    x: year
    y: rate
    data: [{year: 2007, rate: 8}]
    source: {name: INEGI, url: "https://www.inegi.org.mx/tablas/"}
notes:
  - id: amlo
    title: Andrés Manuel López Obrador
    body: President of Mexico, 2018–2024.
    mentions: [AMLO]
entities:
  - text: AMLO
    label: PERSON
  - text: Sinaloa Cartel
    label: CARTEL
"""

BLOCKS = [
    "Mexico’s drug war",
    (
        "Calderón said “we will win.” Homicides went on to triple to 24 per 100,000 by 2010. "
        "A U.S. official — the “czar” — disagreed."
    ),
    "Is that so? Yes… 2,500 kilos were seized.",
]


def labels_of(options):
    return [o["label"] for o in options]


def test_keys_come_from_the_schema_at_every_level():
    keys, _ = schema_paths()
    assert labels_of(keys[""]) == ["claims", "figures", "notes", "entities"]
    assert labels_of(keys["claims"])[:4] == ["id", "quote", "prefix", "suffix"]
    assert {"figures", "notes", "status", "assessment"} <= set(labels_of(keys["claims"]))
    assert labels_of(keys["figures.source"]) == ["name", "url"]
    assert labels_of(keys["notes.sources"]) == ["name", "url"]
    assert {"text", "quote", "label", "remove", "note"} <= set(labels_of(keys["entities"]))
    required = {k["label"] for k in keys["figures"] if k["detail"] == "required"}
    assert required == {"id", "title", "type", "data", "source"}
    assert (
        next(k for k in keys["claims"] if k["label"] == "figures")["info"]
        == "ids of figures that back the claim"
    )


def test_fixed_choices_are_the_schemas_literals():
    _, values = schema_paths()
    assert labels_of(values["claims.status"]) == [
        "supported",
        "approximate",
        "misdated",
        "disputed",
        "incorrect",
        "unconfirmed",
    ]
    assert labels_of(values["figures.type"]) == ["line", "bar", "stat"]


def test_sentences_are_exact_split_at_ends_and_not_repeated():
    assert sentences(BLOCKS) == [
        "Mexico’s drug war",
        "Calderón said “we will win.”",
        "Homicides went on to triple to 24 per 100,000 by 2010.",
        "A U.S. official — the “czar” — disagreed.",
        "Is that so?",
        "Yes…",
        "2,500 kilos were seized.",
    ]
    assert sentences(["Once.", "Once."]) == ["Once."]
    assert sentences(["x" * 2001]) == []  # longer than a quote may be


def test_the_vocabulary_offers_ids_labels_and_sentences_as_yaml_that_reads_back():
    annotations, problems = parse_annotations(FILE, "annotations/x.yaml")
    assert not [p for p in problems if p.is_error]
    vocab = vocabulary(BLOCKS, annotations, {"PERSON": "People", "ORG": "Organisations"})
    assert vocab["values"]["claims.figures"] == [
        {"label": "homicide-rate", "detail": "Homicides per 100,000 people"}
    ]
    assert vocab["values"]["claims.notes"] == [
        {"label": "amlo", "detail": "Andrés Manuel López Obrador"}
    ]
    assert vocab["values"]["entities.note"] == vocab["values"]["claims.notes"]
    assert vocab["values"]["entities.label"] == [
        {"label": "CARTEL", "detail": ""},
        {"label": "ORG", "detail": "Organisations"},
        {"label": "PERSON", "detail": "People"},
    ]
    assert vocab["values"]["claims.status"][0]["label"] == "supported"
    assert sorted(vocab["text_paths"]) == sorted(
        [
            "claims.quote",
            "claims.prefix",
            "claims.suffix",
            "notes.quote",
            "notes.prefix",
            "notes.suffix",
            "entities.quote",
            "entities.prefix",
            "entities.suffix",
        ]
    )
    for exact, written in vocab["sentences"]:
        assert yaml.safe_load(f"quote: {written}\n") == {"quote": exact}
    assert ["Calderón said “we will win.”", "Calderón said “we will win.”"] in vocab["sentences"]
    assert ["2,500 kilos were seized.", '"2,500 kilos were seized."'] in vocab[
        "sentences"
    ]  # not plain: a digit first
    assert vocab["fold"] is FOLD and FOLD["\u2019"] == "'" and FOLD["\u2014"] == "-"


def test_a_file_that_does_not_parse_still_gets_schema_keys():
    annotations, _ = parse_annotations("claims: [\n", "annotations/x.yaml")
    vocab = vocabulary(["A text."], annotations, {})
    assert vocab["values"]["claims.figures"] == []
    assert labels_of(vocab["keys"][""]) == ["claims", "figures", "notes", "entities"]
