"""Preview: render data/ into generated/, serve the site, and keep both current while you edit.

``make serve`` runs MkDocs' development server in this process, with three additions:

- A watcher re-renders when data/ or a page template changes, compares the result with the
  pages on disk and writes only the files whose text changed. MkDocs then rebuilds in dirty
  mode, which re-renders only those pages, so a saved record is on screen in about a second.
- When the data is invalid, the last good pages stay on screen and every page carries a
  banner listing the problems as ``path:line:col: message`` until they are fixed. The server
  also starts with invalid data: the banner says what to fix.
- Requests whose ``Host`` header is not 127.0.0.1 or localhost are refused, so a web page
  elsewhere cannot read the preview through DNS rebinding.

The preview is a convenience, not a check: it is built without ``--strict`` (so a broken
record never stops it) and in dirty mode (navigation on untouched pages may lag). ``make
build`` is the strict, complete build.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from ..pipeline.build import DOCS, Project, load_dataset, render_outputs
from ..pipeline.problems import Problem, ValidationFailed, report
from ..pipeline.render.environment import TEMPLATES
from ..pipeline.write import MANIFEST, WriteRefused, _entry, write_tree

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

POLL_SECONDS = 0.2
ALLOWED_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TEMPORARY_PREFIX = ".watched-"
"""Files being written start with a dot: MkDocs ignores dotfiles, so it never builds half a file."""

log = logging.getLogger("watched.serve")


# ---------------------------------------------------------------- writing only what changed


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_changed(root: Path, files: Mapping[str, str], build_dir: Path) -> list[str] | None:
    """Write the files whose text differs from the disk and remove generated files that are
    no longer rendered; return the paths touched, or None when everything was rewritten.

    The first run, and any run that adds or removes a whole generated entry, goes through the
    atomic ``write_tree`` (which also refuses to overwrite hand-written pages)."""
    manifest = build_dir / MANIFEST
    previous = set(json.loads(manifest.read_text("utf-8"))) if manifest.is_file() else None
    if previous != {_entry(path) for path in files}:
        write_tree(root, files, build_dir)
        return None
    touched = []
    for relative, text in files.items():
        if not _same(root / relative, text):
            _write_atomically(root / relative, text)
            touched.append(relative)
    for entry in sorted(previous):
        folder = root / entry
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(root).as_posix()
                if (
                    path.is_file()
                    and relative not in files
                    and not path.name.startswith(TEMPORARY_PREFIX)
                ):
                    path.unlink()
                    touched.append(relative)
    return touched


# ---------------------------------------------------------------- the banner


def problems_banner(problems: Iterable[Problem]) -> str:
    """The banner every preview page shows while the data is invalid. Every value is escaped:
    a message may quote the data."""
    items = sorted(problems)
    if not items:
        return ""
    noun = "problem" if len(items) == 1 else "problems"
    rows = "".join(
        f"<li><code>{html.escape(f'{p.path}:{p.line}:{p.column}')}</code>: {html.escape(p.message)}</li>"
        for p in items
    )
    return (
        '<div id="watched-preview-problems" role="alert" style="background:#fff4f4;color:#1a1a1a;'
        "border:3px solid #b00020;margin:0;padding:.75rem 1.25rem;font:16px/1.5 system-ui,sans-serif;"
        'max-height:50vh;overflow:auto;position:relative;z-index:10">'
        f'<p style="margin:0 0 .5rem"><strong>The data has {len(items)} {noun}.</strong> '
        "This preview shows the last good pages until you fix them and save:</p>"
        f'<ul style="margin:0;padding-left:1.5rem">{rows}</ul></div>'
    )


# ---------------------------------------------------------------- the preview


class Preview:
    """The data side of the preview: render, write what changed, remember the problems."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.problems: list[Problem] = []
        self.lock = threading.Lock()
        self.on_pages: Callable[[bool], None] = lambda complete: None
        """Called after pages were written (complete: everything was rewritten)."""
        self.on_problems: Callable[[], None] = lambda: None
        """Called when the problems shown in the banner changed but no page did."""

    def folders(self) -> list[Path]:
        return [self.project.data, TEMPLATES]

    def refresh(self) -> list[str] | None:
        """Render from data/; return the paths written ([] when none, None when all)."""
        with self.lock:
            before = self.problems
            try:
                files = render_outputs(load_dataset(self.project))
                self.problems = []
            except ValidationFailed as failure:
                self.problems = failure.problems
                report(failure.problems, sys.stderr, github=False)
                print(
                    "watched: the pages show these problems until they are fixed", file=sys.stderr
                )
                touched: list[str] | None = []
            else:
                touched = write_changed(self.project.root, files, self.project.build_dir)
                if touched is None or touched:
                    shown = "every page" if touched is None else f"{len(touched)} changed file(s)"
                    print(f"watched: data re-rendered, wrote {shown}", file=sys.stderr)
            if touched is None or touched:
                self.on_pages(touched is None)
            elif self.problems != before:
                self.on_problems()
            return touched


def snapshot(folders: list[Path]) -> dict[Path, float]:
    state: dict[Path, float] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                state[path] = path.stat().st_mtime_ns
            except OSError:
                continue
    return state


def watch(preview: Preview, stop: threading.Event, last: dict[Path, float]) -> None:
    """Refresh whenever the watched files differ from ``last``, the state last rendered."""
    folders = preview.folders()
    while not stop.wait(POLL_SECONDS):
        current = snapshot(folders)
        if current != last:
            last = current
            try:
                preview.refresh()
            except (OSError, WriteRefused) as error:
                print(f"watched: could not write the pages: {error}", file=sys.stderr)


def host_allowed(host_header: str | None) -> bool:
    """Only loopback names: 127.0.0.1, localhost or [::1], with any port."""
    if not host_header:
        return False
    hostname = urlsplit(f"//{host_header}").hostname
    return hostname in ALLOWED_HOSTS


def _generated_partials(overrides: Path) -> set[str]:
    """The generated partials the theme includes ("generated/campaign-banner.html")."""
    names: set[str] = set()
    for template in overrides.rglob("*.html"):
        names.update(
            re.findall(r"""include\s+["'](generated/[^"']+)["']""", template.read_text("utf-8"))
        )
    return names


class PreviewServing(Protocol):
    """What ``preview`` needs of the server ``make_server`` returns."""

    def serve(self) -> None: ...
    def shutdown(self) -> None: ...
    def cleanup(self) -> None: ...


def make_server(preview: Preview, address: str) -> PreviewServing:
    """An MkDocs live-reload server for ``preview``: what ``mkdocs serve --dirty`` sets up,
    plus the Host check, the problems banner and rebuilds requested by the data watcher."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp

    project = preview.project
    site_dir = tempfile.mkdtemp(prefix="watched-preview-")
    fallbacks = Path(tempfile.mkdtemp(prefix="watched-preview-partials-"))
    for name in _generated_partials(project.root / "overrides"):
        (fallbacks / name).parent.mkdir(parents=True, exist_ok=True)
        (fallbacks / name).write_text("", "utf-8")

    def get_config() -> MkDocsConfig:
        config = load_config(
            config_file=str(project.root / "mkdocs.yml"),
            site_dir=site_dir,
            dev_addr=address,
            strict=False,
        )
        # Started with invalid data, the generated theme partials do not exist yet: empty
        # stand-ins, searched last, so the hand-written pages (and the banner) still show.
        config.theme.dirs.append(str(fallbacks))
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    complete = threading.Event()

    def builder(config: MkDocsConfig | None = None) -> None:
        if config is None:
            config = get_config()
        config.site_url = serve_url
        clean = complete.is_set()
        complete.clear()
        build(config, serve_url=serve_url, dirty=not clean)

    class PreviewServer(LiveReloadServer):
        def serve_request(
            self, environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes]:
            if not host_allowed(environ.get("HTTP_HOST")):
                start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"403 Forbidden: the preview answers only to 127.0.0.1 and localhost\n"]
            return super().serve_request(environ, start_response)

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]  # mkdocs leaves it unannotated
            banner = problems_banner(preview.problems).encode("utf-8")
            if not banner:
                return content
            start = content.find(b"<body")
            at = content.find(b">", start) + 1 if start >= 0 else 0
            return content[:at] + banner + content[at:]

        def rebuild(self) -> None:
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        def reload_browsers(self) -> None:
            with self._epoch_cond:
                self._wanted_epoch = self._visible_epoch = _timestamp()
                self._epoch_cond.notify_all()

        def cleanup(self) -> None:
            config.plugins.on_shutdown()
            shutil.rmtree(site_dir, ignore_errors=True)
            shutil.rmtree(fallbacks, ignore_errors=True)

    server = PreviewServer(
        builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path
    )

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page

    def pages_written(everything: bool) -> None:
        if everything:
            complete.set()
        server.rebuild()

    preview.on_pages = pages_written
    preview.on_problems = server.reload_browsers
    try:
        builder(config)
    except Exception as error:  # noqa: BLE001 - a broken page must not stop the preview
        log.error("the first build failed (%s); fix the page and save to rebuild", error)
    server.watch(config.docs_dir)
    (project.root / DOCS).mkdir(exist_ok=True)  # empty until the data first validates
    server.watch(str(project.root / DOCS))
    server.watch(str(project.root / "mkdocs.yml"))
    if config.theme.custom_dir:  # overrides/; the installed theme's own files do not change
        server.watch(config.theme.custom_dir)
    return server


class _DirtyBuildNotice(logging.Filter):
    """Drop MkDocs' warning that a dirty build may leave navigation stale: the preview says so
    once, at start."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _log_like_mkdocs() -> None:
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyBuildNotice())
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-8s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def serve(project: Project, address: str) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _log_like_mkdocs()
    preview = Preview(project)
    state = snapshot(preview.folders())  # before rendering, so no edit slips between
    preview.refresh()
    server = make_server(preview, address)
    print(
        "watched: previewing; only changed pages are rebuilt, so menus on other pages may lag "
        "until you restart (make build is the complete, strict build)",
        file=sys.stderr,
    )
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, stop, state), daemon=True)
    watcher.start()
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        server.cleanup()
    return 0
