"""Runs the W3C Web Annotation conformance assertions (tests/data/web-annotation) offline.

Every assertion named in a ``*Musts.test`` file is a JSON Schema (draft-04) that a conforming
Annotation / AnnotationCollection / AnnotationPage must satisfy (``expectedResult: valid``). The
assertions ``$ref`` shared definitions by relative id (``id.json#/definitions/stringUri``), which
are registered here from ``definitions/*.json`` under those same relative ids; anything else is
refused, so nothing is ever fetched.

Formats matter to these schemas (``oneOf`` a ``format: uri`` string or an object), so the format
checker enforces ``uri`` (RFC 3986: scheme ":" and no characters that are illegal in a URI) and
``date-time`` (RFC 3339) itself rather than depending on optional packages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4

from tests.conftest import DATA

SUITE = DATA / "web-annotation"
MUST_FILES = {
    "annotation": "annotations/annotationMusts.test",
    "collection": "collections/collectionMusts.test",
    "page": "collections/pages/pageMusts.test",
}

# RFC 3986 URI: a scheme, ':', then only unreserved / reserved characters and %XX escapes.
_URI = re.compile(
    r"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$"
)
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(_URI.match(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.match(value):
            return False
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    return checker


def _refuse(uri: str) -> Resource:
    raise NoSuchResource(ref=uri)  # never fetch: every definition is local


@dataclass(frozen=True)
class Assertion:
    path: str  # relative to the suite, e.g. "annotations/3.1-annotationIdValidated.json"
    schema: dict[str, Any]

    @property
    def title(self) -> str:
        return self.schema.get("title", self.path)


@cache
def registry() -> Registry:
    resources = []
    for file in sorted((SUITE / "definitions").glob("*.json")):
        contents = json.loads(file.read_text(encoding="utf-8"))
        resources.append((contents.get("id", file.name), DRAFT4.create_resource(contents)))
    return Registry(retrieve=_refuse).with_resources(resources)


@cache
def musts(kind: str) -> tuple[Assertion, ...]:
    """The MUST assertions for "annotation", "collection" or "page", as listed by the suite."""
    listing = json.loads((SUITE / MUST_FILES[kind]).read_text(encoding="utf-8"))
    assertions = []
    for path in listing["assertions"]:
        schema = json.loads((SUITE / path).read_text(encoding="utf-8"))
        assert schema.get("assertionType") == "must" and schema.get("expectedResult") == "valid", (
            path
        )
        assertions.append(Assertion(path, schema))
    return tuple(assertions)


@cache
def _validators(kind: str) -> tuple[tuple[Assertion, jsonschema.Draft4Validator], ...]:
    checker = _format_checker()
    return tuple(
        (a, jsonschema.Draft4Validator(a.schema, registry=registry(), format_checker=checker))
        for a in musts(kind)
    )


def failures(kind: str, instance: Any) -> list[str]:
    """Every MUST assertion of this kind that ``instance`` fails, as "path: title — first error"."""
    failed = []
    for assertion, validator in _validators(kind):
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            failed.append(
                f"{assertion.path}: "
                f"{assertion.schema.get('errorMessage', assertion.title)} — "
                f"{error.message[:200]}"
            )
    return failed


def collection_failures(collection: dict[str, Any]) -> list[str]:
    """MUST failures of a collection (with the page MUSTs, as the suite runs them on a collection
    with an embedded page), of that page on its own, and of every annotation in it on its own."""
    failed = [f"collection: {f}" for f in failures("collection", collection)]
    failed += [f"page: {f}" for f in failures("page", collection)]
    page = collection.get("first")
    if isinstance(page, dict):
        failed += [f"first page: {f}" for f in failures("page", page)]
        for index, item in enumerate(page.get("items", [])):
            failed += [
                f"item {index} ({item.get('id') if isinstance(item, dict) else item}): {f}"
                for f in failures("annotation", item)
            ]
    return failed


def sample(path: str) -> Path:
    return SUITE / "tools" / "samples" / path
