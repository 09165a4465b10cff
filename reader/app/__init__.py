"""The Streamlit app: ``main`` composes the views; the logic lives in the core."""

__all__: list[str] = []
