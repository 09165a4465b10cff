"""render: segments to escaped article HTML, sanitised Markdown, safe URLs, colours, CSS."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.html.render import (
    LABEL_COLORS,
    NESTING,
    article_css,
    label_color,
    render_article,
)
from reader.html.sanitize import render_markdown, safe_url
from reader.layers.spans import Span, flatten_layers
from reader.vocabulary import LAYERS, STATUS_COLORS

# --- a tiny DOM, enough to read back what the renderer wrote ------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def text(self) -> str:
        """The DOM's textContent: all descendant text, entities decoded."""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        def matches(node: Node) -> bool:
            if tag is not None and node.tag != tag:
                return False
            return all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())

        return [n for n in self.iter() if n is not self and matches(n)]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"duplicate attribute in <{tag} {names}>"
        node = Node(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


# --- documents ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    start: int
    end: int


def document(*parts: tuple[str, str]) -> tuple[str, list[Block]]:
    """The document text and its blocks, joined by blank lines as in the format."""
    blocks, pos = [], 0
    for kind, text in parts:
        blocks.append(Block(kind, text, pos, pos + len(text)))
        pos += len(text) + 2
    return "\n\n".join(text for _, text in parts), blocks


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def entity(text: str, phrase: str, id: str, label: str = "PERSON", **kw: str) -> Span:
    return Span(*at(text, phrase), "entities", id, label=label, **kw)


def render(text: str, blocks: list[Block], spans: list[Span], **filters) -> Node:
    return parse(render_article(text, blocks, flatten_layers(len(text), spans, **filters)))


TEXT, BLOCKS = document(
    ("title", "Can Mexico Avoid Making the Drug War even Bloodier?"),
    ("dek", "Mexico’s new president, Claudia Sheinbaum, has a plan & a problem: <Donald Trump>."),
    ("caption", "Soldiers patrol a highway in Culiacan, Sinaloa State."),
    ("credit", "(Ivan Medina / AFP via Getty Images)"),
    ("heading", 'The "hugs, not bullets" era'),
    ("paragraph", "Homicides rose under Felipe Calderón, who sent the army to Michoacán in 2006."),
    ("paragraph", "The Mérida Initiative followed in 2007 & it's <still> debated."),
)

SPANS = [
    entity(TEXT, "Mexico", "e1", "GPE"),
    entity(TEXT, "Claudia Sheinbaum", "e2", note="sheinbaum", preview="Claudia Sheinbaum"),
    entity(TEXT, "Donald Trump", "e3"),
    entity(TEXT, "Culiacan", "e4", "GPE"),
    entity(TEXT, "Felipe Calderón", "e5", note="calderon"),
    entity(TEXT, "Michoacán", "e6", "GPE"),
    entity(TEXT, "2006", "e7", "DATE"),
    entity(TEXT, "The Mérida Initiative", "e8", "LAW"),
    Span(
        *at(TEXT, "Homicides rose under Felipe Calderón"),
        "claims",
        "homicides-rose",
        status="supported",
    ),
    Span(
        *at(TEXT, "Mérida Initiative"),
        "notes",
        "merida@x",
        note="merida-initiative",
        preview="US–Mexico aid",
    ),
]

BLOCK_ELEMENTS = ("h1", "h2", "p", "span")  # elements that carry one block's text


def block_elements(root: Node) -> list[Node]:
    return [n for n in root.iter() if n.tag in BLOCK_ELEMENTS and "data-start" in n.attrs]


def marks(root: Node, layer: str | None = None) -> list[Node]:
    return [n for n in root.find_all("mark") if layer is None or n.attrs["data-layer"] == layer]


# --- article structure ---------------------------------------------------------------------


def test_blocks_become_their_elements_with_offsets() -> None:
    root = render(TEXT, BLOCKS, [])
    (article,) = root.children
    assert isinstance(article, Node) and article.tag == "article" and "article" in article.classes
    h1, dek, figure, h2, p1, p2 = article.children
    assert (h1.tag, h1.classes) == ("h1", {"title"})
    assert (dek.tag, dek.classes) == ("p", {"dek"})
    assert (figure.tag, figure.classes) == ("figure", {"photo"})
    (figcaption,) = figure.children
    caption, credit = figcaption.children
    assert (figcaption.tag, caption.classes, credit.classes) == (
        "figcaption",
        {"caption"},
        {"credit"},
    )
    assert (h2.tag, p1.tag, p2.tag) == ("h2", "p", "p")
    for element, block in zip([h1, dek, caption, credit, h2, p1, p2], BLOCKS):
        assert (element.attrs["data-start"], element.attrs["data-end"]) == (
            str(block.start),
            str(block.end),
        )
        assert element.text == block.text


def test_text_content_is_the_document_text() -> None:
    root = render(TEXT, BLOCKS, SPANS)
    assert [e.text for e in block_elements(root)] == [b.text for b in BLOCKS]
    assert root.text == "".join(b.text for b in BLOCKS)
    assert "\n\n".join(e.text for e in block_elements(root)) == TEXT
    # The label badges come from CSS, not from text: no label appears in the text.
    assert "PERSON" not in root.text and "GPE" not in root.text


def test_every_mark_names_its_layer_ids_and_range() -> None:
    root = render(TEXT, BLOCKS, SPANS)
    assert {m.attrs["data-layer"] for m in marks(root)} == set(LAYERS)
    for mark in marks(root):
        layer = mark.attrs["data-layer"]
        assert {"hl", f"hl-{layer}"} <= mark.classes
        assert mark.attrs["data-ids"]
        start, end = int(mark.attrs["data-start"]), int(mark.attrs["data-end"])
        assert mark.text == TEXT[start:end]


def test_entity_attributes() -> None:
    root = render(TEXT, BLOCKS, SPANS)
    (sheinbaum,) = root.find_all("mark", data_ids="e2")
    assert sheinbaum.attrs["data-label"] == "PERSON"
    assert sheinbaum.attrs["data-note"] == "sheinbaum"
    assert sheinbaum.attrs["title"] == "Claudia Sheinbaum"
    assert sheinbaum.attrs["style"] == f"--hl:{LABEL_COLORS['PERSON']}"
    assert sheinbaum.attrs["data-label-end"] == "PERSON"
    assert (sheinbaum.attrs["data-start"], sheinbaum.attrs["data-end"]) == tuple(
        map(str, at(TEXT, "Claudia Sheinbaum"))
    )
    assert sheinbaum.text == "Claudia Sheinbaum"


def test_claim_attributes_and_one_element_around_its_entities() -> None:
    root = render(TEXT, BLOCKS, SPANS)
    (claim,) = marks(root, "claims")
    assert claim.attrs["data-ids"] == "homicides-rose"
    assert claim.attrs["data-status"] == "supported"
    assert claim.attrs["style"] == f"--st:{STATUS_COLORS['supported']}"
    assert claim.text == "Homicides rose under Felipe Calderón"
    inner = marks(claim)
    assert [m.attrs["data-ids"] for m in inner] == ["e5"]


def test_layers_nest_claims_then_notes_then_entities() -> None:
    text, blocks = document(("paragraph", "The Mérida Initiative began."))
    same = at(text, "Mérida Initiative")
    spans = [
        Span(*same, "entities", "e1", label="LAW"),
        Span(*same, "notes", "merida@4", note="merida"),
        Span(*same, "claims", "c1", status="disputed"),
    ]
    root = render(text, blocks, spans)
    claim = root.find_all("mark", data_layer="claims")[0]
    note = claim.children[0]
    assert (
        isinstance(note, Node)
        and note.attrs["data-layer"] == "notes"
        and note.attrs["data-note"] == "merida"
    )
    ent = note.children[0]
    assert isinstance(ent, Node) and ent.attrs["data-layer"] == "entities"
    assert ent.children == ["Mérida Initiative"]
    assert NESTING == ("claims", "notes", "entities")


def test_overlapping_spans_of_one_layer_list_all_ids() -> None:
    text, blocks = document(("paragraph", "the Bank of Mexico said"))
    spans = [
        Span(*at(text, "Bank of Mexico"), "entities", "org", label="ORG"),
        Span(*at(text, "Mexico"), "entities", "gpe", label="GPE"),
        Span(*at(text, "the Bank"), "claims", "c1"),
        Span(*at(text, "Bank of"), "claims", "c2"),
    ]
    root = render(text, blocks, spans)
    assert [(m.attrs["data-ids"], m.text) for m in marks(root, "entities")] == [
        ("org", "Bank"),  # inside c1 and c2
        ("org", " of"),  # inside c2
        ("org", " "),  # outside the claims, so in a separate element
        ("org gpe", "Mexico"),
    ]
    # The outer span sets the colour; both labels show where both end.
    last = marks(root, "entities")[-1]
    assert last.attrs["data-label"] == "ORG" and last.attrs["data-label-end"] == "ORG GPE"
    assert [(m.attrs["data-ids"], m.text) for m in marks(root, "claims")] == [
        ("c1", "the "),
        ("c1 c2", "Bank"),
        ("c2", " of"),
    ]


def test_label_badge_only_where_the_entity_ends() -> None:
    text, blocks = document(("paragraph", "said Felipe Calderón today"))
    spans = [
        Span(*at(text, "Felipe Calderón"), "entities", "e1", label="PERSON"),
        Span(*at(text, "said Felipe"), "claims", "c1"),
    ]
    root = render(text, blocks, spans)
    first, second = marks(root, "entities")
    assert (first.text, second.text) == ("Felipe", " Calderón")
    assert "data-label-end" not in first.attrs
    assert second.attrs["data-label-end"] == "PERSON"


def test_span_crossing_blocks_is_split_per_block() -> None:
    text, blocks = document(("paragraph", "one two"), ("paragraph", "three four"))
    claim = Span(text.index("two"), text.index("three") + 5, "claims", "c1")
    root = render(text, blocks, [claim])
    parts = marks(root, "claims")
    assert [(p.text, p.attrs["data-start"], p.attrs["data-end"]) for p in parts] == [
        ("two", "4", "7"),
        ("three", "9", "14"),
    ]
    assert [p.parent.tag for p in parts if p.parent] == ["p", "p"]


def test_filtered_layers_are_not_drawn() -> None:
    root = render(TEXT, BLOCKS, SPANS, layers=["claims", "notes"])
    assert {m.attrs["data-layer"] for m in marks(root)} == {"claims", "notes"}
    root = render(TEXT, BLOCKS, SPANS, labels=["GPE"])
    assert {m.attrs["data-label"] for m in marks(root, "entities")} == {"GPE"}
    assert root.text == "".join(b.text for b in BLOCKS)


def test_missing_segments_render_as_plain_text() -> None:
    root = parse(render_article(TEXT, BLOCKS, []))
    assert marks(root) == []
    assert [e.text for e in block_elements(root)] == [b.text for b in BLOCKS]


def test_empty_document() -> None:
    assert parse(render_article("", [], [])).text == ""
    text, blocks = document(("title", "T"), ("paragraph", ""))
    root = render(text, blocks, [])
    assert [e.text for e in block_elements(root)] == ["T", ""]


def test_unknown_block_kind_is_a_paragraph() -> None:
    text, blocks = document(("aside", "a note"))
    (element,) = block_elements(render(text, blocks, []))
    assert element.tag == "p" and element.text == "a note"


def test_no_whitespace_between_elements() -> None:
    html = render_article(TEXT, BLOCKS, flatten_layers(len(TEXT), SPANS))
    assert not re.search(r">\s+<", html)


# --- escaping ------------------------------------------------------------------------------

EVIL = "\"><script>alert(1)</script><b x='y'>&amp;"
ALLOWED_ARTICLE_TAGS = {"article", "h1", "h2", "p", "figure", "figcaption", "span", "mark"}


def test_untrusted_text_ids_labels_notes_previews_are_escaped() -> None:
    text, blocks = document(
        ("title", "<script>alert(1)</script> & \"quotes\" 'too'"), ("paragraph", EVIL)
    )
    spans = [
        Span(0, 8, "entities", EVIL, label=EVIL, note=EVIL, preview=EVIL),
        Span(*at(text, "alert(1)"), "claims", EVIL, status=EVIL, preview=EVIL),
        Span(blocks[1].start, blocks[1].end, "notes", EVIL, note=EVIL, preview=EVIL),
        Span(blocks[1].start + 2, blocks[1].start + 9, "entities", "e2", label='PER"SON'),
    ]
    html = render_article(text, blocks, flatten_layers(len(text), spans))
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;" in html and "&amp;amp;" in html and "&quot;" in html
    root = parse(html)
    assert {n.tag for n in root.iter() if n is not root} <= ALLOWED_ARTICLE_TAGS
    assert [e.text for e in block_elements(root)] == [b.text for b in blocks]
    # Attribute values read back exactly as given: escaped, never interpreted.
    ent = root.find_all("mark", data_layer="entities")[0]
    assert ent.attrs["data-ids"] == EVIL
    assert (
        ent.attrs["data-label"] == EVIL
        and ent.attrs["data-note"] == EVIL
        and ent.attrs["title"] == EVIL
    )
    claim = root.find_all("mark", data_layer="claims")[0]
    assert (
        claim.attrs["data-status"] == EVIL and "style" not in claim.attrs
    )  # unknown status: no colour
    note = root.find_all("mark", data_layer="notes")[0]
    assert note.attrs["data-ids"] == EVIL and note.attrs["title"] == EVIL
    quoted = root.find_all("mark", data_ids="e2")[0]
    assert quoted.attrs["data-label"] == 'PER"SON'
    assert re.fullmatch(r"--hl:#[0-9a-f]{6}", quoted.attrs["style"])


# --- properties ----------------------------------------------------------------------------

WORDS = st.text(alphabet="ab <>&\"'é’\n", min_size=0, max_size=12)


@st.composite
def documents_with_spans(draw: st.DrawFn) -> tuple[str, list[Block], list[Span]]:
    kinds = st.sampled_from(["title", "dek", "caption", "credit", "heading", "paragraph"])
    parts = draw(st.lists(st.tuples(kinds, WORDS), min_size=1, max_size=5))
    text, blocks = document(*parts)
    n = len(text)
    span = st.builds(
        Span,
        start=st.integers(-2, n + 2),
        end=st.integers(-2, n + 2),
        layer=st.sampled_from(LAYERS),
        id=st.sampled_from(["a", "b", "c&d", 'q"']),
        label=st.sampled_from([None, "PERSON", "GPE", "<X>"]),
        status=st.sampled_from([None, "supported", "bogus"]),
        note=st.sampled_from([None, "n1"]),
    )
    return text, blocks, draw(st.lists(span, max_size=12))


@settings(max_examples=200, deadline=None)
@given(documents_with_spans())
def test_rendered_article_is_faithful(case: tuple[str, list[Block], list[Span]]) -> None:
    text, blocks, spans = case
    root = parse(render_article(text, blocks, flatten_layers(len(text), spans)))
    # The text survives exactly, block by block.
    assert [e.text for e in block_elements(root)] == [b.text for b in blocks]
    for mark in marks(root):
        layer = mark.attrs["data-layer"]
        start, end = int(mark.attrs["data-start"]), int(mark.attrs["data-end"])
        assert start < end and mark.text == text[start:end]
        # data-ids are exactly the ids of this layer's spans covering every character.
        ids = set(mark.attrs["data-ids"].split(" "))
        for pos in range(start, end):
            assert ids == {s.id for s in spans if s.layer == layer and s.start <= pos < s.end}
        # Outer marks belong to layers earlier in NESTING.
        parent = mark.parent
        if parent is not None and parent.tag == "mark":
            assert NESTING.index(parent.attrs["data-layer"]) < NESTING.index(layer)
    # Every covered character is inside a mark of each covering layer.
    for block in blocks:
        for pos in range(block.start, block.end):
            covering = {s.layer for s in spans if s.start <= pos < s.end}
            drawn = {
                m.attrs["data-layer"]
                for m in marks(root)
                if int(m.attrs["data-start"]) <= pos < int(m.attrs["data-end"])
            }
            assert drawn == covering


# --- colours -------------------------------------------------------------------------------

ONTONOTES = {
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
    "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
}  # fmt: skip
HEX = re.compile(r"#[0-9a-f]{6}")


def test_every_ontonotes_label_has_a_colour() -> None:
    assert set(LABEL_COLORS) == ONTONOTES
    assert all(HEX.fullmatch(c) for c in LABEL_COLORS.values())
    assert len(set(LABEL_COLORS.values())) == len(LABEL_COLORS)
    assert label_color("GPE") == LABEL_COLORS["GPE"]


def test_unknown_labels_get_a_stable_colour() -> None:
    colour = label_color("MY_LABEL")
    assert HEX.fullmatch(colour) and colour == label_color("MY_LABEL")
    assert label_color("MY_LABEL") != label_color("OTHER_LABEL")
    assert HEX.fullmatch(label_color(None))


def test_statuses_have_colours() -> None:
    assert set(STATUS_COLORS) == {
        "supported",
        "approximate",
        "misdated",
        "disputed",
        "incorrect",
        "unconfirmed",
    }
    assert all(HEX.fullmatch(c) for c in STATUS_COLORS.values())


# --- URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.inegi.org.mx/", "https://www.inegi.org.mx/"),
        ("http://example.com/a?b=c#d", "http://example.com/a?b=c#d"),
        ("mailto:editor@example.com", "mailto:editor@example.com"),
        ("  HTTPS://Example.com/x  ", "https://Example.com/x"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://exa\nmple.com/", "https://example.com/"),
    ],
)
def test_safe_url_keeps_web_and_mail_links(url: str, expected: str) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "javascript:alert(1)",
        "  JaVaScRiPt:alert(1)",
        "java\nscript:alert(1)",
        "java\tscript:alert(1)",
        "\x00javascript:alert(1)",
        "\u200bjavascript:alert(1)",
        "java\u200bscript:alert(1)",
        "javascript&#58;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "relative.html",
        "https:evil.example",
        "https:///no-host",
        "http://[::1",
        "mailto:",
    ],
)
def test_safe_url_refuses_everything_else(url: str | None) -> None:
    assert safe_url(url) is None


# --- Markdown ----------------------------------------------------------------------------

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


def assert_sanitised(html: str) -> Node:
    root = parse(html)
    for node in root.iter():
        if node is root:
            continue
        assert node.tag in MARKDOWN_TAGS
        assert not any(name.startswith("on") for name in node.attrs)
        if "href" in node.attrs:
            assert safe_url(node.attrs["href"]) == node.attrs["href"]
    return root


def test_markdown_basics() -> None:
    html = render_markdown("INEGI's rate reached **24** in *2011*; see `table 2`.\n\n- one\n- two")
    root = assert_sanitised(html)
    assert [n.tag for n in root.iter()][1:] == ["p", "strong", "em", "code", "ul", "li", "li"]
    assert "INEGI's rate reached 24 in 2011" in root.text.replace("\u2019", "'")


def test_markdown_raw_html_is_shown_as_text() -> None:
    root = assert_sanitised(render_markdown("A <b>bold</b> <script>alert(1)</script> claim"))
    assert root.find_all("b") == [] and root.find_all("script") == []
    assert "<b>bold</b> <script>alert(1)</script>" in root.text


def test_markdown_img_onerror_never_survives() -> None:
    html = render_markdown('<img src=x onerror="alert(1)">\n\n![pic](https://example.com/a.png)')
    root = assert_sanitised(html)
    assert root.find_all("img") == [] and "<img" not in html


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[link][x]",
        "[x](/relative)",
    ],
)
def test_markdown_dangerous_links_are_neutralised(source: str) -> None:
    root = assert_sanitised(render_markdown(source))
    assert all("href" not in a.attrs for a in root.find_all("a"))


def test_markdown_web_links_are_kept_with_rel() -> None:
    root = assert_sanitised(
        render_markdown("See [INEGI](https://www.inegi.org.mx/) or <mailto:a@example.com>.")
    )
    web, mail = root.find_all("a")
    assert web.attrs["href"] == "https://www.inegi.org.mx/"
    assert set(web.attrs["rel"].split()) == {"noopener", "noreferrer", "nofollow"}
    assert web.attrs["target"] == "_blank"
    assert mail.attrs["href"] == "mailto:a@example.com"


def test_markdown_bare_urls_are_not_linked_and_empty_is_empty() -> None:
    assert "<a" not in render_markdown("https://example.com")
    assert render_markdown("") == ""


# --- CSS ---------------------------------------------------------------------------------


def test_article_css_covers_themes_layers_and_focus() -> None:
    css = article_css()
    assert css is article_css()  # read once
    for needle in (
        "68ch",
        "prefers-color-scheme: dark",
        '[data-theme="dark"]',
        ".hl-entities",
        ".hl-claims",
        ".hl-notes",
        "attr(data-label-end)",
        "var(--hl",
        "var(--st",
        ".hide-entities",
        ".hide-claims",
        ".hide-notes",
        ".is-selected",
    ):
        assert needle in css, needle


def test_markdown_text_is_the_words_without_the_syntax():
    from reader.html.sanitize import markdown_text

    text = (
        "INEGI's rate reached **24** in *2011*; see [INEGI](https://www.inegi.org.mx/).\n"
        "\n`raw` <b>tag</b> &amp;"
    )
    assert markdown_text(text) == "INEGI's rate reached 24 in 2011; see INEGI. raw <b>tag</b> &"
    assert markdown_text("") == ""


@pytest.mark.parametrize(
    "source",
    [
        "plain words",
        "a *b* **c** ***d*** _e_ __f__",
        "[link](https://x.org) and <https://auto.link>",
        "[bad](javascript:alert(1)) text",
        "&amp; &lt;b&gt; &copy; &#65; &nbsp;x",
        "<b>raw</b> <script>x()</script>",
        "line one\nline two  \nhard\\\nbreak",
        "# Heading\n\npara\n\n- item *one*\n- item 2\n\n1. first\n2) second",
        "> quoted **text**\n> more",
        "```\ncode  block\n```\nafter",
        "    indented code\n\ntext",
        "`a  b` ``c`d``",
        "Setext\n===\n\nSub\n---",
        "***\n\n---",
        "![img](x.png) alt",
        "a\\*b\\* \\# c",
        "tab\tand   spaces",
        "<div>\nblock html\n</div>",
        "[ref]\n\n[ref]: https://x.org 'title'",
        "*unclosed **emphasis",
    ],
)
def test_markdown_text_is_the_text_of_the_sanitised_html(source: str) -> None:
    # The tokens' text against the slower way it was read before: render, sanitise, strip every tag.
    import html

    import nh3

    from reader.html.sanitize import markdown_text, render_markdown

    assert markdown_text(source) == " ".join(
        html.unescape(nh3.clean(render_markdown(source), tags=set())).split()
    )


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _mix(a: str, b: str, share: float) -> str:
    return "#" + "".join(
        f"{round(int(a[i : i + 2], 16) * share + int(b[i : i + 2], 16) * (1 - share)):02x}"
        for i in (1, 3, 5)
    )


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("fg", "page"),
    [
        ("#1f2328", "#ffffff"),
        ("#1f2328", "#fffdf8"),  # light: app, export
        ("#e6e3dc", "#0e1117"),
        ("#e6e3dc", "#17181a"),
    ],
)  # dark
def test_claim_underlines_and_label_badges_meet_wcag_contrast(fg, page):
    # highlights.css: an underline is 80% status colour + 20% text colour (non-text: 3:1); a badge's
    # text is the text colour on 34% (light) / 45% (dark) of the label colour (text: 4.5:1).
    from reader.vocabulary import STATUS_COLORS

    for status, color in STATUS_COLORS.items():
        assert _contrast(_mix(color, fg, 0.8), page) >= 3, status
    badge = 0.34 if fg == "#1f2328" else 0.45
    for label, color in LABEL_COLORS.items():
        assert _contrast(fg, _mix(color, page, badge)) >= 4.5, label


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"aZé1 ,;:.!?'\"()%/+=$€£-",
                *"*_`[]<>&\\#\n\t~|",
                "\u00a0",
                "\u0301",
                "&amp;",
                "1. ",
                "- ",
                "===",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_plain_lines_skip_the_parser_and_read_the_same(source: str) -> None:
    # The shortcut for one plain line against markdown-it's tokens, on text mixing plain and syntax
    # characters.
    from reader.html.sanitize import _token_words, markdown_text

    assert markdown_text(source) == _token_words(source)


def test_a_typical_assessment_is_a_plain_line() -> None:
    from reader.html.sanitize import _is_plain_line

    assert _is_plain_line(
        'Supported: INEGI\'s rate rose 2.5% (to 24 per 100,000) in 2011 - "triple" holds, €1/£2.'
    )
    assert (
        not _is_plain_line("1. a list")
        and not _is_plain_line("rose *sharply*")
        and not _is_plain_line("a_b")
    )
