"""Reading the numbers of a sentence: each phrase with its value, kind, unit and the interval it
admits.

Numbers written as words are turned into digits by the `text2num` library; everything it does not do
(scale words, currencies, percentages, fractions and ratio words, years, hedges, units, and the
intervals) is written here, because no library gives a phrase's admitted interval.

The interval rules (the contract, docs/number-check.md). N is the value and h is half a unit of the
last non-zero digit written (of the last digit written, for decimals: `24.0` → 0.05; `1.2 million`
→ 0.05 million; `133,000` → 500; `200,000` → 50,000; `$2 billion` → 0.5 billion):

- Plain numbers (rounding): [N − h, N + h). `24` admits [23.5, 24.5); `2,800` admits [2,750, 2,850).
  Numbers written as words round as if written in digits.
- Ratio and fraction words (doubled, tripled, halved, a third, three times): [0.9·N, 1.1·N].
- `almost`, `nearly`, `just under`: [0.9·N, N]. `almost double`: [1.8, 2].
- `more than`, `over`, `above`: (N, ∞). `at least`: [N, ∞).
- `less than`, `under`, `fewer than`, `below`: (−∞, N). `at most`, `up to`: (−∞, N].
- `about`, `around`, `roughly`, `some`, `approximately`, `an estimated`: the rounding interval
  widened to at least ±10%: [min(N − h, 0.9·N), max(N + h, 1.1·N)].
- Years (`in 2007`, `by 2010`, `2006–12`, `Between 2018 and 2022`) are kind `year` with their year
  values (a range gives both years); a year is never checked as a quantity.
- List markers and ordinals that are not quantities (`(1)`, `(2)`, "the second plank") are not
  numbers.

Added on top of the contract: `just over`/`well over` read as `more than`, `as many as` as `up to`,
`close to` as `about`; a bare "one" is not a number (it is mostly a pronoun: "one of the"); a bare
four-digit number from 1800 to 2100 is a year unless a currency, percent, scale word or a hedge
that only quantities take (more than, at least, almost, …) goes with it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from text_to_num import text2num

__all__ = ["INF", "NumberPhrase", "find_numbers", "format_value", "half_unit", "interval"]

INF = math.inf

# Hedge → how it bends the interval. Longest first so "just under" wins over "under".
_HEDGES: dict[str, str] = {
    "almost": "below",
    "nearly": "below",
    "just under": "below",
    "more than": "above",
    "over": "above",
    "above": "above",
    "just over": "above",
    "well over": "above",
    "at least": "from",
    "less than": "under",
    "under": "under",
    "fewer than": "under",
    "below": "under",
    "at most": "to",
    "up to": "to",
    "as many as": "to",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "some": "about",
    "approximately": "about",
    "an estimated": "about",
    "close to": "about",
}
# Hedges that only a quantity takes: with one of them, "more than 2000" is a number, not a year.
_QUANTITY_HEDGES = {
    "almost",
    "nearly",
    "just under",
    "more than",
    "just over",
    "well over",
    "at least",
    "less than",
    "fewer than",
    "at most",
    "up to",
    "as many as",
    "some",
    "approximately",
    "an estimated",
    "roughly",
}

_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "k": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "bn": 10**9,
}

# Currency written before the number, and currency words written after it → ISO code.
_CURRENCY_SIGNS = {
    "us$": "USD",
    "mx$": "MXN",
    "$": "USD",
    "usd": "USD",
    "mxn": "MXN",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
}
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "peso": "MXN",
    "pesos": "MXN",
    "euro": "EUR",
    "euros": "EUR",
}

_UNITS_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion"
).split()
_FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
_NUMERATORS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_RATIO_WORDS = {
    "double": 2,
    "doubled": 2,
    "doubles": 2,
    "doubling": 2,
    "twice": 2,
    "triple": 3,
    "tripled": 3,
    "triples": 3,
    "tripling": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "quadruples": 4,
    "quadrupling": 4,
    "halved": 0.5,
    "halves": 0.5,
    "halving": 0.5,
}
# Words after a number that are not its unit ("24 in 2011", "200 were killed").
_NOT_UNITS = set(
    """a an the of in on at by to for from with and or but nor as than that which who whom whose
is are was were be been being has have had do does did will would shall should can could may might
must this these those its it their his her our my your they them we he she you i me us him there
here between since during after before until till into onto over under about around among against
through per more less most least each every all both either neither any some no not also so such
very only just even then when while where why how what if whether once times percent cent""".split()
)

_WORD_NUMBER = r"(?:" + "|".join(sorted(_UNITS_WORDS, key=len, reverse=True)) + r")"
_FRACTION = r"(?:" + "|".join(sorted(_FRACTIONS, key=len, reverse=True)) + r")"
_NUMERATOR = r"(?:" + "|".join(_NUMERATORS) + r")"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_DASH = r"\s*[–—-]\s*"

# One alternation, tried left to right at each position: the first alternative that matches wins.
_ALTERNATIVES = {
    "yearrange": (
        rf"(?<![\w.,])(?P<yr1>1[89]\d\d|20\d\d|2100){_DASH}(?P<yr2>\d\d\d\d|\d\d)"
        r"(?![\w%]|,\d|\.\d)"
    ),
    "yearpair": (
        r"\b(?:between|from)\s+(?P<yp1>1[89]\d\d|20\d\d|2100)"
        r"\s+(?:and|to)\s+(?P<yp2>1[89]\d\d|20\d\d|2100)(?![\w%]|,\d|\.\d)"
    ),
    "fraction": rf"\b(?P<numerator>{_NUMERATOR})[\s-]+(?P<denominator>{_FRACTION})\b(?!-)",
    "half": r"\bhalf\b(?!-)",
    "times": (
        rf"(?:(?<![\w.,])(?P<timesdigits>{_DIGITS})"
        rf"|\b(?P<timeswords>{_WORD_NUMBER}(?:[\s-]+{_WORD_NUMBER})*))[\s-]+(?:times|fold)\b"
    ),
    "foldword": rf"(?<![\w.,])(?P<folddigits>\d+)-fold\b|\b(?P<foldwords>{_WORD_NUMBER})-?fold\b",
    "ratioword": r"\b(?:" + "|".join(_RATIO_WORDS) + r")\b",
    "digits": (
        rf"(?<![\w.,])(?<![A-Za-z]-)(?P<number>{_DIGITS})(?P<glued>k|m|mn|bn)?(?![\w]|[.,]\d)"
    ),
    "words": (
        r"\b(?:a\s+(?=(?:hundred|thousand|million|billion|trillion)\b))?"
        rf"{_WORD_NUMBER}(?:(?:[\s-]+|\s+and\s+){_WORD_NUMBER})*\b"
    ),
}


def _alternation(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?P<{name}>{_ALTERNATIVES[name]})" for name in names), re.IGNORECASE
    )


_CORE = _alternation(tuple(_ALTERNATIVES))
# The same, in the same order, with only the alternatives that can start at a digit, or at a letter:
# which one to try is known from the first character (a third of the time of the whole alternation).
_CORE_AT_DIGIT = _alternation(("yearrange", "times", "foldword", "digits"))
_CORE_AT_LETTER = _alternation(
    ("yearpair", "fraction", "half", "times", "foldword", "ratioword", "words")
)
_HEDGE_BEFORE = re.compile(
    r"(?:^|(?<=[\s(“\"'‘]))(?P<hedge>"
    + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(_HEDGES, key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
_HEDGE_LAST_WORDS = frozenset(hedge.split()[-1] for hedge in _HEDGES)
_SIGN_BEFORE = re.compile(r"(?P<sign>US\$|MX\$|\$|€|£|¥|USD|MXN|EUR|GBP)\s?$", re.IGNORECASE)
_SCALE_AFTER = re.compile(r"\s+(?P<scale>thousand|million|billion|trillion|bn|mn)\b", re.IGNORECASE)
_PERCENT_AFTER = re.compile(
    r"(?P<percent>\s?%|\s+percent\b|\s+per\s+cent\b|\s+percentage\s+points?\b)", re.IGNORECASE
)
_CURRENCY_AFTER = re.compile(
    r"\s+(?P<currency>US\s+dollars|dollars?|pesos?|euros?)\b", re.IGNORECASE
)
_UNIT_WORD = r"[^\W\d_][\w’'-]*"
_PER_AFTER = re.compile(
    rf"\s+(?P<per>per\s+(?:{_DIGITS}(?:\s+(?!(?:{'|'.join(_NOT_UNITS)})\b){_UNIT_WORD})?|{_UNIT_WORD}))",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(rf"(?:-|\s+)(?P<unit>{_UNIT_WORD})", re.IGNORECASE)
_START_WORDS = frozenset([*_UNITS_WORDS, *_NUMERATORS, *_RATIO_WORDS, "half", "between", "from"])
# Where a number can start: a run of digits (a digit after "," or "." never starts one: the digit
# alternatives of _CORE look behind for them), or a whole word that is a start word (every word
# alternative of _CORE begins at a word boundary). "a" starts one only before a fraction or a scale
# word ("a third", "a million"), "between"/"from" only before a year ("between 2018 and 2022").
_FOLLOWED = {
    "a": r"(?=[\s-]+(?:"
    + "|".join(sorted(_FRACTIONS, key=len, reverse=True))
    + r"|hundred|thousand|million|billion|trillion)\b)",
    "between": r"(?=\s+\d)",
    "from": r"(?=\s+\d)",
}
_WHOLE_WORD = r"(?![^\W\d_])"


def _trie(words: dict[str, str]) -> str:
    """An alternation of words (each with what must follow it) with their common prefixes factored
    out, so that the engine skips every position whose letter starts none, and tries few
    alternatives at the rest: six times faster than the plain alternation."""
    tree: dict[str, Any] = {}  # letter -> subtree; "" -> what must follow a word that ends here
    for word, after in words.items():
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = after

    def emit(node: dict[str, Any]) -> str:
        options = [
            node[""] if letter == "" else re.escape(letter) + emit(node[letter])
            for letter in sorted(node)
        ]
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return emit(tree)


_START_WORD = re.compile(
    _trie({word: _FOLLOWED.get(word, _WHOLE_WORD) for word in _START_WORDS})
)  # on lower-case text
_DIGIT_RUN = re.compile(r"\d[\d.,]*")
# The same in one pattern that ignores case, for a text whose lower case has other offsets (İ → i̇).
_START_ANY_CASE = re.compile(
    r"\d[\d.,]*|"
    + "|".join(
        rf"\b{word}{_FOLLOWED.get(word, _WHOLE_WORD)}"
        for word in sorted(_START_WORDS, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
_YEAR = re.compile(r"1[89]\d\d|20\d\d|2100")
_LIST_MARKER = re.compile(r"\(\s*\d{1,2}\s*\)|(?:^|\n)\s*\d{1,2}[.)](?=\s)")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
# A day of the month next to a month name is part of a date, not a quantity: "August 19", "Aug. 19",
# "19 August", "19 of August", and day ranges ("Aug 19–21", "19–21 August"). Month names are
# capitalised (as English writes them), so "they march 19 miles" keeps its number.
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTH_ANY_CASE = rf"(?:{_MONTH}|{_MONTH.upper()})"
_DAY_AFTER_MONTH = re.compile(rf"\b{_MONTH_ANY_CASE}\.?\s+(?:\d{{1,2}}{_DASH})?$")
_MONTH_AFTER_DAY = re.compile(rf"(?:{_DASH}\d{{1,2}})?\s+(?:of\s+)?{_MONTH_ANY_CASE}\b")


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """One number phrase of a text: `text[start:end]`, hedge and unit included."""

    start: int
    end: int
    text: str
    value: float
    kind: str  # number | percent | money | ratio | year
    unit: str | None
    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = False
    hedge: str | None = None
    currency: str | None = None  # ISO code for money
    years: tuple[int, ...] = ()  # for kind == "year": one year, or both ends of a range

    def accepts(self, x: float) -> bool:
        """Whether `x` lies in the interval this phrase admits (ends open or closed as the rules
        say)."""
        if math.isnan(x):
            return False
        above_low = x >= self.low if self.low_closed else x > self.low
        below_high = x <= self.high if self.high_closed else x < self.high
        return above_low and below_high

    @property
    def interval(self) -> str:
        """The interval in mathematical notation, e.g. `[23.5, 24.5)`."""
        low = "−∞" if self.low == -INF else format_value(self.low, rounded=True)
        high = "∞" if self.high == INF else format_value(self.high, rounded=True)
        return (
            f"{'[' if self.low_closed and self.low != -INF else '('}{low}, "
            f"{high}{']' if self.high_closed and self.high != INF else ')'}"
        )


def format_value(value: Any, *, rounded: bool = False) -> str:
    """A value as a reader writes it: 140,000; a figure's value with the decimals it was written
    with, up to 4 (1.125); ``rounded``, as the number check shows what it computed, 2 decimals, 3
    below 1 (2.88, 0.333). — for no value, yes / no, anything else as text."""
    if isinstance(value, bool) or value is None:
        return "—" if value is None else ("yes" if value else "no")
    if not isinstance(value, int | float) or math.isnan(value):
        return str(value)
    if value in (INF, -INF):
        return "∞" if value > 0 else "−∞"
    if abs(value - round(value)) < 1e-9 * max(1.0, abs(value)):
        return f"{round(value):,}"
    written = repr(float(value))  # the shortest digits that give the value back
    decimals = len(written.partition(".")[2])
    if rounded or "e" in written or decimals > 4:
        decimals = 2 if abs(value) >= 1 else 3
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def half_unit(written: str) -> Decimal:
    """h for digits as written (no scale): half a unit of the last non-zero digit, or of the last
    decimal."""
    plain = written.replace(",", "")
    if "." in plain:
        return Decimal("0.5").scaleb(-len(plain.split(".", 1)[1]))
    digits = plain.lstrip("0")
    if not digits:
        return Decimal("0.5")
    return Decimal("0.5").scaleb(len(digits) - len(digits.rstrip("0")))


def interval(
    value: Decimal, h: Decimal | None, hedge: str | None
) -> tuple[float, float, bool, bool]:
    """(low, high, low_closed, high_closed) for a value N with rounding half-unit h (None for ratio
    words)."""
    how = _HEDGES.get(_norm(hedge)) if hedge else None
    if how == "below":
        return float(value * Decimal("0.9")), float(value), True, True
    if how == "above":
        return float(value), INF, False, False
    if how == "from":
        return float(value), INF, True, False
    if how == "under":
        return -INF, float(value), False, False
    if how == "to":
        return -INF, float(value), False, True
    if h is None:  # ratio and fraction words
        low, high, high_closed = value * Decimal("0.9"), value * Decimal("1.1"), True
    else:
        low, high, high_closed = value - h, value + h, False
    if how == "about":
        wide_low, wide_high = value * Decimal("0.9"), value * Decimal("1.1")
        low = min(low, wide_low)
        if wide_high >= high:
            high, high_closed = wide_high, True
    return float(low), float(high), True, high_closed


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@lru_cache(maxsize=4096)
def _words_value(words: str) -> int | None:
    spoken = re.sub(r"^a\s+", "one ", _norm(words).replace("-", " "))
    if spoken == "one":
        return None  # a bare "one" is mostly a pronoun
    try:
        return int(text2num(spoken, "en"))
    except ValueError:
        return None


def find_numbers(text: str) -> list[NumberPhrase]:
    """Every number phrase in `text`, in order (see the module's rules)."""
    phrases: list[NumberPhrase] = []
    markers = (
        [(m.start(), m.end()) for m in _LIST_MARKER.finditer(text)]
        if "(" in text or "\n" in text
        else []
    )
    taken = 0
    # The core pattern is tried only where a number can start (a digit, or a word that starts one):
    # trying its alternatives at every position costs many times more.
    for start in _starts(text):
        if start < taken:
            continue
        match = (_CORE_AT_DIGIT if text[start].isdigit() else _CORE_AT_LETTER).match(text, start)
        if match is None or (markers and any(a <= start < b for a, b in markers)):
            continue
        try:
            phrase = _phrase(text, match)
        except (
            KeyError
        ):  # a word the patterns' case folding matched but the tables do not spell ("a ſixth")
            phrase = None
        if phrase is not None:
            phrases.append(phrase)
            taken = max(phrase.end, match.end())
        else:
            taken = match.end()
    return phrases


def _starts(text: str) -> list[int]:
    """Where a number can start, in order: digits, and start words at a word boundary."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return [
            m.start()
            for m in _START_ANY_CASE.finditer(text)
            if text[m.start()].isdigit() or m.group().lower() in _START_WORDS
        ]
    digits = [m.start() for m in _DIGIT_RUN.finditer(text)]
    words = [
        m.start()
        for m in _START_WORD.finditer(lowered)
        if m.start() == 0 or not (lowered[m.start() - 1].isalnum() or lowered[m.start() - 1] == "_")
    ]  # (\b)
    return sorted(digits + words) if words else digits


def _phrase(text: str, match: re.Match[str]) -> NumberPhrase | None:
    group = match.lastgroup
    start, end = match.start(), match.end()
    if group in ("yearrange", "yearpair"):
        first = int(match["yr1"] if group == "yearrange" else match["yp1"])
        second_text = match["yr2"] if group == "yearrange" else match["yp2"]
        second = (
            int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
        )
        if second <= first:
            return None
        return NumberPhrase(
            start,
            end,
            text[start:end],
            float(first),
            "year",
            None,
            float(first),
            float(second),
            True,
            True,
            years=(first, second),
        )
    hedge, hedge_start = _hedge_before(text, start)
    if group in ("fraction", "half", "times", "foldword", "ratioword"):
        if group == "fraction":
            numerator, denominator = match["numerator"].lower(), match["denominator"].lower()
            if (
                numerator in ("a", "one")
                and not denominator.endswith("s")
                and _names_a_thing(text, end)
            ):
                return (
                    None  # "a third term" is an ordinal; "a third of", "by a third." are fractions
                )
            value = Decimal(_NUMERATORS[numerator]) / Decimal(_FRACTIONS[denominator])
        elif group == "half":
            value = Decimal("0.5")
        elif group == "ratioword":
            value = Decimal(str(_RATIO_WORDS[match.group().lower()]))
        else:
            digits = match["timesdigits"] or match["folddigits"]
            if digits:
                value = Decimal(digits.replace(",", ""))
            else:
                spoken = _words_value(match["timeswords"] or match["foldwords"] or "")
                if spoken is None:
                    words = (match["timeswords"] or match["foldwords"] or "").lower()
                    spoken = 1 if words == "one" else None
                if spoken is None:
                    return None
                value = Decimal(spoken)
        if hedge is not None:
            start = hedge_start
        low, high, low_closed, high_closed = interval(value, None, hedge)
        return NumberPhrase(
            start,
            end,
            text[start:end],
            float(value),
            "ratio",
            None,
            low,
            high,
            low_closed,
            high_closed,
            hedge=hedge,
        )

    # Plain quantities: digits or words, then scale, currency, percent, unit.
    if group == "digits":
        written = match["number"]
        if _ORDINAL_SUFFIX.match(text, end) or _is_day_of_month(text, match):
            return None
        spoken = None
        scale = _SCALES[match["glued"].lower()] if match["glued"] else 1
    else:
        spoken = _words_value(match.group())
        if spoken is None:
            return None
        scale = 1
    currency = None
    sign = _sign_before(text, start) if group == "digits" else None
    if sign and (
        sign.start() == 0 or not text[sign.start() - 1].isalnum() or sign["sign"].endswith("$")
    ):
        currency = _CURRENCY_SIGNS[sign["sign"].lower()]
        start = sign.start()
        hedge, hedge_start = _hedge_before(text, start)
    kind, unit = "number", None
    # Scale words, percents, currency words and units all begin with a space, "%" or "-".
    if end < len(text) and (text[end].isspace() or text[end] in "%-"):
        if scale == 1 and (scaled := _SCALE_AFTER.match(text, end)):
            scale = _SCALES[scaled["scale"].lower()]
            end = scaled.end()
        if percent := _PERCENT_AFTER.match(text, end):
            kind, unit, end = "percent", percent["percent"].strip(), percent.end()
        elif worded := _CURRENCY_AFTER.match(text, end):
            currency = currency or _CURRENCY_WORDS[_norm(worded["currency"])]
            unit, end = worded["currency"], worded.end()
        elif currency is None and not _is_year(
            group, written if spoken is None else "", scale, hedge
        ):
            unit, end = _unit_after(text, end)  # (a year keeps no unit)
    if currency is not None:
        kind = "money"
    if hedge is not None:
        start = hedge_start
    if kind == "number" and _is_year(group, written if spoken is None else "", scale, hedge):
        year = int(written)
        begin = match.start("number")
        return NumberPhrase(
            begin,
            match.end("number"),
            text[begin : match.end("number")],
            float(year),
            "year",
            None,
            float(year),
            float(year),
            True,
            True,
            years=(year,),
        )
    if spoken is None:
        number, h = Decimal(written.replace(",", "")), half_unit(written)
    else:
        number, h = Decimal(spoken), half_unit(str(spoken))
    value = number * scale
    low, high, low_closed, high_closed = interval(value, h * scale, hedge)
    return NumberPhrase(
        start,
        end,
        text[start:end],
        float(value),
        kind,
        unit,
        low,
        high,
        low_closed,
        high_closed,
        hedge=hedge,
        currency=currency,
    )


def _is_year(group: str | None, written: str, scale: int, hedge: str | None) -> bool:
    """A bare four-digit number from 1800 to 2100, with no scale and no hedge only quantities
    take."""
    return bool(
        group == "digits"
        and scale == 1
        and _YEAR.fullmatch(written)
        and (hedge is None or _norm(hedge) not in _QUANTITY_HEDGES)
    )


def _is_day_of_month(text: str, match: re.Match[str]) -> bool:
    """Whether the digits are a day (1–31) written beside a month name: part of a date, not a
    number."""
    written = match["number"]
    if len(written) > 2 or match["glued"] or not 1 <= int(written) <= 31:
        return False
    start, end = match.start(), match.end()
    return bool(
        _DAY_AFTER_MONTH.search(text, max(0, start - 16), start)
        or _MONTH_AFTER_DAY.match(text, end)
    )


def _hedge_before(text: str, start: int) -> tuple[str | None, int]:
    # The pattern is tried only when the word just before (after its spaces) can end a hedge:
    # searching 20 positions for 25 hedges costs more than the rest of a phrase.
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == start:
        return None, start
    word = end
    while word > 0 and text[word - 1].isalpha():
        word -= 1
    last = text[word:end]
    if (
        last.isascii() and last.lower() not in _HEDGE_LAST_WORDS
    ):  # (other letters may fold to a hedge's)
        return None, start
    found = _HEDGE_BEFORE.search(text, max(0, start - 20), start)
    return (found["hedge"], found.start()) if found else (None, start)


def _sign_before(text: str, start: int) -> re.Match[str] | None:
    # Only when the character before (or before one space) can end a sign: "$", "€", "USD" …
    before = start - 1
    if before >= 0 and text[before].isspace():
        before -= 1
    if before < 0:
        return None
    last = text[before]
    if last.isascii() and last not in "$" and last.lower() not in "dnrp":
        return None
    return _SIGN_BEFORE.search(text, max(0, start - 4), start)


def _names_a_thing(text: str, end: int) -> bool:
    """Whether the word after `end` is a noun-like word (not a function word): "third *term*"."""
    word = _UNIT_AFTER.match(text, end)
    return (
        word is not None
        and word["unit"].lower() not in _NOT_UNITS
        and not text[end : word.start("unit")].startswith("-")
    )


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The unit word written after a number ("troops", "kilos", "per 100,000", "kilometres per
    hour")."""
    if per := _PER_AFTER.match(text, end):
        return _norm(per["per"]), per.end()
    word = _UNIT_AFTER.match(text, end)
    if not word or word["unit"].lower() in _NOT_UNITS or _words_value(word["unit"]) is not None:
        return None, end
    unit, end = word["unit"], word.end()
    if per := _PER_AFTER.match(text, end):
        unit, end = f"{unit} {_norm(per['per'])}", per.end()
    return unit, end
