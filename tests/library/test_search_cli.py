"""`python -m reader search|index`: the text and JSON output and the exit codes of library.md."""

import json

import pytest

from reader.cli import main
from tests.library.fixtures import library_root


@pytest.fixture
def root(tmp_path):
    return str(library_root(tmp_path / "root"))


def test_text_output_is_one_marked_hit_a_line(root, capsys):
    assert main(["search", "helicopters", "--kind", "claim", "--root", root]) == 0
    assert capsys.readouterr().out == (
        "merida claim helicopters: paid for [helicopters] and training\n"
    )


def test_a_document_hit_is_named_by_its_slug_and_an_accent_free_query_finds_accents(root, capsys):
    assert main(["search", "merida", "--kind", "document", "--root", root]) == 0
    out = capsys.readouterr().out
    assert out.startswith("merida document merida: ")
    assert "[Mérida]" in out


def test_no_hits_exit_1_with_a_line_on_stderr(root, capsys):
    assert main(["search", "zeppelin", "--root", root]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no hits" in captured.err


@pytest.mark.parametrize(
    "query", ['"', "AND", "OR NOT", "NEAR(", "*", "a:b", "^x", "'; DROP TABLE entries; --", "\0"]
)
def test_no_query_fails_with_a_database_error(root, capsys, query):
    assert main(["search", query, "--root", root]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--kind", "chapter"],
        ["--limit", "0"],
        ["--limit", "x"],
        ["--status", "fine"],
        ["--doc", "nope"],
    ],
)
def test_bad_usage_exits_2(root, capsys, args):
    try:
        code = main(["search", "honey", "--root", root, *args])
    except SystemExit as exc:
        code = exc.code
    assert code == 2


def test_json_has_the_fields_of_the_contract(root, capsys):
    assert (
        main(
            ["search", "about", "--json", "--status", "supported", "--doc", "bees", "--root", root]
        )
        == 0
    )
    [hit] = json.loads(capsys.readouterr().out)
    assert hit["doc"] == "bees"
    assert hit["kind"] == "claim"
    assert hit["id"] == "twenty-kilos"
    assert hit["title"] == "about 20 kilos of honey"
    assert hit["snippet"] == "[about] 20 kilos of honey"
    assert hit["score"] > 0
    assert hit["link"] == "?doc=bees&focus=twenty-kilos"


def test_best_first_and_limit(root, capsys):
    assert main(["search", "honey", "--json", "--root", root]) == 0
    hits = json.loads(capsys.readouterr().out)
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True) and len(hits) >= 2
    assert main(["search", "honey", "--json", "--limit", "1", "--root", root]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_quoted_phrase_and_prefix(root, capsys):
    assert main(["search", '"security pillar"', "--kind", "document", "--root", root]) == 0
    assert "[security pillar]" in capsys.readouterr().out
    assert main(["search", '"pillar security"', "--root", root]) == 1
    capsys.readouterr()
    assert main(["search", "helico*", "--kind", "claim", "--root", root]) == 0
    assert "[helicopters]" in capsys.readouterr().out


def test_index_command_reports_and_rebuilds(root, capsys):
    assert main(["index", "--root", root]) == 0
    assert "2 read again" in capsys.readouterr().err
    assert main(["index", "--root", root]) == 0
    assert "0 read again" in capsys.readouterr().err
    assert main(["index", "--rebuild", "--root", root]) == 0
    assert "2 read again" in capsys.readouterr().err
