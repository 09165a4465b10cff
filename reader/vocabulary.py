"""The reader's vocabulary: claim statuses, layers, and the shapes of ids, slugs and labels.

One place for each word the files, the core, the exports and the app share, so that a new
status or layer is added here and nowhere else (the schema, the JSON Schema, the palette, the
panel's words and the importer all read it from here).
"""

from __future__ import annotations

import re
from typing import Literal, get_args

__all__ = [
    "ID",
    "ID_PATTERN",
    "LABEL",
    "LABEL_PATTERN",
    "LAYERS",
    "LAYER_NAMES",
    "SLUG",
    "SLUG_PATTERN",
    "STATUSES",
    "STATUS_COLORS",
    "STATUS_COLOR_NAMES",
    "STATUS_TEXT",
    "UNASSESSED_TEXT",
    "Status",
]

#: A claim's verdict, from best to worst standing, as written in annotation files.
Status = Literal["supported", "approximate", "misdated", "disputed", "incorrect", "unconfirmed"]
STATUSES: tuple[str, ...] = get_args(Status)

#: What readers see for each status.
STATUS_TEXT: dict[str, str] = {
    "supported": "Supported",
    "approximate": "Approximately right",
    "misdated": "Misdated",
    "disputed": "Disputed",
    "incorrect": "Incorrect",
    "unconfirmed": "Unconfirmed",
}
UNASSESSED_TEXT = "Not assessed"  # a claim without a status

#: Underline colour per status (the article, the legend, the badges and the standalone page).
STATUS_COLORS: dict[str, str] = {
    "supported": "#2f9e44",
    "approximate": "#74b816",
    "misdated": "#f08c00",
    "disputed": "#ae3ec9",
    "incorrect": "#e03131",
    "unconfirmed": "#868e96",
}

#: The nearest named colour per status, for widgets that take a colour by name (Streamlit's text).
STATUS_COLOR_NAMES: dict[str, str] = {
    "supported": "green",
    "approximate": "yellow",
    "misdated": "orange",
    "disputed": "violet",
    "incorrect": "red",
    "unconfirmed": "gray",
}

#: The layers drawn on the text, in drawing order (entities lowest, notes on top).
LAYERS: tuple[str, ...] = ("entities", "claims", "notes")
LAYER_NAMES: dict[str, str] = {"entities": "Entities", "claims": "Claims", "notes": "Notes"}

#: A claim's, figure's or note's id (unique in its file).
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]*"
#: A document's slug: its file name in article/ and annotations/ (lower case, so one name on every
#: file system).
SLUG_PATTERN = r"[a-z0-9][a-z0-9-]*"
#: An entity label (spaCy's PERSON, ORG, … or a curator's own).
LABEL_PATTERN = r"[A-Z][A-Z0-9_]*"

ID = re.compile(ID_PATTERN)
SLUG = re.compile(SLUG_PATTERN)
LABEL = re.compile(LABEL_PATTERN)
