"""Reader: an article with its evidence beside it.

The core (this package minus ``app/``) turns ``article/<slug>.md`` and
``annotations/<slug>.yaml`` into anchored, layered, validated spans; it knows nothing of Streamlit.
"""
