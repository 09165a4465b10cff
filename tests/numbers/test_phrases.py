"""find_numbers: every example of the number-check contract, literally, and the interval rules as
properties."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.numbers import NumberPhrase, find_numbers
from reader.numbers.phrases import half_unit, interval
from tests.conftest import PROJECT

INF = math.inf


def only(text: str) -> NumberPhrase:
    found = [p for p in find_numbers(text) if p.kind != "year"]
    assert len(found) == 1, found
    return found[0]


def ends(p: NumberPhrase) -> tuple:
    return (p.low, p.high, p.low_closed, p.high_closed)


# --------------------------------------------------------------- values and kinds (the field table)


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("133,000", 133000, "number"),
        ("$2 billion", 2e9, "money"),
        ("1.2 million", 1.2e6, "number"),
        ("40%", 40, "percent"),
        ("twenty-five", 25, "number"),
        ("a third", 1 / 3, "ratio"),
        ("tripled", 3, "ratio"),
        ("triple", 3, "ratio"),
        ("doubled", 2, "ratio"),
        ("halved", 0.5, "ratio"),
        ("three times", 3, "ratio"),
    ],
)
def test_the_contract_values_and_kinds(text, value, kind):
    phrase = only(text)
    assert phrase.value == pytest.approx(value) and phrase.kind == kind
    assert (phrase.start, phrase.end, phrase.text) == (0, len(text), text)


@pytest.mark.parametrize(
    ("text", "phrase_text", "unit"),
    [
        ("2,500 kilos seized", "2,500 kilos", "kilos"),
        ("homicides to triple to 24 per 100,000 by 2010", "24 per 100,000", "per 100,000"),
        ("200,000 troops deployed", "200,000 troops", "troops"),
        ("more than 1,500 staff", "more than 1,500 staff", "staff"),
    ],
)
def test_units_after_the_number_are_part_of_the_phrase(text, phrase_text, unit):
    phrase = next(p for p in find_numbers(text) if p.text == phrase_text)
    assert phrase.unit == unit and text[phrase.start : phrase.end] == phrase_text


def test_start_and_end_cover_hedge_and_unit():
    text = "staff rose to more than 1,500 staff in 2020"
    phrase = find_numbers(text)[0]
    assert (
        text[phrase.start : phrase.end] == "more than 1,500 staff" and phrase.hedge == "more than"
    )


def test_other_scale_words_currencies_and_percent_words():
    assert only("US$3bn").value == 3e9 and only("US$3bn").currency == "USD"
    assert only("£4m").value == 4e6 and only("£4m").kind == "money"
    assert only("5k people").value == 5000
    assert only("two billion pesos").currency == "MXN" and only("two billion pesos").value == 2e9
    assert only("12 percent").kind == "percent" and only("12 per cent").kind == "percent"


# ------------------------------------------------------------------------ h, and the interval rules


@pytest.mark.parametrize(
    ("written", "h"),
    [("24.0", 0.05), ("133,000", 500), ("200,000", 50_000), ("24", 0.5), ("2,800", 50)],
)
def test_h_is_half_a_unit_of_the_last_digit_that_counts(written, h):
    assert float(half_unit(written)) == h


def test_h_scales_with_scale_words():
    assert ends(only("1.2 million")) == (1.15e6, 1.25e6, True, False)  # h = 0.05 million
    assert ends(only("$2 billion")) == (1.5e9, 2.5e9, True, False)  # h = 0.5 billion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24", (23.5, 24.5, True, False)),
        ("2,800", (2750, 2850, True, False)),
        ("twenty-five", (24.5, 25.5, True, False)),  # words round as if written in digits
        ("tripled", (2.7, 3.3, True, True)),
        ("doubled", (1.8, 2.2, True, True)),
        ("halved", (0.45, 0.55, True, True)),
        ("three times", (2.7, 3.3, True, True)),
        ("almost 100", (90, 100, True, True)),
        ("nearly 100", (90, 100, True, True)),
        ("just under 100", (90, 100, True, True)),
        ("almost double", (1.8, 2, True, True)),
        ("more than 100", (100, INF, False, False)),
        ("over 100", (100, INF, False, False)),
        ("above 100", (100, INF, False, False)),
        ("at least 100", (100, INF, True, False)),
        ("less than 100", (-INF, 100, False, False)),
        ("under 100", (-INF, 100, False, False)),
        ("fewer than 100", (-INF, 100, False, False)),
        ("below 100", (-INF, 100, False, False)),
        ("at most 100", (-INF, 100, False, True)),
        ("up to 100", (-INF, 100, False, True)),
        ("about 24", (21.6, 26.4, True, True)),  # ±10% is wider than [23.5, 24.5)
        (
            "around 200,000",
            (150_000, 250_000, True, False),
        ),  # the rounding interval is already wider
        ("roughly 24", (21.6, 26.4, True, True)),
        ("some 24", (21.6, 26.4, True, True)),
        ("approximately 24", (21.6, 26.4, True, True)),
        ("an estimated 24", (21.6, 26.4, True, True)),
    ],
)
def test_the_interval_rules(text, expected):
    phrase = only(text)
    low, high, low_closed, high_closed = ends(phrase)
    assert (low, high) == pytest.approx(expected[:2]) and (low_closed, high_closed) == expected[2:]
    assert phrase.text == text


def test_a_third_admits_ten_percent_either_side():
    phrase = only("a third")
    assert (
        (phrase.low, phrase.high) == pytest.approx((0.3, 11 / 30))
        and phrase.accepts(0.3)
        and phrase.accepts(0.36)
    )
    assert not phrase.accepts(0.29)


def test_accepts_respects_open_and_closed_ends():
    assert only("24").accepts(23.5) and not only("24").accepts(24.5)
    assert not only("more than 100").accepts(100) and only("at least 100").accepts(100)
    assert not only("under 100").accepts(100) and only("up to 100").accepts(100)
    assert (
        only("almost 100").accepts(100)
        and only("almost 100").accepts(90)
        and not only("almost 100").accepts(100.1)
    )


# -------------------------------------------------------------------- years, list markers, ordinals


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("in 2007", (2007,)),
        ("by 2010", (2010,)),
        ("Calderón (2006–12) launched", (2006, 2012)),
        ("Between 2018 and 2022, arrests fell", (2018, 2022)),
    ],
)
def test_years_are_kind_year_with_their_values(text, years):
    found = find_numbers(text)
    assert [p.kind for p in found] == ["year"] and found[0].years == years


def test_a_year_range_is_one_phrase():
    text = "Between 2018 and 2022, arrests fell"
    assert find_numbers(text)[0].text == "Between 2018 and 2022"
    assert find_numbers("(2006–12)")[0].text == "2006–12"


@pytest.mark.parametrize(
    "text",
    [
        "(1) more police (2) fewer soldiers",
        "the second plank",
        "the 2nd plank",
        "a third term",
        "one of the cartels",
    ],
)
def test_list_markers_and_ordinals_are_not_numbers(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "August 19",
        "19 August",
        "Aug. 19",
        "Aug 19",
        "19th of August",
        "19 of August",
        "Sept. 3",
        "3 SEPT",
        "Aug 19–21",
        "19–21 August",
        "the 1st of May",
    ],
)
def test_a_day_beside_a_month_name_is_part_of_a_date_not_a_number(text):
    assert find_numbers(text) == []


def test_a_full_date_keeps_only_its_year():
    found = find_numbers("On August 19, 2024 the army sent 300 troops")
    assert [(p.text, p.kind) for p in found] == [("2024", "year"), ("300 troops", "number")]
    assert found[0].years == (2024,)
    assert [(p.text, p.kind) for p in find_numbers("19 August 2024")] == [("2024", "year")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("they march 19 miles", "19 miles"),
        ("12 Marines", "12 Marines"),
        ("August 32 ships", "32 ships"),
        ("August 1,000", "1,000"),
    ],
)
def test_a_month_name_only_takes_a_day_it_could_be(text, number):
    # Lower-case "march" is a verb; 32 is no day; a day has no thousands separator.
    assert only(text).text == number


def test_a_sentence_reads_in_order():
    text = (
        "Between 2018 and 2022, arrests fell from almost 22,000 detentions and 2,500 "
        "kilos seized to around 2,800"
    )
    assert [(p.text, p.kind) for p in find_numbers(text)] == [
        ("Between 2018 and 2022", "year"),
        ("almost 22,000 detentions", "number"),
        ("2,500 kilos", "number"),
        ("around 2,800", "number"),
    ]


def test_a_quantity_hedge_makes_a_year_like_number_a_quantity():
    assert only("more than 2000 troops").value == 2000


# -------------------------------------------------------------------------- properties of the rules

decimals = st.decimals(
    min_value="0.01", max_value="1e7", places=2, allow_nan=False, allow_infinity=False
)


@given(st.integers(min_value=1, max_value=10**9))
def test_a_plain_integer_admits_its_rounding_interval(n):
    written = f"{n:,}"
    phrase = only(f"counted {written} things")
    h = 0.5 * 10 ** (len(str(n)) - len(str(n).rstrip("0")))
    assert phrase.value == n and (phrase.low, phrase.high) == (n - h, n + h)
    assert phrase.accepts(n) and phrase.accepts(n - h) and not phrase.accepts(n + h)


@given(st.integers(min_value=1, max_value=999_999), st.integers(min_value=1, max_value=3))
def test_a_decimal_rounds_at_its_last_written_digit(whole, places):
    written = f"{whole / 10**places:.{places}f}"
    phrase = only(f"a rate of {written} here")
    h = 0.5 / 10**places
    assert phrase.low == pytest.approx(float(written) - h) and phrase.high == pytest.approx(
        float(written) + h
    )


@given(
    st.integers(min_value=1, max_value=10**8),
    st.sampled_from(["about", "around", "roughly", "some", "approximately"]),
)
def test_about_is_never_narrower_than_rounding_nor_ten_percent(n, hedge):
    plain, about = only(f"x {n:,} y"), only(f"x {hedge} {n:,} y")
    assert about.low <= plain.low and about.high >= plain.high
    assert about.low <= 0.9 * n + 1e-6 and about.high >= 1.1 * n - 1e-6
    assert about.low == pytest.approx(min(plain.low, 0.9 * n)) and about.high == pytest.approx(
        max(plain.high, 1.1 * n)
    )


@given(
    st.integers(min_value=1, max_value=10**8),
    st.sampled_from(
        [
            "more than",
            "over",
            "above",
            "at least",
            "less than",
            "under",
            "fewer than",
            "below",
            "at most",
            "up to",
            "almost",
            "nearly",
            "just under",
        ]
    ),
)
def test_one_sided_hedges_put_the_number_at_one_end(n, hedge):
    phrase = only(f"x {hedge} {n:,} y")
    assert n in (phrase.low, phrase.high)
    above = hedge in ("more than", "over", "above", "at least")
    assert phrase.accepts(n * 10) is above and phrase.accepts(-1) is (
        hedge in ("less than", "under", "fewer than", "below", "at most", "up to")
    )
    assert phrase.accepts(n) is (
        hedge in ("at least", "at most", "up to", "almost", "nearly", "just under")
    )


@given(decimals)
def test_interval_always_contains_the_value_without_a_one_sided_hedge(value):
    for hedge in (None, "about"):
        low, high, _, _ = interval(value, half_unit(str(value)), hedge)
        assert low <= float(value) < high or (low <= float(value) <= high)


@given(
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["doubled", "tripled", "halved", "a third"]),
)
def test_ratio_words_admit_ten_percent(_, word):
    phrase = only(word)
    assert phrase.low == pytest.approx(0.9 * phrase.value) and phrase.high == pytest.approx(
        1.1 * phrase.value
    )
    assert phrase.low_closed and phrase.high_closed


@given(st.text(max_size=200))
def test_offsets_always_index_the_text(text):
    found = find_numbers(text)
    assert all(0 <= p.start < p.end <= len(text) and text[p.start : p.end] == p.text for p in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_finding_numbers_never_imports_spacy():
    code = "import sys; import reader.numbers.check; print('spacy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, timeout=60
    )
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.parametrize("text", ["a ſixth", "six ſevenths", "it doubleſ", "2 thouſand"])
def test_letters_that_only_fold_to_a_number_word_never_break_the_reader(text):
    # The patterns ignore case the Unicode way (ſ matches s); the word tables are spelled in ASCII.
    assert all(p.text in text for p in find_numbers(text))
