"""The shipped JSON Schema (annotations/schema.json): current, accepts the project's files, rejects
broken ones."""

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from reader.interop.jsonschema import YAML_SCHEMA_LINE, annotation_json_schema, schema_text
from reader.sources.annotations import parse_annotations
from tests.conftest import PROJECT

SHIPPED = PROJECT / "annotations" / "schema.json"

GOOD = """\
claims:
  - id: two-million
    quote: about two million honeybee colonies
    prefix: "rent "
    figures: [colonies]
    notes: [beekeeping]
    assessment: USDA counts **1.9 million** in 2023.
    status: approximate
figures:
  - id: colonies
    title: Colonies rented
    type: bar
    x: year
    y: [colonies, hives]
    unit: millions
    data: [{year: 2023, colonies: 1.9, hives: null}, {year: 2024, colonies: 2, hives: 3}]
    highlight: [2024]
    caption: Rough numbers.
    source: {name: USDA, url: "https://www.usda.gov/"}
  - id: stats
    title: Two numbers
    type: stat
    data: [{label: Hives, value: 12}]
    source: {name: USDA}
notes:
  - id: beekeeping
    title: Migratory beekeeping
    body: Hives move with the bloom.
    mentions: [Beekeepers]
    sources: [{name: A book}]
  - id: one-place
    title: One place
    body: Anchored once.
    quote: truck their hives
    suffix: " west"
entities:
  - text: Texas
    label: GPE
    note: beekeeping
  - quote: almond
    prefix: "California’s "
    label: PRODUCT
  - text: February
    remove: true
"""


def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_the_shipped_schema_is_the_generated_one():
    # Regenerate with: python -m reader schema -o annotations/schema.json
    assert SHIPPED.read_text(encoding="utf-8") == schema_text()


def test_schema_command_writes_the_same_text(tmp_path):
    out = tmp_path / "schema.json"
    result = subprocess.run(
        [sys.executable, "-m", "reader", "schema", "-o", str(out)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == schema_text()
    printed = subprocess.run(
        [sys.executable, "-m", "reader", "schema"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert printed.returncode == 0 and printed.stdout == schema_text()


def test_schema_has_identity_and_enums():
    schema = annotation_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://") and schema["title"] and schema["description"]
    status = schema["$defs"]["Claim"]["properties"]["status"]["anyOf"][0]
    assert status["enum"] == [
        "supported",
        "approximate",
        "misdated",
        "disputed",
        "incorrect",
        "unconfirmed",
    ]
    assert schema["$defs"]["Figure"]["properties"]["type"]["enum"] == ["line", "bar", "stat"]
    assert schema["additionalProperties"] is False


def test_every_project_annotation_file_references_and_passes_the_schema():
    files = sorted((PROJECT / "annotations").glob("*.yaml"))
    assert files
    check = validator()
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert text.splitlines()[0] == YAML_SCHEMA_LINE, file
        errors = [e.message for e in check.iter_errors(yaml.safe_load(text))]
        assert errors == [], (file, errors)


def test_a_complete_valid_file_passes_schema_and_core():
    assert list(validator().iter_errors(yaml.safe_load(GOOD))) == []
    _, problems = parse_annotations(GOOD, "good.yaml")
    assert [p for p in problems if p.is_error] == []


BROKEN = {
    "unknown top-level key": ("claims:", "claimz:"),
    "unknown key in an entry": ("    status: approximate", "    stauts: approximate"),
    "bad status": ("status: approximate", "status: roughly"),
    "bad id": ("id: two-million", "id: two million!"),
    "wrong type": ("figures: [colonies]", "figures: colonies"),
    "bad figure type": ("type: bar", "type: pie"),
    "missing required key": ('    source: {name: USDA, url: "https://www.usda.gov/"}\n', ""),
    "bad label": ("label: GPE", "label: place"),
    "text and quote together": ("  - text: Texas\n", "  - text: Texas\n    quote: Texas\n"),
    "neither text nor quote": ("  - text: February\n", "  - prefix: February\n"),
    "remove is not a boolean": ("remove: true", "remove: yes please"),
    "empty quote": ("quote: truck their hives", "quote: ''"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_schema_rejects_broken_files(name):
    old, new = BROKEN[name]
    assert GOOD.count(old) >= 1, name
    broken = yaml.safe_load(GOOD.replace(old, new, 1))
    assert list(validator().iter_errors(broken)), name
