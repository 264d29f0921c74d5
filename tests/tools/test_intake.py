"""Maintainer intake: a "Report a deployment" issue (its body saved as a file, or gh's JSON)
becomes draft records with every field the report answers filled in and TODO where a person
must decide; the command validates the draft and prints each remaining problem, located."""

from __future__ import annotations

import yaml

from support import FIXTURES, copy_project, run_watched
from watched.tools.intake import draft, form_fields, read_issue

ISSUES = FIXTURES / "issues"
DEPLOYMENT = "data/deployments/example-county-sheriffs-office-amazon-rekognition.yaml"


run = run_watched


def test_the_form_fields_are_read_from_the_issue_form():
    fields = form_fields()
    assert fields["Agency"] == "agency" and fields["Sources"] == "sources"
    assert fields["Status, according to the sources"] == "status"


def test_a_saved_issue_body_becomes_a_draft_and_its_problems_are_listed(tmp_path):
    project = copy_project(tmp_path / "p", FIXTURES / "valid")
    result = run("intake", str(ISSUES / "deployment.md"), "--root", str(project.root))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "wrote data/sources/example-gazette-2018-05-22.yaml",
        "wrote data/sources/example-net.yaml",
        f"wrote {DEPLOYMENT}",
    ]
    assert (
        f"{DEPLOYMENT}:35:10: status.as_of must be a date like 2017, 2017-12 or 2017-12-01, got 'TODO'"
        in lines
    )
    assert (
        "data/sources/example-gazette-2018-05-22.yaml:10:8: title must be filled in (TODO marks a decision for a person)"
        in lines
    )
    assert (
        "data/sources/example-net.yaml:12:12: publisher must be filled in (TODO marks a decision for a person)"
        in lines
    )
    assert lines[-1] == "replace every TODO with what the sources say, then run make validate"

    record = yaml.safe_load((project.root / DEPLOYMENT).read_text("utf-8"))
    assert record["agency"] == "Example County Sheriff's Office"
    assert record["agency_kind"] == "sheriff"
    assert record["jurisdiction"] | {"coordinates": None} == {
        "place": "Example County",
        "region": "Oregon",
        "country": "US",
        "level": "county",
        "coordinates": None,
    }
    assert record["status"]["value"] == "active"
    assert (
        record["status"]["sources"]
        == record["sources"]
        == ["example-gazette-2018-05-22", "example-net"]
    )
    # A "#" in the reporter's words stays text (quoted), not a YAML comment.
    assert record["summary"].endswith("#1 user of the system.")
    source = yaml.safe_load(
        (project.data / "sources" / "example-gazette-2018-05-22.yaml").read_text("utf-8")
    )
    assert source["url"] == "https://example.org/news/2018/sheriff-rekognition"
    assert source["publisher"] == "Example Gazette" and str(source["published"]) == "2018-05-22"

    again = run("intake", str(ISSUES / "deployment.md"), "--root", str(project.root))
    assert again.returncode == 1
    assert again.stderr == f"nothing was written: {DEPLOYMENT} already exists; edit it instead\n"


def test_gh_json_with_a_known_system_unknown_and_a_declared_conflict(tmp_path):
    project = copy_project(tmp_path / "p", FIXTURES / "valid")
    result = run("intake", str(ISSUES / "deployment.json"), "--root", str(project.root))
    assert result.returncode == 1
    assert (
        "note: the reporter declared a conflict of interest: I volunteer for a group campaigning on this."
        in result.stdout
    )
    path = project.data / "deployments" / "sampleton-police-department.yaml"
    text = path.read_text("utf-8")
    assert (
        "# Drafted from https://github.com/someone/watched/issues/42 by python -m watched intake."
        in text
    )
    record = yaml.safe_load(text)
    assert record["system"] == "unknown" and record["agency_kind"] == "police"
    assert record["status"]["value"] == "pilot"
    assert (
        record["jurisdiction"]["place"] == "Sampleton" and record["jurisdiction"]["region"] is None
    )
    assert record["sources"] == ["sampleton-times-2024-03"]


def test_a_body_not_made_with_the_form_is_refused(tmp_path):
    project = copy_project(tmp_path / "p", FIXTURES / "valid")
    issue = tmp_path / "issue.md"
    issue.write_text("Please add the police in my town, they use cameras.\n", "utf-8")
    result = run("intake", str(issue), "--root", str(project.root))
    assert result.returncode == 1
    assert result.stderr.startswith(
        "nothing was written: the issue must be made with the form 1-report-a-deployment.yml"
    )
    assert sorted(p.name for p in (project.data / "deployments").iterdir()) == sorted(
        p.name for p in (FIXTURES / "valid" / "deployments").iterdir()
    )


def test_draft_is_pure_and_never_invents_a_value(tmp_path):
    made = draft(read_issue((ISSUES / "deployment.md").read_text("utf-8")), FIXTURES / "valid")
    deployment = made.files["deployments/example-county-sheriffs-office-amazon-rekognition.yaml"]
    for decided_by_a_person in (
        "as_of: TODO",
        "last_verified: TODO",
        "coordinates: {lat: TODO, lon: TODO}",
    ):
        assert decided_by_a_person in deployment
