"""Command line, the only one: ``python -m watched COMMAND``.

Pipeline commands (``validate|render|build|serve|new|schemas|intake [--root DIR]``) are
parsed here; tool commands (``bench``, ``changes``, ``linkcheck``, ``fake``) hand the rest of
the line to the tool's own options (``python -m watched bench --help``).

Thin on purpose: each command calls the pipeline and turns its outcome into output and an
exit code (0 fine, 1 problems in data or build, 2 internal error). Problems are printed as
``path:line:col: message``; no input can make it print a traceback (set WATCHED_DEBUG=1 to
see one for a bug in the tool itself).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .pipeline.build import Project, build, render
from .pipeline.problems import ValidationFailed, report
from .pipeline.site import BuildFailed
from .pipeline.validate import validate
from .pipeline.write import WriteRefused


def _validate(project: Project, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    outcome = validate(project.data, project.root, assemble_dataset=False)
    if outcome.problems:
        report(outcome.problems, sys.stderr)
        return 1
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
    from .tools.serve import serve

    return serve(project, args.address)


def _new(project: Project, args: argparse.Namespace) -> int:
    from .tools.scaffold import USAGE, ScaffoldRefused, scaffold

    if len(args.arguments) != 2:
        print(USAGE, file=sys.stderr)
        return 1
    kind, record_id = args.arguments
    try:
        made = scaffold(project.data, kind, record_id)
    except ScaffoldRefused as refusal:
        print(f"nothing was written: {refusal}", file=sys.stderr)
        return 1
    shown = made.path.relative_to(project.root).as_posix()
    print(f"wrote {shown}: fill in every empty field marked Required, then run make validate")
    return 0


def _intake(project: Project, args: argparse.Namespace) -> int:
    """Draft records from a "Report a deployment" issue, then list what a person must still do."""
    from .tools.intake import IntakeRefused, draft, problems_in, read_issue, write_draft

    if len(args.arguments) != 1:
        print(
            "usage: python -m watched intake ISSUE_FILE  (the issue's body, or gh issue view N --json body,url)",
            file=sys.stderr,
        )
        return 1
    try:
        issue = read_issue(Path(args.arguments[0]).read_text("utf-8"))
        made = draft(issue, project.data)
        written = write_draft(made, project.data)
    except (IntakeRefused, OSError, UnicodeDecodeError) as refusal:
        print(f"nothing was written: {refusal}", file=sys.stderr)
        return 1
    shown = [path.relative_to(project.root).as_posix() for path in written]
    for name in shown:
        print(f"wrote {name}")
    for note in made.notes:
        print(f"note: {note}")
    problems = problems_in(validate(project.data, project.root).problems, shown, project.root)
    if problems:
        report(problems, sys.stdout, github=False)
        print("replace every TODO with what the sources say, then run make validate")
        return 1
    print("the draft is valid: check every claim against its sources before committing")
    return 0


def _schemas(project: Project, args: argparse.Namespace) -> int:
    """Rewrite schemas/ from the models; exit 1 when anything was stale (CI then fails)."""
    from .models.schema import schema_files

    wanted = schema_files()
    stale = []
    for relative, text in wanted.items():
        path = project.root / relative
        if not path.is_file() or path.read_text("utf-8") != text:
            state = "was stale; updated" if path.is_file() else "was missing; written"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8", newline="\n")
            stale.append(f"{relative} {state}")
    for path in sorted((project.root / "schemas").glob("*.schema.json")):
        if path.relative_to(project.root).as_posix() not in wanted:
            path.unlink()
            stale.append(f"{path.relative_to(project.root).as_posix()} was stale; removed")
    for line in stale:
        print(line)
    if stale:
        print("commit the updated schemas/ files", file=sys.stderr)
        return 1
    print(f"schemas/ is up to date ({len(wanted)} files)")
    return 0


COMMANDS: dict[str, Callable[[Project, argparse.Namespace], int]] = {
    "validate": _validate,
    "render": _render,
    "build": _build,
    "serve": _serve,
    "new": _new,
    "schemas": _schemas,
    "intake": _intake,
}
TAKES_ARGUMENTS = {"new", "intake"}


# Tooling around the pipeline, each with its own options: name -> module with main(argv).
TOOLS = {
    "bench": "watched.tools.bench",
    "changes": "watched.tools.changes",
    "fake": "watched.tools.fake",
    "linkcheck": "watched.tools.linkcheck",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in TOOLS:
        tool: Callable[[list[str]], int] = importlib.import_module(TOOLS[argv[0]]).main
        return tool(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m watched",
        description=__doc__.splitlines()[0],
        epilog=f"tools (their own options: COMMAND --help): {', '.join(sorted(TOOLS))}",
    )
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument(
        "arguments", nargs="*", metavar="ARG", help="new: KIND ID; intake: ISSUE_FILE"
    )
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="project folder (default: here)"
    )
    parser.add_argument("--address", default="127.0.0.1:8000", help="serve: host:port")
    args = parser.parse_args(argv)
    if args.arguments and args.command not in TAKES_ARGUMENTS:
        parser.error(f"{args.command} takes no arguments, got {' '.join(args.arguments)}")
    project = Project(args.root.resolve())
    try:
        return COMMANDS[args.command](project, args)
    except ValidationFailed as failure:
        # Annotations come from the validate command only (CI's validate step): the build
        # job would otherwise annotate every problem a second time.
        report(failure.problems, sys.stderr, github=False)
        print("nothing was written: the previous pages and site/ are unchanged", file=sys.stderr)
        return 1
    except (BuildFailed, WriteRefused) as failure:
        print(getattr(failure, "output", str(failure)).rstrip(), file=sys.stderr)
        print("build failed: the previous site/ is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the contract is "never a traceback"
        if os.environ.get("WATCHED_DEBUG"):
            raise
        print(f"internal error in the build tool: {type(error).__name__}: {error}", file=sys.stderr)
        print("please report it; run with WATCHED_DEBUG=1 for details", file=sys.stderr)
        return 2
