"""The command-line contract: `python -m reader check|export`, exit codes and messages."""

import json
import os
import subprocess
import sys

from tests.conftest import PROJECT, make_root

OTHER_ARTICLE = """---
title: Bees and the almond harvest
---
California’s almond orchards rent about two million honeybee colonies each February.

Beekeepers in Texas truck their hives west for the bloom.
"""

OTHER_ANNOTATIONS = """\
claims:
  - id: two-million
    quote: about two million honeybee colonies
    figures: [colonies]
    status: approximate
figures:
  - id: colonies
    title: Colonies rented
    type: bar
    x: year
    y: colonies
    data: [{year: 2023, colonies: 1.9}, {year: 2024, colonies: 2.0}]
    source: {name: USDA}
notes:
  - id: beekeeping
    title: Migratory beekeeping
    body: Hives move with the bloom. A note with a source.
    mentions: [Beekeepers]
"""


def run(*args, cwd=PROJECT):
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_on_the_project_is_clean():
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "all clear" in result.stderr


def test_a_second_unrelated_document_works_with_no_code_change(tmp_path):
    root = make_root(tmp_path, {"bees": OTHER_ARTICLE}, {"bees": OTHER_ANNOTATIONS})
    assert run("check", "--root", str(root)).returncode == 0
    exported = run("export", "bees", "--format", "json", "--root", str(root))
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["document"] == "bees" and data["orphans"] == []
    claims = [a for a in data["annotations"] if a["layer"] == "claims"]
    assert claims == [
        {
            "id": "two-million",
            "layer": "claims",
            "start": 63,
            "end": 98,
            "text": "about two million honeybee colonies",
            "quote": "about two million honeybee colonies",
            "figures": ["colonies"],
            "notes": [],
            "status": "approximate",
            "anchor": "exact",
            # The figure's colonies are not written in millions, so no row can test the number.
            "numbers": [
                {
                    "text": "about two million honeybee",
                    "start": 63,
                    "end": 89,
                    "value": 2e6,
                    "kind": "number",
                    "unit": "honeybee",
                    "low": 1.5e6,
                    "high": 2.5e6,
                    "check": {
                        "figure": None,
                        "x": None,
                        "y": None,
                        "op": None,
                        "data": None,
                        "verdict": "unverifiable",
                        "source": "suggested",
                        "reason": "no row of figure 'colonies' gives a value it admits "
                        "(nearest: figure 'colonies' has 2 at 2024)",
                    },
                }
            ],
        }
    ]
    notes = [a for a in data["annotations"] if a["layer"] == "notes"]
    assert notes == [
        {
            "id": "beekeeping@115",
            "layer": "notes",
            "start": 115,
            "end": 125,
            "text": "Beekeepers",
            "note": "beekeeping",
        }
    ]
    for annotation in data["annotations"]:
        assert data["text"][annotation["start"] : annotation["end"]] == annotation["text"]
    assert data["figures"]["colonies"]["source"] == {"name": "USDA"}


def test_export_json_of_the_seed_article_matches_the_contract(tmp_path):
    out = tmp_path / "out.json"
    result = run("export", "mexico-drug-war", "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"document", "text", "annotations", "figures", "notes", "orphans"}
    layers = {a["layer"] for a in data["annotations"]}
    assert layers == {"entities", "claims", "notes"}
    for annotation in data["annotations"]:
        assert data["text"][annotation["start"] : annotation["end"]] == annotation["text"]
        if annotation["layer"] == "entities":
            assert annotation["origin"] in {"model", "curated"}
        if annotation["layer"] == "claims":
            assert annotation["anchor"] in {"exact", "fuzzy"}
    assert any(a["layer"] == "entities" and a["origin"] == "model" for a in data["annotations"])


def test_export_html_is_one_offline_file(tmp_path):
    out = tmp_path / "out.html"
    assert run("export", "mexico-drug-war", "--format", "html", "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and 'data-layer="claims"' in page
    assert (
        "http://" not in page.split("<body")[0]
        and "<script src" not in page
        and "<link" not in page
    )


def test_a_root_of_broken_files_gives_precise_messages_and_no_traceback(tmp_path):
    root = make_root(
        tmp_path,
        {
            "good": OTHER_ARTICLE,
            "syntax": OTHER_ARTICLE,
            "typo": OTHER_ARTICLE,
            "binary": OTHER_ARTICLE,
            "orphan": OTHER_ARTICLE,
            "nofront": "Just a paragraph.\n",
        },
        {
            "good": OTHER_ANNOTATIONS,
            "syntax": "claims:\n  - id: x\n    quote: [unclosed\n",
            "typo": OTHER_ANNOTATIONS.replace("figures: [colonies]", "figures: [colonys]"),
            "binary": b"claims: \xff\xfe\n",
            "orphan": OTHER_ANNOTATIONS.replace(
                "about two million honeybee colonies", "the quick brown fox jumps over it"
            ),
        },
    )
    (root / "annotations" / "stray.yaml").write_text("claims: []\n")
    result = run("check", "--root", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.splitlines()
    expected = [
        "annotations/binary.yaml:1:9: error: not valid UTF-8 (byte 0xff); save the file as UTF-8",
        (
            "annotations/orphan.yaml:3:12: error: claim 'two-million': quote not found in "
            "the document (orphan): “the quick brown fox jumps over it”"
        ),
        (
            "annotations/syntax.yaml:4:1: error: YAML syntax: while parsing a flow "
            "sequence did not find expected ',' or ']'"
        ),
        (
            "annotations/typo.yaml:4:15: error: claim 'two-million' links to figure "
            "'colonys', which does not exist (did you mean 'colonies'?)"
        ),
        (
            "article/nofront.md:1:1: error: the article must start with front matter: a "
            "'---' line, 'title: …', and a closing '---'"
        ),
        "annotations/stray.yaml:1:1: warning: no article/stray.md for this annotation file",
    ]
    shown = [line.split(str(root) + "/", 1)[-1] for line in lines]
    assert sorted(shown) == sorted(expected)


def test_check_of_one_slug_and_bad_usage(tmp_path):
    root = make_root(tmp_path, {"bees": OTHER_ARTICLE}, {"bees": OTHER_ANNOTATIONS})
    assert run("check", "bees", "--root", str(root)).returncode == 0
    unknown = run("check", "beez", "--root", str(root))
    assert unknown.returncode == 2 and "did you mean 'bees'" in unknown.stderr
    assert run("check", "--root", str(tmp_path / "nowhere")).returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("export", "bees", "--root", str(root)).returncode == 2  # --format is required


def test_check_suggest_adds_the_triage_list_and_plain_check_does_not(tmp_path):
    root = make_root(tmp_path / "root", {"almonds": OTHER_ARTICLE}, {"almonds": OTHER_ANNOTATIONS})
    plain = run("check", "--root", str(root))
    assert plain.returncode == 0 and plain.stdout == ""
    assert plain.stderr.strip() == "1 document checked: all clear"
    suggested = subprocess.run(
        [sys.executable, "-m", "reader", "check", "--suggest"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )  # paths relative to it
    assert suggested.returncode == 0, suggested.stderr
    assert suggested.stdout.splitlines() == [
        (
            "annotations/almonds.yaml:13:13: suggestion: figure 'colonies': the source "
            "has no url (cite the page, not the site)"
        ),
    ]
    assert suggested.stderr.strip().endswith("1 document checked: all clear; 1 suggestion")
