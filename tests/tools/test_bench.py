"""The benchmark's comparison with a baseline commit (``make bench --baseline``): its report
rows and the export of the baseline's tree. The timed runs themselves are `make bench`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from watched.tools.bench import _baseline_rows, _ratio, _seconds, export_commit, measure_baseline


def rows(results: list[dict]) -> dict[str, list[str]]:
    return {label: [show(r) for r in results] for label, show in _baseline_rows(results)}


def test_without_a_baseline_the_report_has_no_baseline_rows() -> None:
    assert rows([{"n": 100, "build_seconds": 2.0, "mkdocs_seconds": 1.0}]) == {}


def test_the_ratio_is_this_commit_over_the_baseline_size_by_size() -> None:
    results = [
        {
            "n": 1000,
            "build_seconds": 6.0,
            "mkdocs_seconds": 3.0,
            "baseline": {"commit": "abc1234", "build_seconds": 12.0, "mkdocs_seconds": 10.0},
        },
        {
            "n": 5000,
            "build_seconds": 30.0,
            "mkdocs_seconds": 20.0,
            "baseline": {"commit": "abc1234", "error": "the baseline's benchmark failed: x"},
        },
    ]
    assert rows(results) == {
        "baseline `abc1234`: mkdocs build": ["10.0 s", "the baseline's benchmark failed: x"],
        "baseline `abc1234`: full build": ["12.0 s", "the baseline's benchmark failed: x"],
        "mkdocs build, this commit / baseline": ["×0.30", "the baseline's benchmark failed: x"],
        "full build, this commit / baseline": ["×0.50", "the baseline's benchmark failed: x"],
    }


def test_the_split_mkdocs_build_is_compared_with_one_process_where_both_ran() -> None:
    both = {"mkdocs_seconds": 6.0, "mkdocs_one_process_seconds": 10.0}
    assert _seconds(both, "mkdocs_one_process_seconds") == "10.0 s"
    assert _ratio(both, "mkdocs_seconds", "mkdocs_one_process_seconds") == "×0.60"
    older = {"mkdocs_seconds": 6.0}  # results.json written before the one-process step
    assert _seconds(older, "mkdocs_one_process_seconds") == "not measured"
    assert _ratio(older, "mkdocs_seconds", "mkdocs_one_process_seconds") == "not measured"


def git(repository: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_the_baseline_is_that_commits_tree_without_git(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    repository.mkdir()
    git(repository, "init", "-q")
    (repository / "a.txt").write_text("first\n")
    git(repository, "add", "a.txt")
    git(repository, "commit", "-qm", "first")
    first = git(repository, "rev-parse", "--short", "HEAD")
    (repository / "a.txt").write_text("second\n")
    git(repository, "commit", "-qam", "second")

    exported = export_commit(first, tmp_path / "baseline", repository)
    assert exported == first
    assert (tmp_path / "baseline" / "a.txt").read_text() == "first\n"
    assert not (tmp_path / "baseline" / ".git").exists()


def test_a_baseline_that_cannot_run_is_reported_not_raised(tmp_path: Path) -> None:
    tree = tmp_path / "not-a-project"
    tree.mkdir()
    found = measure_baseline(tree, 100, 1, tmp_path)
    assert set(found) == {"error"} and found["error"].startswith(
        "the baseline's benchmark failed: "
    )
