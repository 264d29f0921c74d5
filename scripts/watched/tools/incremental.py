"""Preview, incremental: validate and render again after an edit, doing only what the
edit can change. Used by ``make serve``; the result is always what the full pipeline
(``pipeline.build.load_dataset`` and ``render_outputs``) gives for the same data/.

- ``Records``: loaded records are kept between saves; a file is read again only when its
  size, modification time or inode changed. Rules that look at one record alone run only on
  the records read again (their problems are kept with the file); rules across records run
  on all of them, then the ``Dataset`` is assembled as ``validate`` does.
- ``Outputs``: the rendered files, by part. After an edit, the pages of the records
  ``depends.affected_records`` names and the summary pages are rendered again, those in parts
  (a year of the timeline, a state of the directory) only in the parts
  ``depends.summary_parts`` names; the exports are rendered again in a second step
  (``exports_after``), after the pages are on screen.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from ..pipeline import rules
from ..pipeline.build import DOCS, PARALLEL_RENDER_FROM, THEME_PARTIALS
from ..pipeline.dataset import Dataset
from ..pipeline.export import render_exports
from ..pipeline.load import Job, Loaded, LoadResult, load_data
from ..pipeline.load import _load_all as load_all
from ..pipeline.parallel import run_all
from ..pipeline.problems import Problem, ValidationFailed, in_order
from ..pipeline.render.pages import (
    SUMMARY_PAGES,
    render_some_pages,
    render_summary_parts,
    render_theme_partials,
)
from ..pipeline.validate import dataset_of
from ..pipeline.write import merge_outputs
from .depends import (
    affected_records,
    by_collection,
    changed_records,
    neighbours,
    owner,
    summary_parts,
)

ONE_RECORD_RULES: tuple[rules.Rule, ...] = (
    rules.id_must_equal_file_name,
    rules.lists_of_ids_must_not_repeat,
    rules.deployment_dates_must_be_in_order,
    rules.ended_deployments_must_say_when,
    rules.source_must_be_published_before_accessed,
    rules.policy_milestones_must_be_in_order,
    rules.figure_ranges_must_be_ordered,
    rules.jurisdiction_must_be_given_except_for_model_laws,
    rules.deployments_must_say_who_decides,
    rules.regions_must_be_states,
    rules.state_records_must_name_a_state,
    rules.ids_must_not_collide_with_generated_pages,
    rules.past_dates_must_not_be_in_the_future,
    rules.links_in_prose_must_be_absolute_https,
)
"""Rules whose problems for a record depend on that record alone (tested on the fixtures).
Every other rule in ``rules.RULES`` runs on all records after each edit."""

Stamp = tuple[int, int, int]


def _stamp(path: Path) -> Stamp | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


@dataclass
class _File:
    stamp: Stamp
    loaded: Loaded | None
    problems: list[Problem]
    checked: list[Problem]
    """What ``ONE_RECORD_RULES`` found in this file's record."""


@dataclass
class Records:
    """The preview's records, kept between saves: ``validate`` reads only changed files."""

    data_dir: Path
    display_root: Path
    files: dict[Path, _File] = field(default_factory=dict)
    read: int = 0
    """How many files the last ``validate`` read (the rest were kept)."""
    _last: tuple[list[Problem], Dataset | ValidationFailed] | None = None
    """The last load's problems and result: unchanged files and listing give the same."""

    def _reader(self, jobs: list[Job]) -> list[tuple[Loaded | None, list[Problem]]]:
        if [file for _, file, _ in jobs] != list(self.files):
            self._last = None  # a file added, removed or renamed
        stamps = {file: _stamp(file) for _, file, _ in jobs}
        stale = [
            job
            for job in jobs
            if stamps[job[1]] is None
            or job[1] not in self.files
            or self.files[job[1]].stamp != stamps[job[1]]
        ]
        # Many files (the first load) are parsed on every core, as load_data does.
        for (_, file, _), (loaded, problems) in zip(stale, load_all(stale)):
            stamp = stamps[file] or (0, 0, 0)
            self.files[file] = _File(stamp, loaded, problems, _one_record_problems(loaded))
        self.read = len(stale)
        self.files = {file: self.files[file] for _, file, _ in jobs}
        return [(self.files[file].loaded, self.files[file].problems) for _, file, _ in jobs]

    def validate(self) -> Dataset:
        """The Dataset ``pipeline.load_dataset`` would give, or ``ValidationFailed``."""
        loaded = load_data(self.data_dir, self.display_root, reader=self._reader)
        if self.read == 0 and self._last is not None and self._last[0] == loaded.problems:
            result = self._last[1]  # nothing changed (an editor's second event for one save)
        else:
            result = self._validate(loaded)
            self._last = (loaded.problems, result)
        if isinstance(result, ValidationFailed):
            raise result
        return result

    def _validate(self, loaded: LoadResult) -> Dataset | ValidationFailed:
        records = rules.Records.of(loaded.records, loaded.broken)
        # As ``check_all``: the rules see each id once (a duplicate has its own problem).
        present = {id(item) for item in records.all()}
        problems = loaded.problems + [
            problem
            for file in self.files.values()
            if id(file.loaded) in present
            for problem in file.checked
        ]
        problems += [
            problem
            for rule in rules.RULES
            if rule not in ONE_RECORD_RULES
            for problem in rule(records)
        ]
        if problems or records.campaign is None:
            return ValidationFailed(in_order(problems))
        return dataset_of(records)


def _one_record_problems(loaded: Loaded | None) -> list[Problem]:
    if loaded is None:
        return []
    alone = rules.Records.of([loaded])
    return [problem for rule in ONE_RECORD_RULES for problem in rule(alone)]


# ---------------------------------------------------------------- outputs


def _under(prefix: str, files: Mapping[str, str]) -> dict[str, str]:
    return {f"{prefix}/{path}": text for path, text in files.items()}


@dataclass
class Outputs:
    """Every generated file (keyed as ``pipeline.render_outputs`` keys them), by part."""

    data: Dataset
    records: dict[str, str]
    """Record pages, under generated/."""
    summaries: dict[tuple[str, Hashable], dict[str, str]]
    """Indexes, directory, timeline, map, home snippets, under generated/, by (summary, part)
    as ``render_summary_parts`` gives them."""
    exports: dict[str, str]
    partials: dict[str, str]
    rendered: int = 0
    """How many files the last step rendered."""
    affected: set[tuple[str, str]] | None = None
    """The records whose exports are older than their pages (None: all are current)."""

    @classmethod
    def of(cls, data: Dataset) -> Outputs:
        """Everything, rendered on all cores at large sizes (as ``render_outputs`` does)."""
        shares = 3
        jobs: list[Any] = [partial(render_exports, data)]
        jobs += [partial(render_some_pages, data, None, (), part, shares) for part in range(shares)]
        jobs += [partial(render_summary_parts, data, tuple(SUMMARY_PAGES))]
        exports, *shared, summaries = run_all(
            jobs, parallel=len(data.deployments) >= PARALLEL_RENDER_FROM
        )
        records = merge_outputs(*shared)
        outputs = cls(
            data,
            _under(DOCS, records),
            {part: _under(DOCS, pages) for part, pages in summaries.items()},
            _under(DOCS, exports),
            _under(THEME_PARTIALS, render_theme_partials(data)),
        )
        outputs.rendered = len(outputs.files())
        return outputs

    def files(self) -> dict[str, str]:
        merged = merge_outputs(self.records, *self.summaries.values(), self.exports, self.partials)
        return dict(sorted(merged.items()))

    def pages_after(self, data: Dataset) -> Outputs:
        """The outputs for ``data`` with pages current and the exports still those of the
        previous data (``exports_after`` completes them)."""
        old = self.data
        if old.build_date != data.build_date or old.campaign != data.campaign:
            return Outputs.of(data)  # the date or the campaign shows on every page
        changed = changed_records(old, data)
        if not changed:
            return self
        affected = affected_records(old, data, changed)
        pages = _under(DOCS, render_some_pages(data, by_collection(affected), ()))
        records = {p: t for p, t in self.records.items() if _record_page(p, old) not in affected}
        records.update(pages)
        parts = summary_parts(old, data, changed, affected)
        summaries, rendered = self._summaries_after(data, parts)
        outputs = Outputs(data, records, summaries, self.exports, self.partials)
        outputs.rendered = len(pages) + rendered
        outputs.affected = affected | (self.affected or set())
        return outputs

    def _summaries_after(
        self, data: Dataset, parts: Mapping[str, set[Hashable]]
    ) -> tuple[dict[tuple[str, Hashable], dict[str, str]], int]:
        """The summary pages of ``data``: every summary rendered again, but of those in
        ``parts`` (summary -> parts) only those parts; and how many files were rendered."""
        fresh = _summaries(data, tuple(SUMMARY_PAGES), parts)
        summaries = {
            (name, part): pages
            for (name, part), pages in self.summaries.items()
            if name in parts and part is not None and part not in parts[name]
        }
        summaries.update(fresh)
        # A year that gains its first event or loses its last changes its neighbours' links.
        near = neighbours(parts["timeline"], _years(self.summaries), _years(summaries))
        if near:
            fresh.update(more := _summaries(data, ("timeline",), {"timeline": near}))
            summaries.update(more)
        return summaries, sum(len(pages) for pages in fresh.values())

    def exports_after(self) -> Outputs:
        """The exports of this data, in place of the previous data's: the whole-site files
        and the files of each deployment whose page was rendered again."""
        affected = self.affected or set()
        deployments = {
            record_id for collection, record_id in affected if collection == "deployments"
        }
        fresh = _under(DOCS, render_exports(self.data, deployments))
        exports = {
            path: text
            for path, text in self.exports.items()
            if _deployment_file(path, self.data) - deployments
        }
        exports.update(fresh)
        outputs = Outputs(self.data, self.records, self.summaries, exports, self.partials)
        outputs.rendered = len(fresh)
        return outputs


def _summaries(
    data: Dataset, names: tuple[str, ...], only: Mapping[str, set[Hashable]] | None = None
) -> dict[tuple[str, Hashable], dict[str, str]]:
    rendered = render_summary_parts(data, names, only)
    return {part: _under(DOCS, pages) for part, pages in rendered.items()}


def _years(summaries: Mapping[tuple[str, Hashable], object]) -> set[Hashable]:
    """The years the timeline has pages for."""
    return {part for name, part in summaries if name == "timeline" and part is not None}


def _deployment_file(path: str, data: Dataset) -> set[str]:
    """The deployment a per-deployment export belongs to (its file is named by the id), as a
    set: empty for a whole-site file, whose current version is always rendered."""
    stem = PurePosixPath(path).stem
    return {stem} if stem in data.deployments else set()


def _record_page(path: str, data: Dataset) -> tuple[str, str] | None:
    """The record whose page ``path`` is, if it is a record page of ``data``."""
    key = owner(path.removeprefix(f"{DOCS}/"))
    if key is None or key[1] not in data.collection(key[0]):
        return None
    return key
