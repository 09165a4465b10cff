"""Editing: saving annotation files safely (``store``), appending entries as text (``appending``),
and new entries from a selection (``authoring``)."""

__all__: list[str] = []
