"""Site step: run the real ``mkdocs build --strict`` and swap the result into site/ atomically.

MkDocs writes into a fresh folder beside site/; only a build that succeeds replaces the
previous site, so a failed build never leaves a half-written site behind.

``alongside`` is work for this process while MkDocs runs (the share images; MkDocs itself
uses two processes from a few hundred pages on, overrides/hooks/two_processes.py): it
returns files that join the site (site path -> a file on disk, hard-linked, or copied where
a link cannot be made), added to the fresh folder before the swap.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

Alongside = Callable[[], Mapping[str, Path]]


class BuildFailed(Exception):
    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def mkdocs_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _add_files(site: Path, files: Mapping[str, Path]) -> None:
    for relative, source in files.items():
        target = site / relative
        if target.exists():
            raise BuildFailed(f"{relative} is in the site already: another step wrote it")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not allowed: a copy does the same
            shutil.copyfile(source, target)


def build_site(
    root: Path, site_dir: Path, build_dir: Path, alongside: Alongside | None = None
) -> str:
    """Build ``root``/mkdocs.yml into ``site_dir``, with the files ``alongside`` returns;
    return MkDocs' output."""
    build_dir.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="site-", dir=build_dir))
    try:
        # The output goes to a file, not a pipe: a full pipe would stall MkDocs while this
        # process works on ``alongside``.
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8", dir=build_dir) as log:
            mkdocs = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "--strict",
                    "--config-file",
                    str(root / "mkdocs.yml"),
                    "--site-dir",
                    str(fresh),
                ],
                cwd=root,
                env=mkdocs_environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
            try:
                extra = alongside() if alongside is not None else {}
            except BaseException:  # the build is abandoned: MkDocs too, not left running
                mkdocs.kill()
                raise
            finally:
                mkdocs.wait()
            log.seek(0)
            output = log.read()
        if mkdocs.returncode != 0:
            raise BuildFailed(output)
        _add_files(fresh, extra)
        old = None
        if site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix="old-site-", dir=build_dir)) / "site"
            site_dir.rename(old)
        fresh.rename(site_dir)
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)
        return output
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
