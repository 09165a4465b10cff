"""Sources on sites that only mirror or republish others: `check` warns at the source's url."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.settings import Settings
from reader.sources.annotations import parse_annotations
from reader.sources.mirrors import (
    DEFAULT_MIRROR_HOSTS,
    mirror_host,
    mirror_problems,
    read_mirror_hosts,
)
from tests.conftest import PROJECT, make_root

ARTICLE = "---\ntitle: Culiacán\n---\nCuliacán is the capital of Sinaloa.\n"
ANNOTATIONS = """\
figures:
  - id: people
    title: People
    type: stat
    unit: people
    data:
      - {label: "2010", value: 675773}
    source: {name: Wikipedia mirror, url: "http://piglix.com/piglix/Culiacan"}
notes:
  - id: culiacan
    title: Culiacán
    body: The capital. Of Sinaloa.
    mentions: [Culiacán]
    sources:
      - {name: The paper, url: "https://www.example.org/culiacan"}
      - {name: Upload, url: "https://id.scribd.com/document/1/culiacan"}
"""
SHARED = """\
notes:
  - id: sinaloa
    title: Sinaloa
    body: A state. In Mexico.
    mentions: [Sinaloa]
    sources:
      - {name: Aggregator, url: "https://www.newsbreak.com/news/1-sinaloa"}
"""


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("http://piglix.com/piglix/Culiacan", "piglix.com"),
        ("https://id.scribd.com/document/124209619/r-41576-Drug", "scribd.com"),
        ("https://issuu.com./lasillarota/docs/inegimuertes", "issuu.com"),  # a trailing dot
        ("https://docplayer.es/amp/31550599-x.html", "docplayer.*"),
        ("http://docplayer.com.br/1-x.html", "docplayer.*"),
        ("https://es-us.noticias.yahoo.com/deportes/x.html", "noticias.yahoo.com"),
        ("https://WWW.MSN.COM/en-us/news/x", "msn.com"),
        ("https://www.latimes.com/archives/blogs/x", None),
        ("https://notmsn.com/x", None),  # a suffix of the name is not the site
        ("https://example.org/piglix.com/x", None),  # nor is the path
        ("https://en.wikipedia.org/wiki/El_Paso", None),  # the original of its mirrors
        ("not a url", None),
        ("", None),
        (None, None),
    ],
)
def test_a_listed_site_matches_itself_and_its_subdomains_only(
    url: str | None, site: str | None
) -> None:
    assert mirror_host(url) == site


def test_the_default_list_names_each_kind_of_copying_site() -> None:
    for site in (
        "piglix.com",
        "wikimili.com",
        "scribd.com",
        "yumpu.com",
        "newsbreak.com",
        "msn.com",
    ):
        assert site in DEFAULT_MIRROR_HOSTS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", DEFAULT_MIRROR_HOSTS),
        ("   ", DEFAULT_MIRROR_HOSTS),
        ("none", ()),
        ("a.example, b.example", ("a.example", "b.example")),
        (
            "+a.example -msn.com",
            tuple(h for h in DEFAULT_MIRROR_HOSTS if h != "msn.com") + ("a.example",),
        ),
    ],
)
def test_the_setting_adds_drops_replaces_or_turns_off(
    value: str, expected: tuple[str, ...]
) -> None:
    assert read_mirror_hosts(value) == expected
    assert Settings.from_env({"READER_MIRROR_HOSTS": value}).mirror_host_list == expected


def place(text: str, url: str) -> str:
    """line:col of the quoted url value in YAML text (1-based, at its opening quote)."""
    for number, line in enumerate(text.splitlines(), 1):
        if url in line:
            return f"{number}:{line.index(url)}"  # the quote just before the url, 1-based
    raise AssertionError(url)


PIGLIX = "http://piglix.com/piglix/Culiacan"
SCRIBD = "https://id.scribd.com/document/1/culiacan"
NEWSBREAK = "https://www.newsbreak.com/news/1-sinaloa"


def test_each_mirrored_source_is_a_warning_at_its_url() -> None:
    annotations, problems = parse_annotations(ANNOTATIONS, "annotations/c.yaml")
    assert problems == []
    found = [str(p) for p in mirror_problems(annotations)]
    assert found == [
        f"annotations/c.yaml:{place(ANNOTATIONS, PIGLIX)}: warning: figure 'people': the source "
        "http://piglix.com/piglix/Culiacan is on piglix.com, a site that only mirrors or "
        "republishes others: cite the original page (or the news agency's copy)",
        f"annotations/c.yaml:{place(ANNOTATIONS, SCRIBD)}: warning: note 'culiacan': the source "
        "https://id.scribd.com/document/1/culiacan is on scribd.com, a site that only mirrors or "
        "republishes others: cite the original page (or the news agency's copy)",
    ]
    assert mirror_problems(annotations, ()) == []
    assert [p.line for p in mirror_problems(annotations, ("example.org",))] == [
        int(place(ANNOTATIONS, "https://www.example.org/culiacan").split(":")[0])
    ]


def _check(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "check", "--root", str(root)],
        check=False,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "PYTHONPATH": str(PROJECT), **env},
    )


def test_check_warns_once_per_source_in_the_document_and_the_shared_file(tmp_path: Path) -> None:
    root = make_root(
        tmp_path,
        {"c": ARTICLE, "d": ARTICLE.replace("Culiacán", "Mazatlán")},
        {"c": ANNOTATIONS, "_shared": SHARED},
    )
    result = _check(root)
    assert result.returncode == 0, result.stderr  # warnings, not errors
    places = [line.split(": warning: ")[0] for line in result.stdout.splitlines()]
    assert places == [
        f"{root}/annotations/_shared.yaml:{place(SHARED, NEWSBREAK)}",
        f"{root}/annotations/c.yaml:{place(ANNOTATIONS, PIGLIX)}",
        f"{root}/annotations/c.yaml:{place(ANNOTATIONS, SCRIBD)}",
    ], result.stdout
    assert "2 documents checked: 0 errors, 3 warnings" in result.stderr

    quiet = _check(root, READER_MIRROR_HOSTS="none")
    assert quiet.stdout == "" and "all clear" in quiet.stderr
    more = _check(root, READER_MIRROR_HOSTS="+example.org")
    assert "example.org" in more.stdout and "4 warnings" in more.stderr
