"""Helpers shared by tests (importable as ``support``: tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from watched.models import COLLECTIONS
from watched.models.schema import header_line
from watched.pipeline.build import Project
from watched.pipeline.load import load_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALIDATION = {
    "omitted_files": "ignore",
    "absolute_links": "warn",
    "unrecognized_links": "warn",
    "anchors": "warn",
}
"""mkdocs.yml's link checks, for the small sites tests build to try a hook."""
SITE_FILES = ("mkdocs.yml",)
SITE_FOLDERS = ("docs", "overrides")


def _generated_entries() -> set[str]:
    manifest = ROOT / ".build" / ".generated.json"
    return set(json.loads(manifest.read_text("utf-8"))) if manifest.exists() else set()


def copy_project(destination: Path, data: Path) -> Project:
    """A project at ``destination`` with the real site configuration, hand-written pages and
    theme, and ``data`` as its data/ folder. Generated output of the working tree is left out."""
    generated = _generated_entries()

    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(ROOT).as_posix()
        return {
            name for name in names if f"{relative}/{name}" in generated or name == "__pycache__"
        }

    destination.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        shutil.copy2(ROOT / name, destination / name)
    for name in SITE_FOLDERS:
        shutil.copytree(ROOT / name, destination / name, ignore=ignore)
    shutil.copytree(data, destination / "data")
    return Project(destination)


def validated(data_dir: Path) -> Any:
    """The Dataset of a data folder that must be valid (the test fails with its problems)."""
    from watched.pipeline.validate import validate

    outcome = validate(data_dir, data_dir.parent)
    assert outcome.dataset is not None, outcome.problems
    return outcome.dataset


def edit(data: Path, relative: str, old: str, new: str) -> None:
    """Replace the first ``old`` in data/``relative`` (which must contain it) by ``new``."""
    file = data / relative
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {relative}"
    file.write_text(text.replace(old, new, 1), "utf-8")


def run_rule(rule: Any, data: Path) -> list[tuple[str, int, int, str]]:
    """One rule's problems on a data folder that loads cleanly, as (path, line, col, message)."""
    from watched.pipeline.load import load_data
    from watched.pipeline.rules import Records

    loaded = load_data(data, data.parent)
    assert loaded.problems == []
    return [(p.path, p.line, p.column, p.message) for p in rule(Records.of(loaded.records))]


def run_watched(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m watched ARGS`` in a clean environment (only PATH, PYTHONPATH and ``env``)."""
    environment = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "scripts"), **env}
    return subprocess.run(
        [sys.executable, "-m", "watched", *args],
        cwd=cwd,
        env=environment,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


# ---------------------------------------------------------------- one record, loaded

DEPLOYMENT = """\
id: x-sheriff
agency: X Sheriff
agency_kind: sheriff
jurisdiction:
  place: X County
  region: Oregon
  level: county
  coordinates: {lat: 45.5, lon: -123.0}
system: unknown
status:
  value: active
  as_of: 2020
  sources: [s]
summary: Text.
figures:
  - label: Photos
    value: 300000
    as_of: 2017
    sources: [s]
sources: [s]
last_verified: 2026-01-01
"""


def load_text(tmp_path: Path, text: str, collection: str = "deployments", header: bool = True):
    file = tmp_path / f"{collection}-record.yaml"
    body = (header_line(collection) + "\n" if header else "") + textwrap.dedent(text)
    file.write_text(body, encoding="utf-8")
    return load_file(file, "data/x.yaml", collection, COLLECTIONS[collection])


def messages(tmp_path: Path, text: str, **kwargs) -> list[tuple[int, int, str]]:
    loaded, problems = load_text(tmp_path, text, **kwargs)
    assert loaded is None
    return [(p.line, p.column, p.message) for p in problems]


# ---------------------------------------------------------------- iCalendar


def parse_ics(raw: bytes) -> list[dict[str, str]]:
    """A strict reader of what RFC 5545 requires of these files; returns the VEVENTs."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in logical and any(line.startswith("PRODID:") for line in logical)
    events, current = [], None
    for line in logical[1:-1]:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def unescape_text(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def mkdocs_build(
    root: Path, processes: int, site: Path | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")]
    if site is not None:
        command += ["--site-dir", str(site)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=root,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHONHASHSEED": "0",
            "WATCHED_MKDOCS_PROCESSES": str(processes),
        },
        check=False,
    )


def site_tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }
