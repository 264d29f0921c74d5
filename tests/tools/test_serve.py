"""Preview: while `make serve` runs, editing a YAML file re-renders and rewrites only the pages
whose text changed; a broken edit keeps the last good pages and every page shows the problems
in a banner until they are fixed; the server starts with invalid data; requests for any Host
but 127.0.0.1 or localhost are refused (DNS rebinding). The server is the real one, answering
real HTTP requests."""

from __future__ import annotations

import gc
import http.client
import socket
import threading
import time

import pytest

from watched.pipeline.problems import Problem
from watched.tools import serve

DEPLOYMENT = "deployments/example-county-sheriff-facefinder"


def wait_for(condition, seconds: float = 60.0) -> bool:
    """Poll until ``condition()`` holds; the deadline only stops a hung test, it measures nothing."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except ConnectionError:  # the server is not listening yet: not yet, not a failure
            pass
        time.sleep(0.05)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("localhost", True),
        ("[::1]:8000", True),
        ("evil.example", False),
        ("evil.example:8000", False),
        ("127.0.0.1.evil.example", False),
        ("localhost.evil.example:8000", False),
        ("", False),
        (None, False),
    ],
)
def test_host_check(host, allowed):
    assert serve.host_allowed(host) is allowed


def test_banner_names_each_problem_and_escapes_the_data():
    banner = serve.problems_banner(
        [
            Problem(
                "data/deployments/x.yaml",
                3,
                1,
                "field 'agancy' is not allowed here; did you mean 'agency'?",
            ),
            Problem("data/sources/y.yaml", 7, 5, "title must not be <script>alert(1)</script>"),
        ]
    )
    assert 'role="alert"' in banner and "The data has 2 problems." in banner
    assert (
        "<code>data/deployments/x.yaml:3:1</code>: field &#x27;agancy&#x27; is not allowed"
        in banner
    )
    assert "<script>" not in banner and "&lt;script&gt;" in banner
    assert serve.problems_banner([]) == ""


def test_only_files_whose_text_changed_are_rewritten(valid_project):
    preview = serve.Preview(valid_project)
    assert preview.refresh() is None  # the first render writes everything, atomically
    page = valid_project.root / "generated" / f"{DEPLOYMENT}.md"
    untouched = valid_project.root / "generated" / "sources" / "index.md"
    before = untouched.stat().st_mtime_ns

    assert preview.refresh() == []  # nothing changed: nothing written
    source = valid_project.data / f"{DEPLOYMENT}.yaml"
    source.write_text(
        source.read_text().replace(
            "Example County Sheriff (fictional)", "Renamed Sheriff (fictional)"
        )
    )
    touched = preview.refresh()
    assert touched and f"generated/{DEPLOYMENT}.md" in touched
    assert "generated/sources/index.md" not in touched
    assert "Renamed Sheriff" in page.read_text()
    assert untouched.stat().st_mtime_ns == before
    assert not list(valid_project.root.glob(f"generated/**/{serve.TEMPORARY_PREFIX}*"))


def test_after_a_refresh_the_garbage_collector_walks_no_record_again(valid_project):
    """A full collection walked every record and rendered file the preview keeps (about a
    second each at 15,000 deployments, three times a save): a refresh freezes them."""
    preview = serve.Preview(valid_project)
    gc.unfreeze()
    try:
        preview.refresh()
        assert preview.outputs is not None
        kept = [preview.outputs.data, preview.records.files]
        assert all(gc.is_tracked(item) for item in kept)
        walked = {id(item) for item in gc.get_objects()}  # the frozen ones are not there
        assert not {id(item) for item in kept} & walked
    finally:
        gc.unfreeze()


def test_data_changes_are_re_rendered_and_bad_edits_keep_the_last_good_pages(
    valid_project, monkeypatch, capsys
):
    monkeypatch.setattr(serve, "POLL_SECONDS", 0.05)
    preview = serve.Preview(valid_project)
    state = serve.snapshot(preview.folders())
    preview.refresh()
    page = valid_project.root / "generated" / f"{DEPLOYMENT}.md"
    source = valid_project.data / f"{DEPLOYMENT}.yaml"
    stop = threading.Event()
    watcher = threading.Thread(target=serve.watch, args=(preview, stop, state), daemon=True)
    watcher.start()
    try:
        source.write_text(
            source.read_text().replace(
                "Example County Sheriff (fictional)", "Renamed Sheriff (fictional)"
            )
        )
        assert wait_for(lambda: "Renamed Sheriff" in page.read_text())

        good = page.read_text()
        source.write_text(source.read_text().replace("agency:", "agancy:"))
        assert wait_for(lambda: bool(preview.problems))
        assert any("did you mean 'agency'?" in p.message for p in preview.problems)
        assert "did you mean 'agency'?" in capsys.readouterr().err
        assert page.read_text() == good
    finally:
        stop.set()
        watcher.join(timeout=5)


@pytest.mark.build
def test_the_real_preview_server(valid_project, monkeypatch):
    """Start with invalid data (the banner shows the problem), fix it (the banner goes, the
    page appears), edit a record (the served page follows), and refuse a foreign Host."""
    monkeypatch.setattr(serve, "POLL_SECONDS", 0.05)
    source = valid_project.data / f"{DEPLOYMENT}.yaml"
    good = source.read_text()
    source.write_text(good.replace("agency:", "agancy:"))

    port = free_port()
    preview = serve.Preview(valid_project)
    state = serve.snapshot(preview.folders())
    preview.refresh()  # invalid: nothing written, the problems are kept
    assert preview.problems
    server = serve.make_server(preview, f"127.0.0.1:{port}")
    stop = threading.Event()
    running = threading.Thread(target=server.serve, daemon=True)
    watcher = threading.Thread(target=serve.watch, args=(preview, stop, state), daemon=True)
    running.start()
    watcher.start()
    try:
        assert wait_for(lambda: get(port, "/")[0] == 200)
        status, home = get(port, "/")
        assert 'id="watched-preview-problems"' in home
        assert f"data/{DEPLOYMENT}.yaml:" in home and "did you mean &#x27;agency&#x27;?" in home

        for foreign in ("evil.example", f"evil.example:{port}", f"127.0.0.1.nip.io:{port}"):
            status, text = get(port, "/", host=foreign)
            assert status == 403 and "only to 127.0.0.1 and localhost" in text
            assert "Watched" not in text

        source.write_text(good)
        page = f"/{DEPLOYMENT}/"
        assert wait_for(lambda: get(port, page)[0] == 200)
        status, text = get(port, page, host=f"localhost:{port}")
        assert status == 200 and "Example County Sheriff (fictional)" in text
        assert "watched-preview-problems" not in text

        source.write_text(
            good.replace("Example County Sheriff (fictional)", "Renamed Sheriff (fictional)")
        )
        assert wait_for(lambda: "Renamed Sheriff (fictional)" in get(port, page)[1])

        source.write_text(good.replace("agency:", "agancy:"))
        assert wait_for(lambda: "watched-preview-problems" in get(port, page)[1])
        assert "Renamed Sheriff (fictional)" in get(port, page)[1]  # the last good page stays
    finally:
        stop.set()
        server.shutdown()
        running.join(timeout=10)
        watcher.join(timeout=10)
        server.cleanup()


def _site_files(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.build
def test_pages_built_alone_give_the_site_a_complete_build_gives(
    valid_project, tmp_path, monkeypatch
):
    """Edit records, build only what the edits changed, and compare every file of the site
    (pages, search index, sitemap, copied exports) with a complete build from scratch."""
    from mkdocs.config import load_config

    monkeypatch.chdir(valid_project.root)  # as make serve runs

    def config_in(folder):
        return lambda: load_config(
            config_file=str(valid_project.root / "mkdocs.yml"), site_dir=str(folder), strict=False
        )

    url = "http://127.0.0.1:8000/"
    preview = serve.Preview(valid_project)
    written: list[list[str] | None] = []
    preview.on_pages = written.append
    preview.refresh()
    live = serve.LiveSite(config_in(tmp_path / "live"), url)
    live.build_all()

    data = valid_project.data
    edits = [
        (f"{DEPLOYMENT}.yaml", "Example County Sheriff (fictional)", "Renamed Sheriff (fictional)"),
        ("sources/fake-report-one.yaml", "title: ", "title: Retitled "),
    ]
    for relative, old, new in edits:
        text = (data / relative).read_text("utf-8")
        assert old in text
        (data / relative).write_text(text.replace(old, new, 1), "utf-8")
        written.clear()
        preview.refresh()
        assert written and all(paths for paths in written)  # pages, then exports
        changed = [valid_project.root / path for paths in written for path in paths or ()]
        assert live.update(changed)

    fresh = serve.LiveSite(config_in(tmp_path / "fresh"), url)
    fresh.build_all()
    built, expected = _site_files(tmp_path / "live"), _site_files(tmp_path / "fresh")
    assert "Renamed Sheriff" in built[f"{DEPLOYMENT}/index.html"].decode()
    assert b"Retitled" in built["search/search_index.json"]
    assert built.keys() == expected.keys()
    assert [path for path in expected if built[path] != expected[path]] == []
