"""Preview: render, then run ``mkdocs serve``; re-render whenever data/ or a template changes.

MkDocs already reloads the browser when docs/ or the theme overrides change; this adds the
missing link from data/ and the Jinja templates to docs/. A failed validation prints its
problems and keeps the last good pages on screen.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from .pipeline import Project, render
from .problems import ValidationFailed, report
from .render.environment import TEMPLATES
from .site import mkdocs_environment

POLL_SECONDS = 1.0


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    state: dict[Path, float] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                state[path] = path.stat().st_mtime
            except OSError:
                continue
    return state


def _rerender(project: Project) -> None:
    try:
        render(project)
        print("watched: data changed; pages re-rendered", file=sys.stderr)
    except ValidationFailed as failure:
        report(failure.problems, sys.stderr)
        print("watched: keeping the last good pages until the data is fixed", file=sys.stderr)


def watched_folders(project: Project) -> list[Path]:
    return [project.data, TEMPLATES]


def _watch(project: Project, stop: threading.Event, last: dict[Path, float]) -> None:
    """Re-render whenever the files differ from ``last``, the state the pages were made from."""
    folders = watched_folders(project)
    while not stop.wait(POLL_SECONDS):
        current = _snapshot(folders)
        if current != last:
            last = current
            _rerender(project)


def serve(project: Project, address: str) -> int:
    state = _snapshot(watched_folders(project))  # before rendering, so no edit slips between
    try:
        render(project)
    except ValidationFailed as failure:
        report(failure.problems, sys.stderr)
        print("fix the problems above, then run make serve again", file=sys.stderr)
        return 1
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, stop, state), daemon=True)
    watcher.start()
    try:
        return subprocess.call(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--watch-theme", "--dev-addr", address,
             "--config-file", str(project.root / "mkdocs.yml")],
            cwd=project.root, env=mkdocs_environment(),
        )
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        time.sleep(0)
