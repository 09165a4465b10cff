"""Checks bound in `checks:`, suggestions, units, verdicts and where they show (check, check
--numbers, JSON)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reader.interop.export import to_json
from reader.layers.entities import ModelEntities
from reader.numbers.units import agree, read_unit
from reader.reading import build_reading
from reader.sources.annotations import parse_annotations
from reader.sources.documents import parse_document
from tests.conftest import PROJECT, make_root

ARTICLE = """---
title: Numbers
---
Infighting caused homicides to triple to 24 per 100,000 by 2010.

By 2022, the number of troops deployed rose to 200,000.

Funding reached almost $2 billion, and 2,500 kilos were seized.

Seizures rose 50% between 2020 and 2021, a change of 1,000 kilos.

Deaths in the three states summed to 1,200.
"""

FIGURES = """
figures:
  - id: homicide-rate
    title: Homicides per 100,000
    type: line
    x: year
    y: rate
    unit: per 100,000
    data: [{year: 2007, rate: 8}, {year: 2010, rate: 23}, {year: 2011, rate: 24}]
    source: {name: INEGI}
  - id: troops-deployed
    title: Troops
    type: stat
    data: [{label: "2022", value: 140000}, {label: "2023", value: 200000}]
    source: {name: SEDENA}
  - id: merida
    title: Merida funding
    type: bar
    x: period
    y: [cumulative, yearly]
    unit: US$ billion
    data: [{period: "2008-2012", cumulative: 1.9, yearly: 0.4}, \
{period: "2008-2020", cumulative: 3.5, yearly: 0.2}]
    source: {name: CRS}
  - id: seizures
    title: Cocaine seized
    type: bar
    x: year
    y: kilos
    unit: kg
    data: [{year: 2020, kilos: 2000}, {year: 2021, kilos: 3000}]
    source: {name: SEDENA}
  - id: deaths
    title: Deaths by state
    type: bar
    x: state
    y: deaths
    data: [{state: Sinaloa, deaths: 500}, {state: Sonora, deaths: 400}, \
{state: Durango, deaths: 300}]
    source: {name: SESNSP}
"""


def read(claims: str, article: str = ARTICLE):
    document, problems = parse_document("t", article, "article/t.md")
    annotations, more = parse_annotations(claims + FIGURES, "annotations/t.yaml")
    return build_reading(document, annotations, [*problems, *more], ModelEntities((), None))


def messages(reading, severity=None):
    return [str(p) for p in reading.problems if severity is None or p.severity == severity]


def numbers(reading, claim_id):
    return {n.text: n for n in reading.numbers[claim_id]}


# --------------------------------------------------------------------------- the contract's example

CONTRACT_EXAMPLE = """claims:
  - id: homicides-tripled
    quote: homicides to triple to 24 per 100,000 by 2010
    figures: [homicide-rate]
    checks:
      - number: "24"
        figure: homicide-rate
        x: 2010
        y: rate
      - number: triple
        figure: homicide-rate
        op: ratio
        x: [2007, 2010]
      - number: 2,500 kilos
        unverifiable: no source gives the 2018 seizures
"""


def test_the_contract_example_binds_and_reports_its_line():
    # The example's third entry names a number of another sentence: an error at its node.
    reading = read(CONTRACT_EXAMPLE)
    assert messages(reading) == [
        "annotations/t.yaml:6:17: warning: claim 'homicides-tripled' (no status): “24 "
        "per 100,000” — "
        "figure 'homicide-rate' has 23 per 100,000 at 2010 (24 at 2011)",
        (
            "annotations/t.yaml:14:17: error: claim 'homicides-tripled': “2,500 kilos” is "
            "not in the claim's quote"
        ),
    ]
    found = numbers(reading, "homicides-tripled")
    assert found["triple"].check.verdict == "match" and found["triple"].check.data == pytest.approx(
        23 / 8
    )
    assert (
        found["24 per 100,000"].check.verdict == "mismatch"
        and found["24 per 100,000"].check.data == 23
    )
    assert found["2010"].check is None  # a year chooses rows; it is never checked


def test_bound_unverifiable_is_neither_error_nor_warning():
    reading = read("""claims:
  - id: kilos
    quote: almost $2 billion, and 2,500 kilos were seized
    figures: [merida]
    checks:
      - {number: "2,500 kilos", unverifiable: no source gives the 2018 seizures}
""")
    assert messages(reading) == []
    check = numbers(reading, "kilos")["2,500 kilos"].check
    assert (check.verdict, check.source, check.reason, check.data) == (
        "unverifiable",
        "bound",
        "no source gives the 2018 seizures",
        None,
    )


# --------------------------------------------------------------------------- operations


def claim(quote: str, figures: str, checks: str, status: str = "") -> str:
    return (
        f"claims:\n  - id: c\n    quote: {quote}\n    figures: [{figures}]\n"
        f"{status}    checks:\n{checks}"
    )


@pytest.mark.parametrize(
    ("quote", "figure", "entry", "verdict", "data"),
    [
        (
            "the number of troops deployed rose to 200,000",
            "troops-deployed",
            '{number: "200,000", x: "2023"}',
            "match",
            200000,
        ),
        (
            "the number of troops deployed rose to 200,000",
            "troops-deployed",
            '{number: "200,000", x: "2022"}',
            "mismatch",
            140000,
        ),
        (
            "Seizures rose 50% between 2020 and 2021",
            "seizures",
            "{number: 50%, op: percent_change, x: [2020, 2021]}",
            "match",
            50,
        ),
        (
            "a change of 1,000 kilos",
            "seizures",
            "{number: '1,000', op: change, x: [2021, 2020]}",
            "match",
            1000,
        ),
        (
            "homicides to triple to 24 per 100,000",
            "homicide-rate",
            "{number: triple, op: ratio, x: [2007, 2011]}",
            "match",
            3,
        ),
        (
            "Deaths in the three states summed to 1,200",
            "deaths",
            '{number: "1,200", op: sum, x: [Sinaloa, Sonora, Durango]}',
            "match",
            1200,
        ),
        (
            "Deaths in the three states summed to 1,200",
            "deaths",
            '{number: "1,200", op: sum, x: [Sinaloa, Sonora]}',
            "mismatch",
            900,
        ),
    ],
)
def test_each_operation(quote, figure, entry, verdict, data):
    reading = read(claim(quote, figure, f"      - {entry}\n"))
    assert not [p for p in reading.problems if p.is_error], messages(reading)
    check = next(n.check for n in reading.numbers["c"] if n.check and n.check.source == "bound")
    assert (check.verdict, check.data) == (verdict, pytest.approx(data))


def test_x_compares_numbers_as_numbers_and_text_trimmed():
    reading = read(
        claim(
            "homicides to triple to 24 per 100,000",
            "homicide-rate",
            "      - {number: '24', x: 2011.0}\n",
        )
    )
    assert numbers(reading, "c")["24 per 100,000"].check.verdict == "match"
    reading = read(
        claim(
            "Deaths in the three states summed to 1,200",
            "deaths",
            "      - {number: '1,200', op: sum, x: [' Sinaloa ', Sonora, Durango]}\n",
        )
    )
    assert numbers(reading, "c")["1,200"].check.verdict == "match"


# --------------------------------------------------------------------------- units


def test_scale_words_in_the_figure_unit_multiply_its_data():
    reading = read(
        claim(
            "Funding reached almost $2 billion",
            "merida",
            "      - {number: $2 billion, x: 2008-2012, y: cumulative}\n",
        )
    )
    check = numbers(reading, "c")["almost $2 billion"].check
    assert check.verdict == "match" and check.data == pytest.approx(1.9e9)


def test_conversions_through_the_table():
    assert read_unit("tonnes").factor == 1000 and read_unit("kilos").words == read_unit("kg").words
    assert (
        agree(read_unit("%"), read_unit("per cent")) is None
        and agree(read_unit("percent"), read_unit("%")) is None
    )
    assert agree(read_unit("troops"), read_unit("troop")) is None  # singular and plural alike
    assert (
        agree(read_unit(None), read_unit("troops")) is None
        and agree(read_unit("troops"), read_unit(None)) is None
    )


def test_money_in_one_currency_never_matches_another():
    assert agree(read_unit(None, "USD"), read_unit("billion pesos")) is not None
    article = ARTICLE.replace("almost $2 billion", "almost 2 billion pesos")
    reading = read(
        claim(
            "Funding reached almost 2 billion pesos",
            "merida",
            "      - {number: 2 billion, x: 2008-2012, y: cumulative}\n",
        ),
        article,
    )
    check = numbers(reading, "c")["almost 2 billion pesos"].check
    assert check.verdict == "unverifiable" and "MXN" in check.reason and "USD" in check.reason


def test_disagreeing_units_are_unverifiable_never_a_match():
    article = ARTICLE.replace("1,000 kilos", "1,000 troops")
    reading = read(
        claim(
            "a change of 1,000 troops",
            "seizures",
            "      - {number: '1,000', op: change, x: [2020, 2021]}\n",
        ),
        article,
    )
    check = numbers(reading, "c")["1,000 troops"].check
    assert check.verdict == "unverifiable" and check.reason.startswith("units disagree")
    assert messages(reading) == []


def test_ratio_has_no_unit_and_percent_change_is_a_percent():
    reading = read(
        claim(
            "Seizures rose 50% between 2020 and 2021",
            "seizures",
            "      - {number: 50%, op: value, x: 2020}\n",
        )
    )
    assert numbers(reading, "c")["50%"].check.verdict == "unverifiable"  # kg is not a percent


# --------------------------------------------------------------------- the status rule for warnings


@pytest.mark.parametrize(
    ("status", "warns"),
    [
        ("", True),
        ("supported", True),
        ("unconfirmed", True),
        ("approximate", False),
        ("misdated", False),
        ("incorrect", False),
        ("disputed", False),
    ],
)
def test_a_bound_mismatch_warns_unless_the_status_says_the_number_is_off(status, warns):
    line = f"    status: {status}\n" if status else ""
    reading = read(
        claim(
            "the number of troops deployed rose to 200,000",
            "troops-deployed",
            '      - {number: "200,000", x: "2022"}\n',
            line,
        )
    )
    expected = (
        f"annotations/t.yaml:{7 if status else 6}:18: warning: claim 'c' "
        f"({status or 'no status'}): “200,000” — "
        "figure 'troops-deployed' has 140,000 at 2022 (200,000 at 2023)"
    )
    assert messages(reading, "warning") == ([expected] if warns else [])


def test_suggestions_are_never_warnings_nor_mismatches():
    reading = read("""claims:
  - id: c
    quote: homicides to triple to 24 per 100,000 by 2010
    figures: [homicide-rate]
    status: supported
""")
    assert messages(reading) == []
    found = numbers(reading, "c")
    assert {n.check.source for n in found.values() if n.check} == {"suggested"}
    assert (
        found["24 per 100,000"].check.verdict == "match" and found["24 per 100,000"].check.x == 2011
    )
    assert found["triple"].check.op == "ratio" and found["triple"].check.x == (2007, 2010)


def test_a_suggestion_prefers_rows_of_a_year_in_the_quote():
    reading = read(
        claim(
            "the number of troops deployed rose to 200,000", "troops-deployed", "      []\n"
        ).replace("    checks:\n      []\n", ""),
        ARTICLE.replace("rose to 200,000", "rose to 200,000"),
    )
    check = numbers(reading, "c")["200,000"].check
    assert check.x == "2023"
    article = ARTICLE.replace("By 2022, the number", "By 2022, the number")
    figures_hit = read(
        "claims:\n  - id: c\n    quote: By 2022, the number of troops deployed rose to 200,000\n"
        "    figures: [troops-deployed]\n",
        article,
    )
    assert (
        numbers(figures_hit, "c")["200,000"].check.x == "2023"
    )  # 2022's 140,000 does not fit; 2023's does


def test_a_number_nothing_fits_is_unverifiable_when_suggested():
    reading = read(
        "claims:\n  - id: c\n    quote: and 2,500 kilos were seized\n    figures: [homicide-rate]\n"
    )
    check = numbers(reading, "c")["2,500 kilos"].check
    assert check.verdict == "unverifiable" and check.source == "suggested"


# ---------------------------------------------------------------------- errors at the node at fault


@pytest.mark.parametrize(
    ("checks", "at", "expected"),
    [
        ('{number: "25", x: 2010}', '"25"', "“25” is not in the claim's quote"),
        ("{number: by, x: 2010}", "by", "“by” is in no number phrase of the quote"),
        (
            "{number: to, x: 2010}",
            "to",
            "“to” occurs 2 times in the quote; add 'occurrence: 1' … 2 to pick one",
        ),
        (
            "{number: homicides, x: 2010}",
            "homicides",
            "“homicides” is in no number phrase of the quote (the numbers read "
            "are: “triple”, “24 per 100,000”, “2010”)",
        ),
        ("{number: '2010', x: 2010}", "'2010'", "“2010” is a year"),
        (
            "{number: '24', figure: troops-deployed, x: 2010}",
            "troops-deployed",
            "figure 'troops-deployed' is not one of the claim's figures",
        ),
        ("{number: '24', x: 2012}", "2012", "figure 'homicide-rate' has no row with year 2012"),
        (
            "{number: '24', x: 2010, y: rat}",
            "rat}",
            "'rat' is not a series of figure 'homicide-rate' (rate) (did you mean 'rate'?)",
        ),
        (
            "{number: triple, op: ratio, x: 2010}",
            "2010",
            "op 'ratio' reads two rows: give x a list, x: [from, to]",
        ),
        ("{number: '24', x: [2007, 2010]}", "[2007", "op 'value' reads one row"),
        (
            "{number: triple, op: ratio, x: [2007, 2010, 2011]}",
            "[2007",
            "op 'ratio' reads two rows, x: [from, to]; got 3",
        ),
        (
            "{number: '24', x: 2010, unverifiable: why}",
            "2010",
            "'unverifiable' stands in place of a figure and rows; leave out 'x'",
        ),
        (
            "{number: '24', figrue: homicide-rate}",
            "figrue",
            "unknown key 'figrue' in claim 'c' (did you mean 'figure'?)",
        ),
        (
            "{number: '24', op: ratoi, x: 2010}",
            "ratoi",
            (
                "claim 'c': op 'ratoi' is not one of value, change, ratio, "
                "percent_change, sum (did you mean 'ratio'?)"
            ),
        ),
        (
            "{number: '24', x: 2010, occurrence: 2}",
            "2}",
            "occurrence 2, but “24” occurs 1 time(s) in the quote",
        ),
        ("{x: 2010}", "{", "claim 'c' is missing 'checks.0.number'"),
    ],
)
def test_errors_name_the_node_at_fault(checks, at, expected):
    text = (
        "claims:\n  - id: c\n    quote: homicides to triple to 24 per 100,000 by 2010\n"
        f"    figures: [homicide-rate]\n    status: supported\n    checks:\n      - {checks}\n"
    )
    reading = read(text)
    column = text.splitlines()[6].index(at) + 1
    errors = messages(reading, "error")
    assert len(errors) == 1 and errors[0].startswith(f"annotations/t.yaml:7:{column}: error: "), (
        errors
    )
    assert expected in errors[0], errors


def test_a_number_checked_twice_is_an_error():
    reading = read(
        claim(
            "homicides to triple to 24 per 100,000",
            "homicide-rate",
            "      - {number: '24', x: 2011}\n      - {number: '24 per', x: 2011}\n",
        )
    )
    assert messages(reading, "error") == [
        "annotations/t.yaml:7:18: error: claim 'c': “24 per” is already checked by check #1"
    ]


def test_occurrence_picks_among_repeated_text():
    article = ARTICLE.replace(
        "Deaths in the three states summed to 1,200.", "It was 500 then 500 again."
    )
    base = (
        "claims:\n  - id: c\n    quote: It was 500 then 500 again\n    figures: [deaths]\n"
        "    checks:\n"
    )
    ambiguous = read(base + "      - {number: '500', x: Sinaloa}\n", article)
    assert any(
        "“500” occurs 2 times in the quote; add 'occurrence: 1' … 2" in m
        for m in messages(ambiguous, "error")
    )
    picked = read(base + "      - {number: '500', occurrence: 2, x: Sinaloa}\n", article)
    assert messages(picked) == []
    second = [n for n in picked.numbers["c"] if n.entry == 0]
    assert len(second) == 1 and second[0].phrase.start == len("It was 500 then ")


# --------------------------------------------------------------------------- the JSON export


def test_the_json_export_carries_numbers_for_every_claim():
    reading = read(
        CONTRACT_EXAMPLE.replace(
            (
                "      - number: 2,500 kilos\n        unverifiable: no source gives the "
                "2018 seizures\n"
            ),
            "",
        )
        + "  - id: no-figure\n    quote: and 2,500 kilos were seized\n"
    )
    claims = {a["id"]: a for a in to_json(reading)["annotations"] if a["layer"] == "claims"}
    text = reading.text
    first = claims["homicides-tripled"]["numbers"]
    assert [n["text"] for n in first] == ["triple", "24 per 100,000", "2010"]
    assert all(text[n["start"] : n["end"]] == n["text"] for n in first)
    assert first[1] == {
        "text": "24 per 100,000",
        "start": first[1]["start"],
        "end": first[1]["start"] + 14,
        "value": 24.0,
        "kind": "number",
        "unit": "per 100,000",
        "low": 23.5,
        "high": 24.5,
        "check": {
            "figure": "homicide-rate",
            "x": 2010,
            "y": "rate",
            "op": "value",
            "data": 23.0,
            "verdict": "mismatch",
            "source": "bound",
            "reason": "figure 'homicide-rate' has 23 per 100,000 at 2010 (24 at 2011)",
        },
    }
    assert (
        first[0]["check"]["x"] == [2007, 2010]
        and first[2]["check"] is None
        and first[2]["kind"] == "year"
    )
    assert claims["no-figure"]["numbers"] == [
        {
            "text": "2,500 kilos",
            "start": text.index("2,500 kilos"),
            "end": text.index("2,500 kilos") + 11,
            "value": 2500.0,
            "kind": "number",
            "unit": "kilos",
            "low": 2450.0,
            "high": 2550.0,
            "check": None,
        }
    ]
    json.dumps(to_json(reading), allow_nan=False)  # open ends are null, never Infinity


def test_open_ends_are_null_in_json():
    reading = read(
        "claims:\n  - id: c\n    quote: almost $2 billion\n    figures: [merida]\n",
        ARTICLE.replace("almost $2 billion", "more than $2 billion"),
    )
    assert reading.orphans  # the quote changed: an orphan has no numbers
    reading = read(
        "claims:\n  - id: c\n    quote: more than $2 billion\n    figures: [merida]\n",
        ARTICLE.replace("almost $2 billion", "more than $2 billion"),
    )
    entry = to_json(reading)["annotations"]
    numbers_ = next(a for a in entry if a["id"] == "c")["numbers"]
    assert numbers_[0]["low"] == 2e9 and numbers_[0]["high"] is None


# --------------------------------------------------------------------------- the command line


def test_check_warns_and_check_numbers_lists_every_verdict(tmp_path):
    root = make_root(
        tmp_path,
        {"t": ARTICLE},
        {
            "t": """claims:
  - id: troops
    quote: By 2022, the number of troops deployed rose to 200,000
    figures: [troops-deployed]
    status: supported
    checks:
      - number: "200,000"
        x: "2022"
  - id: kilos
    quote: almost $2 billion, and 2,500 kilos were seized
    figures: [merida]
    checks:
      - {number: "2,500 kilos", unverifiable: no source gives the 2018 seizures}
"""
            + FIGURES
        },
    )
    run = [sys.executable, "-m", "reader", "check"]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    plain = subprocess.run(run, capture_output=True, text=True, cwd=root, env=env, timeout=120)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines() == [
        "annotations/t.yaml:7:17: warning: claim 'troops' (supported): “200,000” — "
        "figure 'troops-deployed' has 140,000 at "
        "2022 (200,000 at 2023)"
    ]
    listed = subprocess.run(
        [*run, "--numbers"], capture_output=True, text=True, cwd=root, env=env, timeout=120
    )
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[1:] == [
        "annotations/t.yaml:7:17: claim 'troops': “200,000” mismatch (bound, value) — "
        "figure 'troops-deployed' has "
        "140,000 at 2022 (200,000 at 2023)",
        "annotations/t.yaml:10:12: claim 'kilos': “almost $2 billion” match "
        "(suggested, value) — figure 'merida' has "
        "1.9 US$ billion at 2008-2012",
        (
            "annotations/t.yaml:13:18: claim 'kilos': “2,500 kilos” unverifiable (bound) "
            "— no source gives the 2018 seizures"
        ),
    ]


def test_the_panels_show_each_number_with_its_verdict_in_words():
    from reader.html.templates import render
    from reader.interop.standalone import to_html
    from reader.numbers.report import panel_numbers

    reading = read(
        claim(
            "the number of troops deployed rose to 200,000",
            "troops-deployed",
            '      - {number: "200,000", x: "2022"}\n',
        )
    )
    items = panel_numbers(reading.numbers["c"])
    assert items == [
        {
            "text": "200,000",
            "verdict": "mismatch",
            "words": "Mismatch",
            "detail": "figure 'troops-deployed' has 140,000 at 2022 (200,000 at 2023)",
        }
    ]
    app = render(
        "app/claim.html",
        claim=reading.claim("c"),
        status=None,
        quote="q",
        anchor="exact",
        numbers=items,
    )
    assert '<li data-verdict="mismatch"><q>200,000</q> <strong>Mismatch</strong>: figure ' in app
    assert (
        "troops-deployed" in app
        and "has 140,000 at 2022 (200,000 at 2023)</li>" in app
        and "'troops" not in app
    )
    assert "<strong>Mismatch</strong>" in to_html(reading)


def test_the_rows_each_check_used_are_listed_for_the_chart_to_mark():
    from reader.numbers.check import CheckedRow
    from reader.numbers.report import checked_rows

    reading = read(
        claim(
            "homicides to triple to 24 per 100,000",
            "homicide-rate, deaths",
            "      - {number: triple, figure: homicide-rate, op: ratio, x: [2007, 2010]}\n"
            "      - {number: '24', figure: homicide-rate, x: 2010}\n",
        )
    )
    # Both rows of the ratio; 2010 once, with both numbers that used it.
    assert checked_rows(reading.numbers["c"]) == {
        "homicide-rate": [
            CheckedRow(2007, "rate", ("triple",)),
            CheckedRow(2010, "rate", ("triple", "24 per 100,000")),
        ]
    }
    summed = read(
        claim(
            "Deaths in the three states summed to 1,200",
            "deaths",
            '      - {number: "1,200", op: sum, x: [Sinaloa, Sonora, Durango]}\n',
        )
    )
    assert [row.x for row in checked_rows(summed.numbers["c"])["deaths"]] == [
        "Sinaloa",
        "Sonora",
        "Durango",
    ]
    suggested = read(
        "claims:\n  - id: c\n    quote: the number of troops deployed rose to "
        "200,000\n    figures: [troops-deployed]\n"
    )
    assert checked_rows(suggested.numbers["c"]) == {
        "troops-deployed": [CheckedRow("2023", None, ("200,000",))]
    }
    unverifiable = read(
        claim(
            "2,500 kilos were seized",
            "seizures",
            "      - {number: '2,500 kilos', unverifiable: no source}\n",
        )
    )
    assert checked_rows(unverifiable.numbers["c"]) == {}
