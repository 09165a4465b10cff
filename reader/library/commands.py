"""``python -m reader search`` and ``python -m reader index`` (the parser is in reader.cli)."""

from __future__ import annotations

import argparse
import json
import sys
import time

from reader.library.index import LibraryIndex
from reader.library.search import search
from reader.settings import Settings
from reader.sources.documents import Root, display_path

__all__ = ["index_command", "search_command"]

EXIT_OK, EXIT_NO_HITS, EXIT_USAGE = 0, 1, 2


def search_command(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    """Hits one a line (or a JSON array), best first; exit 1 with none."""
    index = LibraryIndex(root, settings)
    index.update()
    hits = search(
        index,
        args.query,
        kinds=[kind for kinds in args.kind for kind in kinds],
        doc=args.doc,
        status=args.status,
        limit=args.limit,
    )
    if args.json:
        print(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False, indent=1))
    else:
        for hit in hits:
            print(f"{hit.doc} {hit.kind} {hit.id}: {hit.marked()}")
    if not hits:
        print(f"no hits for {args.query!r}", file=sys.stderr)
        return EXIT_NO_HITS
    return EXIT_OK


def index_command(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    """Check the index file, bring it up to date (or rebuild it) and say what was done."""
    if settings.read_only:
        print(
            "error: the settings are read-only (READER_READ_ONLY): the index is not written",
            file=sys.stderr,
        )
        return EXIT_USAGE
    index = LibraryIndex(root, settings)
    started = time.perf_counter()
    sound = index.check()
    result = index.update(rebuild=args.rebuild)
    how = "rebuilt" if result.rebuilt or not sound else "updated"
    print(
        f"index {how}: {result.indexed} read again, {result.removed} removed, "
        f"{result.total} in all ({time.perf_counter() - started:.2f} s): "
        f"{display_path(index.path)}",
        file=sys.stderr,
    )
    return EXIT_OK
