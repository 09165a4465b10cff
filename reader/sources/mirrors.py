"""Sources on sites that only mirror or republish others: cite the page that first published it.

A figure's or a note's source should open on the page that holds the evidence as its publisher
put it out. Some sites only copy other people's pages: Wikipedia mirrors, document-upload sites,
news aggregators and republishers. Their copies drift from the original, lose its date and
author, and vanish; `python -m reader check` warns at the source's ``url`` (its line:col) when
one is cited, naming the site, so the curator can find the original or the wire copy.

The list is short and documented (docs/annotation-format.md#sources-that-only-copy-others);
``READER_MIRROR_HOSTS`` changes it (reader.settings): ``+host`` adds a site, ``-host`` drops
one, bare entries replace the whole list, and ``none`` turns the warning off. A host matches
itself and its subdomains (``scribd.com`` matches ``id.scribd.com``); a host ending in ``.*``
matches any last label (``docplayer.*``: docplayer.net, docplayer.es). Wikipedia itself is not
on the list: it is the original of its mirrors, and citing it is the curator's call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # imported by reader.settings: this module stays free of the parsing stack
    from reader.sources.annotations import Annotations
    from reader.sources.problems import Problem

__all__ = ["DEFAULT_MIRROR_HOSTS", "mirror_host", "mirror_problems", "read_mirror_hosts"]

#: Sites that only mirror or republish others, by kind (see the module docstring).
DEFAULT_MIRROR_HOSTS: tuple[str, ...] = (
    # Wikipedia mirrors and reader front ends
    "piglix.com",
    "iiab.me",
    "wikimili.com",
    "wikiwand.com",
    "wikizero.com",
    "wiki2.org",
    "owiki.org",
    "en-academic.com",
    # document-upload and document-copy sites
    "scribd.com",
    "everand.com",
    "docplayer.*",
    "yumpu.com",
    "issuu.com",
    "vdocuments.*",
    "fdocuments.*",
    "pdfslide.net",
    "docshare.tips",
    "1library.net",
    "docslib.org",
    # aggregators and republishers
    "newsbreak.com",
    "msn.com",
    "news.yahoo.com",
    "noticias.yahoo.com",
    "particle.news",
    "localnewswave.com",
    "flipboard.com",
    "pledgetimes.com",
    "mapinc.org",
)


def read_mirror_hosts(
    value: str, default: tuple[str, ...] = DEFAULT_MIRROR_HOSTS
) -> tuple[str, ...]:
    """The list ``READER_MIRROR_HOSTS`` asks for (comma- or space-separated): empty keeps
    ``default``, ``none`` is no list, ``+host``/``-host`` add to or drop from the default, and
    bare hosts replace it."""
    items = [item.strip().lower() for item in value.replace(",", " ").split()]
    if not items:
        return default
    if items == ["none"]:
        return ()
    bare = [item for item in items if item[0] not in "+-"]
    hosts = list(dict.fromkeys(bare)) if bare else list(default)
    for item in items:
        if item.startswith("+") and item[1:] and item[1:] not in hosts:
            hosts.append(item[1:])
        elif item.startswith("-") and item[1:] in hosts:
            hosts.remove(item[1:])
    return tuple(hosts)


def mirror_host(url: str | None, hosts: Iterable[str] = DEFAULT_MIRROR_HOSTS) -> str | None:
    """The listed site that ``url`` is on, or None (any scheme; ``www.`` and a trailing dot in the
    host are ignored)."""
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    labels = host.lower().split(".")
    for listed in hosts:
        if listed.endswith(".*"):  # the name, then one or two labels: docplayer.es, .com.br
            stem = listed[:-2].split(".")
            for at in range(len(labels)):
                rest = len(labels) - at - len(stem)
                if labels[at : at + len(stem)] == stem and 1 <= rest <= 2:
                    return listed
        elif host.lower() == listed or host.lower().endswith("." + listed):
            return listed
    return None


def mirror_problems(
    annotations: Annotations, hosts: Iterable[str] = DEFAULT_MIRROR_HOSTS
) -> list[Problem]:
    """A warning at each source ``url`` of the file's own figures and notes that is on a listed
    site (the shared file's entries are its own file's to report)."""
    hosts = tuple(hosts)
    if not hosts:
        return []
    problems: list[Problem] = []

    def check(item: Any, fields: tuple[str | int, ...], owner: str, url: str | None) -> None:
        site = mirror_host(url, hosts)
        if site is not None:
            problems.append(
                annotations.problem(
                    item,
                    (*fields, "url"),
                    "warning",
                    f"{owner}: the source {url} is on {site}, a site that only mirrors or "
                    "republishes others: cite the original page (or the news agency's copy)",
                )
            )

    for section, _, item in annotations.entries:
        if section == "figures":
            check(item, ("source",), f"figure '{item.id}'", item.source.url)  # type: ignore[attr-defined]
        elif section == "notes":
            for index, source in enumerate(item.sources):  # type: ignore[attr-defined]
                check(item, ("sources", index), f"note '{item.id}'", source.url)  # type: ignore[attr-defined]
    return sorted(problems, key=lambda p: (p.line, p.column))
