"""HTML: segments to escaped markup, sanitised Markdown, the palette, and figures as charts."""

__all__: list[str] = []
