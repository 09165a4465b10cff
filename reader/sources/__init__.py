"""Sources: the files a reading starts from, read with their positions and validated.

Article front matter and body (``documents``), YAML with line:column positions (``yamlsource``),
the annotation models (``schema``), loading and validating annotation files (``annotations``),
and the problems they report (``problems``).
"""

__all__: list[str] = []
