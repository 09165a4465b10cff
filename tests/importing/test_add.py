"""`python -m reader add FILE`: writes article/SLUG.md, prints the slug and what was found, never
overwrites, and on a bad file exits 1 with one line and writes nothing."""

from pathlib import Path

from reader import cli
from reader.sources.documents import Root, load_document
from tests.conftest import make_root
from tests.importing.test_web import NEWS_PAGE


def _add(root: Path, *args: str) -> int:
    return cli.main(["add", *args, "--root", str(root)])


def _files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "article").iterdir())


def test_add_writes_the_article_and_prints_its_slug_and_what_was_found(tmp_path, capsys):
    root = make_root(tmp_path / "root", {})
    page = tmp_path / "saved.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    assert _add(root, str(page)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "murders-rise-24-in-sinaloa",
        "  title: Murders rise 24% in Sinaloa",
        "  author: María López",
        "  published: 2024-03-05",
        "  source: https://example.com/news/murders-rise",
        "  body: 3 paragraphs, 1 heading, 67 words from a web page",
    ]
    written = (root / "article" / "murders-rise-24-in-sinaloa.md").read_text("utf-8")
    assert written.startswith(
        "---\ntitle: Murders rise 24% in Sinaloa\nauthor: María López\npublished: '2024-03-05'\n"
        "source: https://example.com/news/murders-rise\n---\n\nThe number of murders"
    )
    assert (
        "\n\n## A long war\n\n“It’s a crisis,” said the state’s governor, Rubén Rocha." in written
    )
    document, problems = load_document(Root(root), "murders-rise-24-in-sinaloa")
    assert problems == [] and document is not None
    assert document.meta.author == "María López" and document.meta.published == "2024-03-05"


def test_add_never_overwrites_and_a_free_slug_gets_it_in(tmp_path, capsys):
    root = make_root(
        tmp_path / "root", {"murders-rise-24-in-sinaloa": "---\ntitle: Mine\n---\nMine.\n"}
    )
    page = tmp_path / "saved.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    assert _add(root, str(page)) == 1
    err = capsys.readouterr().err
    assert "article/murders-rise-24-in-sinaloa.md exists already; give --slug a free one" in err
    assert (
        root / "article" / "murders-rise-24-in-sinaloa.md"
    ).read_text() == "---\ntitle: Mine\n---\nMine.\n"
    assert _add(root, str(page), "--slug", "sinaloa-murders") == 0
    assert capsys.readouterr().out.splitlines()[0] == "sinaloa-murders"
    assert _files(root) == ["murders-rise-24-in-sinaloa.md", "sinaloa-murders.md"]


def test_a_bad_file_exits_1_with_one_line_and_writes_nothing(tmp_path, capsys):
    root = make_root(tmp_path / "root", {})
    for name, data, says in [
        ("empty.txt", b"", "the file is empty"),
        (
            "links.html",
            b"<ul>" + b"<li><a href=/x>More news</a></li>" * 30 + b"</ul>",
            "no article text",
        ),
        ("scan.pdf", b"%PDF-1.4 broken", "not a readable PDF"),
        ("sheet.ods", b"PK", "unknown format '.ods'"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        assert _add(root, str(path)) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert len(captured.err.splitlines()) == 1 and says in captured.err
    assert _files(root) == []


def test_a_slug_that_is_not_one_is_refused(tmp_path, capsys):
    root = make_root(tmp_path / "root", {})
    page = tmp_path / "saved.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    assert _add(root, str(page), "--slug", "_shared") == 1
    assert "'_shared' is not a slug" in capsys.readouterr().err
    assert _files(root) == []


def test_a_missing_file_exits_1(tmp_path, capsys):
    root = make_root(tmp_path / "root", {})
    assert _add(root, str(tmp_path / "nowhere.html")) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path, capsys):
    root = make_root(tmp_path / "root", {})
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(20_000_001)  # sparse: nothing to write, nothing to read
    assert _add(root, str(big)) == 1
    assert "over the cap of 20,000,000 bytes; refused" in capsys.readouterr().err
    assert _files(root) == []
