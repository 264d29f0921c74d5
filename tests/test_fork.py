"""A fork publishes with no edits, and a ZIP download builds: the site's address and the
repository "Report an error" opens come from the environment the publish workflow sets from
GitHub's context; without git history the Makefile takes the date from data/ and says so."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from support import FIXTURES, ROOT, copy_project

FORK_SITE = "https://someone.github.io/watched-fork/"
FORK_REPOSITORY = "https://github.com/someone/watched-fork"


@pytest.mark.build
def test_a_fork_build_names_only_the_fork(tmp_path):
    project = copy_project(tmp_path / "p", FIXTURES / "valid")
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT / "scripts"),
        "SOURCE_DATE_EPOCH": "1767225600",
        "WATCHED_SITE_URL": FORK_SITE.rstrip("/"),
        "WATCHED_REPOSITORY": FORK_REPOSITORY,
    }
    result = subprocess.run(
        [sys.executable, "-m", "watched", "build", "--root", str(project.root)],
        check=False,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    # Every file the project writes (the theme's own scripts aside): no placeholder domain, no
    # local default address.
    files = [
        path
        for path in project.site.rglob("*")
        if path.is_file() and "assets/javascripts" not in path.as_posix()
    ]
    texts = {path: path.read_bytes().decode("utf-8", "ignore") for path in files}
    assert len(texts) > 50
    assert not [
        path
        for path, text in texts.items()
        if "watched.example.org" in text or "127.0.0.1:8000" in text
    ]
    page = texts[project.site / "deployments" / "example-county-sheriff-facefinder" / "index.html"]
    assert (
        f'<link rel="canonical" href="{FORK_SITE}deployments/example-county-sheriff-facefinder/">'
        in page
    )
    assert FORK_SITE in texts[project.site / "data" / "deployments.json"]

    # "Report an error" opens the fork's Correction form with its "where" field filled in.
    link = re.search(r'<a href="([^"]+)">Report an error</a>', page)[1].replace("&amp;", "&")
    address = urlsplit(link)
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{FORK_REPOSITORY}/issues/new"
    query = parse_qs(address.query)
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / query["template"][0]
    fields = {
        item["id"] for item in yaml.safe_load(form.read_text("utf-8"))["body"] if "id" in item
    }
    assert set(query) - {"template", "title"} <= fields
    assert query["where"] == [
        f"deployments/example-county-sheriff-facefinder ({FORK_SITE}deployments/example-county-sheriff-facefinder/)"
    ]


def test_issue_forms_add_labels():
    for form in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("[0-9]-*.yml")):
        assert yaml.safe_load(form.read_text("utf-8"))["labels"], form.name


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_without_git_history_the_makefile_dates_from_data(tmp_path):
    """A ZIP download: no .git. SOURCE_DATE_EPOCH becomes the newest data file's time, with a
    message, instead of an empty value that crashes mkdocs."""
    folder = tmp_path / "zip"
    shutil.copytree(FIXTURES / "valid", folder / "data")
    shutil.copy2(ROOT / "Makefile", folder / "Makefile")
    for number, path in enumerate(sorted((folder / "data").rglob("*.yaml"))):
        os.utime(path, (1_700_000_000 + number, 1_700_000_000 + number))
    newest = 1_700_000_000 + number
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SOURCE_DATE_EPOCH", "GIT_DIR", "GIT_WORK_TREE")
    }
    environment["GIT_CEILING_DIRECTORIES"] = str(tmp_path)  # no repository above the copy either
    result = subprocess.run(
        [
            "make",
            "-s",
            "--eval",
            'show-epoch: ; @echo "epoch=$$SOURCE_DATE_EPOCH"',
            "show-epoch",
            f"PYTHON={sys.executable}",
        ],
        check=False,
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"epoch={newest}" in result.stdout.splitlines()
    assert "no git history here (a ZIP download?)" in result.stdout + result.stderr
