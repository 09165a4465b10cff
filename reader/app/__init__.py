"""The Streamlit app: ``main`` composes the views; the logic lives in the core."""
