"""The broken fixture dataset: the exact, complete list of messages a contributor would see.

Each file in tests/fixtures/broken/ holds mistakes a contributor could make; this pins the
wording, the order and the position of every message, as python/peps does with pep-9002.
"""

from __future__ import annotations

import subprocess
import sys

from support import FIXTURES, ROOT
from watched.pipeline.validate import validate

BROKEN = FIXTURES / "broken"

EXPECTED = [
    (
        "deployments/dash-without-space.yaml",
        18,
        3,
        "a list item must have a space after '-': write '- bad-url'",
    ),
    (
        "deployments/indented.yaml",
        12,
        4,
        "indentation must line up with 'as_of:' on line 13 (2 spaces); this line has 3",
    ),
    ("deployments/tabbed.yaml", 4, 1, "indentation must use spaces, not tabs"),
    (
        "notes.txt",
        1,
        1,
        "data/ must hold only campaign.yaml and the folders sources/, systems/, capabilities/, concerns/, deployments/, policies/, incidents/, states/",
    ),
    (
        "sources/colon-in-title.yaml",
        3,
        8,
        "text that contains ': ' must be in quotes: write title: \"Face recognition: a fictional report\"",
    ),
    (
        "sources/curly-quotes.yaml",
        3,
        8,
        'quotes around text must be straight (" or \'), not curly (“ ” ‘ ’): write title: "Fictional: a report in curly quotes"',
    ),
    (
        "sources/hash-in-title.yaml",
        3,
        27,
        'text after # is a comment and was dropped; put the whole value in quotes: write title: "Springfield police #1 user of face recognition (fictional)"',
    ),
    (
        "sources/hash-in-title.yaml",
        4,
        12,
        'text after # is a comment and was dropped; put the whole value in quotes: write publisher: "#1 Gazette (fictional)"',
    ),
    (
        "sources/repeated-key.yaml",
        6,
        1,
        "key 'url' must appear only once in a mapping (first at line 5); merge the two entries",
    ),
    (
        "sources/unclosed-quote.yaml",
        3,
        8,
        'the quote (") that starts this text must be closed: write title: "A fictional report whose quote is never closed"',
    ),
    (
        "campaign.yaml",
        6,
        1,
        "field 'letter' must be given: add it after 'actions', with the fields subject, opening, closing",
    ),
    (
        "deployments/bad-values.yaml",
        3,
        1,
        "field 'agancy' is not allowed here; did you mean 'agency'?",
    ),
    (
        "deployments/bad-values.yaml",
        11,
        10,
        "status.value must be one of proposed, pilot, active, paused, ended, banned, unknown; got 'activ'; did you mean 'active'?",
    ),
    (
        "deployments/bad-values.yaml",
        17,
        12,
        "figures[0].value must be a number written without quotes or commas, like 300000",
    ),
    (
        "deployments/bad-values.yaml",
        18,
        18,
        "figures[0].approximate must be true or false, got 'yes' (words like yes/no/on/off are not accepted)",
    ),
    (
        "deployments/bad-values.yaml",
        24,
        14,
        "oversight[0].contact must be an http(s):// page or a mailto: address, got 'javascript:alert(1)'",
    ),
    (
        "deployments/missing-kind.yaml",
        3,
        1,
        "field 'agency_kind' must be given: add it after 'agency', with one of police, sheriff, city, county, state, federal, fusion-center, other",
    ),
    (
        "policies/no-header.yaml",
        1,
        1,
        "first line must be '# yaml-language-server: $schema=../../schemas/policies.schema.json' so editors can check the file",
    ),
    (
        "sources/Bad_Name.yaml",
        2,
        5,
        "id must be a lowercase slug of letters, digits and single hyphens (like 'orlando-police-rekognition'), got 'Bad_Name'",
    ),
    (
        "sources/Bad_Name.yaml",
        5,
        6,
        "url must be an http:// or https:// address with no spaces, got 'javascript:alert(1)'",
    ),
    (
        "sources/Bad_Name.yaml",
        7,
        7,
        "kind must be one of primary-document, government, court, news, vendor-documentation, academic, advocacy; got 'blog'",
    ),
    (
        "sources/bad-url.yaml",
        5,
        6,
        "url must be an http:// or https:// address with no spaces, got 'example.org/fictional-report'",
    ),
    (
        "deployments/dates-reversed.yaml",
        13,
        10,
        "started (2021-03) must not be after status.as_of (2019)",
    ),
    (
        "deployments/dates-reversed.yaml",
        16,
        8,
        "started (2021-03) must not be after ended (2019-05)",
    ),
    (
        "deployments/dates-reversed.yaml",
        18,
        16,
        "capability 'face-serch' must exist as data/capabilities/face-serch.yaml",
    ),
    (
        "deployments/dates-reversed.yaml",
        19,
        24,
        "source 'missing-source' must exist as data/sources/missing-source.yaml",
    ),
    (
        "policies/no-header.yaml",
        3,
        7,
        "policy must give 'jurisdiction:' (only model laws may leave it out)",
    ),
    (
        "sources/good-source-copy.yaml",
        2,
        5,
        "id 'good-source' must be unique: data/sources/good-source.yaml also uses it; change it to 'good-source-copy', this file's name",
    ),
    (
        "systems/wrong-file-name.yaml",
        2,
        5,
        "id must equal the file name: id is 'right-name' but the file is wrong-file-name.yaml; rename the file or change the id",
    ),
]


def test_broken_dataset_reports_exactly_these_problems():
    outcome = validate(BROKEN, BROKEN)
    assert outcome.dataset is None
    assert [(p.path, p.line, p.column, p.message) for p in outcome.problems] == EXPECTED


def validate_broken_from_command_line(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m watched validate` on a project whose data/ is the broken fixture."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "data").symlink_to(BROKEN, target_is_directory=True)
    return subprocess.run(
        [sys.executable, "-m", "watched", "validate", "--root", str(project)],
        check=False,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin", **env},
    )


def test_command_line_prints_every_problem_then_a_count(tmp_path):
    result = validate_broken_from_command_line(tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == [
        f"data/{path}:{line}:{column}: {message}" for path, line, column, message in EXPECTED
    ]
    assert lines[-1] == f"validation failed: {len(EXPECTED)} problems"
    assert "Traceback" not in result.stdout + result.stderr


def test_github_annotations_are_added_under_actions_once_per_problem(tmp_path):
    result = validate_broken_from_command_line(tmp_path, GITHUB_ACTIONS="true")
    annotations = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    assert annotations == [
        f"::error file=data/{path},line={line},col={column}::{message}"
        for path, line, column, message in EXPECTED
    ]


def test_build_and_render_do_not_annotate_the_problems_again(tmp_path):
    """CI validates in one job and builds in another: only the validate step annotates, so
    GitHub shows each problem once (the build still prints them, plainly)."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "data").symlink_to(BROKEN, target_is_directory=True)
    result = subprocess.run(
        [sys.executable, "-m", "watched", "render", "--root", str(project)],
        check=False,
        capture_output=True,
        text=True,
        env={
            "PYTHONPATH": str(ROOT / "scripts"),
            "PATH": "/usr/bin:/bin",
            "GITHUB_ACTIONS": "true",
        },
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.startswith("::")]
    assert lines[: len(EXPECTED)] == [
        f"data/{path}:{line}:{column}: {message}" for path, line, column, message in EXPECTED
    ]
    assert sorted(path.name for path in project.iterdir()) == ["data"]  # nothing was written


def test_every_mistake_of_issue_14_has_one_message_at_its_line():
    """One message per mistake, on the line of the mistake, and none for the records that
    cite a source with problems of its own (bad-url, hash-in-title, colon-in-title, …)."""
    by_file: dict[str, list[tuple[int, int]]] = {}
    for path, line, column, _ in EXPECTED:
        by_file.setdefault(path, []).append((line, column))
    assert by_file["deployments/indented.yaml"] == [(12, 4)]  # the 3-space line, not the next
    assert by_file["deployments/dash-without-space.yaml"] == [(18, 3)]  # '-bad-url' itself
    assert by_file["sources/bad-url.yaml"] == [(5, 6)]
    assert by_file["sources/good-source-copy.yaml"] == [(2, 5)]
    assert "sources/good-source.yaml" not in by_file
    assert not [
        message
        for *_, message in EXPECTED
        if "must exist as data/sources/" in message and "missing-source" not in message
    ]
