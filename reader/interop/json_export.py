"""The contract's JSON export of a Reading: the text, every anchored annotation, figures, notes,
orphans."""

from __future__ import annotations

from typing import Any

from reader.reading import Reading

__all__ = ["to_json"]


def to_json(reading: Reading) -> dict[str, Any]:
    """The contract's export: text, every anchored annotation, figures, notes and orphans.

    The figures and notes are the document's own and the shared ones it uses (Reading.evidence),
    not the rest of annotations/_shared.yaml."""
    text = reading.text
    evidence = reading.evidence
    annotations: list[dict[str, Any]] = []
    for entity in reading.entities:
        item = {
            "id": entity.id,
            "layer": "entities",
            "start": entity.start,
            "end": entity.end,
            "text": entity.text,
            "label": entity.label,
            "origin": entity.origin,
        }
        if entity.note:
            item["note"] = entity.note
        annotations.append(item)
    for claim in reading.annotations.claims:
        anchor = reading.anchors.get(claim.id)
        if anchor is None:
            continue
        item = {
            "id": claim.id,
            "layer": "claims",
            "start": anchor.start,
            "end": anchor.end,
            "text": text[anchor.start : anchor.end],
            "quote": claim.quote,
            "figures": list(claim.figures),
            "notes": list(claim.notes),
            "status": claim.status,
            "anchor": anchor.kind,
        }
        if claim.assessment:
            item["assessment"] = claim.assessment
        item["numbers"] = [number.as_json() for number in reading.numbers.get(claim.id, [])]
        annotations.append(item)
    for span in reading.spans:
        if span.layer == "notes":
            annotations.append(
                {
                    "id": span.id,
                    "layer": "notes",
                    "start": span.start,
                    "end": span.end,
                    "text": text[span.start : span.end],
                    "note": span.note,
                }
            )
    annotations.sort(key=lambda a: (a["start"], a["end"], a["layer"]))
    return {
        "document": reading.document.slug,
        "title": reading.document.title,
        "text": text,
        "annotations": annotations,
        "figures": {
            fid: f.model_dump(mode="json", exclude_unset=True)
            for fid, f in evidence.figures.items()
        },
        "notes": {
            nid: n.model_dump(mode="json", exclude_unset=True) for nid, n in evidence.notes.items()
        },
        "orphans": [
            {"id": o.id, "layer": o.layer, "quote": o.quote, "reason": o.reason}
            for o in reading.orphans
        ],
    }
