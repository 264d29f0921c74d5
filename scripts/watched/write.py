"""Write step: put rendered files in place atomically, or leave the previous output intact.

Everything is first written to a staging folder beside its destination. Only when all of it
is written are the generated entries swapped in, each with one rename; the previous ones are
removed afterwards. A failure before the swap (a bad record, a template error, a full disk)
leaves the last good pages as they were. A manifest records which entries are generated, so
the writer removes stale ones and refuses to overwrite a hand-written page.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

MANIFEST = ".generated.json"


class WriteRefused(Exception):
    """The output would overwrite something that was not generated."""


def _entry(relative: str) -> str:
    """The top-level generated entry a file belongs to: 'docs/deployments', 'docs/map.md'."""
    parts = relative.split("/")
    return "/".join(parts[:2]) if len(parts) > 1 else parts[0]


def write_tree(root: Path, files: Mapping[str, str], build_dir: Path) -> list[str]:
    """Write ``files`` (paths relative to ``root``) and return the generated entries."""
    build_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = build_dir / MANIFEST
    previous = set(json.loads(manifest_path.read_text("utf-8"))) if manifest_path.exists() else set()
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
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
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
