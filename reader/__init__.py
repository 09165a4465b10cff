"""Reader: an article with its evidence beside it.

The core (this package minus ``app.py`` and ``views/``) turns ``article/<slug>.md`` and
``annotations/<slug>.yaml`` into anchored, layered, validated spans; it knows nothing of Streamlit.
"""
