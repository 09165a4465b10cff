"""Hostile input: broken and malicious articles and annotation files.

Every input here must give a clear problem (path:line:col) or render as inert text: never an
exception, a hang (each test has a timeout) or live markup. Large inputs are generated, not
committed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.html.figures import figure_spec, stat_items
from reader.html.sanitize import render_markdown
from reader.interop import export
from reader.reading import open_reading
from reader.sources.annotations import MAX_ENTRIES, load_annotations, parse_annotations
from reader.sources.documents import Root, load_document, parse_document
from reader.sources.yamlsource import MAX_FILE_BYTES, MAX_NODES
from tests.conftest import PROJECT
from tests.hostile.payloads import (
    MARKER,
    SLUG,
    assert_inert,
    hostile_document,
    json_round_trip,
    markdown_payload,
    payload,
)

pytestmark = pytest.mark.timeout(120)

ARTICLE = "---\ntitle: A title\n---\nThe quick brown fox jumps over the lazy dog.\n"


def annotation_problems(text: str) -> list[str]:
    _, problems = parse_annotations(text, "annotations/x.yaml")
    return [str(p) for p in problems]


def front_matter_problems(yaml_text: str) -> list[str]:
    _, problems = parse_document("x", f"---\n{yaml_text}---\nBody.\n", "article/x.md")
    return [str(p) for p in problems]


# --------------------------------------------------------------------------- unreadable YAML

UNREADABLE_YAML = {
    # name: (annotation YAML, expected place "line:col", words in the message)
    "nul byte": ("claims:\n  - id: x\0\n", "2:10", "U+0000"),
    "escape control char": ("claims:\n  - id: a\x07b\n", "2:10", "U+0007"),
    "integer over 4300 digits": (
        "claims:\n  - id: x\n    quote: " + "1" * 5000 + "\n",
        "3:12",
        "4,300 digits",
    ),
    "lone surrogate key": ('claims:\n  - id: x\n    "\\ud800": 1\n', "3:5", "lone surrogate"),
    "lone surrogate top-level key": ('"\\udfff": 1\n', "1:1", "lone surrogate"),
    "lone surrogate value": (
        'claims:\n  - id: x\n    quote: "a\\ud800b"\n',
        "3:12",
        "lone surrogate",
    ),
}


@pytest.mark.parametrize("name", UNREADABLE_YAML)
def test_unreadable_yaml_is_one_error_with_its_place(name: str) -> None:
    text, place, words = UNREADABLE_YAML[name]
    problems = annotation_problems(text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"annotations/x.yaml:{place}: error: "), problems
    assert words in problems[0]
    # The same text in an article's front matter is reported one line lower (after '---').
    line, column = place.split(":")
    problems = front_matter_problems(text)
    assert any(
        p.startswith(f"article/x.md:{int(line) + 1}:{column}: error: front matter: ") and words in p
        for p in problems
    ), problems
    # Every message can be printed to a UTF-8 terminal (no lone surrogates).
    for problem in problems:
        problem.encode("utf-8")


# --------------------------------------------------------------------------- nesting depth

DEEP_YAML = {
    # name: (YAML with more than MAX_DEPTH levels, place of the first level too many)
    "flow lists": ("claims: " + "[" * 5_000 + "]" * 5_000 + "\n", "1:108"),
    "unclosed flow lists": ("claims: " + "[" * 5_000 + "\n", "1:108"),
    "flow mappings": ("claims: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", "1:405"),
    "block lists": ("- " * 5_000 + "x\n", "1:201"),
    "block mappings": ("".join(" " * i + "k:\n" for i in range(1_000)), "101:101"),
}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", DEEP_YAML)
def test_deep_nesting_is_refused_at_its_place_whatever_the_recursion_limit(name: str) -> None:
    """Nesting is refused at the level past MAX_DEPTH, never by running into Python's recursion
    limit: the answer does not depend on the limit."""
    text, place = DEEP_YAML[name]
    limit = sys.getrecursionlimit()
    try:
        for recursion_limit in (limit, 60_000):  # e.g. hypothesis raises it while it runs a test
            sys.setrecursionlimit(recursion_limit)
            problems = annotation_problems(text)
            assert problems == [
                f"annotations/x.yaml:{place}: error: YAML nesting is too deep: more than 100 lists "
                "or mappings inside each other"
            ], (recursion_limit, problems)
            line, column = place.split(":")
            assert front_matter_problems(text)[0].startswith(
                f"article/x.md:{int(line) + 1}:{column}: error: "
                "front matter: YAML nesting is too deep"
            )
    finally:
        sys.setrecursionlimit(limit)


def test_nesting_up_to_the_limit_is_read() -> None:
    from reader.sources.yamlsource import MAX_DEPTH, load_yaml

    data, positions = load_yaml("a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n")
    depth, path = 0, ()
    while isinstance(data, (list, dict)):
        key = 0 if isinstance(data, list) else "a"
        data, path, depth = data[key], path + (key,), depth + 1
    assert (data, depth, positions.of(path)) == ("x", MAX_DEPTH, (1, 3 + MAX_DEPTH))


# ------------------------------------------------------------------ entity layer on huge paragraphs


class _StrictPipeline:
    """Stands in for spaCy: refuses texts over max_length exactly as spaCy does (error E088)."""

    max_length = 1_000_000

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def pipe(self, texts, batch_size=64, n_process=1):
        from types import SimpleNamespace

        for text in texts:
            if len(text) > self.max_length:
                raise ValueError(
                    f"[E088] Text of length {len(text)} exceeds maximum of {self.max_length}."
                )
            self.lengths.append(len(text))
            found = text.find("Acme")
            ents = (
                [SimpleNamespace(start_char=found, end_char=found + 4, label_="ORG")]
                if found >= 0
                else []
            )
            yield SimpleNamespace(ents=ents, text=text)


def test_a_paragraph_longer_than_spacys_limit_is_read_in_pieces(tmp_path, monkeypatch) -> None:
    from reader.layers import entities

    model = tmp_path / "model"
    model.mkdir()
    (model / "meta.json").write_text('{"version": "0"}', encoding="utf-8")
    fake = _StrictPipeline()
    monkeypatch.setattr(entities, "load_pipeline", lambda name: fake)
    paragraph = (
        ("word " * 300_000) + "Acme " + ("x" * 1_200_000)
    )  # 2.7 million characters, one block
    found = entities.detect_entities(
        [(0, "Title"), (7, paragraph)], model=str(model), folder=tmp_path / "cache"
    )
    assert found.message is None
    assert max(fake.lengths) <= entities.MAX_PIECE_CHARS
    assert sum(fake.lengths) == len("Title") + len(paragraph)
    assert [(s, e, label) for s, e, label in found.entities] == [
        (7 + 1_500_000, 7 + 1_500_004, "ORG")
    ]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=" \nab", max_size=400),
    size=st.integers(1, 40),
    offset=st.integers(0, 1000),
)
def test_entity_pieces_cover_each_block_exactly(text: str, size: int, offset: int) -> None:
    from reader.layers import entities

    old = entities.MAX_PIECE_CHARS
    entities.MAX_PIECE_CHARS = size
    try:
        pieces = list(entities.pieces([(offset, text)]))
    finally:
        entities.MAX_PIECE_CHARS = old
    assert "".join(piece for _, piece in pieces) == text
    position = offset
    for start, piece in pieces:
        assert start == position and len(piece) <= size
        position += len(piece)


# --------------------------------------------------------------------------- the hostile document

PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
    r"(?P<message>.+)$"
)
#: The standalone page may have its own code, SVG charts and layer toggles; none of it from the
#: input.
EXPORT_ALLOWS = frozenset({"script", "svg", "input", "label", "button", "template"})
ARTICLE_TAGS = {"article", "h1", "h2", "p", "span", "figure", "figcaption", "mark"}
MARKDOWN_TAGS = {
    "p",
    "em",
    "strong",
    "a",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "sub",
    "sup",
}


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_document().write(tmp_path_factory.mktemp("hostile-root"))


@pytest.fixture(scope="module")
def reading(hostile_root: Path):
    return open_reading(Root(hostile_root), SLUG, with_model=False)


def test_every_text_field_is_accepted_and_only_bad_values_are_errors(reading) -> None:
    errors = [p for p in reading.problems if p.is_error]
    assert len(errors) == 3, [str(p) for p in reading.problems]
    messages = " | ".join(p.message for p in errors)
    assert "status '<script>" in messages and "'id'" in messages and "'label'" in messages
    for problem in reading.problems:
        match = PROBLEM_LINE.match(str(problem).split("\n")[0])
        assert match and match["path"].endswith(f"{SLUG}.yaml"), str(problem)
        assert int(match["line"]) > 1
    # Everything else anchors: both claims, both notes, the curated entities.
    assert reading.orphans == []
    assert reading.layer_counts == {"entities": 2, "claims": 2, "notes": 2}
    assert {e.label for e in reading.entities} == {"PERSON", "SCRIPT_ALERT"}


def test_the_article_renders_every_field_as_text(reading) -> None:
    html = reading.html()
    parsed = assert_inert(html)
    assert {e.tag for e in parsed.elements} <= ARTICLE_TAGS
    # Nothing became markup: the text content is the document text, block by block.
    assert parsed.text == "".join(block.text for block in reading.document.blocks)
    for name, text in hostile_document().shown.items():
        if name not in {
            "section",
            "note-title",
            "quote-note-title",
        }:  # not part of the article's text
            assert text in parsed.text, name
    marks = [e for e in parsed.elements if e.tag == "mark"]
    assert {m.attrs["data-layer"] for m in marks} == {"claims", "notes", "entities"}
    # Previews of hostile assessments and note titles are attribute values, escaped.
    assert any(MARKER + "-note-title" in m.attrs.get("title", "") for m in marks)


def test_the_article_with_the_model_layer_is_inert_too(hostile_root: Path) -> None:
    reading = open_reading(Root(hostile_root), SLUG)
    parsed = assert_inert(reading.html())
    assert parsed.text == "".join(block.text for block in reading.document.blocks)


@pytest.mark.parametrize("name", ["assessment", "figure-caption", "note-body"])
def test_markdown_fields_render_as_sanitised_markup(name: str) -> None:
    html = render_markdown(markdown_payload(name))
    parsed = assert_inert(html)
    assert {e.tag for e in parsed.elements} <= MARKDOWN_TAGS
    # The raw HTML is shown as text; only the https link is a link.
    assert f'<script>window.__pwned=true;alert("{MARKER}-{name}")</script>' in parsed.text
    hrefs = [e.attrs["href"] for e in parsed.elements if "href" in e.attrs]
    assert hrefs[-1] == f"https://example.org/{name}"
    assert all(h.startswith("https://example.org/") for h in hrefs), hrefs


def test_the_standalone_html_export_is_inert(reading) -> None:
    html = export.to_html(reading)
    # The page may have its own script or SVG charts; none of it may come from the input.
    parsed = assert_inert(html, allow=EXPORT_ALLOWS)
    for name in ("title", "body", "claim-quote", "note-title", "quote-note-title"):
        assert payload(name) in parsed.text, name
    assert f'alert("{MARKER}-assessment")' in parsed.text  # the assessment's raw HTML, as text
    links = [e.attrs["href"] for e in parsed.elements if e.tag == "a" and "href" in e.attrs]
    assert all(h.startswith(("https://example.org/", "#")) for h in links), links
    # Defence in depth: a Content-Security-Policy that would stop an injected script anyway.
    csp = next(
        e.attrs["content"]
        for e in parsed.elements
        if e.tag == "meta" and e.attrs.get("http-equiv", "").lower() == "content-security-policy"
    )
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives.get(
        "script-src", []
    ) and "'unsafe-eval'" not in directives.get("script-src", [])
    assert "connect-src" not in directives and "frame-src" not in directives


def test_the_json_export_keeps_every_payload_as_data(reading) -> None:
    data = export.to_json(reading)
    assert json_round_trip(data) == data
    assert data["text"] == reading.text and data["title"] == payload("title")
    claim = next(a for a in data["annotations"] if a["id"] == "hostile-claim")
    assert claim["text"] == payload("claim-quote")
    assert data["notes"]["hostile-note"]["title"] == payload("note-title")


def _strings_under(value: object, keys: set[str]) -> list[str]:
    """Every string under a key in ``keys`` anywhere in a Vega-Lite spec."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys:
                found.append(json.dumps(item))
            found.extend(_strings_under(item, keys))
    elif isinstance(value, list):
        for item in value:
            found.extend(_strings_under(item, keys))
    return found


def test_figures_keep_hostile_labels_and_fields_as_data(reading) -> None:
    figures = reading.annotations.figures
    for figure_id in ("hostile-line", "hostile-bar"):
        spec = figure_spec(figures[figure_id], with_title=True)
        text = json.dumps(spec)
        assert MARKER in text  # the labels are there, as data or titles …
        # … but never inside a Vega expression, a field reference or a format string.
        for code in _strings_under(
            spec, {"expr", "signal", "test", "calculate", "filter", "field", "format", "as"}
        ):
            assert MARKER not in code, (figure_id, code)
    items = stat_items(figures["hostile-stat"])
    assert [i.label for i in items] == [payload("stat-label"), payload("stat-label-2")]
    assert items[0].value == "21,702 " + payload("stat-unit")


def run_cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
        encoding="utf-8",
    )


def test_the_command_line_reports_and_exports_the_hostile_document(
    hostile_root: Path, tmp_path: Path
) -> None:
    check = run_cli("check", "--root", str(hostile_root))
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stderr
    lines = check.stdout.splitlines()
    assert len(lines) >= 3 and all(PROBLEM_LINE.match(line) for line in lines), lines
    for fmt in ("json", "html"):
        out = tmp_path / f"out.{fmt}"
        result = run_cli(
            "export", SLUG, "--format", fmt, "-o", str(out), "--root", str(hostile_root)
        )
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        content = out.read_text(encoding="utf-8")
        if fmt == "html":
            assert_inert(content, allow=EXPORT_ALLOWS)
        else:
            assert json.loads(content)["title"] == payload("title")


@pytest.mark.parametrize(
    "html",
    [
        "<p>ok</p><script>x()</script>",
        '<p onclick="x()">ok</p>',
        '<a href="javascript:x()">ok</a>',
        '<a href=" JaVaScRiPt:x()">ok</a>',
        '<a href="data:text/html,x">ok</a>',
        '<img src="https://example.org/x.png">',
        "<iframe></iframe>",
        '<svg><a xlink:href="javascript:x()"></a></svg>',
        '<meta http-equiv="refresh" content="0;url=javascript:x()">',
        '<span style="background:url(javascript:x())">ok</span>',
        f"<p>ok</p><style>/* {MARKER} */</style>",
    ],
)
def test_the_inertness_check_itself_catches_live_markup(html: str) -> None:
    with pytest.raises(AssertionError):
        assert_inert(html, allow=frozenset({"svg"}))


# -------------------------------------------------------------------------- broken annotation files

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

BROKEN_ANNOTATIONS: dict[str, tuple[str | bytes, str, str]] = {
    # name: (file content, expected "line:col" of the first error, words in its message)
    "syntax error": ("claims:\n  - id: x\n    quote: [unclosed\n", "4:1", "YAML syntax"),
    "bad indentation": ("claims:\n  - id: x\n   quote: y\n", "3:4", "YAML syntax"),
    "wrong types": ("claims:\n  - id: x\n    quote: [1, 2]\n", "3:12", "'quote'"),
    "number where text goes": (
        "notes:\n  - id: n\n    title: 12\n    body: b\n    mentions: [x]\n",
        "3:12",
        "'title'",
    ),
    "section not a list": ("claims: {id: x}\n", "1:9", "must be a list"),
    "entry not a mapping": ("claims:\n  - just text\n", "2:5", "must be a mapping"),
    "typo in a section": ("claim:\n  - id: x\n    quote: y\n", "1:1", "did you mean 'claims'"),
    "typo in a key": ("claims:\n  - id: x\n    qoute: y\n", "3:5", "did you mean 'quote'"),
    "typo in a status": (
        "claims:\n  - id: x\n    quote: y\n    status: suported\n",
        "4:13",
        "did you mean 'supported'",
    ),
    "tab indentation": ("claims:\n\t- id: x\n", "2:1", "tab"),
    "duplicate key": ("claims:\n  - id: x\n    id: y\n    quote: z\n", "3:5", "duplicate key"),
    "duplicate id": (
        "claims:\n  - {id: x, quote: fox}\n  - {id: x, quote: dog}\n",
        "3:10",
        "duplicate id",
    ),
    "several documents": ("claims: []\n---\nnotes: []\n", "2:1", "YAML"),
    "top-level list": ("- id: x\n", "1:1", "must be a mapping"),
    "top-level scalar": ("just words\n", "1:1", "must be a mapping"),
    "non-UTF-8 byte": (b"claims:\n  - id: x\n    quote: caf\xe9\n", "3:15", "not valid UTF-8"),
    "UTF-16": ("claims: []\n".encode("utf-16"), "1:1", "not valid UTF-8"),
    "alias bomb": (BILLION_LAUGHS, "2:8", "aliases"),
    "python object": (
        "claims:\n  - id: !!python/object/apply:os.system ['touch /tmp/pwned-reader']\n",
        "2:9",
        "tag",
    ),
    "python name": ("claims: !!python/name:os.system\n", "1:9", "tag"),
    "python new": ("claims: !!python/object/new:subprocess.Popen [['true']]\n", "1:9", "tag"),
    "verbatim python tag": (
        "claims: !<tag:yaml.org,2002:python/object/apply:os.system> ['true']\n",
        "1:9",
        "tag",
    ),
    "custom tag": ("claims: !include /etc/passwd\n", "1:9", "tag"),
    "binary": ("claims: !!binary aGVsbG8=\n", "1:9", "tag"),
    "merge key": ("claims:\n  - <<: {id: x, quote: fox}\n", "2:5", "unknown key '<<'"),
    "deep flow nesting": (
        "claims: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "1:108",
        "nesting",
    ),  # the 101st level
    "deep block nesting": ("".join("  " * i + "k:\n" for i in range(5_000)), "1:1", ""),
    "quote over the limit": (
        "claims:\n  - id: x\n    quote: " + "fox " * 600 + "\n",
        "3:12",
        "2000 characters",
    ),
    "huge text field": (
        "notes:\n  - id: n\n    title: t\n    body: " + "b" * 30_000 + "\n    mentions: [fox]\n",
        "4:11",
        "20000",
    ),
}


@pytest.mark.parametrize("name", BROKEN_ANNOTATIONS)
def test_broken_annotation_files_give_a_clear_error_at_the_right_place(
    name: str, tmp_path: Path
) -> None:
    content, place, words = BROKEN_ANNOTATIONS[name]
    root = tmp_path / "root"
    (root / "article").mkdir(parents=True)
    (root / "annotations").mkdir()
    (root / "article" / "x.md").write_text(ARTICLE, encoding="utf-8")
    file = root / "annotations" / "x.yaml"
    file.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    reading = open_reading(Root(root), "x", with_model=False)
    errors = [p for p in reading.problems if p.is_error]
    assert any(f"{p.line}:{p.column}" == place and words in p.message for p in errors), [
        str(p) for p in errors
    ]
    for problem in errors:
        assert problem.path.endswith("annotations/x.yaml")
        str(problem).encode("utf-8")  # printable on a UTF-8 terminal
    # The article still renders, without the broken layer's problems turning into markup.
    assert_inert(reading.html())
    assert not Path("/tmp/pwned-reader").exists()


def test_the_command_line_survives_a_root_of_every_broken_file(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "article").mkdir(parents=True)
    (root / "annotations").mkdir()
    slugs = []
    for index, (content, _, _) in enumerate(BROKEN_ANNOTATIONS.values()):
        slug = f"doc-{index}"
        slugs.append(slug)
        (root / "article" / f"{slug}.md").write_text(ARTICLE, encoding="utf-8")
        (root / "annotations" / f"{slug}.yaml").write_bytes(
            content if isinstance(content, bytes) else content.encode()
        )
    check = run_cli("check", "--root", str(root), timeout=300)
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stderr[-2000:]
    lines = check.stdout.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines), [
        line for line in lines if not PROBLEM_LINE.match(line)
    ]
    assert {
        PROBLEM_LINE.match(line)["path"].rsplit("/", 1)[-1] for line in lines if " error: " in line
    } == {f"{slug}.yaml" for slug in slugs}
    for slug in ("doc-0", f"doc-{len(slugs) - 1}"):
        refused = run_cli("export", slug, "--format", "html", "--root", str(root))
        if (
            refused.returncode == 1
        ):  # the whole file was refused: nothing is written without --force
            assert (
                refused.stdout == ""
                and "not exported" in refused.stderr
                and "Traceback" not in refused.stderr
            )
        result = run_cli("export", slug, "--format", "html", "--root", str(root), "--force")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
        assert_inert(result.stdout, allow=EXPORT_ALLOWS)


# --------------------------------------------------------------------------- broken articles

BROKEN_ARTICLES: dict[str, tuple[str | bytes, str, str]] = {
    "no front matter": ("Just a body.\n", "1:1", "must start with front matter"),
    "unclosed front matter": ("---\ntitle: x\nbody\n", "1:1", "not closed"),
    "front matter is a list": ("---\n- a\n---\nBody.\n", "2:1", "mapping"),
    "missing title": ("---\ndek: x\n---\nBody.\n", "2:1", "missing 'title'"),
    "title not text": ("---\ntitle: [a, b]\n---\nBody.\n", "2:8", "'title'"),
    "typo in a key": (
        "---\ntitle: x\ntitel: y\n---\nBody.\n",
        "3:1",
        "unknown front-matter key 'titel'",
    ),
    "tab in front matter": ("---\ntitle: x\nimage:\n\tcaption: y\n---\nBody.\n", "4:1", "tab"),
    "alias in front matter": ("---\ntitle: &t x\ndek: *t\n---\nBody.\n", "3:6", "aliases"),
    "python tag in front matter": (
        "---\ntitle: !!python/object/apply:os.system ['true']\n---\nBody.\n",
        "2:8",
        "tag",
    ),
    "non-UTF-8": (b"---\ntitle: x\n---\nBody \xff.\n", "4:6", "not valid UTF-8"),
    "NUL in front matter": ("---\ntitle: a\0b\n---\nBody.\n", "2:9", "U+0000"),
    "huge number in front matter": (
        "---\ntitle: " + "9" * 5000 + "\n---\nBody.\n",
        "2:8",
        "4,300 digits",
    ),
}


@pytest.mark.parametrize("name", BROKEN_ARTICLES)
def test_broken_articles_give_a_clear_error_and_still_render(name: str, tmp_path: Path) -> None:
    content, place, words = BROKEN_ARTICLES[name]
    root = tmp_path / "root"
    (root / "article").mkdir(parents=True)
    (root / "article" / "x.md").write_bytes(
        content if isinstance(content, bytes) else content.encode("utf-8")
    )
    reading = open_reading(Root(root), "x", with_model=False)
    errors = [p for p in reading.problems if p.is_error]
    assert errors and f"{errors[0].line}:{errors[0].column}" == place, [
        str(p) for p in reading.problems
    ]
    assert words in errors[0].message and errors[0].path.endswith("article/x.md")
    assert_inert(reading.html())
    result = run_cli("check", "--root", str(root))
    assert (
        result.returncode == 1
        and "Traceback" not in result.stderr
        and f"x.md:{place}: error:" in result.stdout
    )


def test_control_characters_in_an_article_body_are_text(tmp_path: Path) -> None:
    body = (
        "Nul \0 bell \x07 escape \x1b[31m red \u202e reversed \ufeff bom </p><script>x()</script>"
    )
    _document, problems = parse_document("x", f"---\ntitle: T\n---\n{body}\n", "article/x.md")
    # NUL and the right-to-left override are warned about at their place; the rest is plain text.
    assert [(p.line, p.column, p.severity) for p in problems] == [
        (4, 5, "warning"),
        (4, 31, "warning"),
    ]
    root = tmp_path / "root"
    (root / "article").mkdir(parents=True)
    (root / "article" / "x.md").write_text(f"---\ntitle: T\n---\n{body}\n", encoding="utf-8")
    reading = open_reading(Root(root), "x", with_model=False)
    assert assert_inert(reading.html()).text == "T" + body
    assert json.loads(json.dumps(export.to_json(reading)))["text"] == "T\n\n" + body


# --------------------------------------------------------------------------- oversized files


def _oversized(tmp_path: Path, which: str) -> Path:
    root = tmp_path / "root"
    (root / "article").mkdir(parents=True)
    (root / "annotations").mkdir()
    article = ARTICLE if which != "article" else ARTICLE + "x" * (MAX_FILE_BYTES + 1 - len(ARTICLE))
    (root / "article" / "x.md").write_text(article, encoding="utf-8")
    annotations = "claims: []\n" + ("#" * 1023 + "\n") * (MAX_FILE_BYTES // 1024 + 1)
    if which == "annotations":
        (root / "annotations" / "x.yaml").write_text(annotations, encoding="utf-8")
    return root


@pytest.mark.parametrize("which", ["article", "annotations"])
def test_a_file_over_the_size_cap_is_refused_with_the_limit(which: str, tmp_path: Path) -> None:
    root = _oversized(tmp_path, which)
    reading = open_reading(Root(root), "x", with_model=False)
    errors = [p for p in reading.problems if p.is_error]
    assert len(errors) == 1
    assert re.fullmatch(r"file is [\d,]+ bytes; the limit is 10,485,760", errors[0].message), (
        errors[0].message
    )
    assert (errors[0].line, errors[0].column) == (1, 1)
    result = run_cli("check", "--root", str(root))
    assert (
        result.returncode == 1
        and "the limit is 10,485,760" in result.stdout
        and "Traceback" not in result.stderr
    )


def test_a_file_at_the_entry_cap_is_read_and_one_more_entry_is_an_error_at_its_place(
    tmp_path: Path,
) -> None:
    entry = "  - {id: c%06d, quote: quick brown fox, prefix: 'The ', suffix: ' jumps'}\n"
    text = "claims:\n" + "".join(entry % i for i in range(MAX_ENTRIES))
    assert len(text.encode()) <= MAX_FILE_BYTES
    annotations, problems = parse_annotations(text, "annotations/x.yaml")
    assert problems == [] and len(annotations.claims) == MAX_ENTRIES
    annotations, problems = parse_annotations(text + entry % MAX_ENTRIES, "annotations/x.yaml")
    assert [(p.line, p.column) for p in problems] == [(MAX_ENTRIES + 2, 5)]
    assert (
        "more than 5,000 entries" in problems[0].message and len(annotations.claims) == MAX_ENTRIES
    )


def test_a_file_of_many_small_values_stops_at_the_node_cap_quickly(tmp_path: Path) -> None:
    """10 MB of small rows, slow and memory-hungry to parse whole, are refused where the node cap
    is passed."""
    rows = "".join(f"      - {{year: {1900 + i % 100}, rate: {i}}}\n" for i in range(250_000))
    text = (
        "figures:\n  - id: big\n    title: Big\n    type: line\n    x: year\n"
        "    y: rate\n    source: {name: X}\n    data:\n"
    ) + rows
    assert len(text.encode()) <= MAX_FILE_BYTES
    _, problems = parse_annotations(text, "annotations/x.yaml")
    [problem] = problems
    assert (
        problem.severity == "error"
        and f"more than {MAX_NODES:,} YAML keys and values" in problem.message
    )
    assert 9 < problem.line <= 9 + MAX_NODES // 5  # the row where the count passed the cap


# --------------------------------------------------------- long quotes, many repeats, many overlaps


def _words(count: int, seed: int) -> str:
    import random

    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(count)
    )


def _reading_of(body: str, annotations: str):
    from reader.layers.entities import ModelEntities
    from reader.reading import build_reading

    document, problems = parse_document("x", f"---\ntitle: T\n---\n{body}\n", "article/x.md")
    parsed, more = parse_annotations(annotations, "annotations/x.yaml")
    return build_reading(document, parsed, [*problems, *more], ModelEntities((), None))


@pytest.mark.timeout(180)
def test_quotes_at_the_length_limit_anchor_or_orphan_in_a_long_article() -> None:
    from reader.sources.schema import MAX_QUOTE_CHARS

    body = _words(1_000_000, seed=1)  # about 6 MB
    present = body[3_000_000 : 3_000_000 + MAX_QUOTE_CHARS]
    edited = present[:1000] + "#" * 40 + present[1040:]
    absent = _words(400, seed=2)[:MAX_QUOTE_CHARS]
    claims = [
        {"id": "present", "quote": present},
        {"id": "edited", "quote": edited},
        {"id": "absent", "quote": absent, "prefix": "p" * 500, "suffix": "s" * 500},
        {"id": "too-long", "quote": body[: MAX_QUOTE_CHARS + 1]},
    ]
    from tests.hostile.payloads import dump

    reading = _reading_of(body, dump({"claims": claims}))
    assert reading.anchors["present"].kind == "exact"
    assert reading.anchors["edited"].kind == "fuzzy"
    assert abs(reading.anchors["edited"].start - reading.anchors["present"].start) <= 40
    assert [o.id for o in reading.orphans] == ["absent"]
    assert any(f"at most {MAX_QUOTE_CHARS} characters" in p.message for p in reading.errors)


@pytest.mark.timeout(120)
def test_quotes_repeated_millions_of_times_do_not_hang() -> None:
    body = "a" * 6_000_000
    claims = "".join(
        f"  - {{id: c{i}, quote: {'a' * (20 + i)}, prefix: {'b' * 300}, suffix: {'c' * 300}}}\n"
        for i in range(40)
    )
    notes = "notes:\n  - {id: n, title: t, body: b, quote: aaaa, prefix: ba}\n"
    reading = _reading_of(body, "claims:\n" + claims + notes)
    assert len(reading.orphans) == 41 and {o.reason for o in reading.orphans} == {"ambiguous"}
    assert all("places; add a prefix or suffix" in p.message for p in reading.errors)


@pytest.mark.timeout(120)
def test_spaces_quoted_with_context_in_a_long_article_do_not_hang() -> None:
    body = _words(700_000, seed=3)
    claims = "".join(
        f"  - {{id: c{i}, quote: ' ', prefix: '{'x' * 400}', suffix: '{'y' * 400}'}}\n"
        for i in range(100)
    )
    reading = _reading_of(body, "claims:\n" + claims)
    assert len(reading.errors) == 100 and all(
        "only whitespace" in p.message for p in reading.errors
    )


def _check_segments(length: int, spans, segments) -> None:
    assert segments[0].start == 0 and segments[-1].end == length
    for before, after in zip(segments, segments[1:]):
        assert before.end == after.start and before.start < before.end
    covered = {span for segment in segments for span in segment.spans}
    assert covered == {s for s in spans if s.end > s.start}


@pytest.mark.timeout(180)
def test_thousands_of_overlapping_claims_flatten_and_render() -> None:
    body = _words(6_000, seed=4)
    starts = [0] + [i + 1 for i, ch in enumerate(body) if ch == " "]
    claims = [
        {
            "id": f"c{i}",
            "quote": body[starts[i] : starts[i] + 200],
            "assessment": f"<b>{MARKER}</b> claim {i}",
            "status": "disputed",
        }
        for i in range(MAX_ENTRIES - 1)
    ]  # and one note: the entry cap
    notes = [
        {
            "id": "everywhere",
            "title": payload("note"),
            "body": "b",
            "mentions": body.split(" ")[:50],
        }
    ]
    from tests.hostile.payloads import dump

    reading = _reading_of(body, dump({"claims": claims, "notes": notes}))
    assert reading.errors == [] and len(reading.anchors) == MAX_ENTRIES - 1
    segments = reading.segments()
    _check_segments(len(reading.text), reading.spans, segments)
    assert max(len(s.spans) for s in segments) > 30  # they really overlap
    html = reading.html()
    parsed = assert_inert(html)
    assert parsed.text == "".join(b.text for b in reading.document.blocks)
    assert export.to_json(reading)["annotations"]


@pytest.mark.timeout(120)
def test_thousands_of_annotations_on_the_same_words_flatten_and_render() -> None:
    body = "Once upon a time the same words were annotated over and over."
    claims = [
        {"id": f"c{i}", "quote": "the same words", "assessment": payload(f"a{i % 3}")}
        for i in range(MAX_ENTRIES - 200)
    ]
    corrections = [{"text": "same", "label": f"L{i}"} for i in range(200)]
    from tests.hostile.payloads import dump

    reading = _reading_of(body, dump({"claims": claims, "entities": corrections}))
    assert reading.errors == []
    segments = reading.segments()
    _check_segments(len(reading.text), reading.spans, segments)
    parsed = assert_inert(reading.html())
    assert parsed.text == "".join(b.text for b in reading.document.blocks)


# --------------------------------------------------------------------------- fuzzing the parsers

YAML_TOKENS = [
    *"claims:notes- \n\t{}[]&*!|>'\"#%@`?,.\\0\x00\x85\ufeffé",
    "\\ud800",
    "\\x00",
    "!!python/object:os.system ",
    "&a ",
    "*a",
    "<<: ",
    "id: ",
    "quote: ",
    "\n  - ",
    "    ",
    "1" * 5000,
    '"',
    "'",
]
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=YAMLISH | st.text(max_size=200))
def test_no_annotation_text_makes_the_parser_raise(text: str) -> None:
    _, problems = parse_annotations(text, "annotations/x.yaml")
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        str(problem).encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(front=YAMLISH | st.text(max_size=120), body=st.text(max_size=120))
def test_no_article_text_makes_the_parser_or_renderer_raise(front: str, body: str) -> None:
    from reader.html.render import render_article
    from reader.layers.spans import flatten_layers

    document, problems = parse_document("x", f"---\n{front}\n---\n{body}", "article/x.md")
    for problem in problems:
        str(problem).encode("utf-8")
    html = render_article(document.text, document.blocks, flatten_layers(len(document.text), []))
    assert assert_inert(html).text == "".join(b.text for b in document.blocks)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_no_bytes_make_loading_raise(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "article").mkdir()
    (folder / "article" / "x.md").write_bytes(b"---\ntitle: T\n---\n" + data)
    (folder / "x.yaml").write_bytes(data)
    load_document(Root(folder), "x")
    load_annotations(folder / "x.yaml")


# -------------------------------------------------------------------- W3C import of hostile JSON-LD

W3C_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "Annotation",
            "AnnotationPage",
            "AnnotationCollection",
            "TextualBody",
            "TextQuoteSelector",
            "TextPositionSelector",
            "SpecificResource",
            "tagging",
            "commenting",
            "assessing",
            "linking",
            "describing",
            "classifying",
            "quick brown",
            "fox",
            payload("w3c"),
            "javascript:window.__pwned=true",
            "\n- id: evil\n",
            "&a *a",
        ]
    )
)
W3C_KEYS = st.sampled_from(
    [
        "type",
        "body",
        "target",
        "selector",
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "value",
        "purpose",
        "motivation",
        "id",
        "items",
        "first",
        "next",
        "rows",
        "source",
        "format",
        "refinedBy",
        "creator",
        "label",
        "name",
    ]
)
W3C_JSON = st.recursive(
    W3C_LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(W3C_KEYS, inner, max_size=6),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(data=W3C_JSON)
def test_no_json_makes_the_w3c_import_raise_or_write_broken_yaml(data: object) -> None:
    from reader.interop.w3c_append import append_entries
    from reader.interop.w3c_import import W3CImportError, from_w3c

    text = "T\n\nThe quick brown fox jumps over the lazy dog. The quick brown fox again."
    try:
        imported = from_w3c(data, text)
    except W3CImportError:
        return
    written = append_entries("", imported)
    _, problems = parse_annotations(written, "annotations/x.yaml")
    assert not any(
        "YAML" in p.message or "tag" in p.message or "alias" in p.message for p in problems
    ), problems


@pytest.mark.parametrize(
    "json_text",
    [
        "[" * 100_000 + "]" * 100_000,
        "[" * 700 + '{"target": "x", "body": "b"}' + "]" * 700,
        '{"items": null}',
        '{"type": "AnnotationPage", "items": 5}',
        "[1e999999, null, true]",
        '"just text"',
        "{",
    ],
)
def test_the_import_command_never_shows_a_traceback(json_text: str, tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "article").mkdir(parents=True)
    (root / "article" / "x.md").write_text(ARTICLE, encoding="utf-8")
    file = tmp_path / "in.json"
    file.write_text(json_text, encoding="utf-8")
    result = run_cli("import", str(file), "--into", "x", "--dry-run", "--root", str(root))
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode in (0, 1, 2) and (result.returncode == 0 or "error: " in result.stderr)


def test_hostile_w3c_annotations_import_as_data(reading, tmp_path: Path) -> None:
    from reader.interop.w3c_append import append_entries
    from reader.interop.w3c_export import to_w3c
    from reader.interop.w3c_import import from_w3c

    exported = json_round_trip(to_w3c(reading))
    imported = from_w3c(exported, reading.text)
    written = append_entries("", imported)
    annotations, problems = parse_annotations(written, "annotations/x.yaml")
    assert not any("YAML" in p.message for p in problems), [str(p) for p in problems]
    quotes = {c.quote for c in annotations.claims} | {
        n.quote for n in annotations.notes.values() if n.quote
    }
    assert payload("claim-quote") in quotes
    assert any(payload("note-title") in (n.title + n.body) for n in annotations.notes.values())


@pytest.mark.timeout(180)
def test_deeply_overlapping_claims_do_not_blow_up_the_markup() -> None:
    """Hundreds of claims covering each character, each with its own long id and assessment: the
    page stays a small multiple of the annotation file (it used to repeat every id and preview per
    piece)."""
    body = _words(3_000, seed=5)
    starts = [0] + [i + 1 for i, ch in enumerate(body) if ch == " "]
    claims = [
        {
            "id": f"claim-{i:04d}-" + "x" * 100,
            "quote": body[starts[i] : starts[i] + 1_500],
            "assessment": f"Assessment {i}: " + "y" * 150,
        }
        for i in range(2_000)
    ]
    from tests.hostile.payloads import dump

    annotations = dump({"claims": claims})
    reading = _reading_of(body, annotations)
    assert reading.errors == [] and max(len(s.spans) for s in reading.segments()) > 150
    html = reading.html()
    assert len(html) < 5 * len(annotations)
    parsed = assert_inert(html)
    assert parsed.text == "".join(b.text for b in reading.document.blocks)
    titles = [e.attrs["title"] for e in parsed.elements if e.tag == "mark" and "title" in e.attrs]
    assert any(t.endswith("more") for t in titles)
    assert len(export.to_html(reading)) < 10 * len(annotations)


# ------------------------------------------------------------------------- files that are not files


def _root_with(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "article").mkdir(parents=True)
    (root / "annotations").mkdir()
    (root / "article" / "x.md").write_text(ARTICLE, encoding="utf-8")
    return root


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "sparse 20 GB"])
@pytest.mark.parametrize("which", ["article", "annotations"])
def test_pipes_devices_and_huge_files_are_refused_without_reading(
    kind: str, which: str, tmp_path: Path
) -> None:
    import os

    root = _root_with(tmp_path)
    target = root / "article" / "x.md" if which == "article" else root / "annotations" / "x.yaml"
    target.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(target)  # reading it would wait for a writer forever
    elif kind == "device":
        target.symlink_to("/dev/zero")  # reading it would never end
    elif kind == "folder":
        target.mkdir()
    else:
        with target.open("wb") as handle:
            handle.truncate(
                20 * 1024**3
            )  # sparse: takes no space, but must not be read into memory
    reading = open_reading(Root(root), "x", with_model=False)
    errors = [p for p in reading.problems if p.is_error]
    assert any(
        any(
            words in p.message
            for words in ("not a regular file", "the limit is 10,485,760", "Is a directory")
        )
        and (p.line, p.column) == (1, 1)
        for p in errors
    ), [str(p) for p in errors]
    result = run_cli("check", "x", "--root", str(root), timeout=60)
    assert "Traceback" not in result.stderr and result.returncode in (1, 2), result.stderr
