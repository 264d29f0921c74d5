"""Command line: ``python -m watched validate|render|build|serve [--root DIR]``.

Thin on purpose: each command calls the pipeline and turns its outcome into output and an
exit code (0 fine, 1 problems in data or build, 2 internal error). Problems are printed as
``path:line:col: message``; no input can make it print a traceback (set WATCHED_DEBUG=1 to
see one for a bug in the tool itself).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .pipeline import Project, build, render
from .problems import ValidationFailed, report
from .site import BuildFailed
from .validate import validate
from .write import WriteRefused


def _validate(project: Project, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    outcome = validate(project.data, project.root)
    if outcome.problems:
        report(outcome.problems, sys.stderr)
        return 1
    assert outcome.dataset is not None
    print(
        f"data/ is valid: {outcome.file_count} files checked in "
        f"{time.perf_counter() - started:.2f} s"
    )
    return 0


def _render(project: Project, args: argparse.Namespace) -> int:
    entries = render(project)
    print(f"rendered {len(entries)} generated entries from data/")
    return 0


def _build(project: Project, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    build(project)
    print(f"built site/ with mkdocs --strict in {time.perf_counter() - started:.1f} s")
    return 0


def _serve(project: Project, args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(project, args.address)


COMMANDS: dict[str, Callable[[Project, argparse.Namespace], int]] = {
    "validate": _validate,
    "render": _render,
    "build": _build,
    "serve": _serve,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watched", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--address", default="127.0.0.1:8000", help="serve: host:port")
    args = parser.parse_args(argv)
    project = Project(args.root.resolve())
    try:
        return COMMANDS[args.command](project, args)
    except ValidationFailed as failure:
        report(failure.problems, sys.stderr)
        print("nothing was written: the previous pages and site/ are unchanged", file=sys.stderr)
        return 1
    except (BuildFailed, WriteRefused) as failure:
        print(getattr(failure, "output", str(failure)).rstrip(), file=sys.stderr)
        print("build failed: the previous site/ is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the contract is "never a traceback"
        if os.environ.get("WATCHED_DEBUG"):
            raise
        print(f"internal error in the build tool: {type(error).__name__}: {error}", file=sys.stderr)
        print("please report it; run with WATCHED_DEBUG=1 for details", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
