"""The command line: ``python -m reader check|export …`` (see the README for the contract)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.documents import SLUG_PATTERN, Root, display_path
from reader.problems import Problem

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        return _schema(args)
    root = Root(Path(args.root))
    if not (root.path / "article").is_dir():
        print(f"error: {display_path(root.path)} is not a reader root (it has no article/ folder)", file=sys.stderr)
        return EXIT_USAGE
    return args.run(root, args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reader", description="Check and export annotated documents.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate documents and their annotations")
    check.add_argument("slugs", nargs="*", metavar="SLUG", help="documents to check (default: all)")
    check.set_defaults(run=_check)

    export = commands.add_parser("export", help="write a document with its layers as JSON or HTML")
    export.add_argument("slug", metavar="SLUG")
    export.add_argument("--format", choices=["json", "html"], required=True)
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    export.set_defaults(run=_export)

    schema = commands.add_parser("schema", help="write the JSON Schema of annotation files (annotations/schema.json)")
    schema.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")

    for sub in (check, export):
        sub.add_argument("--root", default=".", metavar="DIR", help="folder holding article/ and annotations/ (default: .)")
    return parser


def _schema(args: argparse.Namespace) -> int:
    from reader.schemafile import schema_text, write_schema

    if args.output:
        write_schema(Path(args.output))
        print(f"wrote {display_path(Path(args.output))}", file=sys.stderr)
    else:
        sys.stdout.write(schema_text())
    return EXIT_OK


def _known_slugs(root: Root, slugs: list[str]) -> str | None:
    """An error message for the first slug that names no document, or None."""
    for slug in slugs:
        if not SLUG_PATTERN.fullmatch(slug) or not root.article_path(slug).is_file():
            return root.unknown_slug_message(slug)
    return None


def _check(root: Root, args: argparse.Namespace) -> int:
    from reader.reading import open_reading

    slugs = args.slugs or root.slugs()
    if (message := _known_slugs(root, slugs)) is not None:
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    problems: list[Problem] = []
    orphans = 0
    for slug in slugs:
        reading = open_reading(root, slug, with_model=False)  # curated layers need no model
        problems.extend(reading.problems)
        orphans += len(reading.orphans)
    if not args.slugs:
        problems.extend(_stray_annotation_files(root))
    for problem in problems:
        print(problem)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    summary = f"{len(slugs)} document{'s' * (len(slugs) != 1)} checked"
    if problems:
        summary += f": {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        summary += f", {orphans} orphan{'s' * (orphans != 1)}" if orphans else ""
    else:
        summary += ": all clear"
    print(summary, file=sys.stderr)
    return EXIT_ERRORS if errors else EXIT_OK


def _stray_annotation_files(root: Root) -> list[Problem]:
    folder = root.path / "annotations"
    known = set(root.slugs())
    return [Problem(display_path(p), 1, 1, "warning", f"no article/{p.stem}.md for this annotation file")
            for p in sorted(folder.glob("*.yaml")) if p.stem not in known] if folder.is_dir() else []


def _export(root: Root, args: argparse.Namespace) -> int:
    from reader import export
    from reader.reading import open_reading

    if (message := _known_slugs(root, [args.slug])) is not None:
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    reading = open_reading(root, args.slug)
    if reading.model_message:
        print(f"warning: {reading.model_message}", file=sys.stderr)
    for problem in reading.errors:
        print(problem, file=sys.stderr)
    if args.format == "json":
        output = json.dumps(export.to_json(reading), ensure_ascii=False, indent=1) + "\n"
    else:
        output = export.to_html(reading)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return EXIT_OK
