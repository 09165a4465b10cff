"""Layers: everything drawn on the text, as spans.

``spans`` (Span, flattening overlapping layers into segments), ``entities`` (spaCy, its disk
cache and curated corrections). ``reader.reading`` composes them with the other stages.
"""

__all__: list[str] = []
