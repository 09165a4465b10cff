"""``python -m benchmarks.soak``: does the app's memory stay bounded while a large document is
edited from outside?

A book (``--size-kb``, default 1,024 KiB of text, with ``--annotations`` curated entries) is
served the way the app serves it — ``reader.app.views.loading.reading`` and ``article_pages``,
the first page rendered — and then edited ``--edits`` times (default 20) by an outside editor
(a claim's status changes and a comment is added: a new version each time). After each version the
process's resident memory is read (after ``gc.collect`` and ``malloc_trim``, so freed memory is
counted as freed).

Each mode runs in a fresh process:

- ``sized`` (ours): the app's caches, reader.memo.SizedCache, where a new version replaces the old;
- ``count`` (the baseline): the same work behind a cache bounded by a count of 8 entries, as
  ``st.cache_resource(max_entries=8)`` was, so old versions stay until 8 newer ones push them out.

It prints one line per version and a summary: memory after one version, after the last, and the
ratio (goal: ours within 1.5× of one version). Nothing is asserted; it always exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024


def rss() -> int:
    """Resident memory now, in bytes, after handing freed memory back to the system."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE


def _edit(path: Path, number: int) -> None:
    """An outside editor's save: one status changed, one comment added (a temporary file renamed
    over)."""
    text = path.read_text(encoding="utf-8")
    statuses = ("supported", "disputed")
    text = text.replace(
        f"status: {statuses[number % 2]}", f"status: {statuses[(number + 1) % 2]}", 1
    )
    temp = path.with_name(f".{path.name}.outside")
    temp.write_text(text + f"# outside edit {number}\n", encoding="utf-8")
    os.replace(temp, path)


def child(root: Path, slug: str, edits: int, mode: str) -> dict[str, Any]:
    """One mode in this process: serve, edit, measure."""
    from reader.app.views import loading
    from reader.settings import Settings

    settings = Settings.from_env(os.environ)
    app_root = loading.Root(root)
    if mode == "count":
        readings: OrderedDict = OrderedDict()

        def serve() -> None:
            article, annotations = loading.source_bytes(app_root, slug)
            key = (article, annotations)
            if key not in readings:
                reading = loading.open_reading(app_root, slug, with_model=True, settings=settings)
                readings[key] = (reading, loading.Pages(reading, "x"))
                while len(readings) > 8:
                    readings.popitem(last=False)
            readings[key][1][0]
    else:

        def serve() -> None:
            loading.article_pages(app_root, slug, settings)[0]

    before = rss()
    start = time.perf_counter()
    serve()
    first = rss()
    versions = [{"version": 1, "rss": first, "seconds": time.perf_counter() - start}]
    path = app_root.annotations_path(slug)
    for number in range(edits):
        _edit(path, number)
        time.sleep(0.01)  # a new modification time, as a real save would have
        start = time.perf_counter()
        serve()
        versions.append(
            {"version": number + 2, "rss": rss(), "seconds": time.perf_counter() - start}
        )
    return {"mode": mode, "before": before, "versions": versions}


def run(size_kb: int, annotations: int, edits: int, as_json: bool) -> dict[str, Any]:
    from benchmarks.corpus import generate_corpus

    report: dict[str, Any] = {
        "size_kb": size_kb,
        "annotations": annotations,
        "edits": edits,
        "modes": {},
    }
    with tempfile.TemporaryDirectory(prefix="reader-soak-") as folder:
        base = Path(folder) / "book"
        corpus = generate_corpus(base, size_kb=size_kb, annotations=annotations)
        report["chars"] = corpus.chars
        report["annotation_bytes"] = (base / "annotations" / f"{corpus.slug}.yaml").stat().st_size
        # Fill the entity cache once, untimed: a served reader has it (make annotate).
        subprocess.run(
            [sys.executable, "-m", "reader", "annotate", "--root", str(base), "--no-progress"],
            check=True,
            capture_output=True,
        )
        for mode in ("sized", "count"):
            root = Path(folder) / mode
            subprocess.run(["cp", "-r", str(base), str(root)], check=True)
            output = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.soak",
                    "--child",
                    str(root),
                    corpus.slug,
                    str(edits),
                    mode,
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            report["modes"][mode] = json.loads(output.strip().splitlines()[-1])
    if as_json:
        print(json.dumps(report, indent=1))
    else:
        _print(report)
    return report


def _print(report: dict[str, Any]) -> None:
    print(
        f"book: {report['chars']:,} characters, {report['annotations']:,} annotations "
        f"({report['annotation_bytes'] / MB:.1f} MB of YAML); {report['edits']} outside edits"
    )
    for mode, result in report["modes"].items():
        versions = result["versions"]
        base = result["before"]
        one = versions[0]["rss"] - base
        last = versions[-1]["rss"] - base
        peak = max(v["rss"] for v in versions) - base
        label = (
            "ours (size-bounded, a new version replaces the old)"
            if mode == "sized"
            else "baseline (8 entries, by count)"
        )
        print(f"\n{label}")
        print("  version  memory above start  served in")
        for item in versions:
            print(
                f"  {item['version']:>7}  {(item['rss'] - base) / MB:>15.0f} MB  "
                f"{item['seconds']:>8.2f} s"
            )
        print(
            f"  one version: {one / MB:.0f} MB; after {len(versions)} versions: {last / MB:.0f} MB "
            f"(peak {peak / MB:.0f} MB); ratio {last / one:.2f} (goal: <= 1.5)"
        )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        root, slug, edits, mode = argv[1:5]
        print(json.dumps(child(Path(root), slug, int(edits), mode)))
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.soak", description=" ".join(__doc__.split("\n\n")[0].split())
    )
    parser.add_argument(
        "--size-kb", type=int, default=1024, metavar="KB", help="text of the book (default: 1024)"
    )
    parser.add_argument(
        "--annotations", type=int, default=1000, metavar="N", help="curated entries (default: 1000)"
    )
    parser.add_argument(
        "--edits", type=int, default=20, metavar="N", help="outside edits (default: 20)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    run(args.size_kb, args.annotations, args.edits, args.json)
    return 0  # a benchmark reports; it never fails on size


if __name__ == "__main__":
    sys.exit(main())
