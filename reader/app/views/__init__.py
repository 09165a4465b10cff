"""The Streamlit views of the reader: article (custom component), side panel, sidebar, page chrome.

`reader/app/main.py` composes them; the logic lives in the core (`reader.reading`,
`reader.html.render`, `reader.html.figures`) and in these small modules.
"""

__all__: list[str] = []
