"""Numbers in a claim's quote, checked against the data of its figures (docs: number-check
contract).

`find_numbers` reads the number phrases of a text; `check_claim` binds them to figure rows and gives
each a verdict. Neither imports spaCy, so `python -m reader check` stays fast.
"""

from reader.numbers.phrases import NumberPhrase, find_numbers, format_value

__all__ = ["NumberPhrase", "find_numbers", "format_value"]
