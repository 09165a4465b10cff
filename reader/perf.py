"""Small performance helpers shared by the core."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a block builds many objects that hold no cycles.

    Tens of thousands of spans or segments trigger collector passes over the whole heap (in the
    app: Streamlit, Altair, spaCy), which cost more than the building itself. Used where a
    measurement in such a process shows it pays: flattening layers and opening a reading.
    Nothing is lost: the objects are acyclic, and the next pass after the block sees them.
    If the collector is already off, it is left off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
