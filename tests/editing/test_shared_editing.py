"""Editing annotations/_shared.yaml like any file: validated on its own, saved with history."""

from __future__ import annotations

from pathlib import Path

from reader.editing.completion import vocabulary
from reader.editing.store import file_digest, history, save_annotations
from reader.editing.validation import validate_annotations
from reader.sources.annotations import load_shared, parse_annotations
from reader.sources.documents import SHARED_SLUG, Root, display_path
from tests.conftest import make_root
from tests.sources.test_shared import HARVEST, HARVEST_ANNOTATIONS, SHARED, WINTER


def library(tmp_path: Path) -> Root:
    files = {"harvest": HARVEST_ANNOTATIONS, "_shared": SHARED}
    return Root(make_root(tmp_path, {"harvest": HARVEST, "winter": WINTER}, files))


def test_the_shared_text_is_validated_by_the_shared_rules(tmp_path: Path) -> None:
    root = library(tmp_path)
    problems = validate_annotations(root, SHARED_SLUG, SHARED + "claims: []\n")
    assert [(p.line, p.column, p.message[:34]) for p in problems] == [
        (18, 1, "the shared file cannot hold claims")
    ]


def test_a_documents_text_is_validated_against_the_shared_file(tmp_path: Path) -> None:
    root = library(tmp_path)
    assert validate_annotations(root, "harvest", HARVEST_ANNOTATIONS) == []
    renamed = HARVEST_ANNOTATIONS.replace("[colonies]", "[colony]")
    [problem] = validate_annotations(root, "harvest", renamed)
    assert problem.message == (
        "claim 'two-million' links to figure 'colony', which does not exist "
        "(did you mean 'colonies'?)"
    )
    assert problem.path == display_path(root.annotations_path("harvest"))


def test_saving_the_shared_file_keeps_its_previous_version(tmp_path: Path) -> None:
    root = library(tmp_path)
    edited = SHARED.replace(
        "Hives travel with the bloom.", "Hives travel with the bloom, by truck."
    )
    result = save_annotations(
        root, SHARED_SLUG, edited, expected_digest=file_digest(root.shared_path())
    )
    assert result.status == "saved"
    assert root.shared_path().read_text("utf-8") == edited
    [kept] = history(root, SHARED_SLUG)
    assert kept.read_text("utf-8") == SHARED


def test_completion_offers_shared_ids_in_every_document(tmp_path: Path) -> None:
    root = library(tmp_path)
    shared, _ = load_shared(root)
    annotations, _ = parse_annotations("claims: []\n", "annotations/winter.yaml", shared=shared)
    values = vocabulary((), annotations, {})["values"]
    assert values["claims.figures"] == [
        {"label": "colonies", "detail": "Colonies rented for almond pollination"}
    ]
    assert [v["label"] for v in values["claims.notes"]] == ["beekeeping"]


def test_a_shared_text_that_would_break_a_document_is_refused(tmp_path: Path) -> None:
    root = library(tmp_path)
    renamed = SHARED.replace("id: colonies", "id: colony-rentals")
    harvest = display_path(root.annotations_path("harvest"))
    assert [str(p) for p in validate_annotations(root, SHARED_SLUG, renamed)] == [
        f"{display_path(root.shared_path())}:1:1: error: this text would break {harvest}:4:15: "
        "error: claim 'two-million' links to figure 'colonies', which does not exist "
        "(did you mean 'colony-rentals'?)"
    ]
    result = save_annotations(
        root, SHARED_SLUG, renamed, expected_digest=file_digest(root.shared_path())
    )
    assert result.status == "invalid"
    assert root.shared_path().read_text("utf-8") == SHARED  # nothing written


def test_a_document_is_validated_again_when_the_shared_file_changes(tmp_path: Path) -> None:
    root = library(tmp_path)
    assert validate_annotations(root, "harvest", HARVEST_ANNOTATIONS) == []
    root.shared_path().write_text(SHARED.replace("2024, colonies: 2.0", "2025, colonies: 2.0"))
    [problem] = validate_annotations(root, "harvest", HARVEST_ANNOTATIONS)
    assert "figure 'colonies' has no row with year 2024" in problem.message
