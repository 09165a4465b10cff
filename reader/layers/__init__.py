"""Layers: everything drawn on the text, as spans, and the reading that assembles them.

``spans`` (Span, flattening overlapping layers into segments), ``entities`` (spaCy, its disk
cache and curated corrections), ``reading`` (document + annotations + anchors + entities),
``annotate`` (filling the entity cache for a whole root).
"""

__all__: list[str] = []
