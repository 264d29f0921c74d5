"""Benchmark (``make bench``; not a pipeline step): the whole pipeline on fake data of growing size.

For each size N (default 100, 1,000, 5,000 and 15,000 deployments) it generates a fake data/
folder (``watched.tools.fake``) in a temporary copy of the project (mkdocs.yml, hand-written docs/,
overrides/, as the tests' ``copy_project`` does) and measures, each step in its own process:

* ``python -m watched validate`` (what ``make validate`` runs), wall time and peak memory;
* load + validate, render and write, timed separately inside one process;
* the real ``mkdocs build --strict``, wall time and peak memory;
* the full build as ``make build`` runs it (``python -m watched build``: the steps above plus
  the share images drawn alongside MkDocs), the time the targets and the baseline ratio use;
* the preview (``make serve``): save-to-page, the time from saving one deployment's file to
  its page served over HTTP showing the edit, median of five saves (and the start-up time);
* the site: total bytes, the HTML of one deployment page (the same record id at every size),
  the biggest HTML page, the search index, and first-load bytes (gzip) of the home page and a
  deployment page: the HTML plus the CSS, JavaScript and fonts it references; what opening search
  downloads (worker script and index); and what chromium really downloads on a first visit.

With ``--baseline REV`` (``make bench`` passes the commit the speed targets were set at),
the same sizes are also built by that commit's own code and benchmark, exported from git into
a temporary folder and run with this venv, each size right after the current one: the report
gives the ratio of the two full builds measured in the same run, since absolute times vary
by ±20% between runs and ×2 between machines.

Then Lighthouse (mobile) scores the home page, a deployment page and the map of the largest site, served
from 127.0.0.1 and run against Debian's chromium; if it cannot run, the report says why.
Results go to bench/results.json and bench/results.md, with per-record ratios and targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urljoin, urlsplit

from ..pipeline.site import mkdocs_environment
from .fake import deployment_id, generate

if TYPE_CHECKING:
    from playwright.sync_api import Request

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = ROOT / "scripts"
SITE_FILES = ("mkdocs.yml",)
SITE_FOLDERS = ("docs", "overrides")
DEFAULT_SIZES = (100, 1_000, 5_000, 15_000)
CHROME_PATH = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update"
)
LIGHTHOUSE_PAGES = ("home", "deployment", "map")
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GZIP_LEVEL = 6  # what web servers typically use
SAMPLE_RECORD = 0  # deployment index present at every size, so one page can be compared
MB = 1024 * 1024


# ---------------------------------------------------------------- progress and processes


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _environment() -> dict[str, str]:
    env = mkdocs_environment()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SCRIPTS), env.get("PYTHONPATH")]))
    # Dates come from the last commit in `make`; a fixed date keeps bench pages comparable.
    env.setdefault("SOURCE_DATE_EPOCH", "1768435200")
    return env


def run_step(
    label: str, command: list[str], cwd: Path, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Run one step in a child process (with ``env`` added to its environment); its wall
    time, peak resident memory and output."""
    say(f"{label} ...")
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        child = subprocess.Popen(
            command,
            cwd=cwd,
            env={**_environment(), **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise RuntimeError(f"{label} failed (exit {child.returncode}):\n{text[-4000:]}")
    peak = usage.ru_maxrss * 1024  # kilobytes on Linux
    say(f"{label} done in {seconds:.1f} s, peak memory {peak / MB:.0f} MB")
    return {"seconds": round(seconds, 3), "peak_rss_bytes": peak, "output": text}


def phases_child(root: Path) -> int:
    """In a child process: time load + validate, render and write separately; print JSON."""
    from ..pipeline.build import Project, load_dataset, render_outputs
    from ..pipeline.write import write_tree

    project = Project(root)
    times: dict[str, float] = {}
    started = time.perf_counter()
    data = load_dataset(project)
    times["load_validate"] = time.perf_counter() - started
    started = time.perf_counter()
    files = render_outputs(data)
    times["render"] = time.perf_counter() - started
    started = time.perf_counter()
    write_tree(project.root, files, project.build_dir)
    times["write"] = time.perf_counter() - started
    print(json.dumps({"seconds": times, "files": len(files)}))
    return 0


PREVIEW_EDITS = 5


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(port: int, path: str) -> str:
    """The page's text, or "" while the server is not listening yet (the server thread binds
    its socket after this process starts polling)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode("utf-8", "replace")
    except ConnectionRefusedError:
        return ""
    finally:
        connection.close()


def _wait_for(condition: Callable[[], bool], seconds: float) -> float:
    """Seconds until ``condition()`` holds, polling every 10 ms (RuntimeError after ``seconds``)."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > seconds:
            raise RuntimeError(f"no change seen after {seconds:.0f} s")
        time.sleep(0.01)
    return time.perf_counter() - started


def preview_child(root: Path, edits: int = PREVIEW_EDITS) -> int:
    """In a child process: run ``make serve``'s preview on ``root``, save one deployment file
    ``edits`` times, and time each save until the page served over HTTP shows the edit."""
    import statistics
    import threading

    from ..pipeline.build import Project
    from . import serve

    preview = serve.Preview(Project(root))
    state = serve.snapshot(preview.folders())
    started = time.perf_counter()
    preview.refresh()
    port = _free_port()
    server = serve.make_server(preview, f"127.0.0.1:{port}")
    stop = threading.Event()
    running = threading.Thread(target=server.serve, daemon=True)
    watcher = threading.Thread(target=serve.watch, args=(preview, stop, state), daemon=True)
    running.start()
    watcher.start()
    record = deployment_id(SAMPLE_RECORD)
    page = f"/deployments/{record}/"
    source = root / "data" / "deployments" / f"{record}.yaml"
    original = source.read_text("utf-8")
    agency = next(line for line in original.splitlines() if line.startswith("agency: "))
    seconds: list[float] = []
    try:
        _wait_for(lambda: "(fictional)" in _fetch(port, page), 1800)
        start_up = time.perf_counter() - started
        time.sleep(1)
        for edit in range(1, edits + 1):
            marker = f"Edit {edit} of the bench"
            done = preview.refreshes
            source.write_text(original.replace(agency, f"{agency} {marker}"), "utf-8")
            seconds.append(_wait_for(lambda m=marker: m in _fetch(port, page), 600))  # type: ignore[misc]  # a default binds the loop's value
            # The exports follow the page; the next save waits for them, as an author would.
            _wait_for(lambda d=done: preview.refreshes > d, 1800)  # type: ignore[misc]  # likewise
            time.sleep(0.5)
    finally:
        source.write_text(original, "utf-8")
        stop.set()
        server.shutdown()
        running.join(timeout=10)
        watcher.join(timeout=10)
        server.cleanup()
    print(
        json.dumps(
            {
                "start_seconds": round(start_up, 3),
                "save_to_page_seconds": [round(value, 3) for value in seconds],
                "median_seconds": round(statistics.median(seconds), 3),
            }
        )
    )
    return 0


# ---------------------------------------------------------------- the project copy


def _generated_entries() -> set[str]:
    manifest = ROOT / ".build" / ".generated.json"
    return set(json.loads(manifest.read_text("utf-8"))) if manifest.exists() else set()


def make_project(destination: Path, n: int, seed: int) -> Path:
    """The real site configuration, hand-written pages and theme, with fake data of size n."""
    generated = _generated_entries()

    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(ROOT).as_posix()
        return {
            name for name in names if f"{relative}/{name}" in generated or name == "__pycache__"
        }

    destination.mkdir(parents=True)
    for name in SITE_FILES:
        shutil.copy2(ROOT / name, destination / name)
    for name in SITE_FOLDERS:
        shutil.copytree(ROOT / name, destination / name, ignore=ignore)
    generate(n, seed, destination / "data")
    return destination


# ---------------------------------------------------------------- measuring the site


class _References(HTMLParser):
    """The stylesheets, scripts, icons and images a page asks for, and Material's config."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rel = (values.get("rel") or "").split()
        href, src = values.get("href"), values.get("src")
        if tag == "link" and href and {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
            self.urls.append(href)
        elif tag in ("script", "img") and src:
            self.urls.append(src)
        self._in_config = tag == "script" and values.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _site_file(site: Path, page_url: str, reference: str) -> Path | None:
    """The file in site/ a reference from ``page_url`` points to (None for data: and offsite)."""
    absolute = urljoin(f"http://site{page_url}", reference)
    parts = urlsplit(absolute)
    if parts.netloc != "site":
        return None
    path = site / parts.path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0))


def first_load(site: Path, page_url: str) -> dict[str, Any]:
    """Compressed bytes a first visit downloads: the page, what it references (fonts in CSS
    included), and, reported apart, the search worker and index the theme fetches at start-up."""
    page = _site_file(site, page_url, "")
    assert page is not None, f"no page at {page_url}"
    parser = _References()
    parser.feed(page.read_text("utf-8"))
    files = {page}
    for reference in parser.urls:
        found = _site_file(site, page_url, reference)
        if found is None:
            continue
        files.add(found)
        if found.suffix == ".css":
            css_url = "/" + found.relative_to(site).as_posix()
            for inner in _CSS_URL.findall(found.read_text("utf-8", "replace")):
                font = _site_file(site, css_url, inner)
                if font is not None and font.suffix in (".woff2", ".woff", ".ttf", ".otf"):
                    files.add(font)
    search_files: set[Path] = set()
    if parser.config:
        config = json.loads(parser.config)
        base_url = urljoin(page_url, config.get("base", "."))
        for reference in filter(None, [config.get("search"), "search/search_index.json"]):
            found = _site_file(
                site, base_url if base_url.endswith("/") else base_url + "/", reference
            )
            if found is not None:
                search_files.add(found)
    page_bytes = sum(_gzipped(path) for path in files)
    search_bytes = sum(_gzipped(path) for path in search_files)
    return {
        "gzip_bytes": page_bytes,
        "search_gzip_bytes": search_bytes,
        "files": sorted(path.relative_to(site).as_posix() for path in files | search_files),
    }


def measure_site(site: Path, sample_url: str) -> dict[str, Any]:
    sizes = {path: path.stat().st_size for path in site.rglob("*") if path.is_file()}
    pages = {path: size for path, size in sizes.items() if path.suffix == ".html"}
    biggest = max(pages, key=lambda path: pages[path])
    index = site / "search" / "search_index.json"
    sample = _site_file(site, sample_url, "")
    assert sample is not None, f"no page at {sample_url}"
    search = json.loads(index.read_text("utf-8")) if index.exists() else {"docs": []}
    return {
        "site_bytes": sum(sizes.values()),
        "site_files": len(sizes),
        "html_pages": len(pages),
        "deployment_page_bytes": sample.stat().st_size,
        "biggest_page": biggest.relative_to(site).as_posix(),
        "biggest_page_bytes": pages[biggest],
        "search_index_bytes": index.stat().st_size if index.exists() else 0,
        "search_index_gzip_bytes": _gzipped(index) if index.exists() else 0,
        "search_entries": len(search["docs"]),
        "first_load_home": first_load(site, "/"),
        "first_load_deployment": first_load(site, sample_url),
    }


def measure_size(n: int, seed: int, work: Path, with_preview: bool = True) -> dict[str, Any]:
    say(f"=== N = {n:,} deployments")
    root = work / f"n{n}"
    started = time.perf_counter()
    make_project(root, n, seed)
    say(f"generated fake data/ and the project copy in {time.perf_counter() - started:.1f} s")
    python = sys.executable
    validate = run_step(
        f"[N={n:,}] make validate", [python, "-m", "watched", "validate", "--root", str(root)], root
    )
    phases = run_step(
        f"[N={n:,}] load+validate, render, write",
        [python, "-m", "watched", "bench", "--phases-child", str(root)],
        root,
    )
    phase_times = json.loads(phases["output"].strip().splitlines()[-1])
    mkdocs_command = [
        python,
        "-m",
        "mkdocs",
        "build",
        "--strict",  # never --quiet: it hides warnings from the strict counter
        "--config-file",
        str(root / "mkdocs.yml"),
        "--site-dir",
        str(root / "site"),
    ]
    mkdocs = run_step(f"[N={n:,}] mkdocs build --strict", mkdocs_command, root)
    # The same in one process (overrides/hooks/two_processes.py off): what the split gains.
    mkdocs_one = run_step(
        f"[N={n:,}] mkdocs build --strict in one process",
        mkdocs_command,
        root,
        env={"WATCHED_MKDOCS_PROCESSES": "1"},
    )
    # What `make build` runs, timed as one command: the steps above again, plus what only the
    # command does (the share images, drawn while MkDocs runs, and the atomic swap of site/).
    # This is the full build the targets and the baseline ratio use.
    command = run_step(
        f"[N={n:,}] python -m watched build (what make build runs, share images included)",
        [python, "-m", "watched", "build", "--root", str(root)],
        root,
    )
    say(f"[N={n:,}] measuring site/ ...")
    sample_url = f"/deployments/{deployment_id(SAMPLE_RECORD)}/"
    site = measure_site(root / "site", sample_url)
    say(f"[N={n:,}] first load in chromium ...")
    site["browser_first_load"] = browser_first_load(
        root / "site", {"home": "/", "deployment": sample_url}
    )
    # Last: the preview edits data/ (and puts it back).
    preview = None
    if with_preview:
        preview_step = run_step(
            f"[N={n:,}] preview: save-to-page, median of {PREVIEW_EDITS} saves",
            [python, "-m", "watched", "bench", "--preview-child", str(root)],
            root,
        )
        preview = json.loads(preview_step["output"].strip().splitlines()[-1])
        say(
            f"[N={n:,}] preview started in {preview['start_seconds']:.1f} s; save-to-page "
            f"{preview['median_seconds']:.2f} s (each: {preview['save_to_page_seconds']})"
        )
    pipeline_seconds = phases["seconds"]
    total = command["seconds"]
    result = {
        "n": n,
        "validate_seconds": validate["seconds"],
        "validate_peak_rss_bytes": validate["peak_rss_bytes"],
        "pipeline_seconds": pipeline_seconds,
        "phase_seconds": {key: round(value, 3) for key, value in phase_times["seconds"].items()},
        "generated_files": phase_times["files"],
        "pipeline_peak_rss_bytes": phases["peak_rss_bytes"],
        "mkdocs_seconds": mkdocs["seconds"],
        "mkdocs_one_process_seconds": mkdocs_one["seconds"],
        "mkdocs_peak_rss_bytes": mkdocs["peak_rss_bytes"],
        "build_seconds": round(total, 3),
        "steps_seconds": round(pipeline_seconds + mkdocs["seconds"], 3),
        "build_peak_rss_bytes": command["peak_rss_bytes"],
        "pipeline_share": round(pipeline_seconds / total, 4),
        # The target names load + validate + render; writing 50,000 files and starting the
        # process are reported in pipeline_share beside it.
        "load_validate_render_share": round(
            (phase_times["seconds"]["load_validate"] + phase_times["seconds"]["render"]) / total, 4
        ),
        "sample_url": sample_url,
        "preview": preview,
        **site,
    }
    say(
        f"[N={n:,}] full build {total:.1f} s, site {site['site_bytes'] / MB:.1f} MB, "
        f"search index {site['search_index_bytes'] / MB:.2f} MB, "
        f"deployment page {site['deployment_page_bytes']:,} B"
    )
    return result


# ---------------------------------------------------------------- Lighthouse


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text as any production host would serve them."""

    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]  # http.server leaves send_head unannotated
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = path / "index.html"
        text = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
        if not (text and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class LocalSite:
    """site/ served from 127.0.0.1 (gzip on), for the browser and Lighthouse measurements."""

    def __init__(self, site: Path) -> None:
        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(_GzipHandler, directory=str(site))
        )
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Self:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _wire_bytes(site: Path, request: Request) -> int:
    """The body bytes chromium received; a worker's script reports none, so count its gzip."""
    size: int = request.sizes()["responseBodySize"]
    if size == 0:
        found = _site_file(site, urlsplit(request.url).path, "")
        size = _gzipped(found) if found is not None else 0
    return size


def browser_first_load(site: Path, pages: dict[str, str]) -> dict[str, Any]:
    """What Debian's chromium really downloads (compressed bytes on the wire) when it first
    opens each page with an empty cache and waits until the network is idle, or why not."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return {"error": "the playwright Python package is not installed"}
    if not Path(CHROME_PATH).exists():
        return {"error": f"no chromium at {CHROME_PATH}"}
    results: dict[str, Any] = {}
    try:
        with LocalSite(site) as local, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROME_PATH, args=["--no-sandbox"])
            for name, url in pages.items():
                context = browser.new_context()
                page = context.new_page()
                responses: list[Any] = []

                def finished(request: Request, into: list[Any] = responses) -> None:
                    # Playwright tags each handler with an attribute: a plain function, never
                    # a bound builtin such as list.append (AttributeError since 1.5x).
                    into.append(request)

                page.on("requestfinished", finished)
                page.goto(local.base + url, wait_until="networkidle")
                sizes = [(urlsplit(r.url).path, _wire_bytes(site, r)) for r in responses]
                results[name] = {
                    "transfer_bytes": sum(size for _, size in sizes),
                    "requests": [{"url": path, "bytes": size} for path, size in sizes],
                }
                context.close()
            browser.close()
    except Error as error:
        return {"error": f"chromium failed: {str(error).splitlines()[0]}"}
    return results


def _lighthouse_binary() -> tuple[Path | None, str]:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary, ""
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm is not installed, so lighthouse@12.2.3 cannot be installed"
    say("installing lighthouse from package-lock.json (npm ci) ...")
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not binary.exists():
        return None, f"npm ci failed: {(result.stdout + result.stderr).strip()[-800:]}"
    return binary, ""


def run_lighthouse(site: Path, pages: dict[str, str], work: Path) -> dict[str, Any]:
    """Lighthouse (mobile, its default) scores of each page, or why it could not run."""
    if not Path(CHROME_PATH).exists():
        return {"error": f"no chromium at {CHROME_PATH}"}
    binary, why = _lighthouse_binary()
    if binary is None:
        return {"error": why}
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    results: dict[str, Any] = {
        "version": "12.2.3",
        "form_factor": "mobile (Lighthouse default, simulated throttling)",
    }
    local = LocalSite(site).__enter__()
    base = local.base
    try:
        for name, url in pages.items():
            report = work / f"lighthouse-{name}.json"
            say(f"Lighthouse (mobile): {name} page {url} ...")
            started = time.perf_counter()
            completed = subprocess.run(
                [
                    str(binary),
                    base + url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if completed.returncode != 0 or not report.exists():
                results[name] = {"error": (completed.stdout + completed.stderr).strip()[-800:]}
                say(f"Lighthouse failed for {name}")
                continue
            results[name] = _summarise_lighthouse(json.loads(report.read_text("utf-8")))
            say(
                f"Lighthouse {name} done in {time.perf_counter() - started:.0f} s: {results[name]['scores']}"
            )
    except (OSError, subprocess.TimeoutExpired) as error:
        results["error"] = f"{type(error).__name__}: {error}"
    finally:
        local.__exit__()
    return results


def _summarise_lighthouse(report: dict[str, Any]) -> dict[str, Any]:
    audits = report["audits"]
    failing = []
    for key, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{key}: {ref['id']} ({audit['score']:.2f})")
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    return {
        "scores": {key: category["score"] for key, category in report["categories"].items()},
        "first_contentful_paint_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "largest_contentful_paint_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "total_blocking_time_ms": round(audits["total-blocking-time"]["numericValue"]),
        "total_byte_weight": round(audits["total-byte-weight"]["numericValue"]),
        "requests": [
            {"url": urlsplit(item["url"]).path, "transfer_bytes": item.get("transferSize", 0)}
            for item in requests
        ],
        "audits_below_1": failing,
    }


# ---------------------------------------------------------------- ratios, targets, report


def ratios(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-record time and size between the smallest size of at least 1,000 and the largest."""
    ordered = sorted(results, key=lambda r: r["n"])
    base = next((r for r in ordered if r["n"] >= 1000 and r is not ordered[-1]), ordered[0])
    top = ordered[-1]
    if base is top:
        return {}

    def per_record(result: dict[str, Any], key: str) -> float:
        return float(result[key] / result["n"])

    return {
        "from_n": base["n"],
        "to_n": top["n"],
        "build_seconds_per_record": [
            per_record(base, "build_seconds"),
            per_record(top, "build_seconds"),
        ],
        "build_time_ratio": round(
            per_record(top, "build_seconds") / per_record(base, "build_seconds"), 3
        ),
        "site_bytes_per_record": [per_record(base, "site_bytes"), per_record(top, "site_bytes")],
        "site_size_ratio": round(per_record(top, "site_bytes") / per_record(base, "site_bytes"), 3),
        "deployment_page_ratio": round(
            top["deployment_page_bytes"] / ordered[0]["deployment_page_bytes"], 3
        ),
        "biggest_page_ratio": round(
            top["biggest_page_bytes"] / ordered[0]["biggest_page_bytes"], 3
        ),
    }


def targets(
    results: list[dict[str, Any]], growth: dict[str, Any], lighthouse: dict[str, Any]
) -> list[dict[str, Any]]:
    top = max(results, key=lambda r: r["n"])
    n = f"N={top['n']:,}"
    first_loads = [top["first_load_home"], top["first_load_deployment"]]
    rows = [
        (f"full build ≤ 120 s ({n})", f"{top['build_seconds']:.1f} s", top["build_seconds"] <= 120),
        (
            f"load+validate+render ≤ 10% of total ({n})",
            f"{top['load_validate_render_share']:.1%} (with write and start-up: {top['pipeline_share']:.1%})",
            top["load_validate_render_share"] <= 0.10,
        ),
        (
            f"make validate ≤ 5 s ({n})",
            f"{top['validate_seconds']:.1f} s",
            top["validate_seconds"] <= 5,
        ),
        (
            f"search download ≤ 3 MB: index + worker, gzip as served ({n})",
            (
                f"{top['first_load_home']['search_gzip_bytes'] / MB:.2f} MB (uncompressed index "
                f"{top['search_index_bytes'] / MB:.2f} MB)"
            ),
            top["first_load_home"]["search_gzip_bytes"] <= 3 * MB,
        ),
        (
            f"first load ≤ 150 KB gzip, page + the CSS/JS/fonts it references, home / deployment ({n})",
            " / ".join(f"{f['gzip_bytes'] / 1024:.0f} KB" for f in first_loads),
            all(f["gzip_bytes"] <= 150 * 1024 for f in first_loads),
        ),
    ]
    for result in sorted(results, key=lambda r: r["n"]):
        limit = 1.0 if result["n"] <= 100 else 5.0
        preview = result.get("preview")
        rows.append(
            (
                f"preview save-to-page ≤ {limit:g} s (N={result['n']:,})",
                f"{preview['median_seconds']:.2f} s" if preview else "not measured",
                preview["median_seconds"] <= limit if preview else None,
            )
        )
    browser = top.get("browser_first_load", {})
    if "error" in browser or not browser:
        rows.append(
            (
                f"first load ≤ 150 KB, all chromium downloads ({n})",
                f"not measured: {browser.get('error', 'not run')}",
                None,
            )
        )
    else:
        rows.append(
            (
                f"first load ≤ 150 KB, all chromium downloads until network idle ({n})",
                " / ".join(
                    f"{browser[p]['transfer_bytes'] / 1024:.0f} KB" for p in ("home", "deployment")
                ),
                all(browser[p]["transfer_bytes"] <= 150 * 1024 for p in ("home", "deployment")),
            )
        )
    if growth:
        span = f"{growth['from_n']:,} → {growth['to_n']:,}"
        rows += [
            (
                f"build time per record flat, ratio ≤ 1.3 ({span})",
                f"{growth['build_time_ratio']:.2f}",
                growth["build_time_ratio"] <= 1.3,
            ),
            (
                f"site bytes per record flat, ratio ≤ 1.3 ({span})",
                f"{growth['site_size_ratio']:.2f}",
                growth["site_size_ratio"] <= 1.3,
            ),
            (
                "deployment page does not grow (same record, smallest → largest N)",
                f"×{growth['deployment_page_ratio']:.2f}",
                growth["deployment_page_ratio"] <= 1.1,
            ),
            (
                "biggest page does not grow (smallest → largest N)",
                f"×{growth['biggest_page_ratio']:.2f} ({top['biggest_page']})",
                growth["biggest_page_ratio"] <= 1.2,
            ),
        ]
    for page in LIGHTHOUSE_PAGES:
        scores = lighthouse.get(page, {}).get("scores")
        if not scores:
            reason = lighthouse.get(page, {}).get("error") or lighthouse.get("error") or "not run"
            rows.append((f"Lighthouse mobile, {page}", f"not measured: {reason[:200]}", None))
            continue
        met = scores["performance"] >= 0.98 and all(
            scores[k] == 1 for k in ("accessibility", "best-practices", "seo")
        )
        shown = ", ".join(f"{key} {value:.2f}" for key, value in scores.items())
        rows.append((f"Lighthouse mobile, {page}: perf ≥ 0.98, others 1.00", shown, met))
    return [{"target": target, "measured": measured, "met": met} for target, measured, met in rows]


def _preview_cell(result: dict[str, Any]) -> str:
    preview = result.get("preview")
    if not preview:
        return "not run"
    each = ", ".join(f"{value:.2f}" for value in preview["save_to_page_seconds"])
    return f"{preview['median_seconds']:.2f} s ({each})"


def _browser_cell(result: dict[str, Any]) -> str:
    browser = result.get("browser_first_load", {})
    if "error" in browser or not browser:
        return "not measured"
    return " / ".join(
        f"{browser[p]['transfer_bytes'] / 1024:,.1f} KB" for p in ("home", "deployment")
    )


def _baseline_rows(
    results: list[dict[str, Any]],
) -> list[tuple[str, Callable[[dict[str, Any]], str]]]:
    """Rows comparing with the baseline commit, built in the same run (``--baseline``)."""
    commits = {r["baseline"]["commit"] for r in results if "baseline" in r}
    if not commits:
        return []
    commit = ", ".join(sorted(commits))

    def cell(r: dict[str, Any], key: str, ratio: bool) -> str:
        base = r.get("baseline", {})
        if key not in base:
            return str(base.get("error", "not measured"))
        return f"×{r[key] / base[key]:.2f}" if ratio else f"{base[key]:.1f} s"

    return [
        (f"baseline `{commit}`: mkdocs build", lambda r: cell(r, "mkdocs_seconds", False)),
        (f"baseline `{commit}`: full build", lambda r: cell(r, "build_seconds", False)),
        ("mkdocs build, this commit / baseline", lambda r: cell(r, "mkdocs_seconds", True)),
        ("full build, this commit / baseline", lambda r: cell(r, "build_seconds", True)),
    ]


def _seconds(result: dict[str, Any], key: str) -> str:
    return f"{result[key]:.1f} s" if key in result else "not measured"


def _ratio(result: dict[str, Any], key: str, base: str) -> str:
    return f"×{result[key] / result[base]:.2f}" if base in result else "not measured"


def _table(results: list[dict[str, Any]]) -> str:
    def kb(value: float) -> str:
        return f"{value / 1024:,.1f} KB"

    def mb(value: float) -> str:
        return f"{value / MB:,.1f} MB"

    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("deployments (N)", lambda r: f"{r['n']:,}"),
        ("`make validate`", lambda r: f"{r['validate_seconds']:.2f} s"),
        ("load + validate", lambda r: f"{r['phase_seconds']['load_validate']:.2f} s"),
        ("render", lambda r: f"{r['phase_seconds']['render']:.2f} s"),
        ("write", lambda r: f"{r['phase_seconds']['write']:.2f} s"),
        ("pipeline process (all three, with start-up)", lambda r: f"{r['pipeline_seconds']:.1f} s"),
        ("mkdocs build --strict", lambda r: f"{r['mkdocs_seconds']:.1f} s"),
        (
            "mkdocs build --strict in one process (`WATCHED_MKDOCS_PROCESSES=1`)",
            lambda r: _seconds(r, "mkdocs_one_process_seconds"),
        ),
        (
            "mkdocs build, two processes / one",
            lambda r: _ratio(r, "mkdocs_seconds", "mkdocs_one_process_seconds"),
        ),
        (
            "pipeline + mkdocs, each in its own process",
            lambda r: f"{r.get('steps_seconds', r['build_seconds']):.1f} s",
        ),
        (
            "full build: `python -m watched build` (share images included)",
            lambda r: f"{r['build_seconds']:.1f} s",
        ),
        ("preview: save-to-page, median of 5 saves", _preview_cell),
        (
            "preview: start (render, complete build, first page)",
            lambda r: f"{r['preview']['start_seconds']:.1f} s" if r.get("preview") else "not run",
        ),
        (
            "load+validate+render share of full build",
            lambda r: f"{r['load_validate_render_share']:.1%}",
        ),
        (
            "pipeline share of full build (with write, start-up)",
            lambda r: f"{r['pipeline_share']:.1%}",
        ),
        ("full build per record", lambda r: f"{r['build_seconds'] / r['n'] * 1000:.1f} ms"),
        *_baseline_rows(results),
        (
            "peak memory: validate / pipeline / mkdocs",
            lambda r: " / ".join(
                mb(r[k])
                for k in (
                    "validate_peak_rss_bytes",
                    "pipeline_peak_rss_bytes",
                    "mkdocs_peak_rss_bytes",
                )
            ),
        ),
        ("site size (files)", lambda r: f"{mb(r['site_bytes'])} ({r['site_files']:,})"),
        ("site bytes per record", lambda r: kb(r["site_bytes"] / r["n"])),
        ("deployment page HTML", lambda r: f"{r['deployment_page_bytes']:,} B"),
        ("biggest HTML page", lambda r: f"{kb(r['biggest_page_bytes'])} `{r['biggest_page']}`"),
        (
            "search index raw / gzip (entries)",
            lambda r: (
                f"{r['search_index_bytes'] / MB:.2f} MB / {r['search_index_gzip_bytes'] / MB:.2f} MB ({r['search_entries']:,})"
            ),
        ),
        (
            "search download, gzip (worker + index)",
            lambda r: kb(r["first_load_home"]["search_gzip_bytes"]),
        ),
        (
            "first load, gzip page + CSS/JS/fonts: home / deployment",
            lambda r: (
                f"{kb(r['first_load_home']['gzip_bytes'])} / {kb(r['first_load_deployment']['gzip_bytes'])}"
            ),
        ),
        ("first load, all chromium downloads: home / deployment", _browser_cell),
    ]
    ordered = sorted(results, key=lambda r: r["n"])
    lines = [
        "| measure | " + " | ".join(f"N={r['n']:,}" for r in ordered) + " |",
        "|---|" + "---|" * len(ordered),
    ]
    for label, show in rows[1:]:
        lines.append(f"| {label} | " + " | ".join(show(r) for r in ordered) + " |")
    return "\n".join(lines)


def report_markdown(summary: dict[str, Any]) -> str:
    lines = [
        "# Benchmark: the pipeline on fake data",
        "",
        (
            f"Run {summary['finished']} on {summary['machine']['cpus']} CPUs, Python "
            f"{summary['machine']['python']}, commit `{summary['commit']}`, seed {summary['seed']}. "
            "Generated by `make bench` (scripts/watched/tools/bench.py); fake data from scripts/watched/tools/fake.py."
        ),
        "",
        _table(summary["results"]),
        "",
    ]
    growth = summary["ratios"]
    if growth:
        lines += [
            (
                f"Per record, {growth['from_n']:,} → {growth['to_n']:,}: build time ×{growth['build_time_ratio']:.2f}, "
                f"site bytes ×{growth['site_size_ratio']:.2f}."
            ),
            "",
        ]
    lines += ["## Targets", "", "| target | measured | met |", "|---|---|---|"]
    for row in summary["targets"]:
        met = {True: "yes", False: "**no**", None: "not measured"}[row["met"]]
        lines.append(f"| {row['target']} | {row['measured']} | {met} |")
    lighthouse = summary["lighthouse"]
    lines += ["", "## Lighthouse (mobile)", ""]
    if lighthouse.get("error"):
        lines.append(f"Not run: {lighthouse['error']}")
    for page in LIGHTHOUSE_PAGES:
        item = lighthouse.get(page)
        if not item:
            continue
        if "error" in item:
            lines.append(f"- {page}: failed: {item['error']}")
            continue
        lines.append(
            f"- {page} (N={lighthouse['n']:,}): "
            + ", ".join(f"{k} {v:.2f}" for k, v in item["scores"].items())
            + f"; FCP {item['first_contentful_paint_ms']} ms, LCP {item['largest_contentful_paint_ms']} ms, "
            f"TBT {item['total_blocking_time_ms']} ms, {item['total_byte_weight'] / 1024:.0f} KB transferred"
        )
        for audit in item["audits_below_1"]:
            lines.append(f"  - below 1: {audit}")
    return "\n".join(lines) + "\n"


def export_commit(revision: str, folder: Path, repository: Path = ROOT) -> str:
    """The tree of ``revision`` in ``folder`` (git archive: no .git, nothing generated);
    returns its short hash."""
    short = subprocess.run(
        ["git", "rev-parse", "--short", f"{revision}^{{commit}}"],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", short], cwd=repository, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return short


def measure_baseline(tree: Path, n: int, seed: int, work: Path) -> dict[str, Any]:
    """The baseline tree's own benchmark at one size (no Lighthouse), as its results.json
    reports it: its fake data, its pipeline and its mkdocs build, timed by its own code."""
    out = work / f"baseline-n{n}"
    environment = {**os.environ, "PYTHONPATH": str(tree / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    attempts = (["-m", "watched", "bench"], ["-m", "watched.bench"])  # now / before one CLI
    failure = ""
    for command in attempts:
        result = subprocess.run(
            [
                sys.executable,
                *command,
                "--sizes",
                str(n),
                "--seed",
                str(seed),
                "--no-lighthouse",
                "--out",
                str(out),
            ],
            cwd=tree,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0 and (out / "results.json").is_file():
            found: dict[str, Any] = json.loads((out / "results.json").read_text("utf-8"))
            row: dict[str, Any] = found["results"][0]
            return {
                key: row[key] for key in ("build_seconds", "mkdocs_seconds", "pipeline_seconds")
            }
        lines = (result.stderr or result.stdout).strip().splitlines()
        failure = lines[-1] if lines else "no output"
    return {"error": f"the baseline's benchmark failed: {failure}"}


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m watched bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated numbers of deployments (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench", help="folder for results.md/.json"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also build each size with this commit's code, in the same run, and report the ratio",
    )
    parser.add_argument(
        "--no-preview", action="store_true", help="skip the preview save-to-page measurement"
    )
    parser.add_argument("--phases-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--preview-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phases_child:
        return phases_child(args.phases_child)
    if args.preview_child:
        return preview_child(args.preview_child)
    sizes = sorted({int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()})
    work = Path(tempfile.mkdtemp(prefix="watched-bench-"))
    say(f"benchmark at N = {', '.join(f'{n:,}' for n in sizes)}; temporary projects in {work}")
    results: list[dict[str, Any]] = []
    lighthouse: dict[str, Any] = (
        {"error": "skipped (--no-lighthouse)"} if args.no_lighthouse else {}
    )
    baseline_tree = work / "baseline"
    baseline = export_commit(args.baseline, baseline_tree) if args.baseline else None
    try:
        for n in sizes:
            results.append(measure_size(n, args.seed, work, not args.no_preview))
            if baseline:
                say(f"N={n:,}: the same size at the baseline commit {baseline}")
                results[-1]["baseline"] = {
                    "commit": baseline,
                    **measure_baseline(baseline_tree, n, args.seed, work),
                }
            if n == sizes[-1] and not args.no_lighthouse:
                lighthouse = run_lighthouse(
                    work / f"n{n}" / "site",
                    {"home": "/", "deployment": results[-1]["sample_url"], "map": "/map/"},
                    work,
                )
                lighthouse["n"] = n
            if not args.keep:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    growth = ratios(results)
    summary = {
        "finished": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "seed": args.seed,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "results": results,
        "ratios": growth,
        "targets": targets(results, growth, lighthouse),
        "lighthouse": lighthouse,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    markdown = report_markdown(summary)
    (args.out / "results.md").write_text(markdown, encoding="utf-8")
    print()
    print(markdown)
    say(f"results written to {args.out / 'results.md'} and {args.out / 'results.json'}")
    return 0
