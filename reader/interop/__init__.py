"""Interop: what leaves or enters the reader: JSON and standalone HTML exports, W3C Web
Annotation export and import, and the annotation files' JSON Schema."""

__all__: list[str] = []
