"""MkDocs hook: ``mkdocs build`` on two cores. MkDocs reads and writes pages one after
another on one core; this hook forks a second process that reads and writes half of the
pages outside the nav while the first does the rest, then merges what the site needs from
both. The site is byte-identical to a one-process build (tests/pipeline/test_two_processes.py
compares every file).

How the work is shared, after the nav is known (``on_nav``):

- Both processes read the pages in the nav (a few dozen): every page shows the nav with
  their titles. Only the first writes them, with the sitemap and 404 page.
- The pages outside the nav (the record pages) are dealt out alternately: the first process
  reads and writes the even ones, the second the odd ones; so are the other files to copy
  (the exports, the assets). ``Files.documentation_pages`` called with an ``inclusion``
  (MkDocs' loops that read and write pages) lists only this process's pages; called
  without one (the sitemap, the nav), it lists them all.
- The second process sends back, for its pages: their search-index entries, their anchors,
  the links into the first process's pages that name an anchor, where they come from (the
  data file, for messages) and how many warnings it logged. The first puts the search
  entries back in page order (``on_post_build``, before the search plugin writes the index),
  checks the links that cross between the halves with MkDocs' own ``validate_anchor_links``,
  and counts the second process's warnings in MkDocs' strict counter, so ``--strict`` fails
  the same way.

It splits only ``mkdocs build`` (not ``serve``), only where ``fork`` exists and there are two
cores, and only from ``SPLIT_FROM`` pages on (below, forking costs more than it saves).
``WATCHED_MKDOCS_PROCESSES=1`` or ``2`` decides instead (tests use it). These are MkDocs 1.6
internals (``_populate_page``, ``_build_page``, the strict ``CountHandler``): pyproject.toml
pins ``mkdocs>=1.6.1,<1.7``.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

SPLIT_FROM = 400
"""Pages from which ``mkdocs build`` runs in two processes."""
ENVIRONMENT = "WATCHED_MKDOCS_PROCESSES"

log = logging.getLogger("mkdocs.hooks.two_processes")
_ALL = object()
"""``documentation_pages()`` called without an ``inclusion``: every page."""


class _Shares(Files):
    """MkDocs' Files, whose page loops list only this process's pages once they are shared,
    and which copies only this process's share of the other files (the exports, assets)."""

    mine: frozenset[str] | None = None

    def documentation_pages(self, *, inclusion: Any = _ALL) -> Sequence[File]:
        if inclusion is _ALL:
            return super().documentation_pages()
        pages = super().documentation_pages(inclusion=inclusion)
        if self.mine is None:
            return pages
        return [file for file in pages if file.src_uri in self.mine]

    def copy_static_files(
        self,
        dirty: bool = False,
        *,
        inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included,
    ) -> None:
        for file in self.static_files(inclusion):
            if self.mine is None or file.src_uri in self.mine:
                file.copy_file(dirty)

    def static_files(self, inclusion: Callable[[InclusionLevel], bool]) -> list[File]:
        """What ``copy_static_files`` copies in a one-process build."""
        return [
            file for file in self if not file.is_documentation_page() and inclusion(file.inclusion)
        ]


class _State:
    """What the first process knows of the second, between ``on_nav`` and ``on_post_build``."""

    def __init__(self) -> None:
        self.command: str | None = None
        self.child: tuple[int, int] | None = None  # process id, the pipe it writes into
        self.theirs: frozenset[str] = frozenset()
        self.starts: dict[str, int] = {}
        self.entries: dict[str, list[Any]] = {}
        self.files: Files | None = None
        self.recording = False  # search entries are kept by page only in a shared build


_state = _State()


def on_startup(command: str, dirty: bool) -> None:
    _state.command = command


def on_config(config: Any) -> Any:
    _state.child = None
    _state.theirs = frozenset()
    _state.starts.clear()
    _state.entries.clear()
    _state.files = None
    _state.recording = False
    return config


@event_priority(-100)  # after the other hooks have added their files
def on_files(files: Files, config: Any) -> Files:
    return _Shares(list(files))


def _processes(pages: int) -> int:
    asked = os.environ.get(ENVIRONMENT, "")
    if asked in {"1", "2"}:
        return int(asked)
    if asked:
        raise PluginError(f"{ENVIRONMENT} must be 1 or 2, not {asked!r}")
    if _state.command != "build" or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return 1
    return 2 if pages >= SPLIT_FROM else 1


_ENTRIES = ("entries", "_entries")
"""Where the search index keeps its entries: Material's search plugin, MkDocs' own."""


def _search_index(config: Any) -> tuple[Any, str] | None:
    """The search plugin's index and the name of its list of entries, or None without search."""
    for name, plugin in config.plugins.items():
        index = getattr(plugin, "search_index", None)
        if index is None:
            continue
        for attribute in _ENTRIES:
            if isinstance(getattr(index, attribute, None), list):
                return index, attribute
        raise PluginError(f"two_processes.py cannot merge the search index of the {name} plugin")
    return None


def _entries(config: Any) -> list[Any] | None:
    found = _search_index(config)
    if found is None:
        return None
    index, attribute = found
    entries: list[Any] = getattr(index, attribute)
    return entries


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context: Any, page: Page, config: Any, nav: Navigation) -> Any:
    entries = _entries(config) if _state.recording else None
    if entries is not None:
        _state.starts[page.file.src_uri] = len(entries)
    return context


def on_post_page(output: str, page: Page, config: Any) -> str:
    start = _state.starts.pop(page.file.src_uri, None)
    entries = _entries(config) if start is not None else None
    if entries is not None and start is not None:
        _state.entries[page.file.src_uri] = entries[start:]
    return output


@event_priority(-100)  # after every other handler of the nav
def on_nav(nav: Navigation, config: Any, files: Files) -> Navigation:
    if not isinstance(files, _Shares):
        return nav
    pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
    if _processes(len(pages)) < 2:
        return nav
    in_nav = frozenset(page.file.src_uri for page in nav.pages)
    others = [file.src_uri for file in pages if file.src_uri not in in_nav]
    static = [file.src_uri for file in files.static_files(InclusionLevel.is_included)]
    their_pages = others[1::2]
    theirs = frozenset(their_pages + static[1::2])
    _state.recording = True
    log.info(
        f"Reading and writing {len(pages) - len(their_pages)} pages here and "
        f"{len(their_pages)} in a second process"
    )
    read, write = os.pipe()
    # The objects made so far are left out of the second process's garbage collections,
    # which would otherwise write to (and so copy) every memory page they sit on.
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the second process: never returns to MkDocs
        os.close(read)
        _second_process(write, config, files, nav, pages, in_nav, theirs)
    gc.unfreeze()
    os.close(write)
    _state.child = (pid, read)
    _state.theirs = theirs
    _state.files = files
    files.mine = frozenset(file.src_uri for file in pages) | frozenset(static)
    files.mine -= theirs
    return nav


def _second_process(
    write: int,
    config: Any,
    files: _Shares,
    nav: Navigation,
    pages: Sequence[File],
    in_nav: frozenset[str],
    theirs: frozenset[str],
) -> None:
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    result: dict[str, Any] = {}
    try:
        files.mine = in_nav | theirs
        result = _read_and_write(config, files, nav, pages, in_nav, theirs)
    except BaseException as error:  # noqa: BLE001  # anything: the first process fails the build with it
        if isinstance(error, BuildError):  # a page's own problem, said as MkDocs says it
            result = {"error": str(error)}
        else:
            result = {"error": "".join(traceback.format_exception(error)).rstrip()}
    result["warnings"] = dict(counter.counts)
    try:
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        logging.shutdown()
        os._exit(0)


def _read_and_write(
    config: Any,
    files: Files,
    nav: Navigation,
    pages: Sequence[File],
    in_nav: frozenset[str],
    theirs: frozenset[str],
) -> dict[str, Any]:
    """What ``build`` does for this process's pages, with what the first process needs back."""
    for file in pages:
        if file.src_uri in in_nav:
            # The first process reads them too and reports their problems once.
            logging.disable(logging.CRITICAL)
            try:
                _populate_page(_page(file), config, files)
            finally:
                logging.disable(logging.NOTSET)
        elif file.src_uri in theirs:
            _populate_page(_page(file), config, files)
    env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    files.copy_static_files()
    mine = [file for file in pages if file.src_uri in theirs]
    for file in mine:
        _build_page(_page(file), config, pages, nav, env)
    for file in mine:
        _page(file).validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    return {
        "entries": {file.src_uri: _state.entries.get(file.src_uri, []) for file in mine},
        "anchors": {file.src_uri: sorted(_page(file).present_anchor_ids or ()) for file in mine},
        "links": {
            file.src_uri: {
                target.src_uri: dict(links)
                for target, links in (_page(file).links_to_anchors or {}).items()
                if target.src_uri not in theirs and target.src_uri not in in_nav
            }
            for file in mine
        },
        "origins": {
            file.src_uri: origin for file in mine if (origin := _origin(file.src_uri)) is not None
        },
    }


def _page(file: File) -> Page:
    assert file.page is not None  # get_navigation gives every documentation file a page
    return file.page


def _origins() -> dict[str, str] | None:
    """The data files generated pages come from (overrides/hooks/generated_pages.py keeps
    them on a logging filter, which adds them to MkDocs' messages)."""
    for log_filter in logging.getLogger("mkdocs.structure.pages").filters:
        origins = getattr(log_filter, "origins", None)
        if isinstance(origins, dict):
            return origins
    return None


def _origin(src_uri: str) -> str | None:
    origins = _origins()
    return origins.get(src_uri) if origins is not None else None


def _file(files: Files, src_uri: str) -> File:
    file = files.get_file_from_path(src_uri)
    assert file is not None  # both processes have the same files
    return file


def _receive() -> dict[str, Any]:
    assert _state.child is not None
    pid, read = _state.child
    _state.child = None
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if not data:
        raise PluginError(f"the second build process ended without a result ({status=})")
    result: dict[str, Any] = pickle.loads(data)
    return result


def _count_warnings(counts: dict[int, int]) -> None:
    """Adds the second process's warnings to the strict counter ``mkdocs build`` checks."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            for level, count in counts.items():
                handler.counts[level] += count


def _validate(page: Page, files: Files, config: Any, keep: Callable[[File], bool]) -> None:
    """MkDocs' anchor check of ``page``, on the links whose target ``keep`` accepts."""
    every = page.links_to_anchors
    if not every:
        return
    page.links_to_anchors = {target: links for target, links in every.items() if keep(target)}
    try:
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    finally:
        page.links_to_anchors = every


@event_priority(100)  # before the search plugin writes the index
def on_post_build(config: Any) -> None:
    if _state.child is None:
        return
    theirs = _state.theirs
    result = _receive()
    _count_warnings(result.get("warnings", {}))
    if "error" in result:
        raise PluginError(f"the second build process failed:\n{result['error']}")
    files = _state.files
    assert files is not None
    origins = _origins()
    if origins is not None:
        origins.update(result["origins"])
    for src_uri, anchors in result["anchors"].items():
        _page(_file(files, src_uri)).present_anchor_ids = set(anchors)
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        _validate(_page(file), files, config, lambda target: target.src_uri in theirs)
    for src_uri, links in result["links"].items():
        page = _page(_file(files, src_uri))
        page.links_to_anchors = {
            _file(files, target): dict(anchors) for target, anchors in links.items()
        }
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    found = _search_index(config)
    if found is not None:
        index, attribute = found
        by_page = {**_state.entries, **result["entries"]}
        merged = [
            entry for file in files.documentation_pages() for entry in by_page.get(file.src_uri, ())
        ]
        setattr(index, attribute, merged)


def on_build_error(error: Exception) -> None:
    """The build failed in this process: the second one is stopped, never left running."""
    if _state.child is None:
        return
    pid, read = _state.child
    _state.child = None
    os.close(read)
    try:
        os.kill(pid, 9)
    except ProcessLookupError:  # it had ended already
        pass
    os.waitpid(pid, 0)
