"""The JSON Schema for ``annotations/<slug>.yaml``, generated from the models in
reader.sources.schema.

The schema ships as ``annotations/schema.json``; annotation files point editors at it with a first
line ``# yaml-language-server: $schema=schema.json`` so they autocomplete keys and flag mistakes
while typing. Regenerate it with ``python -m reader schema -o annotations/schema.json`` (a test
fails when the shipped file and the models disagree).

The schema covers what a JSON Schema can say (keys, types, id and label patterns, the status and
figure-type enums, "text or quote" for entity corrections). ``python -m reader check`` remains the
full check: references between entries, figure rows, anchoring quotes in the document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.sources.schema import AnnotationFile
from reader.vocabulary import STATUSES

__all__ = [
    "SCHEMA_DIALECT",
    "SCHEMA_FILE",
    "SCHEMA_ID",
    "YAML_SCHEMA_LINE",
    "annotation_json_schema",
    "schema_text",
    "write_schema",
]

SCHEMA_ID = "https://reader.invalid/schema/annotation-file.json"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "schema.json"  # inside annotations/, next to the files that reference it
YAML_SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"

_DESCRIPTION = (
    "Hand-curated layers of one document (annotations/<slug>.yaml): claims, figures, notes and "
    "entity corrections. Ids are unique across the whole file (claims, figures and notes share one "
    "namespace). Statuses: " + ", ".join(STATUSES) + ". Generated from reader.sources.schema; "
    "`python -m reader check` also checks references and anchors quotes in the document."
)


def annotation_json_schema() -> dict[str, Any]:
    """The JSON Schema of an annotation file, as shipped in annotations/schema.json."""
    generated = AnnotationFile.model_json_schema()
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "Reader annotation file",
        "description": _DESCRIPTION,
    }
    schema.update(
        (key, value) for key, value in generated.items() if key not in {"title", "description"}
    )
    correction = schema["$defs"]["EntityCorrection"]
    # reader.sources.annotations checks this by hand; say it in the schema too so editors flag it.
    correction["oneOf"] = [
        {
            "required": ["text"],
            "not": {"required": ["quote"]},
            "title": "every occurrence of a text",
        },
        {"required": ["quote"], "not": {"required": ["text"]}, "title": "one occurrence, by quote"},
    ]
    return schema


def schema_text() -> str:
    """The schema as the file's exact text (stable key order, trailing newline)."""
    return json.dumps(annotation_json_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path) -> None:
    path.write_text(schema_text(), encoding="utf-8")
