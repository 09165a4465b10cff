"""Hostile payloads, a hostile document built from them, and a checker that HTML is inert.

Shared by tests/test_hostile.py (the core, the exports, the command line) and
tests/browser/test_hostile_browser.py (the app and the standalone export in Chromium).
Every payload carries a marker ("PWN-<field>") so a test can tell which field leaked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from reader.html.sanitize import safe_url

SLUG = "hostile"
MARKER = "PWN"


def payload(name: str) -> str:
    """HTML and script that would run if inserted as markup, tagged with ``PWN-<name>``."""
    tag = f"{MARKER}-{name}"
    return (
        f'<script>window.__pwned=true;alert("{tag}")</script>'
        f"<img src=x onerror=\"window.__pwned=true;alert('{tag}')\">"
        f'<svg onload="window.__pwned=true"></svg>'
        f'"\'><a href="javascript:window.__pwned=true" onmouseover="window.__pwned=true">{tag}</a>'
        f'<iframe src="javascript:window.__pwned=true"></iframe>'
        f"&lt;i&gt;{tag}&lt;/i&gt;"
    )


def markdown_payload(name: str) -> str:
    """A Markdown field's payload: raw HTML plus every way a Markdown link can smuggle a script."""
    tag = f"{MARKER}-{name}"
    links = [
        f"[{tag} js](javascript:window.__pwned=true)",
        f"[{tag} JS](JaVaScRiPt:window.__pwned=true)",
        f"[{tag} data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        f"[{tag} vb](vbscript:msgbox(1))",
        f"[{tag} char ref](&#106;avascript:window.__pwned=true)",
        f"[{tag} tab](java&#9;script:window.__pwned=true)",
        f"[{tag} ref][evil]",
        "<javascript:window.__pwned=true>",
        f"![{tag} image](javascript:window.__pwned=true)",
        f'[{tag} attribute](https://example.org/"onmouseover="window.__pwned=true)',
        f"[{tag} fine](https://example.org/{name})",
    ]
    return payload(name) + "\n\n" + " ".join(links) + "\n\n[evil]: javascript:window.__pwned=true\n"


#: URLs for links and sources: only the last two may become links (and must stay inert text if
#: quoted).
HOSTILE_URLS = [
    "javascript:window.__pwned=true",
    "  JaVaScRiPt:window.__pwned=true",
    "java\nscript:window.__pwned=true",
    "java\tscript:window.__pwned=true",
    "\x01javascript:window.__pwned=true",
    "\u200bjavascript:window.__pwned=true",
    "javascript&#58;window.__pwned=true",
    "&#106;avascript:window.__pwned=true",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>window.__pwned=true</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative",
    'https://example.org/"onmouseover="window.__pwned=true',
    "https://example.org/fine",
]


def dump(data: object) -> str:
    """YAML for plain data, never with anchors or aliases (the reader refuses those)."""

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    return yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False, width=10**6)


@dataclass
class HostileDocument:
    article: str
    annotations: str
    #: field name -> payload text that must appear verbatim as text wherever the field is shown
    shown: dict[str, str] = field(default_factory=dict)
    #: ids of the entries that must be rejected, with words of their error messages
    rejected: dict[str, str] = field(default_factory=dict)

    def write(self, root: Path) -> Path:
        (root / "article").mkdir(parents=True, exist_ok=True)
        (root / "annotations").mkdir(parents=True, exist_ok=True)
        (root / "article" / f"{SLUG}.md").write_text(self.article, encoding="utf-8")
        (root / "annotations" / f"{SLUG}.yaml").write_text(self.annotations, encoding="utf-8")
        return root


def hostile_document() -> HostileDocument:
    """An article and annotation file with script and HTML in every text field and bad URLs in every
    link."""
    p = payload
    front = {
        "title": p("title"),
        "section": p("section"),
        "dek": p("dek"),
        "image": {"caption": p("caption"), "credit": p("credit")},
        "source": "javascript:window.__pwned=true",
    }
    body = "\n\n".join(
        [
            f"Alice Smith met the Acme Corporation. {p('body')} Then the text goes on.",
            f"## {p('heading')}",
            f"The mention {p('mention')} appears here, the note quote {p('note-quote')} there,",
            f"the entity {p('entity-text')} here and the claim {p('claim-quote')} at the end.",
            "A plain sentence that the second claim quotes, with ordinary words only.",
        ]
    )
    article = f"---\n{dump(front)}---\n{body}\n"

    sources = [{"name": p(f"source-{i}"), "url": url} for i, url in enumerate(HOSTILE_URLS)]
    data = {
        "claims": [
            {
                "id": "hostile-claim",
                "quote": p("claim-quote"),
                "prefix": p("prefix"),
                "suffix": p("suffix"),
                "figures": ["hostile-line", "hostile-stat"],
                "notes": ["hostile-note"],
                "assessment": markdown_payload("assessment"),
                "status": "disputed",
            },
            {
                "id": "plain-claim",
                "quote": "A plain sentence that the second claim quotes",
                "assessment": (
                    "[click me](javascript:window.__pwned=true) and <b "
                    "onclick=window.__pwned=true>bold</b>"
                ),
                "figures": ["hostile-bar"],
            },
            {"id": "bad-status", "quote": "ordinary words only", "status": p("status")},
            {"id": p("id"), "quote": "ordinary words"},
        ],
        "figures": [
            {
                "id": "hostile-line",
                "title": p("figure-title"),
                "type": "line",
                "x": "year",
                "y": ["rate"],
                "unit": p("unit"),
                "caption": markdown_payload("figure-caption"),
                "data": [
                    {"year": p("x-1"), "rate": 1},
                    {"year": p("x-2"), "rate": 2.5},
                    {"year": "2011", "rate": 3},
                ],
                "highlight": [p("x-1")],
                "source": {"name": p("figure-source"), "url": HOSTILE_URLS[0]},
            },
            {
                "id": "hostile-bar",
                "title": p("bar-title"),
                "type": "bar",
                "x": p("x-field"),
                "y": [p("y-field"), "other"],
                "data": [
                    {p("x-field"): p("category-1"), p("y-field"): 10, "other": 4},
                    {p("x-field"): p("category-2"), p("y-field"): 20, "other": 5},
                ],
                "highlight": [p("category-2")],
                "source": {"name": p("bar-source"), "url": HOSTILE_URLS[8]},
            },
            {
                "id": "hostile-stat",
                "title": p("stat-title"),
                "type": "stat",
                "unit": p("stat-unit"),
                "data": [
                    {"label": p("stat-label"), "value": 21702},
                    {"label": p("stat-label-2"), "value": 2.5},
                ],
                "source": {"name": p("stat-source"), "url": HOSTILE_URLS[1]},
            },
        ],
        "notes": [
            {
                "id": "hostile-note",
                "title": p("note-title"),
                "body": markdown_payload("note-body"),
                "mentions": [p("mention")],
                "sources": sources,
            },
            {
                "id": "hostile-quote-note",
                "title": p("quote-note-title"),
                "body": markdown_payload("quote-note-body"),
                "quote": p("note-quote"),
                "sources": [{"name": p("quote-note-source"), "url": HOSTILE_URLS[2]}],
            },
        ],
        "entities": [
            {"text": p("entity-text"), "label": "PERSON", "note": "hostile-note"},
            {"quote": "Acme Corporation", "label": "SCRIPT_ALERT"},
            {"text": "Alice Smith", "label": p("label")},
        ],
    }
    shown = {
        name: p(name)
        for name in (
            "title",
            "section",
            "dek",
            "caption",
            "credit",
            "body",
            "heading",
            "mention",
            "note-quote",
            "entity-text",
            "claim-quote",
            "note-title",
            "quote-note-title",
        )
    }
    rejected = {"bad-status": "status", "id": "'id' must be", "label": "upper-case entity label"}
    return HostileDocument(article, dump(data), shown, rejected)


# --------------------------------------------------------------------------- inert HTML

#: Elements that can run script, load something, navigate, or change how the page is read.
DANGEROUS_TAGS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "img",
        "image",
        "svg",
        "math",
        "video",
        "audio",
        "source",
        "track",
        "picture",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "base",
        "link",
        "portal",
        "template",
        "noscript",
        "xmp",
        "plaintext",
        "isindex",
        "marquee",
        "animate",
        "set",
    }
)
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "background",
        "poster",
        "data",
        "srcset",
        "ping",
        "lowsrc",
        "dynsrc",
        "cite",
        "manifest",
        "codebase",
    }
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.text: list[str] = []
        self.raw_text: dict[str, list[str]] = {}  # script/style content
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._open.append("json-ld")  # a data block (ClaimReview), never run: collected apart
        elif tag not in {"br", "meta", "hr", "wbr", "img", "input", "link", "base"}:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open and self._open[-1] == "json-ld":
            self._open.pop()
        elif tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        current = self._open[-1] if self._open else ""
        if current in {"script", "style", "json-ld"}:
            self.raw_text.setdefault(current, []).append(data)
        else:
            self.text.append(data)


@dataclass
class Parsed:
    elements: list[Element]
    text: str  # every text node outside script and style, entities decoded
    scripts: str
    styles: str
    json_ld: str = ""  # the content of <script type="application/ld+json"> data blocks


def parse_html(html: str) -> Parsed:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return Parsed(
        collector.elements,
        "".join(collector.text),
        "".join(collector.raw_text.get("script", [])),
        "".join(collector.raw_text.get("style", [])),
        "".join(collector.raw_text.get("json-ld", [])),
    )


def assert_inert(html: str, *, allow: frozenset[str] = frozenset()) -> Parsed:
    """No element, attribute or URL from the input is live: check the parsed markup.

    ``allow`` names dangerous tags the page itself may use (e.g. "script" for the export's own
    code); their content must then carry no marker from the input.
    """
    parsed = parse_html(html)
    for element in parsed.elements:
        assert MARKER not in element.tag and element.tag not in (DANGEROUS_TAGS - allow), element
        if element.tag == "script":
            assert "src" not in element.attrs, element
        if element.tag == "meta":
            assert element.attrs.get("http-equiv", "").lower() in {
                "",
                "content-security-policy",
                "content-type",
            }, element
        for name, value in element.attrs.items():
            assert MARKER not in name and not name.startswith("on"), element
            if name in URL_ATTRIBUTES:
                assert value.startswith("#") or safe_url(value) == value, element
                assert "javascript" not in value.lower() and not value.lower().startswith(
                    "data:"
                ), element
            if name == "style":
                lowered = value.lower()
                assert (
                    "url(" not in lowered
                    and "expression" not in lowered
                    and "javascript" not in lowered
                ), element
    assert MARKER not in parsed.scripts and MARKER not in parsed.styles
    if (
        parsed.json_ld
    ):  # data, not code: it must be JSON with no '<' that could close its script element
        assert "<" not in parsed.json_ld and isinstance(json.loads(parsed.json_ld), list | dict)
    return parsed


def json_round_trip(data: object) -> object:
    return json.loads(json.dumps(data, ensure_ascii=False))
