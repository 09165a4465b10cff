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


# The explainer and the seed article (mexico-security-strategies, mexico-drug-war) say this with
# other words; the pairs below are in tests/data/importing/seen-pairs.yaml too.
PARAPHRASE = (
    "her security secretary presented a strategy of four planks",
    "The four planks of her proposal",
)
SAME_TOPIC = [  # different claims, the closest in wording: none may be linked
    ("a son of El Chapo", "another son of El Chapo, Ovidio Guzmán"),
    (
        "In 2019 he created a National Guard to replace the Federal Police",
        "In 2019, the National Guard arrested Guzmán in the Sinaloa capital of Culiacán",
    ),
    (
        "the 133,000-member National Guard",
        "In 2019, the National Guard arrested Guzmán in the Sinaloa capital of Culiacán",
    ),
]


def test_a_real_paraphrase_is_seen_and_a_same_topic_different_claim_is_not():
    assert similarity(*PARAPHRASE) >= THRESHOLD
    for a, b in SAME_TOPIC:
        assert similarity(a, b) < THRESHOLD, (a, b)


def test_numbers_are_normalised_in_a_real_pair():
    assert (
        normalise("at the end of 2024, 132,036 people served in the Guard")
        == "at the end of # # people served in the guard"
    )
    assert normalise("the 133,000-member National Guard") == "the # member national guard"
    assert (
        similarity(
            "By 2022, the number of troops deployed for internal security rose to 200,000",
            "the number of troops deployed for internal security rose to 220,000 by 2023",
        )
        == 1.0
    )


def test_seen_in_a_library_finds_the_paraphrase_and_not_the_same_topic_claims(tmp_path):
    claims = "claims:\n" + "".join(
        f"  - id: c{i}\n    quote: {quote}\n"
        for i, quote in enumerate([PARAPHRASE[1]] + [b for _, b in SAME_TOPIC])
    )
    root = make_root(
        tmp_path,
        {"seed": ARTICLE.format(title="Seed"), "explainer": ARTICLE.format(title="Explainer")},
        {"seed": claims},
    )
    library = library_claims(Root(root))
    assert [s.id for s in seen_for(PARAPHRASE[0], library, doc="explainer")] == ["c0"]
    for a, _ in SAME_TOPIC:
        assert seen_for(a, library, doc="explainer") == ()
    # a new list of claims (the library changed) is indexed anew
    assert seen_for(PARAPHRASE[0], library[1:], doc="explainer") == ()


def test_a_quote_inside_its_sentence_is_the_same_whatever_the_word_order_around_it():
    sentence = (
        "Beekeepers in the north say colonies lost 48% of their hives in 2023, the worst year."
    )
    assert similarity(sentence, "colonies lost 45% of their hives in 2022") == 1.0


def test_an_equal_copy_of_the_library_finds_the_same(tmp_path):
    root = make_root(
        tmp_path,
        {"honey": ARTICLE.format(title="Honey"), "bees": ARTICLE.format(title="Bees")},
        {"honey": HONEY},
    )
    claims = library_claims(Root(root))
    first = seen_for("colonies lost 48% of their hives in 2023", claims, doc="bees")
    assert seen_for("colonies lost 48% of their hives in 2023", list(claims), doc="bees") == first
    assert [s.id for s in first] == ["colonies-lost"]
