"""Pull-request summary tests: a real temporary git repository with a base commit and a head
commit that adds, changes and removes records; the summary names each record and the pages
the change affects."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support import FIXTURES
from watched.tools.changes import RecordChange, main, page_url, record_changes, report

VALID = FIXTURES / "valid"
NEW_DEPLOYMENT = "fakeville-police-facefinder"


def run_git(repo: Path, *arguments: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            *arguments,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    run_git(repo, "add", "--all", "data")
    run_git(repo, "commit", "-q", "-m", message)
    return run_git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds the fake fixture dataset."""
    root = tmp_path / "repo"
    root.mkdir()
    run_git(root, "init", "-q", "-b", "main")
    shutil.copytree(VALID, root / "data")
    commit_all(root, "base")
    return root


def edit_records(root: Path) -> None:
    """Add a deployment, reword a source's title, remove an unreferenced policy."""
    data = root / "data"
    original = data / "deployments" / "sampleton-police-unknown.yaml"
    text = original.read_text("utf-8").replace("sampleton-police-unknown", NEW_DEPLOYMENT)
    (data / "deployments" / f"{NEW_DEPLOYMENT}.yaml").write_text(text, "utf-8")
    source = data / "sources" / "fake-report-one.yaml"
    source.write_text(
        source.read_text("utf-8").replace(
            "title: Fictional report on face recognition in Example County",
            "title: Fictional report, revised [see](https://evil.example) | *x* `y`",
        ),
        "utf-8",
    )
    (data / "policies" / "fake-model-law.yaml").unlink()


def section(text: str, label: str) -> list[str]:
    """The bullet lines under one '**Label (n)**' heading of the summary."""
    after = text.split(f"**{label} (", 1)[1].split("\n\n", 2)[1]
    return [line for line in after.splitlines() if line.startswith("- ")]


def test_lists_records_added_changed_and_removed(repo):
    base = run_git(repo, "rev-parse", "HEAD")
    edit_records(repo)
    head = commit_all(repo, "head")
    assert record_changes(repo, base, head) == [
        RecordChange(
            "added", "deployments", NEW_DEPLOYMENT, f"data/deployments/{NEW_DEPLOYMENT}.yaml"
        ),
        RecordChange("changed", "sources", "fake-report-one", "data/sources/fake-report-one.yaml"),
        RecordChange("removed", "policies", "fake-model-law", "data/policies/fake-model-law.yaml"),
    ]


def test_summary_names_records_and_the_pages_they_affect(repo):
    base = run_git(repo, "rev-parse", "HEAD")
    edit_records(repo)
    head = commit_all(repo, "head")
    text = report(repo, base, head)
    assert "1 added, 1 changed, 1 removed" in text
    assert f"| added | `data/deployments/{NEW_DEPLOYMENT}.yaml` |" in text
    assert "| removed | `data/policies/fake-model-law.yaml` | Fictional" in text
    assert "~~`policies/fake-model-law/`~~" in text
    new, changed, removed = (section(text, label) for label in ("New", "Changed", "Removed"))
    assert f"- `/deployments/{NEW_DEPLOYMENT}/`" in new
    assert "- `/policies/fake-model-law/`" in removed
    # A source's new title shows on its own page and on every page that cites it.
    assert "- `/sources/fake-report-one/`" in changed
    assert "- `/deployments/example-county-sheriff-facefinder/`" in changed
    assert "every page" not in text


def test_pages_that_do_not_show_the_record_are_not_listed(repo):
    base = run_git(repo, "rev-parse", "HEAD")
    statute = repo / "data" / "sources" / "fake-statute.yaml"
    statute.write_text(
        statute.read_text("utf-8").replace("publisher:", "publisher: Renamed", 1), "utf-8"
    )
    head = commit_all(repo, "rename a publisher")
    changed = section(report(repo, base, head), "Changed")
    assert "- `/sources/fake-statute/`" in changed
    assert "- `/deployments/example-county-sheriff-facefinder/`" not in changed
    assert "- `/sources/fake-report-one/`" not in changed


def test_titles_from_the_pull_request_cannot_inject_markdown(repo):
    base = run_git(repo, "rev-parse", "HEAD")
    edit_records(repo)
    head = commit_all(repo, "head")
    row = next(
        line for line in report(repo, base, head).splitlines() if "fake-report-one.yaml" in line
    )
    assert "revised \\[see\\]\\(https://evil.example\\) \\| \\*x\\* \\`y\\`" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # the pipe in the title added no column


def test_campaign_change_affects_every_page(repo):
    base = run_git(repo, "rev-parse", "HEAD")
    campaign = repo / "data" / "campaign.yaml"
    lines = campaign.read_text("utf-8").splitlines()
    lines = [
        ("banner: A different fictional banner." if line.startswith("banner:") else line)
        for line in lines
    ]
    campaign.write_text("\n".join(lines) + "\n", "utf-8")
    head = commit_all(repo, "banner")
    text = report(repo, base, head)
    assert "| changed | `data/campaign.yaml` |" in text
    assert "The campaign banner changes on **every page**." in text


def test_invalid_head_still_lists_records(repo):
    base = run_git(repo, "rev-parse", "HEAD")
    (repo / "data" / "policies" / "sampleton-fake-ban.yaml").unlink()  # still referenced
    head = commit_all(repo, "break a reference")
    text = report(repo, base, head)
    assert "| removed | `data/policies/sampleton-fake-ban.yaml` |" in text
    assert "The data of the head commit does not validate" in text


def test_no_data_change(repo):
    base = run_git(repo, "rev-parse", "HEAD")
    (repo / "README.md").write_text("not data\n", "utf-8")
    run_git(repo, "add", "README.md")
    run_git(repo, "commit", "-q", "-m", "docs only")
    assert "No record in data/ was added, changed or removed." in report(repo, base, "HEAD")


def test_command_line(repo, capsys):
    base = run_git(repo, "rev-parse", "HEAD")
    edit_records(repo)
    head = commit_all(repo, "head")
    assert main([base, head, "--root", str(repo)]) == 0
    assert "## Data changes in this pull request" in capsys.readouterr().out
    assert main([base, "no-such-commit", "--root", str(repo)]) == 2
    assert "could not compare the commits" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--output=/tmp/x", head, "--root", str(repo)])


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("docs/deployments/x.md", "deployments/x/"),
        ("docs/deployments/index.md", "deployments/"),
        ("docs/index.md", ""),
        ("docs/data/deployments.csv", "data/deployments.csv"),
    ],
)
def test_page_urls(path, url):
    assert page_url(path) == url
