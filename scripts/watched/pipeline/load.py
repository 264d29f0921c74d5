"""Load step: the data/ folder -> typed records, each remembering its file and node positions.

Each file is parsed strictly (``yamlfile``) and checked against its collection's model
(``models``). Problems from both are collected, never raised one by one, and pydantic's
errors are rephrased as "field must ..." with the line and column of the offending node and,
for a misspelt field, a "did you mean" hint; a missing field is reported where it should be
added, with its allowed values. The ids of files that exist but could not be loaded are kept
(``LoadResult.broken``), so that records citing them are not also reported.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..models import COLLECTIONS, Campaign, Record
from ..models.schema import header_line
from ..models.walk import id_lists
from .problems import ACROSS, FILE, RECORD, Problem, closest, did_you_mean
from .yamlfile import Document, YamlProblem, parse

CAMPAIGN_FILE = "campaign.yaml"
PARALLEL_FROM = 2000
MAX_WORKERS = 4
MAX_FILES = 100_000
IGNORED_NAMES = {"README.md"}


@dataclass(frozen=True)
class Loaded:
    """One valid record, the collection it belongs to, its file and its node positions."""

    collection: str
    path: str
    record: Record | Campaign
    document: Document

    @cached_property
    def id_lists(self) -> list[tuple[tuple[str | int, ...], str, tuple[str, ...]]]:
        """Every list of ids in the record, walked once and shared by the rules."""
        return list(id_lists(self.record))

    @cached_property
    def citations(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every (location, source id) the record cites."""
        return [
            (where + (name, index), source_id)
            for where, name, ids in self.id_lists
            if name == "sources"
            for index, source_id in enumerate(ids)
        ]

    def where(self, *loc: str | int, key: bool = False) -> tuple[int, int]:
        if key:
            return self.document.key_position(loc)
        return self.document.position(loc)

    def problem(self, message: str, *loc: str | int, key: bool = False) -> Problem:
        """A problem found by a rule across records, at ``loc`` in this record."""
        line, column = self.where(*loc, key=key)
        return Problem(self.path, line, column, message, ACROSS)


@dataclass
class LoadResult:
    records: list[Loaded]
    problems: list[Problem]
    file_count: int
    broken: dict[str, set[str]] = field(default_factory=dict)
    """Per collection, the ids (file names) of records that exist but have problems of their
    own and did not load: a reference to one of them is not a second problem."""


Job = tuple[str, Path, str]
Parsed = tuple[Document | None, list[Problem]]
Reader = Callable[[list[Job]], Iterable[tuple[Loaded | None, list[Problem]]]]
"""Loads every (collection, file, shown path) job, in order: the record or its problems."""


def load_data(
    data_dir: Path, display_root: Path | None = None, *, reader: Reader | None = None
) -> LoadResult:
    """Read every record under ``data_dir``; problems name files relative to ``display_root``.
    ``reader`` loads the files (the preview's keeps the records of unchanged files)."""
    display_root = display_root or data_dir.parent
    records: list[Loaded] = []
    problems: list[Problem] = []
    broken: dict[str, set[str]] = {}
    files = list(_data_files(data_dir, display_root, problems))
    if len(files) > MAX_FILES:
        problems.append(
            Problem(
                _shown(data_dir, display_root),
                1,
                1,
                f"data/ must hold at most {MAX_FILES} files",
                FILE,
            )
        )
        files = files[:MAX_FILES]
    jobs = [(collection, file, _shown(file, display_root)) for collection, file in files]
    for (collection, file, _), (loaded, found) in zip(jobs, (reader or _load_all)(jobs)):
        problems.extend(found)
        if loaded:
            records.append(loaded)
        else:
            broken.setdefault(collection, set()).add(file.stem)
    if not (data_dir / CAMPAIGN_FILE).is_file():
        problems.append(
            Problem(
                _shown(data_dir / CAMPAIGN_FILE, display_root),
                1,
                1,
                "data/campaign.yaml must exist: it holds the call to action for every page",
                FILE,
            )
        )
    return LoadResult(records, problems, len(files), broken)


def _parse_chunk(jobs: list[Job]) -> list[Parsed]:
    return [parse_file(file, shown, collection) for collection, file, shown in jobs]


def _load_all(jobs: list[Job]) -> Iterator[tuple[Loaded | None, list[Problem]]]:
    """Load every file. Large datasets are parsed on all the machine's cores (parsing YAML
    is most of the time ``make validate`` takes at 15,000 records); the models are checked
    here, because sending plain values between processes is much cheaper than models."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        parsed: Iterator[Parsed] = iter(_parse_chunk(jobs))
        for (collection, _, shown), (document, problems) in zip(jobs, parsed):
            yield check_document(document, problems, shown, collection)
        return
    size = -(-len(jobs) // (workers * 8))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    # fork: workers inherit the imported modules, so starting them costs milliseconds.
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        for chunk, results in zip(chunks, pool.map(_parse_chunk, chunks)):
            for (collection, _, shown), (document, problems) in zip(chunk, results):
                yield check_document(document, problems, shown, collection)


def model_of(collection: str) -> type[BaseModel]:
    return Campaign if collection == "campaign" else COLLECTIONS[collection]


def load_file(
    file: Path, shown: str, collection: str, model: type[BaseModel] | None = None
) -> tuple[Loaded | None, list[Problem]]:
    """Parse one file and check it against its collection's model."""
    document, problems = parse_file(file, shown, collection)
    return check_document(document, problems, shown, collection, model)


def parse_file(file: Path, shown: str, collection: str) -> Parsed:
    """Strict YAML of one file, plus the problem of a missing schema line."""
    try:
        raw = file.read_bytes()
    except OSError as error:
        return None, [Problem(shown, 1, 1, f"file must be readable: {error.strerror}", FILE)]
    try:
        document = parse(raw)
    except YamlProblem as problem:
        return None, [Problem(shown, problem.line, problem.column, problem.message, FILE)]
    dropped = [
        Problem(shown, found.line, found.column, found.message, FILE) for found in document.problems
    ]
    return document, _header_problems(raw, shown, collection) + dropped


def check_document(
    document: Document | None,
    problems: list[Problem],
    shown: str,
    collection: str,
    model: type[BaseModel] | None = None,
) -> tuple[Loaded | None, list[Problem]]:
    """A parsed file checked against its model: the record, or what is wrong with it."""
    if document is None:
        return None, problems
    model = model or model_of(collection)
    try:
        record = model.model_validate(document.value)
    except ValidationError as error:
        # Words lost to a ' #' comment are the one problem on their line: "title must be
        # filled in" there would only repeat it.
        dropped = {found.line for found in document.problems}
        translated = _translate_all(shown, document, model, error.errors())
        return None, problems + [found for found in translated if found.line not in dropped]
    except (RecursionError, MemoryError):  # pragma: no cover - bounded by yamlfile limits
        return None, [Problem(shown, 1, 1, "file must be smaller and less deeply nested", FILE)]
    # The value tree has served its purpose; the text alone can give positions later.
    document.value = None
    # A record that only lacks its header line is still checked by the cross-record rules.
    return Loaded(collection, shown, record, document), problems  # type: ignore[arg-type]  # record may be None only with problems


def _header_problems(raw: bytes, shown: str, collection: str) -> list[Problem]:
    expected = header_line(collection)
    first = (
        raw.removeprefix(b"\xef\xbb\xbf")
        .split(b"\n", 1)[0]
        .rstrip(b"\r")
        .decode("utf-8", "replace")
    )
    if first.strip() == expected:
        return []
    return [
        Problem(
            shown, 1, 1, f"first line must be '{expected}' so editors can check the file", RECORD
        )
    ]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _data_files(
    data_dir: Path, display_root: Path, problems: list[Problem]
) -> Iterator[tuple[str, Path]]:
    if not data_dir.is_dir():
        problems.append(
            Problem(_shown(data_dir, display_root), 1, 1, "data folder must exist", FILE)
        )
        return
    expected = ", ".join(f"{name}/" for name in COLLECTIONS)
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in IGNORED_NAMES:
            continue
        if entry.is_symlink():
            problems.append(_symbolic_link(entry, display_root))
        elif entry.is_file() and entry.name == CAMPAIGN_FILE:
            yield "campaign", entry
        elif entry.is_dir() and entry.name in COLLECTIONS:
            yield from _collection_files(entry, display_root, problems)
        else:
            problems.append(
                Problem(
                    _shown(entry, display_root),
                    1,
                    1,
                    f"data/ must hold only campaign.yaml and the folders {expected}",
                    FILE,
                )
            )


def _symbolic_link(entry: Path, display_root: Path) -> Problem:
    """A link could make the validator read (and quote in its messages) any file on the
    machine that runs it, such as a CI runner: links are refused, never followed."""
    return Problem(
        _shown(entry, display_root), 1, 1, "file must be a regular file, not a symbolic link", FILE
    )


def _collection_files(
    folder: Path, display_root: Path, problems: list[Problem]
) -> Iterator[tuple[str, Path]]:
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name in IGNORED_NAMES:
            continue
        if entry.is_symlink():
            problems.append(_symbolic_link(entry, display_root))
        elif entry.is_file() and entry.suffix == ".yaml":
            yield folder.name, entry
        elif entry.is_file() and entry.suffix == ".yml":
            problems.append(
                Problem(
                    _shown(entry, display_root), 1, 1, "file name must end in .yaml, not .yml", FILE
                )
            )
        else:
            problems.append(
                Problem(
                    _shown(entry, display_root),
                    1,
                    1,
                    f"{folder.name}/ must hold only .yaml files, one record each",
                    FILE,
                )
            )


# ---------------------------------------------------------------- pydantic -> our messages


def _field_label(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts) or "record"


def _translate_all(
    shown: str, document: Document, model: type[BaseModel], errors: list[Any]
) -> list[Problem]:
    """Translate every error; a misspelt field yields one message, not also 'X must be given'."""
    suggested = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            close = closest(str(loc[-1]), _allowed_fields(model, loc[:-1]))
            if close:
                suggested.add(loc[:-1] + (close,))
    return [
        _translate(shown, document, model, error)
        for error in errors
        if not (error["type"] == "missing" and tuple(error["loc"]) in suggested)
        and not _counts_only_invalid_items(error)
    ]


def _counts_only_invalid_items(error: dict[str, Any]) -> bool:
    """pydantic also calls a list "too short" when it holds enough items but some are invalid;
    those items have their own messages, so "must list at least 1 item" would only mislead."""
    value = error.get("input")
    return (
        error["type"] == "too_short"
        and isinstance(value, (list, tuple))
        and len(value) >= error["ctx"]["min_length"]
    )


def _translate(
    shown: str, document: Document, model: type[BaseModel], error: dict[str, Any]
) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    label = _field_label(loc)
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        line, column = document.key_position(loc)
        hint = did_you_mean(str(loc[-1]), allowed)
        message = f"field {label!r} is not allowed here{hint}"
        if not hint and allowed:
            message += f"; allowed fields: {', '.join(sorted(allowed))}"
        return Problem(shown, line, column, message)
    if kind == "missing":
        return _missing(shown, document, model, loc)
    line, column = document.position(loc)
    if value is None and kind == "watched":
        # An empty "field:" line, typically a scaffolded template not yet filled in.
        return Problem(shown, line, column, f"{label} must be filled in: it is empty")
    if kind == "watched":
        return Problem(shown, line, column, f"{label} {error['msg']}")
    if kind == "literal_error":
        expected = list(typing.get_args(_annotation_at(model, loc)) or [])
        choices = ", ".join(map(str, expected))
        hint = (
            did_you_mean(str(value), [str(choice) for choice in expected])
            if isinstance(value, str)
            else ""
        )
        got = "it is empty" if value is None else f"got {value!r}"
        return Problem(shown, line, column, f"{label} must be one of {choices}; {got}{hint}")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return Problem(
            shown, line, column, f"{label} must be a mapping of fields, got {_kind_of(value)}"
        )
    if kind in ("tuple_type", "list_type"):
        return Problem(
            shown,
            line,
            column,
            f"{label} must be a list (lines starting with '- '), got {_kind_of(value)}",
        )
    if kind == "too_short":
        return Problem(
            shown, line, column, f"{label} must list at least {error['ctx']['min_length']} item(s)"
        )
    if kind == "too_long":
        return Problem(
            shown, line, column, f"{label} must list at most {error['ctx']['max_length']} items"
        )
    return Problem(shown, line, column, f"{label} is not valid: {error['msg']}")


def _missing(
    shown: str, document: Document, model: type[BaseModel], loc: tuple[str | int, ...]
) -> Problem:
    """A missing field, reported at the field it belongs after (in the models' order, which
    the templates follow), with what it may hold: the allowed values or its own fields."""
    parent, name = loc[:-1], str(loc[-1])
    fields = _allowed_fields(model, parent)
    present = [other for other in fields if parent + (other,) in document.key_positions]
    index = fields.index(name) if name in fields else len(fields)
    before = [other for other in present if fields.index(other) < index]
    after = [other for other in present if fields.index(other) > index]
    where = f" in {_field_label(parent)}" if parent else ""
    if before:
        line, column = document.key_position(parent + (before[-1],))
        place = f"add it after '{before[-1]}'"
    elif after:
        line, column = document.key_position(parent + (after[0],))
        place = f"add it before '{after[0]}'"
    else:
        line, column = document.position(parent)
        place = "add it here"
    return Problem(
        shown,
        line,
        column,
        f"field {name!r} must be given{where}: {place}{_what_it_holds(model, loc)}",
    )


def _what_it_holds(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    annotation = _annotation_at(model, loc)
    if typing.get_origin(annotation) is typing.Literal:
        return f", with one of {', '.join(map(str, typing.get_args(annotation)))}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        required = [name for name, info in annotation.model_fields.items() if info.is_required()]
        if required:
            return f", with the fields {', '.join(required)}"
    return ""


def _kind_of(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__.replace('str', 'text')} {value!r}"[:120]


def _unwrap(annotation: object) -> object:
    """The model class or Literal inside Optional[...], tuple[..., ...] and Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (tuple, list, typing.Union, types.UnionType):
            options = [
                arg for arg in typing.get_args(annotation) if arg not in (type(None), Ellipsis)
            ]
            if not options:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _annotation_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> object:
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        current = _unwrap(current)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = field.annotation
    return _unwrap(current)


def _allowed_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    target = _annotation_at(model, loc) if loc else model
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []
