"""Reader: an article with its evidence beside it.

The core (this package minus ``app/``) turns ``article/<slug>.md`` and
``annotations/<slug>.yaml`` into anchored, layered, validated spans; it knows nothing of Streamlit.

The public API, for use as a library::

    from pathlib import Path

    from reader import Root, open_reading, to_json

    reading = open_reading(Root(Path(".")), "mexico-drug-war")   # the document, its layers, its
    problems data = to_json(reading)

- ``Root``, ``load_document``, ``open_reading``, ``Reading``, ``Settings``: open a root, read a
  document with its annotations and layers (the settings name the model, cache, read-only …);
- ``match_quote``, ``resolve_quote``: anchor a quote in a text;
- ``to_json``, ``to_html``, ``to_w3c``: the exports; ``from_w3c``: the W3C Web Annotation importer;
- ``save_annotations``: save an annotation file safely (validated, conflict-checked, with history).

Names are imported on first use, so ``python -m reader check`` never loads what it does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.anchoring.quotes import match_quote, resolve_quote
    from reader.editing.store import save_annotations
    from reader.interop.json_export import to_json
    from reader.interop.standalone import to_html
    from reader.interop.w3c_export import to_w3c
    from reader.interop.w3c_import import from_w3c
    from reader.reading import Reading, open_reading
    from reader.settings import Settings
    from reader.sources.documents import Root, load_document

#: Each public name and the module that defines it.
_PUBLIC = {
    "Reading": "reader.reading",
    "Root": "reader.sources.documents",
    "Settings": "reader.settings",
    "from_w3c": "reader.interop.w3c_import",
    "load_document": "reader.sources.documents",
    "match_quote": "reader.anchoring.quotes",
    "open_reading": "reader.reading",
    "resolve_quote": "reader.anchoring.quotes",
    "save_annotations": "reader.editing.store",
    "to_html": "reader.interop.standalone",
    "to_json": "reader.interop.json_export",
    "to_w3c": "reader.interop.w3c_export",
}

__all__ = [
    "Reading",
    "Root",
    "Settings",
    "from_w3c",
    "load_document",
    "match_quote",
    "open_reading",
    "resolve_quote",
    "save_annotations",
    "to_html",
    "to_json",
    "to_w3c",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'reader' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
