"""The Streamlit views of the reader: article (custom component), side panel, sidebar, page chrome.

`reader/app.py` composes them; the logic lives in the core (`reader.reading`, `reader.render`,
`reader.figures`) and in these small modules.
"""
