"""The docs stay true to the code: generated tables are current, and every reference resolves.

The tables of commands and settings in docs/ are generated (``make docs``, tools/docs.py); a
reference to a doc from the code (``docs/number-check.md``, ``README.md#tests``, or the README's
section by name, ``README, "Tests"``) must point at a file that exists and, with an anchor or a
section, at a heading it has. Links between the Markdown files are checked the same way.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import re
from pathlib import Path

import pytest

from tools import docs

PROJECT = docs.PROJECT
README = PROJECT / "README.md"
# Where the code may point at the docs: every source file a maintainer reads.
# frontend/ is left out: every byte of it is hashed into the committed editor bundle, so a fix
# there is a `make assets` (which needs npm), not a docs change.
SCANNED_DIRS = ("reader", "tests", "benchmarks", "tools")
SCANNED_SUFFIXES = {".py", ".js", ".mjs", ".css", ".html", ".toml", ".cfg"}
SCANNED_FILES = ("Makefile", "pyproject.toml", ".ci/run", ".streamlit/config.toml")
GENERATED = {"reader/assets/editor.js"}  # a bundle of npm code (make assets), not ours to point

DOC_PATH = re.compile(
    r"(?<![\w/.-])((?:[\w-]+/)*(?:docs/(?:[\w-]+/)*[\w-]+\.\w+|README\.md))(?:#([\w-]+))?"
)
LOOSE_DOC = re.compile(r"\bdocs?:\s*[\w-]+\.md")  # "docs: number-check.md", which is no path
README_SECTION = re.compile(r"README(?:\.md)?,? (?:section |under )?[\"“]([^\"”]+)[\"”]")
README_WORD = re.compile(r"README")


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    found: set[str] = set()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (heading := re.match(r"#{1,6} (.+)", line)):
            base = _anchor(heading[1])
            anchor, n = base, 0
            while anchor in found:
                n += 1
                anchor = f"{base}-{n}"
            found.add(anchor)
    return found


def _headings(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {re.sub(r"`", "", h).strip() for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def _scanned() -> list[Path]:
    files = [PROJECT / name for name in SCANNED_FILES if (PROJECT / name).is_file()]
    for folder in SCANNED_DIRS:
        for path in sorted((PROJECT / folder).rglob("*")):
            rel = path.relative_to(PROJECT).as_posix()
            if (
                path.is_file()
                and path.suffix in SCANNED_SUFFIXES
                and rel not in GENERATED
                and "node_modules" not in path.parts
                and path != Path(__file__).resolve()
            ):
                files.append(path)
    return files


def _broken_reference(source: Path, target: str, anchor: str | None) -> str | None:
    """Why `target` (a path as written in `source`) does not resolve, or None."""
    candidates = [PROJECT / target, source.parent / target]
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        return f"{target}: no such file (from the project folder or {source.parent.name}/)"
    if anchor and anchor not in _anchors(path):
        return f"{target}#{anchor}: no such heading in {target}"
    return None


def test_generated_docs_match_the_code() -> None:
    stale = []
    for path in docs.doc_files():
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if docs.regenerate(text, path.name) != text:
                stale.append(path.relative_to(PROJECT).as_posix())
    assert not stale, f"generated tables are out of date in {stale}: run `make docs` and commit"


def test_the_generated_blocks_are_where_the_docs_promise() -> None:
    command_line = (PROJECT / "docs" / "command-line.md").read_text(encoding="utf-8")
    assert "<!-- BEGIN generated:commands -->" in command_line
    deployment = (PROJECT / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert "<!-- BEGIN generated:settings -->" in deployment
    assert "<!-- BEGIN generated:pages -->" in README.read_text(encoding="utf-8")


def test_every_subcommand_and_option_is_in_the_command_table() -> None:
    from reader.cli import _parser

    table = docs.commands_table()
    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        assert f"### `{name}`" in table
        section = table.split(f"### `{name}`")[1].split("\n### ")[0]
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction):
                assert all(f"`{option}`" in section for option in action.option_strings)


def test_a_new_subcommand_appears_without_touching_the_generator(monkeypatch) -> None:
    def parser() -> argparse.ArgumentParser:
        p = argparse.ArgumentParser(prog="python -m reader")
        commands = p.add_subparsers(dest="command", metavar="COMMAND")
        search = commands.add_parser("search", aliases=["find"], help="find words | phrases")
        search.add_argument("query", nargs="+", help="what to look for")
        search.add_argument("--limit", type=int, default=10, help="at most this many hits")
        search.add_argument("--hidden", help=argparse.SUPPRESS)
        nested = search.add_subparsers(dest="what")
        nested.add_parser("index", help="build the index first")
        commands.add_parser("bare")  # no help at all
        return p

    monkeypatch.setattr("reader.cli._parser", parser)
    table = docs.commands_table()
    assert "| [`search`](#search) | find words \\| phrases |" in table
    assert "`find`" not in table  # an alias is not a second command
    assert "| `--limit` `LIMIT` | at most this many hits; default `10` |" in table
    assert "--hidden" not in table
    assert "#### `index`" in table and "### `bare`" in table


def test_every_setting_is_documented_and_read_from_the_environment() -> None:
    import inspect

    from reader.settings import Settings

    table = docs.settings_table()
    names = re.findall(r"^\| `(READER_\w+)` \|", table, re.M)
    assert len(names) == len(Settings.__dataclass_fields__)
    source = inspect.getsource(Settings.from_env)
    assert [n for n in names if f'"{n}"' not in source] == []


def test_code_references_to_docs_point_at_files_and_headings_that_exist() -> None:
    readme_headings = _headings(README)
    problems = []
    for source in _scanned():
        rel = source.relative_to(PROJECT).as_posix()
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            for match in DOC_PATH.finditer(line):
                if (why := _broken_reference(source, match[1], match[2])) is not None:
                    problems.append(f"{rel}:{number}: {why}")
            if LOOSE_DOC.search(line):
                problems.append(f"{rel}:{number}: write the path from the project: docs/NAME.md")
            sections = README_SECTION.findall(line)
            problems += [
                f'{rel}:{number}: README has no section "{s}"'
                for s in sections
                if s not in readme_headings
            ]
            mentions = len(README_WORD.findall(line))
            pointed = len(sections) + len(re.findall(r"README\.md", line))
            if mentions > pointed and '"README"' not in line:
                problems.append(
                    f'{rel}:{number}: say where: README.md#anchor, README, "Section", '
                    "or better the page in docs/ that holds it"
                )
    assert problems == []


@pytest.mark.parametrize("page", docs.doc_files(), ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_links_between_the_docs_resolve(page: Path) -> None:
    assert page.is_file(), f"{page.name} is listed in the docs but not written"
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    problems = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        path_part, _, anchor = target.partition("#")
        path = (page.parent / path_part).resolve() if path_part else page
        if not path.exists():
            problems.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            problems.append(f"{target}: no heading with that anchor")
    assert problems == []


def test_the_readme_is_a_front_door() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200 and len(text.encode()) < 16_000, "move reference to docs/"
    assert "make run" in text and "make test" in text
    assert "](docs/screenshot.png)" in text
    # Numbers that go stale belong in benchmark output and CHANGELOG.md, not here.
    assert re.findall(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b", text) == []
    assert re.findall(r"\b\d[\d,]* (?:passed|tests)\b|\d+(?:\.\d+)? ?(?:ms|min)\b", text) == []


def test_the_readme_example_checks_as_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    text = README.read_text(encoding="utf-8")
    yaml_text = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)[1]
    console = re.search(r"```console\n\$ python -m reader (.*?)\n(.*?)```", text, re.DOTALL)
    slug = re.search(r"annotations/([\w-]+)\.yaml:", console[2])[1]
    (tmp_path / "article").mkdir()
    (tmp_path / "annotations").mkdir()
    seed = PROJECT / "article" / "mexico-drug-war.md"  # the README says it is the seed's text
    (tmp_path / "article" / f"{slug}.md").write_bytes(seed.read_bytes())
    (tmp_path / "annotations" / f"{slug}.yaml").write_text(yaml_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("READER_ROOT", raising=False)
    assert main(console[1].split()) == 0
    out = capsys.readouterr()
    assert out.out + out.err == console[2]


def test_every_public_name_is_in_the_api_table() -> None:
    import reader

    table = docs.api_table()
    assert [name for name in reader.__all__ if f"| `{name}" not in table] == []
    assert "<!-- BEGIN generated:api -->" in (PROJECT / "docs" / "python-api.md").read_text("utf-8")


PYTHON_M = re.compile(r"python -m ([A-Za-z_][\w.]*)(?: ([a-z][\w-]*)\b)?")


def test_every_python_m_command_named_in_the_code_and_docs_exists() -> None:
    """`python -m benchmarks soak` (a module that takes no command) or `python -m reader bench` (no
    such subcommand) are caught; `python -m benchmarks.soak` and `python -m reader check` pass."""
    from reader.cli import _parser

    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    problems = []
    for source in [*_scanned(), *(p for p in docs.doc_files() if p.is_file())]:
        rel = source.relative_to(PROJECT).as_posix()
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            for module, word in PYTHON_M.findall(line):
                module = module.rstrip(".")
                if importlib.util.find_spec(module) is None:
                    problems.append(f"{rel}:{number}: no module {module}")
                elif module == "reader" and word and word not in commands.choices:
                    problems.append(f"{rel}:{number}: `python -m reader {word}`: no such command")
                elif module.startswith(("benchmarks", "tools")) and word:
                    problems.append(
                        f"{rel}:{number}: `python -m {module}` takes no command {word!r}"
                    )
    assert problems == []


PROJECT_PATH = re.compile(
    r"(?<![\w/.-])((?:reader|tests|benchmarks|tools|docs)/[\w/.-]*\w\.[a-z]+)\b"
)
MODULE_PATH = re.compile(r"(?<![\w.@/-])reader((?:\.[a-z_]\w*){2,})(?:\.[A-Za-z_]\w*)?")


def _spec(name: str) -> importlib.machinery.ModuleSpec | None:
    try:
        return importlib.util.find_spec(name)  # finds without importing (the app runs on import)
    except ModuleNotFoundError:  # a parent is missing, or is a module and not a package
        return None


def _missing_module(dotted: str) -> str | None:
    """Why `dotted` (reader.a.b or reader.a.b.name) names nothing, or None."""
    parts = dotted.split(".")
    if parts[-1] in {
        "org",
        "com",
        "net",
        "invalid",
        "test",
    }:  # a host name, e.g. reader.example.org
        return None
    for end in range(len(parts), 1, -1):
        if (spec := _spec(".".join(parts[:end]))) is not None:
            break
    else:
        return "no such module"
    rest = parts[end:]
    if len(rest) > 1:
        return f"no module {'.'.join(parts[: end + 1])}"
    if rest and spec.origin:
        source = Path(spec.origin).read_text(encoding="utf-8")
        if not re.search(rf"\b{rest[0]}\b", source):  # defined, imported or listed
            return f"{parts[end - 1]} defines no {rest[0]}"
    return None


def test_files_and_modules_named_in_the_code_and_docs_exist() -> None:
    """A comment or a doc naming `tests/test_store.py` or `reader.app.memo` after it moved is
    caught: every project path with a suffix, and every ``reader.a.b`` module path, must exist."""
    problems = []
    pages = [p for p in docs.doc_files() if p.is_file()]  # CHANGELOG.md may name what is gone
    for source in [*_scanned(), *pages]:
        rel = source.relative_to(PROJECT).as_posix()
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            problems += [
                f"{rel}:{number}: {path}: no such file"
                for path in PROJECT_PATH.findall(line)
                if not (PROJECT / path).exists()
                and "*" not in path
                and not Path(path).stem.isupper()  # a placeholder: docs/NAME.md
            ]
            problems += [
                f"{rel}:{number}: {match[0]}: {why}"
                for match in MODULE_PATH.finditer(line)
                if (why := _missing_module(match[0])) is not None
            ]
    assert problems == []


def test_the_yaml_examples_in_the_docs_follow_the_schema() -> None:
    """Every ```yaml block of README.md and docs/ parses as an annotation file with no error but
    links to ids the fragment leaves out (an example shows one claim, not its figures)."""
    from reader.sources.annotations import parse_annotations

    problems = []
    for page in docs.doc_files():
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        for index, block in enumerate(re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)):
            where = f"{page.relative_to(PROJECT).as_posix()} (yaml example {index + 1})"
            _, found = parse_annotations(block, where)
            problems += [
                str(p) for p in found if p.is_error and "which does not exist" not in p.message
            ]
    assert problems == []


def test_the_architecture_names_every_package_and_module() -> None:
    """docs/architecture.md's table of folders has a row for each package of reader/ that names
    each of its modules, and names each module at the top of reader/; a new one is added there."""
    text = (PROJECT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(reader/\w+/)` \|(.*)$", text, re.MULTILINE))
    missing = []
    for path in sorted((PROJECT / "reader").iterdir()):
        if (path / "__init__.py").is_file():
            row = rows.get(f"reader/{path.name}/")
            if row is None:
                missing.append(f"reader/{path.name}/")
                continue
            missing += [
                f"reader/{path.name}/{module.name}"
                for module in sorted(path.glob("*.py"))
                if not module.stem.startswith("_") and f"`{module.stem}" not in row
            ]
        elif (
            path.suffix == ".py"
            and path.name != "__main__.py"
            and f"reader/{path.name}" not in text
        ):
            missing.append(f"reader/{path.name}")
    assert missing == [], f"docs/architecture.md does not describe {missing}"
