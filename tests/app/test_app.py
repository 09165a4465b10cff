"""The app's Python side with Streamlit's AppTest (no browser): selection, toggles, deep links,
banners.

The article itself is a browser component; here its data is read from the element's payload.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from reader.app.views import loading
from tests.conftest import make_root, run_app

BEES = """\
---
title: Bees in winter
section: Science
dek: How a colony survives the cold.
---
Honey bees cluster to keep warm in Canada. The Langstroth hive was patented in 1852.

A colony eats about 20 kilos of honey over the winter, says the British Beekeepers Association.
"""

BEES_YAML = """\
claims:
  - id: twenty-kilos
    quote: about 20 kilos of honey
    figures: [honey-use, colony-stats]
    notes: [bba]
    status: approximate
    assessment: Surveys give **15 to 25** kilos.
  - id: patent
    quote: patented in 1852
    status: supported
  - id: lost
    quote: this sentence is not in the article
figures:
  - id: honey-use
    title: Honey eaten over a winter
    type: bar
    x: region
    y: kilos
    unit: kg
    highlight: [North]
    data:
      - {region: South, kilos: 15}
      - {region: North, kilos: 25}
    source: {name: A survey, url: "https://example.org/survey"}
  - id: colony-stats
    title: A colony
    type: stat
    data:
      - {label: Bees in winter, value: 20000}
    source: {name: A book}
notes:
  - id: bba
    title: British Beekeepers Association
    body: A charity founded in 1874. <script>alert(1)</script>
    mentions: [British Beekeepers Association]
    sources:
      - {name: BBKA, url: "https://www.bbka.org.uk/"}
      - {name: Bad link, url: "javascript:alert(1)"}
"""

OTHER = """\
---
title: A second document
---
Nothing is annotated here.
"""


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def bees_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_root(tmp_path / "root", {"bees": BEES, "zz-other": OTHER}, {"bees": BEES_YAML})
    monkeypatch.setenv("READER_ROOT", str(root))
    return root


def run(**params: str) -> AppTest:
    """The app at a link. Without a page named, the bees document: a root of two documents
    opens on the library (tests/app/test_library_app.py)."""
    if not {"doc", "q", "note", "entity", "view"} & set(params):
        params = {"doc": "bees", **params}
    return run_app(**params)


def component_data(at: AppTest, name: str) -> dict:
    element = next(e for e in at.get("bidi_component") if e.proto.component_name == name)
    # The article's components send their data as JSON bytes.
    return json.loads(
        element.proto.bytes if element.proto.WhichOneof("data") == "bytes" else element.proto.json
    )


def article(at: AppTest) -> dict:
    return component_data(at, "reader_article")


def article_state(at: AppTest) -> dict:
    return component_data(at, "reader_article_state")


def article_html(at: AppTest) -> str:
    """The HTML of the pages sent with the article ([index, html] pairs; a short document has
    one)."""
    return "".join(html for _, html in article(at)["pages"])


def article_text(at: AppTest) -> str:
    """The article's text as the reader sees it (highlights removed)."""
    return re.sub(r"<[^>]+>", "", article_html(at))


def html_text(at: AppTest) -> str:
    return "\n".join(element.value for element in at.get("html"))


def params(at: AppTest) -> dict[str, str]:
    return {
        name: at.query_params[name][0]
        if isinstance(at.query_params[name], list)
        else at.query_params[name]
        for name in at.query_params
    }


def toggle(at: AppTest, layer: str):
    return at.toggle(key=f"layer-{layer}")


# ---------------------------------------------------------------------------------------
# Opening


def test_a_document_opens_with_its_highlights(bees_root: Path) -> None:
    at = run()
    assert not at.exception
    data = article(at)
    html = article_html(at)
    assert data["section"] == "Science"
    assert '<h1 class="title" data-start="0" data-end="14">' in html
    assert article_text(at).startswith(
        "Bees in winterHow a colony survives the cold.Honey bees cluster"
    )
    assert 'data-ids="twenty-kilos"' in html and 'data-status="approximate"' in html
    assert 'class="hl hl-notes"' in html and 'class="hl hl-entities"' in html
    assert params(at) == {"doc": "bees"}
    # Toggles with counts; the orphan claim is listed for curators.
    assert toggle(at, "claims").label == "Claims · 2" and toggle(at, "notes").label == "Notes · 1"
    assert (
        toggle(at, "entities").label.startswith("Entities · ")
        and toggle(at, "entities").value is True
    )
    assert any("For curators" in w.value and "lost" in w.value for w in at.warning)


def test_the_article_is_sent_in_pages_of_whole_blocks(
    monkeypatch: pytest.MonkeyPatch, bees_root: Path
) -> None:
    monkeypatch.setattr(loading, "FIRST_PAGE_CHARS", 10)
    monkeypatch.setattr(loading, "PAGE_CHARS", 10)
    at = run()
    data = article(at)
    # Only the first page goes with the article; the browser asks for the others.
    assert data["count"] == 3  # title + dek, then one paragraph a page
    assert [index for index, _ in data["pages"]] == [0]
    assert data["pages"][0][1].startswith('<h1 class="title"')
    assert "pages" not in article_state(at)
    # A request for pages (the state component's "want" trigger, as its callback stores it) is
    # answered by the state component alone, and the article stays the same.
    at.session_state["reader.article-want"] = {"key": data["key"], "from": 1, "to": 9}
    at.run()
    answer = article_state(at)["pages"]
    assert answer["key"] == data["key"] and [index for index, _ in answer["items"]] == [1, 2]
    pages = [data["pages"][0][1], *(html for _, html in answer["items"])]
    assert pages[1].startswith("<p data-start") and all(
        page.count("<p") == page.count("</p>") for page in pages
    )
    assert article(at) == data
    # Answered once; a request for another document's pages (or a malformed one) gets nothing.
    at.run()
    assert "pages" not in article_state(at)
    for want in (
        {"key": "other:1", "from": 1, "to": 3},
        {"key": data["key"], "from": "1", "to": 3},
        ["x"],
    ):
        at.session_state["reader.article-want"] = want
        at.run()
        assert "pages" not in article_state(at)


def test_a_deep_link_sends_the_page_of_its_claim_with_the_first(
    monkeypatch: pytest.MonkeyPatch, bees_root: Path
) -> None:
    monkeypatch.setattr(loading, "FIRST_PAGE_CHARS", 10)
    monkeypatch.setattr(loading, "PAGE_CHARS", 10)
    at = run(focus="twenty-kilos")  # in the second paragraph: the third page
    assert [index for index, _ in article(at)["pages"]] == [0, 2]
    assert 'data-ids="twenty-kilos"' in article(at)["pages"][1][1]
    assert article_state(at)["page"] == 2
    # Choosing another claim names its page for the browser, and does not re-send the article.
    before = article(at)
    at.button(key="claim-patent").click().run()
    assert article_state(at)["page"] == 1 and article(at) == before


def test_a_root_with_several_documents_has_a_picker(bees_root: Path) -> None:
    at = run(focus="patent")
    picker = at.selectbox(key="reader-doc-picker")
    assert picker.options == ["Bees in winter", "A second document"]
    picker.select("zz-other").run()
    assert article_text(at) == "A second documentNothing is annotated here."
    assert params(at) == {"doc": "zz-other"}  # the selection belonged to the other document


def test_an_empty_root_says_what_to_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_ROOT", str(tmp_path))
    at = run()
    assert not at.exception
    assert "article/<slug>.md" in at.info[0].value


# ---------------------------------------------------------------------------------------
# Selection and the panel


def test_a_deep_link_selects_the_claim_and_shows_its_evidence(bees_root: Path) -> None:
    at = run(doc="bees", focus="twenty-kilos")
    assert (
        article_state(at)["selected"] == "twenty-kilos"
        and article_state(at)["selected_kind"] == "claim"
    )
    assert article_state(at)["scroll"] == 1  # the article scrolls to it
    panel = html_text(at)
    assert "about 20 kilos of honey" in panel and 'data-status="approximate"' in panel
    assert "<strong>15 to 25</strong>" in panel
    assert len(at.get("vega_lite_chart")) == 1
    assert "Honey eaten over a winter" in panel and 'href="https://example.org/survey"' in panel
    assert [(m.label, m.value) for m in at.metric] == [("Bees in winter", "20,000")]
    # The claim's note, escaped, with only safe links.
    assert (
        "British Beekeepers Association" in panel
        and "&lt;script&gt;" in panel
        and "<script>" not in panel
    )
    assert 'href="https://www.bbka.org.uk/"' in panel and "javascript:" not in panel
    assert params(at)["focus"] == "twenty-kilos"


def test_the_chart_marks_the_row_a_claim_s_number_was_checked_against(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = BEES_YAML.replace(
        "    status: approximate\n",
        "    status: approximate\n    checks: [{number: 20 kilos, figure: honey-use, x: North}]\n",
    )
    monkeypatch.setenv(
        "READER_ROOT", str(make_root(tmp_path / "root", {"bees": BEES}, {"bees": checked}))
    )
    at = run(doc="bees", focus="twenty-kilos")
    spec = json.loads(
        at.get("vega_lite_chart")[0].proto.spec
    )  # (Streamlit sends the rows apart, as Arrow)
    marks = [
        layer
        for layer in spec["layer"]
        if layer.get("transform") == [{"filter": "isValid(datum.checked)"}]
    ]
    assert [layer["mark"]["type"] for layer in marks] == [
        "bar",
        "point",
    ]  # an outline and a diamond
    assert marks[1]["encoding"]["shape"]["scale"]["domain"] == ["checked by: “about 20 kilos”"]
    panel = html.unescape(html_text(at))
    assert "<strong>Mismatch</strong>: figure 'honey-use' has 25 kg at North (15 at South)" in panel
    assert (
        "Chart: Honey eaten over a winter (kg): South, 15; North, 25. Checked by the "
        "claim's numbers: North (“about 20 kilos”)."
    ) in panel


def test_a_deep_link_to_a_note_shows_the_note_and_the_claims_that_use_it(bees_root: Path) -> None:
    at = run(focus="bba")
    assert article_state(at)["selected_kind"] == "note"
    assert "A charity founded in 1874." in html_text(at)
    assert "Mentioned once in the text." in html_text(at)
    assert at.button(key="note-claim-twenty-kilos").label.endswith("about 20 kilos of honey")


def test_choosing_a_claim_in_the_list_selects_it_and_the_url_follows(bees_root: Path) -> None:
    at = run()
    assert article_state(at)["selected"] is None
    at.button(key="claim-patent").click().run()
    assert article_state(at)["selected"] == "patent"
    assert article_state(at)["scroll"] == 1
    assert params(at) == {"doc": "bees", "focus": "patent"}
    assert "patented in 1852" in html_text(at)
    # An orphan claim cannot be jumped to.
    assert at.button(key="claim-lost").disabled


def test_an_unknown_focus_is_reported_and_nothing_is_selected(bees_root: Path) -> None:
    at = run(focus="nope")
    assert any("no claim or note called “nope”" in w.value for w in at.warning)
    assert article_state(at)["selected_kind"] is None


def test_an_unknown_document_falls_back_to_the_first(bees_root: Path) -> None:
    at = run(doc="bess")
    assert any("no document 'bess'" in w.value for w in at.warning)
    assert params(at)["doc"] == "bees"


def click_app(root: str) -> None:
    """The article's click events, handed in the way the component reports them."""
    import os

    import streamlit as st

    from reader.app.views import panel, state

    os.environ["READER_ROOT"] = root
    state.start(["bees"])
    panel.handle_click(st.session_state.get("event"))
    st.write(f"focus={state.focus()} scroll={state.scroll_token()}")


@pytest.mark.parametrize(
    ("event", "focus"),
    [
        (
            {
                "layer": "claims",
                "id": "twenty-kilos",
                "ids": ["twenty-kilos"],
                "note": None,
                "claims": ["twenty-kilos"],
            },
            "twenty-kilos",
        ),
        (
            {"layer": "notes", "id": "bba@120", "ids": ["bba@120"], "note": "bba", "claims": []},
            "bba",
        ),
        ({"layer": "entities", "id": "e3", "ids": ["e3"], "note": "bba", "claims": []}, "bba"),
        ({"layer": "entities", "id": "e3", "ids": ["e3"], "note": None, "claims": []}, None),
    ],
)
def test_a_click_in_the_article_selects_its_claim_or_note_without_scrolling(
    bees_root: Path, event: dict, focus: str | None
) -> None:
    at = AppTest.from_function(click_app, args=(str(bees_root),))
    at.session_state["event"] = event
    at.run()
    assert at.markdown[0].value == f"focus={focus} scroll=0"


# ---------------------------------------------------------------------------------------
# Toggles


def test_turning_a_layer_off_hides_it_without_re_sending_or_re_reading(
    bees_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    original = loading.open_reading
    monkeypatch.setattr(
        loading, "open_reading", lambda *a, **k: calls.append(a) or original(*a, **k)
    )
    at = run()
    before = article(at)
    toggle(at, "entities").set_value(False).run()
    assert article_state(at)["hidden_layers"] == ["entities"]
    assert article(at) == before  # the same payload: the browser keeps the article as it is
    assert params(at)["layers"] == "claims,notes"
    assert at.checkbox(key="label-GPE").disabled  # label toggles follow their layer
    toggle(at, "entities").set_value(True).run()
    assert article_state(at)["hidden_layers"] == []
    assert "layers" not in params(at)
    assert len(calls) == 1  # one reading for all three runs


def test_a_label_can_be_hidden_and_the_url_remembers_it(bees_root: Path) -> None:
    at = run()
    labels = [c.key.removeprefix("label-") for c in at.checkbox]
    assert "GPE" in labels
    at.checkbox(key="label-GPE").uncheck().run()
    assert article_state(at)["hidden_labels"] == ["GPE"]
    assert params(at)["hide"] == "GPE"


def test_the_url_restores_the_toggles(bees_root: Path) -> None:
    at = run(layers="claims", hide="GPE,DATE")
    assert [toggle(at, layer).value for layer in ("entities", "claims", "notes")] == [
        False,
        True,
        False,
    ]
    assert sorted(article_state(at)["hidden_layers"]) == ["entities", "notes"]
    assert at.checkbox(key="label-GPE").value is False
    assert "GPE" in article_state(at)["hidden_labels"]
    assert params(at)["layers"] == "claims"


# ---------------------------------------------------------------------------------------
# Broken files and a missing model


def problem_lines(banner: str) -> list[str]:
    """The banner lists one problem per item, Markdown-escaped so it shows exactly as `reader check`
    prints it."""
    return [
        re.sub(r"\\(.)", r"\1", line.removeprefix("- "))
        for line in banner.splitlines()
        if line.startswith("- ")
    ]


def test_a_broken_annotation_file_shows_its_problems_and_the_article_still_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = BEES_YAML.replace(
        "figures: [honey-use, colony-stats]", "figures: [honey-usage, colony-stats]"
    ).replace("  - id: patent\n", "  - id: patent\n    stauts: supported\n")
    root = make_root(tmp_path / "broken", {"bees": BEES}, {"bees": broken})
    monkeypatch.setenv("READER_ROOT", str(root))
    at = run()
    assert not at.exception
    banner = at.error[0].value
    lines = problem_lines(banner)
    assert len(lines) == 3 and all(
        re.fullmatch(r"\S*annotations/bees\.yaml:\d+:\d+: error: .+", line) for line in lines
    )
    assert any("'stauts'" in line and "did you mean 'status'" in line for line in lines)
    assert any("'honey-usage'" in line and "did you mean 'honey-use'" in line for line in lines)
    # The article renders with what could be read.
    assert "Honey bees cluster" in article_text(at)


def test_yaml_that_does_not_parse_still_shows_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root(
        tmp_path / "unparsable", {"bees": BEES}, {"bees": "claims:\n  - id: [unclosed\n"}
    )
    monkeypatch.setenv("READER_ROOT", str(root))
    at = run()
    assert not at.exception
    assert at.error and re.search(
        r"annotations/bees\.yaml:\d+:\d+: error: YAML syntax",
        "".join(problem_lines(at.error[0].value)),
    )
    assert "Honey bees cluster" in article_text(at)


def test_without_a_model_the_curated_layers_still_show(
    bees_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_SPACY_MODEL", "nonexistent_model_xyz")
    at = run()
    assert not at.exception
    assert any("Entity layer unavailable" in i.value for i in at.info)
    html = article_html(at)
    assert 'class="hl hl-entities"' not in html and 'data-ids="twenty-kilos"' in html
    assert toggle(at, "entities").label == "Entities · 0"


def test_a_book_s_many_claims_are_listed_in_a_searchable_picker(
    bees_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.app.views import panel

    monkeypatch.setattr(panel, "MAX_CLAIM_BUTTONS", 1)
    at = run()
    picker = at.selectbox(key="reader-claim-picker")
    assert picker.value is None and len(picker.options) == 2  # the orphan cannot be jumped to
    picker.select("patent").run()
    assert article_state(at)["selected"] == "patent" and article_state(at)["scroll"] == 1
    assert params(at)["focus"] == "patent"
    assert [button.key for button in at.button] == [
        "reader-panel-close",
        "add-document",  # the sidebar's, for editors (loopback editing is on in tests)
    ]  # no button per claim, only Close
    at.button(
        key="reader-panel-close"
    ).click().run()  # closes the evidence (a narrow screen's bottom sheet)
    assert article_state(at)["selected"] is None and "focus" not in params(at)
