"""``python -m benchmarks.limits``: the largest files the caps accept stay quick to check, open and
export.

Two files at the caps (reader.sources.annotations, reader.sources.yamlsource), each beside the
project's seed document as the baseline measured in the same process:

- ``rows``: the seed article with figures of MAX_FIGURE_ROWS rows each (two series), as many as
  fit under MAX_NODES, all linked from one claim — the chart the panel draws for that claim;
- ``entries``: a generated 1 MB book with MAX_ENTRIES curated entries (claims, notes, entity
  corrections; 10% of the quotes need approximate anchoring), or as many as fit under MAX_NODES.

For each: ``check`` (read, validate, anchor; no model), **open in the app** (what the first run
and a click on the claim cost: the Reading with the model's entities from a warm cache, the
first page of HTML, and every chart of the claim built and serialised as ``st.vega_lite_chart``
sends it, reduced to at most MAX_DRAWN_ROWS rows), ``export --format json`` and ``--format html``
(the charts drawn as SVG). And the refusal of what these caps are for: 10 MB of 300,000 figure rows,
which took 20 s and 1.5 GB to parse before, now stops at the node cap.

Times are the best of ``--repeat`` runs, wall clock and (the same run's) CPU time of this process,
which other work on a shared machine does not inflate as much. Nothing is asserted; it always exits
0.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
SEED = "mexico-drug-war"


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, value) of the fastest of `repeat` runs. The machine is shared:
    the wall time also counts waiting for other work, the CPU time only this process's own."""
    best, best_cpu, value = float("inf"), 0.0, None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        wall = time.perf_counter() - start
        if wall < best:
            best, best_cpu = wall, time.process_time() - cpu
    return best, best_cpu, value


def _rows_file(root: Path) -> int:
    """The seed article with figures at the row cap, as many as fit under the node cap."""
    from reader.sources.annotations import MAX_FIGURE_ROWS
    from reader.sources.yamlsource import MAX_NODES

    per_figure = 7 * MAX_FIGURE_ROWS + 20  # a row: a mapping and three keys with values
    count = max(1, (MAX_NODES - 200) // per_figure)
    figures = []
    for number in range(count):
        rows = "".join(
            (
                f"      - {{day: {day}, low: {(day * 37 + number) % 1000 / 10}, high: "
                f"{(day * 53) % 997 / 7:.2f}}}\n"
            )
            for day in range(MAX_FIGURE_ROWS)
        )
        figures.append(
            f"  - id: daily-{number}\n    title: Daily values {number}\n"
            "    type: line\n    x: day\n"
            "    y: [low, high]\n    highlight: [10, 4000]\n"
            f"    source: {{name: Benchmark}}\n    data:\n{rows}"
        )
    claim = (
        "claims:\n  - id: big-chart\n    quote: homicides to triple\n    status: supported\n"
        f"    figures: [{', '.join(f'daily-{n}' for n in range(count))}]\n"
    )
    (root / "annotations" / f"{SEED}.yaml").write_text(
        claim + "figures:\n" + "".join(figures), encoding="utf-8"
    )
    return count


def _copy_seed(root: Path) -> None:
    (root / "article").mkdir(parents=True)
    (root / "annotations").mkdir()
    shutil.copy(PROJECT / "article" / f"{SEED}.md", root / "article")
    shutil.copy(PROJECT / "annotations" / f"{SEED}.yaml", root / "annotations")


def _entries_file(root: Path, entries: int) -> tuple[str, int]:
    from benchmarks.corpus import generate_corpus
    from reader.sources.annotations import load_annotations

    while True:  # the generated entries may be richer than the node cap allows: take what fits
        corpus = generate_corpus(root, size_kb=1024, annotations=entries)
        _, problems = load_annotations(root / "annotations" / f"{corpus.slug}.yaml")
        if not any(p.unreadable or "more than" in p.message for p in problems):
            return corpus.slug, entries
        entries = int(entries * 0.9)


def measure(root: Path, slug: str, repeat: int) -> dict[str, Any]:
    from reader.app.views import loading
    from reader.html.figures import figure_spec
    from reader.interop.json_export import to_json
    from reader.interop.standalone import to_html
    from reader.reading import open_reading
    from reader.settings import Settings
    from reader.sources.documents import Root

    settings = Settings()
    app_root = Root(root)
    check_s, check_cpu, reading = _best(
        lambda: open_reading(app_root, slug, with_model=False, settings=settings), repeat
    )

    def open_in_app() -> int:
        loading._READINGS.clear()
        loading._PAGES.clear()
        loading._FILES.clear()
        served = loading.reading(app_root, slug, settings)
        loading.article_pages(app_root, slug, settings)[0]
        claim = max(served.annotations.claims, key=lambda c: len(c.figures))
        sent = 0
        for figure_id in claim.figures:
            figure = served.annotations.figures[figure_id]
            if figure.type != "stat":
                sent += len(json.dumps(figure_spec(figure)))
        return sent

    open_s, open_cpu, chart_bytes = _best(open_in_app, repeat)
    full = open_reading(app_root, slug, with_model=True, settings=settings)
    json_s, json_cpu, _ = _best(lambda: json.dumps(to_json(full), ensure_ascii=False), repeat)
    html_s, html_cpu, html = _best(lambda: to_html(full), repeat)
    annotations = root / "annotations" / f"{slug}.yaml"
    return {
        "check_s": check_s,
        "open_s": open_s,
        "export_json_s": json_s,
        "export_html_s": html_s,
        "check_cpu_s": check_cpu,
        "open_cpu_s": open_cpu,
        "export_json_cpu_s": json_cpu,
        "export_html_cpu_s": html_cpu,
        "errors": len(reading.errors),
        "claims": len(reading.annotations.claims),
        "entries": len(reading.annotations.entries),
        "chars": len(reading.text),
        "yaml_bytes": annotations.stat().st_size,
        "chart_bytes": chart_bytes,
        "html_bytes": len(html),
    }


def _refusal(repeat: int) -> dict[str, Any]:
    from reader.sources.annotations import parse_annotations
    from reader.sources.yamlsource import MAX_FILE_BYTES

    rows = "".join(f"      - {{year: {1900 + i % 100}, rate: {i}}}\n" for i in range(300_000))
    text = (
        "figures:\n  - id: big\n    title: Big\n    type: line\n    x: year\n    y: rate\n"
        "    source: {name: X}\n    data:\n"
    )
    text += rows[: MAX_FILE_BYTES - len(text) - 1000]
    text = text[: text.rfind("\n") + 1]
    seconds, _, (_, problems) = _best(lambda: parse_annotations(text, "annotations/x.yaml"), repeat)
    return {
        "bytes": len(text.encode()),
        "seconds": seconds,
        "message": str(problems[0]) if problems else "",
    }


def run(repeat: int, as_json: bool, entries: int | None = None) -> dict[str, Any]:
    from reader.sources.annotations import MAX_ENTRIES

    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="reader-limits-") as folder:
        seed = Path(folder) / "seed"
        _copy_seed(seed)
        rows = Path(folder) / "rows"
        _copy_seed(rows)
        report["rows_figures"] = _rows_file(rows)
        book = Path(folder) / "entries"
        slug, report["entries_asked"] = _entries_file(book, entries or MAX_ENTRIES)
        for path, name in (
            (seed, SEED),
            (rows, SEED),
            (book, slug),
        ):  # a warm entity cache, as when served
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "reader",
                    "annotate",
                    name,
                    "--root",
                    str(path),
                    "--no-progress",
                ],
                check=True,
                capture_output=True,
            )
        report["seed"] = measure(seed, SEED, repeat)
        report["rows"] = measure(rows, SEED, repeat)
        report["entries"] = measure(book, slug, repeat)
    report["refusal"] = _refusal(repeat)
    report["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if as_json:
        print(json.dumps(report, indent=1))
    else:
        _print(report)
    return report


def _print(report: dict[str, Any]) -> None:
    seed = report["seed"]
    print(
        f"seed: {seed['chars']:,} characters, {seed['entries']} entries, "
        f"{seed['yaml_bytes'] / 1024:.0f} KB of YAML"
    )
    for case, what in (
        ("rows", f"{report['rows_figures']} figures of 5,000 rows on the seed article"),
        (
            "entries",
            (
                f"{report['entries']['entries']:,} entries on a "
                f"{report['entries']['chars']:,}-character book"
            ),
        ),
    ):
        result = report[case]
        print(
            f"\n{case}: {what} ({result['yaml_bytes'] / 1024 / 1024:.1f} MB of YAML, "
            f"{result['errors']} errors)"
        )
        print("  step                 ours (wall)  ours (cpu)     seed   ratio")
        for key, label in (
            ("check", "check"),
            ("open", "open in the app"),
            ("export_json", "export json"),
            ("export_html", "export html"),
        ):
            wall, cpu, base = result[f"{key}_s"], result[f"{key}_cpu_s"], seed[f"{key}_s"]
            print(f"  {label:<20} {wall:>9.2f} s {cpu:>9.2f} s {base:>7.3f} s {wall / base:>7.1f}")
        print(
            f"  chart data sent for the claim: {result['chart_bytes'] / 1024:.0f} KB; "
            f"HTML export {result['html_bytes'] / 1024 / 1024:.1f} MB"
        )
    refusal = report["refusal"]
    print(
        f"\nrefused: {refusal['bytes'] / 1024 / 1024:.1f} MB of figure rows in "
        f"{refusal['seconds']:.2f} s — {refusal['message'][:110]}…"
    )
    print(f"peak memory of this process: {report['max_rss_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.limits", description=" ".join(__doc__.split("\n\n")[0].split())
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        metavar="N",
        help="runs per step; the best counts (default: 2)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--entries",
        type=int,
        metavar="N",
        help="entries in the book (default: the cap, MAX_ENTRIES): what a lower cap would give",
    )
    args = parser.parse_args(argv)
    run(args.repeat, args.json, args.entries)
    return 0  # a benchmark reports; it never fails on time


if __name__ == "__main__":
    sys.exit(main())
