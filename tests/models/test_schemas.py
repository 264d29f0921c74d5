"""JSON Schema tests: the committed schemas/ are exactly what the models generate, they are
valid 2020-12 schemas, and every data file (parsed by our own YAML reader) satisfies its
schema, so editors flag the same mistakes the validator does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from support import FIXTURES, ROOT
from watched.cli import main
from watched.models.schema import json_schemas, schema_file, schema_files
from watched.pipeline.yamlfile import parse

VALID = FIXTURES / "valid"
HEADER_PREFIX = "# yaml-language-server: $schema="


def data_files(data_dir: Path) -> list[tuple[str, Path]]:
    files = [("campaign", data_dir / "campaign.yaml")]
    files += [(path.parent.name, path) for path in sorted(data_dir.glob("*/*.yaml"))]
    return files


def committed_validator(collection: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / schema_file(collection)).read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_committed_schemas_are_up_to_date():
    stale = [
        relative
        for relative, text in schema_files().items()
        if not (ROOT / relative).is_file() or (ROOT / relative).read_text("utf-8") != text
    ]
    assert stale == [], "run `make schemas` and commit schemas/"
    committed = {path.name for path in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == {Path(relative).name for relative in schema_files()}


@pytest.mark.parametrize("collection", sorted(json_schemas()))
def test_every_schema_is_a_valid_2020_12_schema(collection):
    schema = json_schemas()[collection]
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == f"Watched {collection} record"
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    ("collection", "path"),
    data_files(ROOT / "data") + data_files(VALID),
    ids=lambda value: value.relative_to(ROOT).as_posix() if isinstance(value, Path) else value,
)
def test_every_data_file_satisfies_its_committed_schema(collection, path):
    raw = path.read_bytes()
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in committed_validator(collection).iter_errors(parse(raw).value)
    ]
    assert errors == []
    # The header line points at that very schema, relative to the file.
    first = raw.decode("utf-8").split("\n", 1)[0]
    assert first.startswith(HEADER_PREFIX)
    target = (path.parent / first.removeprefix(HEADER_PREFIX)).resolve()
    if path.is_relative_to(ROOT / "data"):
        assert target == (ROOT / "schemas" / schema_file(collection)).resolve()


def test_schema_rejects_what_the_validator_rejects():
    record = parse(
        (ROOT / "data/deployments/washington-county-sheriff-rekognition.yaml").read_bytes()
    ).value
    broken = {
        **record,
        "agency_kind": "sherif",
        "agnecy": "x",
        "status": {**record["status"], "sources": []},
    }
    del broken["summary"]
    messages = sorted(
        error.message for error in committed_validator("deployments").iter_errors(broken)
    )
    assert any("'sherif' is not one of" in message for message in messages)
    assert any("'agnecy' was unexpected" in message for message in messages)
    assert any("'summary' is a required property" in message for message in messages)
    assert any("[] should be non-empty" in message for message in messages)


def test_fields_carry_descriptions_from_the_models():
    properties = json_schemas()["deployments"]["properties"]
    assert "unknown" in properties["system"]["description"]
    assert "source records" in properties["sources"]["description"]
    assert json_schemas()["deployments"]["description"].startswith("An agency using")


def test_make_schemas_rewrites_stale_files_and_exits_1(tmp_path, capsys):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "sources.schema.json").write_text("{}\n", "utf-8")
    (tmp_path / "schemas" / "widgets.schema.json").write_text("{}\n", "utf-8")
    (tmp_path / "schemas" / "campaign.schema.json").unlink()

    assert main(["schemas", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "schemas/sources.schema.json was stale; updated" in out
    assert "schemas/campaign.schema.json was missing; written" in out
    assert "schemas/widgets.schema.json was stale; removed" in out
    for relative, text in schema_files().items():
        assert (tmp_path / relative).read_text("utf-8") == text
    assert not (tmp_path / "schemas" / "widgets.schema.json").exists()

    assert main(["schemas", "--root", str(tmp_path)]) == 0
    assert "schemas/ is up to date (9 files)" in capsys.readouterr().out
