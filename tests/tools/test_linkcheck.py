"""Link-check tests against a real HTTP server on 127.0.0.1 (never the internet): live, dead,
redirected, HEAD-refusing, refusing-robots, slow and closed addresses."""

from __future__ import annotations

import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from watched.models.schema import header_line
from watched.tools.linkcheck import check, check_all, main, source_links


class Handler(BaseHTTPRequestHandler):
    in_flight = 0
    most_in_flight = 0
    lock = threading.Lock()
    methods: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def _answer(self, with_body: bool) -> None:
        cls = type(self)
        with cls.lock:
            cls.methods.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(3)
        if self.path.startswith("/busy"):
            # In flight until the answer starts: the client may send its next request as soon
            # as it has read this one's headers. (A /slow request of an earlier test may still
            # be sleeping in this shared class, so only /busy requests are counted.)
            with cls.lock:
                cls.in_flight += 1
                cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
            time.sleep(0.2)
            with cls.lock:
                cls.in_flight -= 1
        self._respond(with_body)

    def _respond(self, with_body: bool) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/forbidden":
            self.send_response(403)
        elif self.path in ("/ok", "/no-head", "/slow") or self.path.startswith("/busy"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # the name http.server calls
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The checker hangs up on /slow after its timeout; that broken pipe is expected.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture
def server() -> Iterator[str]:
    Handler.methods = []
    Handler.most_in_flight = 0
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing-listens"


def test_live_address(server):
    outcome = check(f"{server}/ok")
    assert (outcome.state, outcome.status) == ("ok", 200)
    assert Handler.methods == [("HEAD", "/ok")]  # HEAD was enough: no GET


def test_dead_address(server):
    outcome = check(f"{server}/gone")
    assert (outcome.state, outcome.status, outcome.detail) == ("dead", 404, "HTTP 404")
    assert [m for m, _ in Handler.methods] == ["HEAD", "GET"]


def test_redirect_reports_the_new_address(server):
    outcome = check(f"{server}/moved")
    assert (outcome.state, outcome.status, outcome.final_url) == ("redirected", 200, f"{server}/ok")


def test_get_fallback_when_head_is_refused(server):
    outcome = check(f"{server}/no-head")
    assert (outcome.state, outcome.status) == ("ok", 200)
    assert Handler.methods == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_refusing_robots_is_not_called_dead(server):
    outcome = check(f"{server}/forbidden")
    assert (outcome.state, outcome.status) == ("blocked", 403)


def test_timeout(server):
    started = time.monotonic()
    outcome = check(f"{server}/slow", timeout=0.5)
    assert outcome.state == "dead" and outcome.status is None
    assert "no answer" in outcome.detail
    assert time.monotonic() - started < 2.5


def test_nothing_listening(closed_port_url):
    outcome = check(closed_port_url, timeout=2)
    assert outcome.state == "dead" and outcome.detail.startswith("no answer")


def test_requests_in_flight_are_bounded(server):
    urls = [f"{server}/busy{n}" for n in range(8)]
    outcomes = check_all(urls, timeout=5, workers=2)
    assert {o.state for o in outcomes.values()} == {"ok"}
    assert Handler.most_in_flight == 2


def write_source(folder: Path, source_id: str, url: str, archive_url: str | None = None) -> None:
    lines = [
        header_line("sources"),
        f"id: {source_id}",
        "title: A fictional document",
        "publisher: Fake Publisher",
        f"url: {url}",
        "accessed: 2026-01-15",
        "kind: news",
    ]
    if archive_url:
        lines.append(f"archive_url: {archive_url}")
    (folder / f"{source_id}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def test_report_and_step_outputs(server, closed_port_url, tmp_path, monkeypatch, capsys):
    sources = tmp_path / "project" / "data" / "sources"
    sources.mkdir(parents=True)
    write_source(sources, "fake-live", f"{server}/ok", archive_url=f"{server}/moved")
    write_source(sources, "fake-dead", f"{server}/gone")
    write_source(sources, "fake-closed", closed_port_url)
    write_source(sources, "fake-forbidden", f"{server}/forbidden")
    write_source(sources, "fake-same-address", f"{server}/ok")
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))

    root = tmp_path / "project"
    assert [link.source_id for link in source_links(root / "data")] == [
        "fake-closed",
        "fake-dead",
        "fake-forbidden",
        "fake-live",
        "fake-live",
        "fake-same-address",
    ]
    assert (
        main(["--root", str(root), "--report", str(tmp_path / "report.md"), "--timeout", "3"]) == 0
    )

    text = (tmp_path / "report.md").read_text("utf-8")
    assert summary.read_text("utf-8").strip() == text.strip() == capsys.readouterr().out.strip()
    output_lines = outputs.read_text("utf-8").splitlines()
    assert output_lines[0] == "broken=2"
    delimiter = output_lines[1].removeprefix("report<<")
    assert re.fullmatch(r"report_[0-9a-f]{32}", delimiter)
    assert output_lines[-1] == delimiter and delimiter not in text
    assert "\n".join(output_lines[2:-1]).strip() == text.strip()
    assert "5 addresses in 5 sources: 1 fine, 1 redirected, 1 refused the checker, 2 dead." in text
    dead = text.split("### Dead")[1].split("###")[0]
    assert "| `fake-dead` | url |" in dead and "HTTP 404" in dead
    assert "| `fake-closed` | url |" in dead and "no answer" in dead
    assert "`fake-live`" not in dead
    assert "| `fake-live` | archive_url |" in text.split("### Redirected")[1]
    assert "| `fake-forbidden` | url |" in text.split("### Refused")[1]
