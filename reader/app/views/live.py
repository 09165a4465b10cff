"""Live reload: an open reader shows changes to its article or annotation file without a refresh.

A fragment reruns on its own every few seconds and compares the files' modification times and
sizes with the last ones it saw; when they differ it reruns the whole app, which reads the files
again. Session state (selection, toggles, the editor's draft) and query parameters survive a
rerun, so the reader stays where it was. Reading a few ``stat`` results is all it costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from reader.settings import POLL_SECONDS
from reader.sources.documents import file_signature

__all__ = ["live_reload"]


def live_reload(
    paths: Sequence[Path], *, key: str = "live-reload", every: float = POLL_SECONDS
) -> None:
    """Watch ``paths``; rerun the app when any of them changes on disk (or appears, or disappears).

    Call it before the files are read, so that a change made while they are read is seen. It
    looks `every` seconds (the settings' poll_seconds, READER_POLL_SECONDS); 0 turns it off.
    """
    interval = every
    state_key = f"_{key}-signature"
    paths = [Path(p) for p in paths]
    # Every full run starts from what is on disk now; only the fragment's own runs look for changes.
    st.session_state[state_key] = file_signature(paths)
    if interval <= 0:
        return

    def check() -> None:
        signature = file_signature(paths)
        if st.session_state.get(state_key) != signature:
            st.session_state[state_key] = signature
            st.rerun(scope="app")

    st.fragment(check, run_every=interval)()
