"""The command line: ``python -m reader check|export …`` (reference: docs/command-line.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.query import KINDS, SHARED, UNASSESSED
from reader.settings import Settings
from reader.sources.documents import Root, display_path
from reader.sources.problems import Problem
from reader.vocabulary import SLUG, STATUSES

if TYPE_CHECKING:
    from reader.editing.triage import Suggestion

__all__ = ["main"]

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        return _schema(args)
    root = Root(Path(args.root))
    if not (root.path / "article").is_dir():
        print(
            f"error: {display_path(root.path)} is not a reader root (it has no article/ folder)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    run: Callable[[Root, argparse.Namespace, Settings], int] = args.run  # the subcommand's
    return run(root, args, Settings.from_env(os.environ))  # the environment is read here, once


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reader", description="Check and export annotated documents."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate documents and their annotations")
    check.add_argument("slugs", nargs="*", metavar="SLUG", help="documents to check (default: all)")
    check.add_argument(
        "--numbers",
        action="store_true",
        help="also list every number of every claim with its verdict against the figures' data",
    )
    check.add_argument(
        "--suggest",
        action="store_true",
        help="also list what the files might still need: sentences with numbers no claim covers, "
        "sources that cite a site's home page, claims with numbers but no figure (loads spaCy)",
    )
    check.set_defaults(run=_check)

    export = commands.add_parser(
        "export", help="write a document with its layers as JSON, HTML or W3C Web Annotations"
    )
    export.add_argument("slug", metavar="SLUG")
    export.add_argument(
        "--format",
        choices=["json", "html", "w3c", "claimreview"],
        required=True,
        help="json: the reader's export; html: one self-contained page; w3c: a JSON-LD "
        "AnnotationCollection; "
        "claimreview: schema.org ClaimReview JSON-LD for the claims with a status",
    )
    export.add_argument(
        "--base-url",
        metavar="URL",
        help="claimreview and html: where the reader is served, for each claim's url "
        "(BASE?doc=SLUG&focus=ID); without it `url` is left out",
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output"
    )
    export.add_argument(
        "--force",
        action="store_true",
        help=(
            "export what could be read even when the article or its annotation file could "
            "not be read"
        ),
    )
    export.set_defaults(run=_export)

    imports = commands.add_parser(
        "import", help="add W3C Web Annotations (JSON-LD) to a document's annotation file"
    )
    imports.add_argument(
        "file",
        metavar="FILE",
        help="an AnnotationCollection, AnnotationPage, list or single Annotation",
    )
    imports.add_argument(
        "--into", required=True, metavar="SLUG", help="the document the annotations are on"
    )
    imports.add_argument(
        "--dry-run", action="store_true", help="print the new annotation file instead of saving it"
    )
    imports.set_defaults(run=_import)

    schema = commands.add_parser(
        "schema", help="write the JSON Schema of annotation files (annotations/schema.json)"
    )
    schema.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output"
    )

    annotate = commands.add_parser(
        "annotate", help="precompute the entity cache for every document of a root"
    )
    annotate.add_argument(
        "slugs", nargs="*", metavar="SLUG", help="documents to annotate (default: all)"
    )
    annotate.add_argument(
        "--n-process",
        type=int,
        default=None,
        metavar="N",
        help="NER worker processes (default: one per core, at most 4)",
    )
    cluster = annotate.add_mutually_exclusive_group()
    cluster.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run spaCy on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
        "its workers need reader and the model installed",
    )
    cluster.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="run spaCy on a local Dask cluster of N worker processes",
    )
    annotate.add_argument("--no-progress", action="store_true", help="no progress bar")
    annotate.set_defaults(run=_annotate)

    search = commands.add_parser(
        "search", help="search documents, claims, notes, figures and entities (the library's index)"
    )
    search.add_argument(
        "query",
        metavar="QUERY",
        help=(
            'words (all must occur), "a quoted phrase", word* for a prefix; case and '
            "accents never matter"
        ),
    )
    search.add_argument(
        "--kind",
        action="append",
        type=_kinds,
        default=[],
        metavar="KIND",
        help=(
            f"only hits of this kind ({', '.join(KINDS)}; repeat it or separate with "
            "commas; default: all)"
        ),
    )
    search.add_argument("--doc", metavar="SLUG", help="only hits in this document")
    search.add_argument(
        "--status",
        choices=[*STATUSES, UNASSESSED],
        metavar="STATUS",
        help=f"only claims of this status ({', '.join([*STATUSES, UNASSESSED])})",
    )
    search.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="at most N hits (default: 20)"
    )
    search.add_argument("--json", action="store_true", help="one JSON array of hits")
    search.set_defaults(run=_search)

    index = commands.add_parser(
        "index", help="bring the search index up to date (it lives in the cache directory)"
    )
    index.add_argument(
        "--rebuild", action="store_true", help="read every document again, from nothing"
    )
    index.set_defaults(run=_index)

    add = commands.add_parser(
        "add", help="bring an article in: a saved web page, PDF, Word, text or Markdown file"
    )
    add.add_argument("file", metavar="FILE", help=".html/.htm, .pdf, .docx, .txt or .md")
    add.add_argument(
        "--slug", metavar="SLUG", help="the new document's name (default: made from its title)"
    )
    add.set_defaults(run=_add)

    suggest = commands.add_parser(
        "suggest",
        help="rank a document's sentences that no claim covers by how check-worthy they are",
    )
    suggest.add_argument("slug", metavar="SLUG", help="the document")
    suggest.add_argument(
        "--limit", type=_positive, default=None, metavar="N", help="the N best (default: all)"
    )
    suggest.add_argument("--json", action="store_true", help="a JSON array instead of lines")
    suggest.set_defaults(run=_suggest)

    for sub in (check, export, imports, annotate, search, index, add, suggest):
        sub.add_argument(
            "--root",
            default=".",
            metavar="DIR",
            help="folder holding article/ and annotations/ (default: .)",
        )
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text}")
    return value


def _kinds(text: str) -> list[str]:
    kinds = [kind.strip() for kind in text.split(",") if kind.strip()]
    if not kinds or any(kind not in KINDS for kind in kinds):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(KINDS)}, not {text!r}")
    return kinds


def _search(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    from reader.library.commands import search_command

    if args.doc is not None and args.doc != SHARED and (message := _known_slugs(root, [args.doc])):
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    return search_command(root, args, settings)


def _index(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    from reader.library.commands import index_command

    return index_command(root, args, settings)


def _import(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    from reader.editing.store import ReadOnlyError, StoreError, load_for_edit, save_annotations
    from reader.editing.validation import validate_annotations
    from reader.interop.w3c_append import append_entries
    from reader.interop.w3c_import import W3CImportError, from_w3c
    from reader.sources.annotations import load_shared, parse_annotations
    from reader.sources.documents import load_document

    if (message := _known_slugs(root, [args.into])) is not None:
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    source = Path(args.file)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (
        OSError,
        UnicodeDecodeError,
        ValueError,
        RecursionError,
    ) as exc:  # RecursionError: nested too deep
        print(f"error: cannot read {display_path(source)} as JSON: {exc}", file=sys.stderr)
        return EXIT_USAGE
    document, problems = load_document(root, args.into)
    base = load_for_edit(root.annotations_path(args.into))
    existing, _ = parse_annotations(
        base.text.replace("\r\n", "\n").removeprefix("\ufeff"),
        display_path(base.path),
        shared=load_shared(root)[0],  # imported ids must not collide with shared ones either
    )
    blocking = [
        p for p in [*problems, *validate_annotations(root, args.into, base.text)] if p.is_error
    ]
    if document is None or blocking:
        for problem in blocking:
            print(problem, file=sys.stderr)
        print(f"error: fix {display_path(base.path)} before importing into it", file=sys.stderr)
        return EXIT_ERRORS
    try:
        imported = from_w3c(data, document.text, existing=existing)
        text = append_entries(
            base.text, imported, f"Imported from {source.name} (python -m reader import)"
        )
    except W3CImportError as exc:
        print(f"error: {display_path(source)}: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    for message in [*imported.warnings, *imported.skipped]:
        print(f"warning: {message}", file=sys.stderr)
    counts = (
        f"{len(imported.claims)} claims, {len(imported.notes)} notes, "
        f"{len(imported.entities)} entity corrections"
    )
    if args.dry_run:
        sys.stdout.write(text)
        print(f"would add {counts} to {display_path(base.path)}", file=sys.stderr)
        return EXIT_OK
    if not imported.count:
        print(f"nothing to add to {display_path(base.path)}", file=sys.stderr)
        return EXIT_OK
    try:
        result = save_annotations(
            root, args.into, text, expected_digest=base.digest, settings=settings
        )
    except (ReadOnlyError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(f"error: {result.message}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"added {counts} to {display_path(base.path)}", file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from reader.interop.jsonschema import schema_text, write_schema

    if args.output:
        write_schema(Path(args.output))
        print(f"wrote {display_path(Path(args.output))}", file=sys.stderr)
    else:
        sys.stdout.write(schema_text())
    return EXIT_OK


def _known_slugs(root: Root, slugs: list[str]) -> str | None:
    """An error message for the first slug that names no document, or None."""
    for slug in slugs:
        if not SLUG.fullmatch(slug) or not root.article_path(slug).is_file():
            return root.unknown_slug_message(slug)
    return None


def _check(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    from reader.library.evidence import unattached_shared_notes
    from reader.reading import open_reading
    from reader.sources.annotations import load_shared

    slugs = args.slugs or root.slugs()
    if (message := _known_slugs(root, slugs)) is not None:
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    from reader.sources.mirrors import mirror_problems

    shared = load_shared(root)  # validated once; every document is checked against it
    problems: list[Problem] = [*shared[1], *mirror_problems(shared[0], settings.mirror_host_list)]
    verdicts: list[str] = []
    orphans = 0
    used_notes: set[str] = set()
    for slug in slugs:
        reading = open_reading(
            root, slug, with_model=False, settings=settings, shared=shared
        )  # curated layers need no model
        problems.extend(p for p in reading.problems if p not in shared[1])
        orphans += len(reading.orphans)
        used_notes |= reading.used_notes
        if args.numbers:
            from reader.numbers.report import verdict_lines

            verdicts.extend(verdict_lines(reading.annotations, reading.numbers))
    if not args.slugs:
        problems.extend(_stray_annotation_files(root))
        problems.extend(unattached_shared_notes(shared[0], used_notes))  # needs every document
    for problem in problems:
        print(problem)
    for line in verdicts:
        print(line)
    suggestions = _suggestions(root, slugs, settings) if args.suggest else []
    for suggestion in suggestions:
        print(suggestion)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    summary = f"{len(slugs)} document{'s' * (len(slugs) != 1)} checked"
    if problems:
        summary += (
            f": {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )
        summary += f", {orphans} orphan{'s' * (orphans != 1)}" if orphans else ""
    else:
        summary += ": all clear"
    if args.suggest:
        summary += f"; {len(suggestions)} suggestion{'s' * (len(suggestions) != 1)}"
    print(summary, file=sys.stderr)
    return EXIT_ERRORS if errors else EXIT_OK


def _suggestions(root: Root, slugs: list[str], settings: Settings) -> list[Suggestion]:
    """The triage list of each document (reader.editing.triage), read with the model's entities."""
    from reader.editing.triage import triage
    from reader.reading import open_reading

    return [
        s
        for slug in slugs
        for s in triage(open_reading(root, slug, with_model=True, settings=settings))
    ]


def _stray_annotation_files(root: Root) -> list[Problem]:
    folder = root.path / "annotations"
    known = set(root.slugs())
    return (
        [
            Problem(
                display_path(p), 1, 1, "warning", f"no article/{p.stem}.md for this annotation file"
            )
            for p in sorted(folder.glob("*.yaml"))
            if p.stem not in known and not p.name.startswith(("_", "."))  # not documents
        ]
        if folder.is_dir()
        else []
    )


def _export(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    from reader.interop import export
    from reader.reading import open_reading

    if (message := _known_slugs(root, [args.slug])) is not None:
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    if args.base_url is not None and args.format not in ("claimreview", "html"):
        print("error: --base-url goes with --format claimreview or html", file=sys.stderr)
        return EXIT_USAGE
    reading = open_reading(
        root,
        args.slug,
        with_model=args.format != "claimreview",  # reviews need no entities
        settings=settings,
    )
    if reading.model_message:
        print(f"warning: {reading.model_message}", file=sys.stderr)
    for problem in reading.errors:
        print(problem, file=sys.stderr)
    unreadable = [p for p in reading.problems if p.unreadable]
    if unreadable and not args.force:
        files = ", ".join(dict.fromkeys(p.path for p in unreadable))
        print(
            f"error: not exported: {files} could not be read, so the export would "
            "leave out the article's text "
            "or its curated layers; fix the file, or give --force to export what could be read",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    if args.format == "json":
        output = json.dumps(export.to_json(reading), ensure_ascii=False, indent=1) + "\n"
    elif args.format == "claimreview":
        from reader.interop.claimreview import to_claimreview

        output = (
            json.dumps(
                to_claimreview(reading, base_url=args.base_url), ensure_ascii=False, indent=1
            )
            + "\n"
        )
    elif args.format == "w3c":
        from reader.interop.w3c_export import to_w3c

        output = json.dumps(to_w3c(reading), ensure_ascii=False, indent=1) + "\n"
    else:
        output = export.to_html(reading, base_url=args.base_url)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return EXIT_OK


def _add(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    from reader.importing import Unreadable, extract
    from reader.importing.article import SlugTaken, save_article
    from reader.importing.model import MAX_FILE_BYTES

    source = Path(args.file)
    try:
        if source.stat().st_size > MAX_FILE_BYTES:  # before reading it into memory
            raise Unreadable(f"the file is over the cap of {MAX_FILE_BYTES:,} bytes; refused")
        data = source.read_bytes()
        article = extract(source.name, data)
        title = article.title or source.stem
        slug = save_article(root, article, title=title, slug=args.slug)
    except OSError as exc:
        print(f"error: cannot read {display_path(source)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    except (Unreadable, SlugTaken, ValueError) as exc:
        print(f"error: {display_path(source)}: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    headings = sum(b.kind == "heading" for b in article.blocks)
    print(slug)
    print(f"  title: {title}{'' if article.title else ' (from the file name)'}")
    for label, value in (
        ("author", "; ".join(article.author)),
        ("published", article.published),
        ("source", article.source),
    ):
        print(f"  {label}: {value or '(not found)'}")
    print(
        f"  body: {_count(len(article.blocks) - headings, 'paragraph')}, "
        f"{_count(headings, 'heading')}, "
        f"{article.words:,} words from a {article.format}"
    )
    print(f"wrote {display_path(root.article_path(slug))}", file=sys.stderr)
    return EXIT_OK


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def _suggest(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import replace

    from reader.editing.dismissed import dismissed
    from reader.editing.suggest import suggest_claims, suggestion_lines
    from reader.library.seen import library_claims, seen_for
    from reader.reading import open_reading

    if (message := _known_slugs(root, [args.slug])) is not None:
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    reading = open_reading(root, args.slug, with_model=True, settings=settings)
    if reading.model_message:
        print(f"warning: {reading.model_message}", file=sys.stderr)
    claims = library_claims(root)
    hidden = dismissed(root, args.slug)  # what curators dismissed in the Edit view
    ranked = [s for s in suggest_claims(reading) if s.quote not in hidden]
    suggestions = [
        replace(s, seen=seen_for(s.quote, claims, doc=args.slug)) for s in ranked[: args.limit]
    ]
    if args.json:
        data = [s.to_json() for s in suggestions]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        for line in suggestion_lines(suggestions):
            print(line)
    return EXIT_OK


def _annotate(root: Root, args: argparse.Namespace, settings: Settings) -> int:
    from reader.annotate import annotate

    if (message := _known_slugs(root, args.slugs)) is not None:
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    if args.scheduler is not None or args.workers is not None:
        from reader.library.distributed import ClusterError, annotate_on_cluster

        try:
            results = annotate_on_cluster(
                root,
                args.slugs or None,
                scheduler=args.scheduler,
                workers=args.workers or 2,
                progress=not args.no_progress,
                settings=settings,
            )
        except ClusterError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_ERRORS
    else:
        results = annotate(
            root,
            args.slugs or None,
            n_process=args.n_process,
            progress=not args.no_progress,
            settings=settings,
        )
    failed = [r for r in results if r.message]
    for result in results:
        print(result.summary())
    return EXIT_ERRORS if failed else EXIT_OK
