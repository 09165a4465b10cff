"""A small library of two documents, written literally, that the library tests share; and a
library of any number of documents around them (the sidebar's finder in a large library)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_root

MERIDA = """\
---
title: Aid under the Mérida Initiative
section: World
author: [Ana Ruiz, Ben Cole]
published: 2024-03-05
tags: [aid, mexico]
---
Congress funded the Mérida Initiative with about $3 billion over a decade.

The plan's security pillar paid for helicopters and training.
"""

MERIDA_YAML = """\
claims:
  - id: three-billion
    quote: about $3 billion over a decade
    status: supported
    assessment: Appropriations add up to **3.3 billion** dollars.
  - id: helicopters
    quote: paid for helicopters and training
    status: disputed
notes:
  - id: pillar
    title: The four pillars
    body: Security, rule of law, borders and communities.
figures:
  - id: funding
    title: Appropriations by year
    type: bar
    x: year
    y: dollars
    data: [{year: 2008, dollars: 400}, {year: 2009, dollars: 300}]
    caption: Money for Mexico's police and courts.
    source: {name: CRS}
"""

BEES = """\
---
title: Bees in winter
section: Science
published: 2023-01-20
tags: [insects]
---
Honey bees cluster to keep warm. The cluster shivers.

A colony eats about 20 kilos of honey over the winter, says the Yucatán co-op.
"""

BEES_YAML = """\
claims:
  - id: twenty-kilos
    quote: about 20 kilos of honey
    status: supported
  - id: orphan
    quote: a sentence that is not there
"""


def library_root(base: Path) -> Path:
    return make_root(
        base, {"merida": MERIDA, "bees": BEES}, {"merida": MERIDA_YAML, "bees": BEES_YAML}
    )


BOLD = """\
---
title: <b>Bold</b> roads & <i>rivers</i>
---
Text.
"""


def many_documents_root(base: Path, count: int) -> Path:
    """`count` documents: the two above, one with HTML in its title, and "Report N on roads"."""
    articles = {"merida": MERIDA, "bees": BEES, "bold": BOLD}
    for n in range(count - len(articles)):
        articles[f"report-{n:03d}"] = f"---\ntitle: Report {n} on roads\n---\nText {n}.\n"
    return make_root(base, articles)
