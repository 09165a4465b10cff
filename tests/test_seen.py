"""Seen before: claims elsewhere in the library that say nearly the same."""

from reader import cli
from reader.library.seen import THRESHOLD, library_claims, normalise, seen_for, similarity
from reader.sources.documents import Root
from tests.conftest import make_root

HONEY = """claims:
  - id: colonies-lost
    quote: colonies lost 45% of their hives in 2022
    status: supported
    figures: [losses]
  - id: short
    quote: the worst year
figures:
  - id: losses
    title: Hive losses
    type: bar
    x: year
    y: lost
    data: [{year: 2022, lost: 45}]
    source: {name: Survey}
"""
ARTICLE = (
    "---\ntitle: {title}\n---\n"
    "Beekeepers say colonies lost 48% of their hives in 2023, the worst year.\n"
)


def test_numbers_and_case_do_not_make_claims_different():
    assert normalise("Colonies LOST 48% in 2023.") == "colonies lost # in #"
    assert similarity("colonies lost 48% of their hives", "Colonies lost 45% of their hives") == 1.0
    assert (
        similarity("colonies lost 48% of their hives", "the almond bloom began early") < THRESHOLD
    )


def test_a_similar_claim_in_another_document_is_seen_with_its_status_and_figures(tmp_path):
    root = make_root(
        tmp_path,
        {"honey": ARTICLE.format(title="Honey"), "bees": ARTICLE.format(title="Bees")},
        {"honey": HONEY},
    )
    claims = library_claims(Root(root))
    sentence = "Beekeepers say colonies lost 48% of their hives in 2023, the worst year."
    seen = seen_for("colonies lost 48% of their hives in 2023", claims, doc="bees")
    assert [(s.doc, s.id, s.status, s.figures) for s in seen] == [
        ("honey", "colonies-lost", "supported", ("losses",))
    ]
    assert seen_for("colonies lost 48% of their hives in 2023", claims, doc="honey") == ()
    assert seen_for(sentence, claims, doc="bees")[0].similarity >= THRESHOLD


def test_suggest_prints_seen_lines_under_a_suggestion(tmp_path, capsys):
    root = make_root(
        tmp_path,
        {"honey": ARTICLE.format(title="Honey"), "bees": ARTICLE.format(title="Bees")},
        {
            "honey": HONEY.replace(
                "colonies lost 45% of their hives in 2022",
                "Beekeepers say colonies lost 45% of their hives in 2022, the worst year.",
            )
        },
    )
    assert cli.main(["suggest", "bees", "--root", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[1] == "      seen: honey colonies-lost (supported, figures: losses), similarity 1.00"
    )
