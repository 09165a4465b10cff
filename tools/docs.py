"""Generate the tables in README.md and docs/ that describe the code: ``make docs``.

A Markdown file in ``docs/`` (or README.md) asks for a table with a pair of markers::

    <!-- BEGIN generated:commands -->
    <!-- END generated:commands -->

and ``make docs`` rewrites what lies between them. ``commands`` is read from the argparse parser
of ``reader/cli.py`` (``_parser()``: every subcommand, its arguments and their help, so a new
subcommand appears without touching this file); ``settings`` from the ``Settings`` dataclass of
``reader/settings.py`` (each field's ``#: READER_NAME: meaning`` comment and its default; a
default of None is described by a ``(None: …)`` at the comment's end); ``api`` from
``reader.__all__`` (each name's signature, module and the first paragraph of its docstring);
``pages``, in README.md, from the titles and sections of every page in ``docs/``; ``make``
from the Makefile (each target's comment, else its recipe).
``tests/test_docs.py`` regenerates in memory and fails when a committed file differs.

Hand-written because no library does all of it. argparse-help-markdown (the most recent of the
argparse-to-Markdown tools; argmark and argdown are older) formats one parser's help and leaves
subcommands as the choices of one argument (walking them is a TODO in its source); sphinx-argparse
walks them, but only inside Sphinx. Nothing reads a dataclass's field comments or a Makefile's.
cog (cogapp) regenerates text between markers, but by running Python written into each Markdown
file; here a marker only names a table and the code stays in this module. Standard library only.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import inspect
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "GENERATORS",
    "PROJECT",
    "api_table",
    "commands_table",
    "doc_files",
    "make_table",
    "regenerate",
    "settings_table",
]

PROJECT = Path(__file__).resolve().parent.parent
MARKERS = re.compile(
    r"(?P<begin><!-- BEGIN generated:(?P<name>[\w-]+) -->\n)(?P<body>.*?)"
    r"(?P<end><!-- END generated:(?P=name) -->)",
    re.DOTALL,
)


def _cell(text: str) -> str:
    """Text made safe for one cell of a Markdown table (one line, no bare pipe)."""
    return " ".join(text.split()).replace("|", "\\|")


def _subcommands(
    parser: argparse.ArgumentParser,
) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """(name, help, parser) of each subcommand, in the order they were added, aliases once."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) in seen:
                continue
            seen.add(id(sub))
            yield name, helps.get(name, sub.description or ""), sub


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=10_000)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    return " ".join(formatter.format_help().split())


def _argument(action: argparse.Action) -> str:
    if action.option_strings:
        names = ", ".join(f"`{name}`" for name in action.option_strings)
        if action.nargs != 0:
            metavar = action.metavar or action.dest.upper()
            names += f" `{metavar if isinstance(metavar, str) else ' '.join(metavar)}`"
        return names
    metavar = action.metavar or action.dest
    return f"`{metavar if isinstance(metavar, str) else ' '.join(metavar)}`"


def _meaning(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    text = parser._get_formatter()._expand_help(action) if action.help else ""
    extras = []
    listed = action.choices is not None and all(str(c) in text for c in action.choices)
    if (
        action.choices is not None
        and not isinstance(action, argparse._SubParsersAction)
        and not listed
    ):
        extras.append("one of " + ", ".join(f"`{choice}`" for choice in action.choices))
    if action.required and action.option_strings:
        extras.append("required")
    if action.nargs in ("*", "+") and not action.option_strings:
        extras.append("several allowed" if action.nargs == "+" else "any number, or none")
    documented = "default" in text.lower()
    if (
        action.option_strings
        and action.nargs != 0
        and not documented
        and action.default not in (None, argparse.SUPPRESS)
    ):
        extras.append(f"default `{action.default}`")
    return _cell("; ".join([text, *extras]) if text else "; ".join(extras))


def _command_sections(parser: argparse.ArgumentParser, depth: int) -> list[str]:
    lines: list[str] = []
    for name, help_text, sub in _subcommands(parser):
        summary = _cell(help_text).rstrip(".")
        lines += [f"{'#' * depth} `{name}`", "", summary[:1].upper() + summary[1:] + ".", ""]
        lines += ["```", _usage(sub), "```", ""]
        arguments = [
            a
            for a in sub._actions
            if a.help != argparse.SUPPRESS
            and not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)
        ]
        if arguments:
            lines += ["| argument | meaning |", "| --- | --- |"]
            lines += [f"| {_argument(a)} | {_meaning(sub, a)} |" for a in arguments]
            lines.append("")
        lines += _command_sections(sub, depth + 1)
    return lines


def commands_table() -> str:
    """Every subcommand of ``python -m reader``: a summary table, then each one's arguments."""
    from reader.cli import _parser

    parser = _parser()
    lines = ["| command | what it does |", "| --- | --- |"]
    for name, help_text, _ in _subcommands(parser):
        lines.append(f"| [`{name}`](#{name}) | {_cell(help_text)} |")
    lines.append("")
    lines += _command_sections(parser, depth=3)
    return "\n".join(lines).rstrip("\n") + "\n"


def _field_docs(cls: type) -> dict[str, str]:
    """Each field's ``#:`` comment lines above it, or the string literal just below it."""
    source = inspect.getsource(cls)
    lines = source.splitlines()
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.ClassDef)
    docs: dict[str, str] = {}
    for index, statement in enumerate(body.body):
        if not (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)):
            continue
        after = body.body[index + 1] if index + 1 < len(body.body) else None
        if (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(after.value.value)
            continue
        comment: list[str] = []
        row = statement.lineno - 2  # the line above, 0-based
        while row >= 0 and lines[row].strip().startswith("#:"):
            comment.insert(0, lines[row].strip()[2:].strip())
            row -= 1
        docs[statement.target.id] = " ".join(comment)
    return docs


def _default(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "on" if value else "off"
    if value == "":
        return "empty"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def settings_table() -> str:
    """Every ``READER_*`` variable that ``Settings.from_env`` reads: name, meaning, default."""
    from reader.settings import Settings

    docs = _field_docs(Settings)
    lines = ["| variable | meaning | default |", "| --- | --- | --- |"]
    for field in dataclasses.fields(Settings):
        doc = docs.get(field.name, "")
        match = re.match(r"(READER_\w+):\s*(.*)", doc, re.DOTALL)
        if match is None:
            raise ValueError(
                f"Settings.{field.name} needs a `#: READER_NAME: meaning` comment above it"
            )
        default = field.default
        if default is dataclasses.MISSING and field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
        meaning, shown = _cell(match[2]), _default(default)
        if default is None and (unset := re.search(r"\s*\(None: ([^()]*)\)", meaning)):
            meaning, shown = meaning.replace(unset[0], ""), unset[1]  # "(None: what it means)"
        lines.append(f"| `{match[1]}` | {meaning} | {shown} |")
    return "\n".join(lines) + "\n"


def _summary(value: object, name: str) -> str:
    """The first paragraph of `value`'s docstring (a dataclass without one: its module's)."""
    doc = inspect.getdoc(value) or ""
    if not doc or doc.startswith(f"{name}("):  # the docstring dataclasses make up
        doc = inspect.getdoc(sys.modules[getattr(value, "__module__", "")]) or ""
    return _cell(doc.split("\n\n")[0])


def _call(value: object, name: str) -> str:
    """`name(a, b, *, c=None) → R`, without annotations; a class with many fields: `name(...)`."""
    try:
        signature = inspect.signature(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"`{name}`"
    parameters = [p for p in signature.parameters.values() if not p.name.startswith("_")]
    if isinstance(value, type) and len(parameters) > 4:
        return f"`{name}(...)`"
    shown, star = [], False
    for parameter in parameters:
        if parameter.kind is parameter.KEYWORD_ONLY and not star:
            shown.append("*")
            star = True
        elif parameter.kind is parameter.VAR_POSITIONAL:
            star = True
        text = parameter.name
        if parameter.kind is parameter.VAR_POSITIONAL:
            text = f"*{text}"
        elif parameter.kind is parameter.VAR_KEYWORD:
            text = f"**{text}"
        elif parameter.default is not parameter.empty:
            text = f"{text}={parameter.default!r}"
        shown.append(text)
    call = f"`{name}({', '.join(shown)})`"
    returns = signature.return_annotation
    if not isinstance(value, type) and returns not in (signature.empty, None, "None"):
        call += f" → `{returns if isinstance(returns, str) else inspect.formatannotation(returns)}`"
    return call


def api_table() -> str:
    """Every name of ``reader.__all__``: how it is called, where it is defined, what it does."""
    import reader

    lines = ["| name | defined in | what it does |", "| --- | --- | --- |"]
    for name in reader.__all__:
        value = getattr(reader, name)
        module = getattr(value, "__module__", "reader")
        lines.append(f"| {_cell(_call(value, name))} | `{module}` | {_summary(value, name)} |")
    return "\n".join(lines) + "\n"


#: README.md lists docs/ in this order; a page not named here follows, by file name.
PAGE_ORDER = [
    "annotation-format.md",
    "number-check.md",
    "reading.md",
    "editing.md",
    "library.md",
    "importing.md",
    "command-line.md",
    "exports.md",
    "python-api.md",
    "deployment.md",
    "architecture.md",
    "performance.md",
    "development.md",
    "seed-article.md",
]


def _headings(text: str) -> list[tuple[int, str]]:
    """(level, title) of each Markdown heading outside fenced code."""
    found, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"(#{1,6}) (.+)", line)):
            found.append((len(match[1]), match[2].strip()))
    return found


def pages_table() -> str:
    """Every page of docs/: its title, linked, and its sections."""
    pages = sorted(
        (PROJECT / "docs").glob("*.md"),
        key=lambda p: (
            PAGE_ORDER.index(p.name) if p.name in PAGE_ORDER else len(PAGE_ORDER),
            p.name,
        ),
    )
    lines = ["| page | what it covers |", "| --- | --- |"]
    for page in pages:
        headings = _headings(page.read_text(encoding="utf-8"))
        title = next((t for level, t in headings if level == 1), page.stem)
        sections = [t for level, t in headings if level == 2]
        lines.append(f"| [{_cell(title)}](docs/{page.name}) | {_cell('; '.join(sections))} |")
    return "\n".join(lines) + "\n"


def make_table() -> str:
    """Every target of the Makefile: the comment above it, else what its recipe runs."""
    lines = (PROJECT / "Makefile").read_text(encoding="utf-8").splitlines()
    rows = ["| target | does |", "| --- | --- |"]
    for index, line in enumerate(lines):
        target = re.match(r"([a-z][\w-]*):(?!=)", line)
        if target is None:
            continue
        comment: list[str] = []
        row = index - 1
        while row >= 0 and lines[row].startswith("# "):
            comment.insert(0, lines[row][2:].strip())
            row -= 1
        recipe = []
        for step in lines[index + 1 :]:
            if not step.startswith("\t"):
                break
            step = step.strip().split("  # ")[0]
            recipe.append(step.replace("$(PY) ", "python ").replace("$(VENV)/bin/", ""))
        if comment:
            does = " ".join(comment)
        elif recipe:
            does = "; ".join(f"`{step}`" for step in recipe)
        else:
            does = "sets up `.venv` from `requirements.txt`"
        rows.append(f"| `make {target[1]}` | {_cell(does)} |")
    return "\n".join(rows) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "api": api_table,
    "make": make_table,
    "pages": pages_table,
    "commands": commands_table,
    "settings": settings_table,
}


def doc_files() -> list[Path]:
    """The files that may hold generated tables: README.md and every Markdown file in docs/."""
    return [PROJECT / "README.md", *sorted((PROJECT / "docs").rglob("*.md"))]


def regenerate(text: str, where: str = "") -> str:
    """`text` with each generated block rewritten from the code."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in GENERATORS:
            raise ValueError(
                f"{where}: unknown generated block {name!r} (known: {sorted(GENERATORS)})"
            )
        return f"{match['begin']}{GENERATORS[name]()}{match['end']}"

    return MARKERS.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.docs", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a file is stale; write nothing"
    )
    args = parser.parse_args(argv)
    stale = []
    for path in doc_files():
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        new = regenerate(text, path.relative_to(PROJECT).as_posix())
        if new != text:
            stale.append(path.relative_to(PROJECT).as_posix())
            if not args.check:
                path.write_text(new, encoding="utf-8")
    verb = "stale" if args.check else "rewrote"
    for name in stale:
        print(f"{verb}: {name}", file=sys.stderr)
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
