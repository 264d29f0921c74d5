"""Preview: while `make serve` runs, editing a YAML file re-renders the pages; a broken edit
keeps the last good pages and prints the problems."""

from __future__ import annotations

import threading
import time

from watched import serve
from watched.pipeline import render

DEPLOYMENT = "deployments/example-county-sheriff-facefinder"


def wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_data_changes_are_re_rendered_and_bad_edits_keep_the_last_good_pages(valid_project, monkeypatch, capsys):
    monkeypatch.setattr(serve, "POLL_SECONDS", 0.1)
    state = serve._snapshot(serve.watched_folders(valid_project))
    render(valid_project)
    page = valid_project.root / "docs" / f"{DEPLOYMENT}.md"
    source = valid_project.data / f"{DEPLOYMENT}.yaml"
    stop = threading.Event()
    watcher = threading.Thread(target=serve._watch, args=(valid_project, stop, state), daemon=True)
    watcher.start()
    try:
        source.write_text(source.read_text().replace("Example County Sheriff (fictional)", "Renamed Sheriff (fictional)"))
        assert wait_for(lambda: "Renamed Sheriff" in page.read_text())

        good = page.read_text()
        source.write_text(source.read_text().replace("agency:", "agancy:"))
        printed: list[str] = []
        assert wait_for(lambda: printed.append(capsys.readouterr().err) or "did you mean 'agency'?" in "".join(printed)), printed[-3:]
        assert page.read_text() == good, printed
    finally:
        stop.set()
        watcher.join(timeout=5)
