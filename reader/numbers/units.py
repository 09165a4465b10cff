"""Units: whether a number and a figure speak of the same thing, and the factor between them.

A unit is read into a currency (ISO code), a scale (a scale word in a figure's unit, `US$ billion`,
`million trips`, multiplies its data), a conversion factor to a base unit, and its remaining words
(singular, lower case, synonyms merged). The table is small on purpose; it is documented in
docs/number-check.md#units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CONVERSIONS",
    "CURRENCIES",
    "SCALES",
    "Unit",
    "agree",
    "read_unit",
    "singular",
    "to_number_units",
]

# Synonyms and conversions: word → (base word, factor to the base).
CONVERSIONS: dict[str, tuple[str, float]] = {
    "kilo": ("kg", 1),
    "kilogram": ("kg", 1),
    "kilogramme": ("kg", 1),
    "kg": ("kg", 1),
    "gram": ("kg", 0.001),
    "g": ("kg", 0.001),
    "tonne": ("kg", 1000),
    "ton": ("kg", 1000),
    "metric ton": ("kg", 1000),
    "t": ("kg", 1000),
    "%": ("percent", 1),
    "percent": ("percent", 1),
    "per cent": ("percent", 1),
    "pct": ("percent", 1),
    "percentage point": ("percent", 1),
    "km": ("km", 1),
    "kilometre": ("km", 1),
    "kilometer": ("km", 1),
    "mile": ("km", 1.609344),
}
CURRENCIES: dict[str, str] = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "dollar": "USD",
    "us dollar": "USD",
    "mx$": "MXN",
    "mxn": "MXN",
    "peso": "MXN",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
}
SCALES: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "mn": 1e6,
}
_IRREGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "police": "police",
    "staff": "staff",
    "series": "series",
    "kilos": "kilo",
    "pesos": "peso",
    "euros": "euro",
}
_TOKEN = re.compile(r"us\$|mx\$|[$€£¥%]|[\w’'.,-]+")


@dataclass(frozen=True, slots=True)
class Unit:
    words: frozenset[str]
    currency: str | None = None
    scale: float = 1.0
    factor: float = 1.0  # to the base unit of `words` (kilos → kg: 1; tonnes → kg: 1000)

    @property
    def is_empty(self) -> bool:
        return not self.words and self.currency is None


def singular(word: str) -> str:
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1024)
def read_unit(text: str | None, currency: str | None = None, *, with_scale: bool = True) -> Unit:
    """A unit as written (a figure's `unit`, or the word after a number), plus a number's own
    currency."""
    if not text:
        return Unit(frozenset(), currency)
    tokens = [t.strip(".,") for t in _TOKEN.findall(text.lower())]
    tokens = [t for t in tokens if t]
    words: set[str] = set()
    scale, factor = 1.0, 1.0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        pair = f"{token} {singular(tokens[index + 1])}" if index + 1 < len(tokens) else ""
        if pair in CONVERSIONS or pair in CURRENCIES:
            token, index = pair, index + 1
        else:
            token = singular(token)
        index += 1
        if token in CURRENCIES:
            currency = currency or CURRENCIES[token]
        elif with_scale and token in SCALES:
            scale *= SCALES[token]
        elif token in CONVERSIONS:
            base, by = CONVERSIONS[token]
            words.add(base)
            factor *= by
        elif token not in ("of", "in", "the", "a"):
            words.add(token)
    return Unit(frozenset(words), currency, scale, factor)


def agree(number: Unit, figure: Unit) -> str | None:
    """None when a number in `number` units may be compared with data in `figure` units, else why
    not."""
    if figure.is_empty or number.is_empty:
        if number.currency and figure.currency and number.currency != figure.currency:
            return f"the number is in {number.currency}, the figure in {figure.currency}"
        return None
    if number.currency != figure.currency:
        if number.currency and figure.currency:
            return f"the number is in {number.currency}, the figure in {figure.currency}"
        return "one is money and the other is not"
    if (
        number.words
        and figure.words
        and not (number.words <= figure.words or figure.words <= number.words)
    ):
        return (
            f"the number counts {' '.join(sorted(number.words))}, the figure "
            f"{' '.join(sorted(figure.words))}"
        )
    return None


def to_number_units(data: float, number: Unit, figure: Unit) -> float:
    """A data value in the figure's unit expressed in the number's unit (scale words and conversions
    applied)."""
    return data * figure.scale * figure.factor / number.factor
