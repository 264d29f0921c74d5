"""The broken fixture dataset: the exact, complete list of messages a contributor would see.

Each file in tests/fixtures/broken/ holds mistakes a contributor could make; this pins the
wording, the order and the position of every message, as python/peps does with pep-9002.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from watched.validate import validate

BROKEN = Path(__file__).parent / "fixtures" / "broken"
ROOT = Path(__file__).parent.parent

EXPECTED = [
        ('campaign.yaml', 2, 1, "field 'letter' must be given"),
        ('deployments/bad-values.yaml', 3, 1, "field 'agancy' is not allowed here; did you mean 'agency'?"),
        ('deployments/bad-values.yaml', 11, 10, "status.value must be one of proposed, pilot, active, paused, ended, banned, unknown; got 'activ'; did you mean 'active'?"),
        ('deployments/bad-values.yaml', 17, 12, 'figures[0].value must be a number written without quotes or commas, like 300000'),
        ('deployments/bad-values.yaml', 18, 18, "figures[0].approximate must be true or false, got 'yes' (words like yes/no/on/off are not accepted)"),
        ('deployments/bad-values.yaml', 24, 14, "oversight[0].contact must be an http(s):// page or a mailto: address, got 'javascript:alert(1)'"),
        ('deployments/dates-reversed.yaml', 13, 10, 'started (2021-03) must not be after status.as_of (2019)'),
        ('deployments/dates-reversed.yaml', 16, 8, 'started (2021-03) must not be after ended (2019-05)'),
        ('deployments/dates-reversed.yaml', 18, 16, "capability 'face-serch' must exist as data/capabilities/face-serch.yaml"),
        ('deployments/dates-reversed.yaml', 19, 24, "source 'missing-source' must exist as data/sources/missing-source.yaml"),
        ('deployments/tabbed.yaml', 4, 1, 'indentation must use spaces, not tabs'),
        ('notes.txt', 1, 1, 'data/ must hold only campaign.yaml and the folders sources/, systems/, capabilities/, concerns/, deployments/, policies/, incidents/, states/'),
        ('policies/no-header.yaml', 1, 1, "first line must be '# yaml-language-server: $schema=../../schemas/policies.schema.json' so editors can check the file"),
        ('policies/no-header.yaml', 3, 7, "policy must give 'jurisdiction:' (only model laws may leave it out)"),
        ('sources/Bad_Name.yaml', 2, 5, "id must be a lowercase slug of letters, digits and single hyphens (like 'orlando-police-rekognition'), got 'Bad_Name'"),
        ('sources/Bad_Name.yaml', 5, 6, "url must be an http:// or https:// address with no spaces, got 'javascript:alert(1)'"),
        ('sources/Bad_Name.yaml', 7, 7, "kind must be one of primary-document, government, court, news, vendor-documentation, academic, advocacy; got 'blog'"),
        ('sources/repeated-key.yaml', 6, 1, "key 'url' must appear only once in a mapping (first at line 5); merge the two entries"),
        ('systems/wrong-file-name.yaml', 2, 5, "id must equal the file name: id is 'right-name' but the file is wrong-file-name.yaml; rename the file or change the id"),
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
        capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin", **env},
    )


def test_command_line_prints_every_problem_then_a_count(tmp_path):
    result = validate_broken_from_command_line(tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == [f"data/{path}:{line}:{column}: {message}" for path, line, column, message in EXPECTED]
    assert lines[-1] == f"validation failed: {len(EXPECTED)} problems"
    assert "Traceback" not in result.stdout + result.stderr


def test_github_annotations_are_added_under_actions(tmp_path):
    result = validate_broken_from_command_line(tmp_path, GITHUB_ACTIONS="true")
    annotations = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    assert len(annotations) == len(EXPECTED)
    path, line, column, message = EXPECTED[0]
    assert annotations[0] == f"::error file=data/{path},line={line},col={column}::{message}"
