"""Preview: render data/ into generated/, serve the site, and keep both current while you edit.

``make serve`` runs MkDocs' development server in this process, with three additions:

- A watcher (inotify through watchdog, which MkDocs already uses) notices a save in data/ or
  a page template. Only the saved files are read again, only the pages the edit can change are
  rendered again (``incremental``, ``depends``), and only files whose text changed are
  written. MkDocs keeps its build in memory (``LiveSite``) and builds only those pages again,
  with the search index updated in place: the pages served are byte for byte what a complete
  build gives. The exports (JSON, CSV, feeds, handouts) follow right after the page is shown.
- When the data is invalid, the last good pages stay on screen and every page carries a
  banner listing the problems as ``path:line:col: message`` until they are fixed. The server
  also starts with invalid data: the banner says what to fix.
- Requests whose ``Host`` header is not 127.0.0.1 or localhost are refused, so a web page
  elsewhere cannot read the preview through DNS rebinding.

The preview is a convenience, not a check: it is built without ``--strict`` (so a broken
record never stops it). A new or removed file, a theme change or mkdocs.yml builds the whole
site again. ``make build`` is the strict, complete build.
"""

from __future__ import annotations

import gc
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

from ..pipeline.build import DOCS, Project
from ..pipeline.problems import Problem, ValidationFailed, report
from ..pipeline.render.environment import TEMPLATES
from ..pipeline.write import MANIFEST, WriteRefused, _entry, write_tree
from .incremental import Outputs, Records

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

POLL_SECONDS = 0.2
"""How often the watcher looks whether it was stopped (changes are told, not polled)."""
SETTLE_SECONDS = 0.02
SHOWN_SECONDS = 30
"""At most this long the exports wait for the pages before them to be built."""
NO_PAGES_YET = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Watched preview</title>'
    b"</head><body><main><p>No page is built yet: fix the problems above and save.</p></main>"
    b"</body></html>"
)
"""At most this long the exports wait for the pages before them to be built."""
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


def write_changed(
    root: Path,
    files: Mapping[str, str],
    build_dir: Path,
    written: Mapping[str, str] | None = None,
) -> list[str] | None:
    """Write the files whose text differs from the disk and remove generated files that are
    no longer rendered; return the paths touched, or None when everything was rewritten.
    ``written``: what the last call wrote, compared in memory instead of reading every file.

    The first run, and any run that adds or removes a whole generated entry, goes through the
    atomic ``write_tree`` (which also refuses to overwrite hand-written pages)."""
    manifest = build_dir / MANIFEST
    previous = set(json.loads(manifest.read_text("utf-8"))) if manifest.is_file() else None
    if previous != {_entry(path) for path in files}:
        write_tree(root, files, build_dir)
        return None
    touched = []
    if written is not None:
        for relative, text in files.items():
            if written.get(relative) != text:
                _write_atomically(root / relative, text)
                touched.append(relative)
        for relative in sorted(written.keys() - files.keys()):
            (root / relative).unlink(missing_ok=True)
            touched.append(relative)
        return touched
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
    """The data side of the preview: validate and render what an edit changes, write what
    changed, remember the problems."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.records = Records(project.data, project.root)
        self.outputs: Outputs | None = None
        """What is on disk in generated/ (None: nothing known yet)."""
        self.written: dict[str, str] | None = None
        """The same, as the files written."""
        self.problems: list[Problem] = []
        self.lock = threading.Lock()
        self.on_pages: Callable[[list[str] | None], None] = lambda touched: None
        """Called after files were written: the paths (relative to the project), or None
        when everything was rewritten."""
        self.on_problems: Callable[[], None] = lambda: None
        """Called when the problems shown in the banner changed but no page did."""
        self.refreshes = 0
        """How many refreshes have finished (exports included)."""
        self.pages_shown: Callable[[], None] = lambda: None
        """Waits until the pages written are served (the server's build), so the exports
        that follow do not slow it down."""

    def folders(self) -> list[Path]:
        return [self.project.data, TEMPLATES]

    def refresh(self, *, templates_changed: bool = False) -> list[str] | None:
        """Validate and render what changed; return the paths written ([] when none, None
        when all). The pages are written (and ``on_pages`` called) before the exports."""
        try:
            return self._refresh(templates_changed)
        finally:
            settle_memory()
            self.refreshes += 1

    def _refresh(self, templates_changed: bool) -> list[str] | None:
        with self.lock:
            before = self.problems
            try:
                data = self.records.validate()
                self.problems = []
            except ValidationFailed as failure:
                self.problems = failure.problems
                report(failure.problems, sys.stderr, github=False)
                print(
                    "watched: the pages show these problems until they are fixed", file=sys.stderr
                )
                if self.problems != before:
                    self.on_problems()
                return []
            pages = (
                self.outputs.pages_after(data) if self.outputs and not templates_changed else None
            )
            if pages is None:
                touched = self._write(Outputs.of(data))
            elif pages is self.outputs:
                touched = []  # the records read again are as they were
            else:
                touched = self._write(pages)
                if touched:
                    self.pages_shown()
                exports = self._write(pages.exports_after())
                touched = None if touched is None or exports is None else touched + exports
            if touched == [] and self.problems != before:
                self.on_problems()
            return touched

    def _write(self, outputs: Outputs) -> list[str] | None:
        files = outputs.files()
        touched = write_changed(self.project.root, files, self.project.build_dir, self.written)
        self.outputs, self.written = outputs, files
        if touched is None or touched:
            shown = "every page" if touched is None else f"{len(touched)} changed file(s)"
            print(
                f"watched: data re-rendered ({outputs.rendered} file(s)), wrote {shown}",
                file=sys.stderr,
            )
            self.on_pages(touched)
        return touched


def settle_memory() -> None:
    """Collect the garbage left by a refresh, then hide every object alive from the garbage
    collector (``gc.freeze``). The preview keeps every record and rendered file: at 15,000
    fake deployments millions of objects, which each full collection walked again, about a
    second each, three times a save. Objects frozen are still freed when nothing refers to
    them; only a cycle among them that becomes garbage later stays."""
    gc.collect()
    gc.freeze()


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
    """Refresh whenever a file under the preview's folders changes (told by the operating
    system through watchdog); ``last`` is the state last rendered, so an edit made before the
    watcher started is not missed."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()
    lock = threading.Lock()
    paths: set[str] = set()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            with lock:
                paths.update(str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p)
            changed.set()

    observer = Observer()
    for folder in preview.folders():
        observer.schedule(Handler(), str(folder), recursive=True)
    observer.start()
    try:
        now = snapshot(preview.folders())
        missed = {str(path) for path in now.keys() | last.keys() if now.get(path) != last.get(path)}
        if missed:
            paths.update(missed)
            changed.set()
        while not stop.is_set():
            if not changed.wait(POLL_SECONDS):
                continue
            stop.wait(SETTLE_SECONDS)  # an editor's save is often several events
            changed.clear()
            with lock:
                seen = set(paths)
                paths.clear()
            templates = any(Path(path).is_relative_to(TEMPLATES) for path in seen)
            try:
                preview.refresh(templates_changed=templates)
            except (OSError, WriteRefused) as error:
                print(f"watched: could not write the pages: {error}", file=sys.stderr)
    finally:
        observer.stop()
        observer.join(timeout=5)


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


class LiveSite:
    """The MkDocs site, kept in memory between builds.

    ``build_all`` is MkDocs' own complete build, keeping its files, navigation, theme
    environment and search index. ``update`` builds again only the pages (and copies only
    the files) whose sources changed, then writes the search index with those pages' entries
    replaced in place, so the site is byte for byte what ``build_all`` would write. It
    refuses (returns False) what only a complete build gets right: a file added or removed,
    a change of a page's title in the navigation, a file MkDocs does not know."""

    def __init__(self, get_config: Callable[[], MkDocsConfig], serve_url: str) -> None:
        self.get_config = get_config
        self.serve_url = serve_url
        self._state: tuple[MkDocsConfig, Files, Navigation, Any] | None = None
        self._sources: dict[str, File] = {}
        self._entries: dict[str, list[dict[str, Any]]] = {}

    def build_all(self, config: MkDocsConfig | None = None) -> None:
        from mkdocs.commands.build import build
        from mkdocs.plugins import BasePlugin

        self._state = None
        config = config or self.get_config()
        config.site_url = self.serve_url
        kept: dict[str, Any] = {}

        class Keep(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # no options; mkdocs leaves __init_subclass__ unannotated
            def on_nav(self, nav: Navigation, /, **_: Any) -> Navigation:
                kept["nav"] = nav
                return nav

            def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
                kept["env"], kept["files"] = env, files
                return env

        config.plugins["watched/live-site"] = Keep()
        build(config, serve_url=self.serve_url)
        files: Files = kept["files"]
        self._sources = {
            os.path.normpath(file.abs_src_path): file for file in files if file.abs_src_path
        }
        self._entries = {}
        search = _search_index(config)
        if search is not None:
            for entry in search.entries:
                self._entries.setdefault(entry["location"].split("#")[0], []).append(entry)
        self._state = (config, files, kept["nav"], kept["env"])

    def update(self, sources: Iterable[Path]) -> bool:
        """Build the pages and copy the files at ``sources`` again; False if it cannot."""
        try:
            return self._update(sources)
        except Exception:
            self._state = None  # half updated: the next build is a complete one
            raise

    def _update(self, sources: Iterable[Path]) -> bool:
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import InclusionLevel

        if self._state is None:
            return False
        config, files, nav, env = self._state
        changed = []
        for source in sources:
            if source.name.startswith(".") or source.name.endswith("~"):
                continue  # an editor's or the writer's temporary file; MkDocs ignores them
            file = self._sources.get(os.path.normpath(source))
            exists = source.is_file()
            if file is None and not exists:
                continue  # created and removed again (an editor's probe)
            if file is None or not exists:
                return False  # a page added or removed: the navigation changes
            changed.append(file)
        changed = list(dict.fromkeys(changed))
        if not changed:
            return True
        pages = [file.page for file in changed if file.page is not None]
        in_nav = {id(page): page.title for page in nav.pages}
        for page in pages:
            _populate_page(page, config, files)
        if any(in_nav.get(id(page), page.title) != page.title for page in pages):
            self._state = None  # the menu of every page shows the new title
            return False
        for file in changed:
            if not file.is_documentation_page():
                file.copy_file()
        search = _search_index(config)
        documents = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            start = len(search.entries) if search is not None else 0
            excluded = page.file.inclusion.is_excluded()  # type: ignore[no-untyped-call]  # mkdocs leaves it unannotated
            _build_page(page, config, documents, nav, env, excluded=excluded)
            if search is not None:
                self._entries[page.url] = search.entries[start:]
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if search is not None:
            search.entries = [
                entry
                for file in documents
                if file.page is not None
                for entry in self._entries.get(file.page.url, ())
            ]
        config.plugins.on_post_build(config=config)
        return True


def _search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index (Material's or MkDocs'), if the site has search."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


def make_server(preview: Preview, address: str) -> PreviewServing:
    """An MkDocs live-reload server for ``preview``: what ``mkdocs serve`` sets up, plus the
    Host check, the problems banner, and builds of only the pages the data watcher wrote."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp
    from watchdog.events import FileSystemEvent, FileSystemEventHandler

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
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    site = LiveSite(get_config, serve_url)
    pending: set[Path] = set()
    everything = threading.Event()
    pending_lock = threading.Lock()
    built = threading.Event()
    built.set()

    def builder() -> None:
        with pending_lock:
            sources = set(pending)
            pending.clear()
            complete = everything.is_set()
            everything.clear()
        try:
            if complete or not site.update(sources):
                site.build_all()
        finally:
            built.set()

    class PreviewServer(LiveReloadServer):
        def serve_request(
            self, environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes]:
            if not host_allowed(environ.get("HTTP_HOST")):
                start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"403 Forbidden: the preview answers only to 127.0.0.1 and localhost\n"]
            home = environ.get("PATH_INFO") in (mount_path, mount_path + "index.html")
            if home and preview.problems and not (Path(site_dir) / "index.html").is_file():
                # Started with invalid data, there is no home page yet (it is generated):
                # the banner alone, reloaded like any page once the data is fixed.
                page = self._inject_js_into_html(NO_PAGES_YET, self._visible_epoch)
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
                return [page]
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

    def pages_written(touched: list[str] | None) -> None:
        built.clear()
        with pending_lock:
            if touched is None or any(not path.startswith(f"{DOCS}/") for path in touched):
                everything.set()  # every page, or a theme partial every page includes
            else:
                pending.update(project.root / path for path in touched)
        server.rebuild()

    class SiteSources(FileSystemEventHandler):
        """docs/ pages are built alone; mkdocs.yml and the theme build everything."""

        def __init__(self, whole: bool) -> None:
            self.whole = whole

        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            with pending_lock:
                if self.whole:
                    everything.set()
                for path in (event.src_path, getattr(event, "dest_path", "")):
                    if path:
                        pending.add(Path(str(path)))
            server.rebuild()

    preview.on_pages = pages_written
    preview.on_problems = server.reload_browsers

    def wait_for_pages() -> None:
        built.wait(SHOWN_SECONDS)

    preview.pages_shown = wait_for_pages
    try:
        site.build_all(config)
    except Exception as error:  # noqa: BLE001 - a broken page must not stop the preview
        log.error("the first build failed (%s); fix the page and save to rebuild", error)
    watched = [(config.docs_dir, False), (str(project.root / "mkdocs.yml"), True)]
    if config.theme.custom_dir:  # overrides/; the installed theme's own files do not change
        watched.append((config.theme.custom_dir, True))
    for path, whole in watched:
        server.watch(path)  # starts MkDocs' observer, and rebuilds on any change
        server.observer.schedule(SiteSources(whole), path, recursive=Path(path).is_dir())
    return server


def _log_like_mkdocs() -> None:
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
        "watched: previewing; a save rebuilds only the pages it changes (make build is the "
        "complete, strict build)",
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
