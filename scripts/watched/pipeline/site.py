"""Site step: run the real ``mkdocs build --strict`` and swap the result into site/ atomically.

MkDocs writes into a fresh folder beside site/; only a build that succeeds replaces the
previous site, so a failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


class BuildFailed(Exception):
    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def mkdocs_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def build_site(root: Path, site_dir: Path, build_dir: Path) -> str:
    """Build ``root``/mkdocs.yml into ``site_dir``; return MkDocs' output."""
    build_dir.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="site-", dir=build_dir))
    try:
        result = subprocess.run(
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
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BuildFailed(result.stdout + result.stderr)
        old = None
        if site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix="old-site-", dir=build_dir)) / "site"
            site_dir.rename(old)
        fresh.rename(site_dir)
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)
        return result.stdout + result.stderr
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
