"""Write step: put rendered files in place atomically, or leave the previous output intact.

Everything is first written to a staging folder beside its destination. Only when all of it
is written are the generated entries swapped in, each with one rename; the previous ones are
removed afterwards. A failure before the swap (a bad record, a template error, a full disk)
leaves the last good pages as they were. A manifest records which entries are generated, so
the writer removes stale ones and refuses to overwrite a hand-written page.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

MANIFEST = ".generated.json"


class WriteRefused(Exception):
    """The output would overwrite something that was not generated, or two outputs would
    land at one path."""


def _address(relative: str) -> str:
    """Where a file is served: MkDocs turns ``x.md``, ``x/index.md`` and ``x/index.html``
    into the same address ``x/``. Compared case-folded (case-insensitive file systems)."""
    path = posixpath.normpath(relative).casefold()
    for suffix in ("/index.md", "/index.html", "/readme.md", ".md"):
        if path.endswith(suffix):
            return path[: -len(suffix)] + "/"
    return path


def check_outputs(paths: Iterable[str]) -> None:
    """Refuse two outputs at one path or one address, and a file where another output needs
    a folder. Generic: it knows no file names, only how paths are served."""
    seen: dict[str, str] = {}
    files: set[str] = set()
    for relative in paths:
        normal = posixpath.normpath(relative)
        if normal != relative or normal.startswith(("../", "/")) or normal == "..":
            raise WriteRefused(f"output path {relative!r} must be a plain relative path")
        address = _address(relative)
        if address in seen:
            raise WriteRefused(
                f"two outputs must not share one address: {seen[address]} and {relative} are both served at {address}"
            )
        seen[address] = relative
        files.add(normal.casefold())
    for relative in files:
        parent = posixpath.dirname(relative)
        while parent:
            if parent in files:
                raise WriteRefused(
                    f"output {parent} must not be a file: another output is written inside it ({relative})"
                )
            parent = posixpath.dirname(parent)


def merge_outputs(*parts: Mapping[str, str]) -> dict[str, str]:
    """One mapping of outputs from several steps; a path produced twice is refused, never
    silently overwritten."""
    merged: dict[str, str] = {}
    for part in parts:
        for path, text in part.items():
            if path in merged:
                raise WriteRefused(f"two outputs must not share one path: {path} is produced twice")
            merged[path] = text
    return merged


def _entry(relative: str) -> str:
    """The top-level generated entry a file belongs to: 'docs/deployments', 'docs/map.md'."""
    parts = relative.split("/")
    return "/".join(parts[:2]) if len(parts) > 1 else parts[0]


def _write_files(folder: Path, files: Mapping[str, str]) -> None:
    """Write each file (UTF-8, as given) under the new, empty ``folder``: each folder is made
    once and each file with one open, write and close (50,000 files at 15,000 deployments)."""
    made: set[str] = set()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    for relative, content in files.items():
        parent = posixpath.dirname(relative)
        if parent not in made:
            (folder / parent).mkdir(parents=True, exist_ok=True)
            made.add(parent)
        data = memoryview(content.encode("utf-8"))
        handle = os.open(folder / relative, flags, 0o666)
        try:
            while data:
                data = data[os.write(handle, data) :]
        finally:
            os.close(handle)


def write_tree(root: Path, files: Mapping[str, str], build_dir: Path) -> list[str]:
    """Write ``files`` (paths relative to ``root``) and return the generated entries."""
    check_outputs(files)
    build_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = build_dir / MANIFEST
    previous = (
        set(json.loads(manifest_path.read_text("utf-8"))) if manifest_path.exists() else set()
    )
    entries = sorted({_entry(path) for path in files})
    for entry in entries:
        if (root / entry).exists() and entry not in previous:
            raise WriteRefused(
                f"{entry} exists and was not generated; refusing to overwrite it "
                "(hand-written pages must not share a name with generated ones)"
            )
    staging = Path(tempfile.mkdtemp(prefix="staging-", dir=build_dir))
    trash = Path(tempfile.mkdtemp(prefix="trash-", dir=build_dir))
    try:
        _write_files(staging, files)
        for index, entry in enumerate(sorted(previous | set(entries))):
            destination = root / entry
            if destination.exists() or destination.is_symlink():
                destination.rename(trash / f"{index}")
            if entry in entries:
                destination.parent.mkdir(parents=True, exist_ok=True)
                (staging / entry).rename(destination)
        manifest_path.write_text(json.dumps(entries, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)
    return entries
