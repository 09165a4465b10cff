"""Suggested claims: sentences no claim covers, ranked by check-worthiness with reasons, each
anchored by quote, prefix and suffix; `python -m reader suggest` prints them."""

import json

from reader import cli
from reader.anchoring import resolve_quote
from reader.editing.suggest import anchor_context, score_sentence, suggest_claims
from reader.numbers import find_numbers
from reader.reading import open_reading
from reader.sources.documents import Root
from tests.conftest import make_root


def _score(sentence: str) -> tuple[float, list[str]]:
    return score_sentence(sentence, numbers=find_numbers(sentence))


def test_numbers_attribution_and_comparisons_rank_above_plain_sentences():
    checkable = _score("Murders rose 24% in 2023, the highest since 2011, according to INEGI.")
    plain = _score("The town sits in a green valley beside the river.")
    assert checkable[0] > 0.8 > 0.2 > plain[0]
    assert checkable[1][:2] == ["a number (24%)", "attributed to a named source (“according to”)"]
    assert "a date" in checkable[1] and "a superlative (“highest”)" in checkable[1]
    assert plain[1] == ["no sign of a checkable fact"]


def test_questions_first_person_opinions_and_predictions_rank_lower():
    fact = _score("Arrests fell from 22,000 to 2,800 between 2018 and 2022.")[0]
    for weaker, reason in [
        ("Did arrests fall from 22,000 to 2,800 between 2018 and 2022?", "lower: a question"),
        (
            "I saw arrests fall from 22,000 to 2,800 between 2018 and 2022.",
            "lower: first-person experience",
        ),
        ("Arrests should fall from 22,000 to 2,800 by 2030.", "lower: an opinion"),
        ("Arrests will fall from 22,000 to 2,800 by 2030.", "lower: a prediction"),
    ]:
        score, reasons = _score(weaker)
        assert score < fact and reason in reasons, weaker


def test_words_inside_quotation_marks_are_the_speakers_not_the_writers():
    reasons = _score("“I think we will win,” said Rocha, the governor of Sinaloa since 2021.")[1]
    assert not any("opinion" in r or "first-person" in r for r in reasons)


def test_a_repeated_sentence_gets_context_that_anchors_it_in_one_place():
    text = "Prices rose. Bread was dear.\n\nLater that year: Prices rose. Milk was dear."
    start = text.rindex("Prices rose.")
    prefix, suffix = anchor_context(text, start, start + len("Prices rose."))
    anchor = resolve_quote(text, "Prices rose.", prefix=prefix, suffix=suffix)
    assert (anchor.kind, anchor.start) == ("exact", start)


ARTICLE = """---
title: Bees in winter
---
Honey bees cluster to keep warm. A colony eats about 20 kilos of honey over the winter, \
the USDA said.

Do bees sleep? Beekeepers say colonies lost 48% of their hives in 2023, the worst year on record.
"""


def test_sentences_inside_claims_are_left_out_and_the_rest_ranked(tmp_path):
    root = make_root(
        tmp_path,
        {"bees": ARTICLE},
        {"bees": "claims:\n  - id: kilos\n    quote: about 20 kilos of honey\n"},
    )
    reading = open_reading(Root(root), "bees", with_model=False)
    quotes = [s.quote for s in suggest_claims(reading)]
    assert quotes == [
        "Beekeepers say colonies lost 48% of their hives in 2023, the worst year on record.",
        "Bees in winter",  # the rest score 0: in the document's order
        "Honey bees cluster to keep warm.",
        "Do bees sleep?",
    ]


def test_suggest_prints_score_quote_and_reasons_and_json_with_anchors(tmp_path, capsys):
    root = make_root(tmp_path, {"bees": ARTICLE})
    assert cli.main(["suggest", "bees", "--root", str(root), "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("0.84  ")
    assert (
        "  “Beekeepers say colonies lost 48% of their hives in 2023, the worst year on record.”  "
        "(a number (48%);" in lines[0]
    )
    assert cli.main(["suggest", "bees", "--root", str(root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 5
    assert {"quote", "prefix", "suffix", "score", "reasons", "seen"} <= set(data[0])
    text = open_reading(Root(root), "bees", with_model=False).text
    for item in data:
        anchor = resolve_quote(text, item["quote"], prefix=item["prefix"], suffix=item["suffix"])
        assert anchor.kind == "exact" and 0 <= item["score"] <= 1
    assert [d["score"] for d in data] == sorted((d["score"] for d in data), reverse=True)


def test_suggest_on_an_unknown_slug_is_a_usage_error(tmp_path, capsys):
    root = make_root(tmp_path, {"bees": ARTICLE})
    assert cli.main(["suggest", "wasps", "--root", str(root)]) == 2
    assert "no document 'wasps'" in capsys.readouterr().err
