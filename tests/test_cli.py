"""The command line, run as contributors run it: exit codes, messages, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import FIXTURES, copy_project, run_watched

HOSTILE_FILES = {
    "python-tag": b'id: x\nagency: !!python/object/apply:os.system ["touch /tmp/watched-pwned"]\n',
    "billion-laughs": b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
    "huge": b"id: x\nsummary: " + b"y" * 400_000 + b"\n",
    "latin1": b"id: x\nagency: Polic\xeda\n",
    "empty": b"",
    "tabs": b"id: x\njurisdiction:\n\tplace: y\n",
    "duplicate": b"id: x\nid: y\n",
    "deep": b"a: " + b"[" * 3000 + b"\n",
    "nul": b"id: x\x00\n",
    "not-a-mapping": b"- 1\n- 2\n",
}


run = run_watched


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_file_gives_located_problem_and_exit_1(tmp_path, name):
    project = copy_project(tmp_path / "p", FIXTURES / "valid")
    (project.data / "deployments" / f"{name}.yaml").write_bytes(HOSTILE_FILES[name])
    result = run("validate", "--root", str(project.root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"data/deployments/{name}.yaml:"), first
    assert result.stderr.splitlines()[-1].startswith("validation failed: ")
    assert not Path("/tmp/watched-pwned").exists()


def test_valid_data_passes(tmp_path):
    project = copy_project(tmp_path / "p", FIXTURES / "valid")
    result = run("validate", "--root", str(project.root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("data/ is valid: 14 files checked")


def test_build_with_bad_data_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "p", FIXTURES / "broken")
    result = run("build", "--root", str(project.root))
    assert result.returncode == 1
    assert "nothing was written" in result.stderr
    assert not (project.root / "site").exists()
    assert not (project.root / "generated" / "deployments").exists()


@pytest.mark.build
def test_build_writes_the_site(tmp_path):
    project = copy_project(tmp_path / "p", FIXTURES / "valid")
    result = run("build", "--root", str(project.root), SOURCE_DATE_EPOCH="1767225600")
    assert result.returncode == 0, result.stderr
    assert (project.root / "site" / "index.html").exists()


def test_unreadable_data_folder_is_a_problem_not_a_crash(tmp_path):
    project = copy_project(tmp_path / "p", FIXTURES / "valid")
    shutil.rmtree(project.data)
    project.data.write_text("not a folder")
    result = run("validate", "--root", str(project.root))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "data:1:1: data folder must exist"
