"""Scaffolder tests: ``make new KIND=… ID=…`` writes an annotated record that the real
validator rejects field by field until it is filled in, and accepts once it is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support import FIXTURES, ROOT
from watched.cli import main
from watched.models import COLLECTIONS
from watched.models.schema import header_line
from watched.pipeline.validate import validate
from watched.pipeline.yamlfile import parse
from watched.tools.scaffold import KINDS, ScaffoldRefused, scaffold

VALID = FIXTURES / "valid"

# Fictional values for every required field, keyed by the field's own name. They point at
# records of the fake fixture dataset (fake-report-one, fakecorp-facefinder).
FILLERS = {
    "agency": "Fakeville Police Department (fictional)",
    "agency_kind": "police",
    "place": "Fakeville",
    "level": "city",
    "coordinates": "{lat: 44.0, lon: -120.5}",
    "system": "fakecorp-facefinder",
    "value": "active",
    "as_of": "2025-03",
    "summary": "A fictional record written by the scaffolder test.",
    "sources": "[fake-report-one]",
    "last_verified": "2026-01-15",
    "title": "A fictional report",
    "publisher": "Fake Publisher",
    "url": "https://example.org/fictional-report",
    "accessed": "2026-01-15",
    "kind": "news",
    "name": "A fictional name",
    "vendor": "FakeCorp (fictional)",
    "who_bears_it": "Fictional residents of Fakeville.",
    "text": "A fictional piece of evidence.",
    "type": "ban",
    "covers": "Fictional city agencies.",
    "oversight_note": "No fictional body with an official contact was found.",
    "date": "2024-03-02",
    "deployment": "example-county-sheriff-facefinder",
    "find_legislator": "https://example.org/find-your-legislator",
    "verified_on": "2026-01-15",
    "citation": "FRS 1.1",
}
EMPTY_MESSAGES = re.compile(
    r"must be filled in: it is empty$|; it is empty$|must list at least 1 item\(s\)$"
)
KEY_LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+):")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the fake fixture dataset, so references in the filled record resolve."""
    target = tmp_path / "project" / "data"
    shutil.copytree(VALID, target)
    return target


def problems_in(data_dir: Path, relative: str) -> list:
    outcome = validate(data_dir, data_dir.parent)
    return [problem for problem in outcome.problems if problem.path == f"data/{relative}"]


# Where a kind needs its own value for a field (an incident's kind is not a source's).
KIND_FILLERS = {
    "incident": {"kind": "wrongful-arrest", "value": "settled"},
    "policy": {"value": "in-force"},
    "state": {"name": "Ohio"},
}
# A state's id must be a state's slug (the fixture has oregon and florida).
NEW_IDS = {"state": "ohio"}


def new_id(kind: str) -> str:
    return NEW_IDS.get(kind, f"fakeville-new-{kind}")


def fill_in(path: Path, problems: list, kind: str = "") -> None:
    """Fill in exactly the lines the validator reported, as a contributor would."""
    fillers = {**FILLERS, **KIND_FILLERS.get(kind, {})}
    lines = path.read_text("utf-8").split("\n")
    for problem in problems:
        line = lines[problem.line - 1]
        match = KEY_LINE.match(line)
        assert match, f"problem on a line that names no field: {problem}"
        lines[problem.line - 1] = f"{match['lead']}{match['key']}: {fillers[match['key']]}"
    path.write_text("\n".join(lines), "utf-8")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_unfilled_record_fails_with_one_clear_message_per_field(data_dir, kind):
    made = scaffold(data_dir, kind, new_id(kind))
    relative = made.path.relative_to(data_dir).as_posix()
    problems = problems_in(data_dir, relative)
    assert problems, "an unfilled template must not pass validation"
    lines = made.path.read_text("utf-8").split("\n")
    for problem in problems:
        assert EMPTY_MESSAGES.search(problem.message), problem
        field = problem.message.split(" ")[0].split(".")[-1].split("[")[0]
        assert KEY_LINE.match(lines[problem.line - 1])["key"] in (field, "coordinates"), problem
        # The comment above each field says what to write there.
        above = lines[problem.line - 2].strip()
        assert above.startswith("#") or problem.message.startswith("jurisdiction.coordinates"), (
            problem
        )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_filled_in_record_passes_the_real_validator(data_dir, kind):
    """Filling in what the validator names passes within two rounds: the rules that relate
    fields to each other (oversight or oversight_note) run once every field is valid."""
    made = scaffold(data_dir, kind, new_id(kind))
    relative = made.path.relative_to(data_dir).as_posix()
    for _ in range(2):
        fill_in(made.path, problems_in(data_dir, relative), kind)
    outcome = validate(data_dir, data_dir.parent)
    assert outcome.problems == []
    assert new_id(kind) in outcome.dataset.collection(KINDS[kind])


def test_deployment_skeleton_names_every_empty_required_field(data_dir):
    made = scaffold(data_dir, "deployment", "fakeville-police-facefinder")
    messages = [
        p.message for p in problems_in(data_dir, "deployments/fakeville-police-facefinder.yaml")
    ]
    assert messages == [
        "agency must be filled in: it is empty",
        (
            "agency_kind must be one of police, sheriff, city, county, state, federal, fusion-center, "
            "other; it is empty"
        ),
        "jurisdiction.place must be filled in: it is empty",
        "jurisdiction.level must be one of city, county, state, national; it is empty",
        "jurisdiction.coordinates.lat must be filled in: it is empty",
        "jurisdiction.coordinates.lon must be filled in: it is empty",
        "system must be filled in: it is empty",
        (
            "status.value must be one of proposed, pilot, active, paused, ended, banned, unknown; "
            "it is empty"
        ),
        "status.as_of must be filled in: it is empty",
        "status.sources must list at least 1 item(s)",
        "summary must be filled in: it is empty",
        "sources must list at least 1 item(s)",
        "last_verified must be filled in: it is empty",
    ]
    assert made.path.read_text("utf-8").splitlines()[0] == header_line("deployments")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_template_lists_every_field_of_the_model_with_a_comment(data_dir, kind):
    made = scaffold(data_dir, kind, "fakeville-x")
    text = made.path.read_text("utf-8")
    document = parse(text.encode("utf-8"))
    assert list(document.value) == list(COLLECTIONS[KINDS[kind]].model_fields)
    assert document.value["id"] == "fakeville-x"
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if KEY_LINE.match(line) and not line.startswith(" ") and line.split(":")[0] != "id":
            assert lines[number - 1].startswith("#"), f"no comment above {line!r}"


def test_nested_parts_of_the_templates_match_the_models(data_dir):
    deployment = parse(scaffold(data_dir, "deployment", "fakeville-a").path.read_bytes()).value
    model = COLLECTIONS["deployments"]
    jurisdiction = model.model_fields["jurisdiction"].annotation
    status = model.model_fields["status"].annotation
    assert list(deployment["jurisdiction"]) == list(jurisdiction.model_fields)
    assert list(deployment["status"]) == list(status.model_fields)
    concern = parse(scaffold(data_dir, "concern", "fakeville-b").path.read_bytes()).value
    assert sorted(concern["evidence"][0]) == ["date", "sources", "text"]


def test_refuses_to_overwrite_an_existing_record(data_dir):
    existing = data_dir / "deployments" / "example-county-sheriff-facefinder.yaml"
    before = existing.read_bytes()
    with pytest.raises(ScaffoldRefused, match="already exists; edit it, or choose another ID"):
        scaffold(data_dir, "deployment", "example-county-sheriff-facefinder")
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    "bad_id", ["Fakeville_PD", "fakeville pd", "-fakeville", "a--b", "", "x" * 81, "../x"]
)
def test_rejects_a_bad_id_and_writes_nothing(data_dir, bad_id):
    before = sorted(data_dir.rglob("*"))
    with pytest.raises(
        ScaffoldRefused, match=r"^ID must be a lowercase slug of letters, digits and single hyphens"
    ):
        scaffold(data_dir, "deployment", bad_id)
    assert sorted(data_dir.rglob("*")) == before


def test_rejects_an_unknown_kind(data_dir):
    with pytest.raises(
        ScaffoldRefused,
        match="KIND must be one of capability, concern, deployment, incident, policy, source, state, system; got 'widget'",
    ):
        scaffold(data_dir, "widget", "fakeville-x")


def test_accepts_the_folder_name_as_kind(data_dir):
    made = scaffold(data_dir, "deployments", "fakeville-c")
    assert made.path == data_dir / "deployments" / "fakeville-c.yaml"


def test_command_line(data_dir, capsys):
    root = data_dir.parent
    assert main(["new", "deployment", "fakeville-d", "--root", str(root)]) == 0
    assert "wrote data/deployments/fakeville-d.yaml" in capsys.readouterr().out
    assert main(["new", "deployment", "fakeville-d", "--root", str(root)]) == 1
    assert (
        "nothing was written: deployments/fakeville-d.yaml already exists"
        in capsys.readouterr().err
    )
    assert main(["new", "--root", str(root)]) == 1
    assert "usage: make new KIND=deployment ID=" in capsys.readouterr().err
    assert main(["new", "deployment", "Bad ID", "--root", str(root)]) == 1
    assert "nothing was written: ID must be a lowercase slug" in capsys.readouterr().err


BROKEN_EXAMPLE = """\
id: example-broken
agency: Example Police Department
agency_kind: polise
jurisdiction:
  place: Example City
  region: Oregon
  level: city
  coordinates: {lat: 45.5, lon: -122.6}
system: amazon-rekognition
status:
  value: active
  as_of: 03/2019
  sources: [aclu-2018-amazon-rekognitoin]
summary: The department searched booking photos.
sumary: typo
sources: []
oversight_note: No public body with an official contact was found.
last_verified: 2026-11-26
"""


def test_contributing_guide_shows_the_validators_real_messages(tmp_path):
    """The error examples in CONTRIBUTING.md are what the validator prints today."""
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir)
    broken = data_dir / "deployments" / "example-broken.yaml"

    def printed(text: str) -> list[str]:
        broken.write_text(header_line("deployments") + "\n" + text, "utf-8")
        problems = [
            p
            for p in validate(data_dir, tmp_path).problems
            if p.path.endswith("example-broken.yaml")
        ]
        return [str(p) for p in problems]

    first = printed(BROKEN_EXAMPLE)
    second = printed(
        BROKEN_EXAMPLE.replace("polise", "police")
        .replace("03/2019", "2019-03")
        .replace("sumary: typo\n", "")
        .replace("sources: []", "sources: [aclu-2018-amazon-rekognition]")
    )
    assert len(first) == 4 and len(second) == 1
    for line in first + second:
        assert line in guide, f"CONTRIBUTING.md no longer shows: {line}"
