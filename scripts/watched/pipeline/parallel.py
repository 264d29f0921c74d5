"""Running independent steps of the pipeline on every core (used by render at large sizes).

Jobs are plain callables, one worker process each, up to the number of cores. Worker processes are forked after the jobs are known, so they
inherit the Dataset instead of receiving a pickled copy; only results (text) travel back.
Where fork is unavailable, or for small inputs, the jobs simply run one after another.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Result = TypeVar("Result")
_JOBS: Sequence[Callable[[], object]] = ()


def _run(index: int) -> object:
    return _JOBS[index]()


def run_all(jobs: Sequence[Callable[[], Result]], *, parallel: bool = True) -> list[Result]:
    """Results of ``jobs``, in order; on several processes when ``parallel`` and possible."""
    global _JOBS
    workers = min(os.cpu_count() or 1, len(jobs))
    if not parallel or workers < 2 or "fork" not in mp.get_all_start_methods():
        return [job() for job in jobs]
    _JOBS = jobs
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            return list(pool.map(_run, range(len(jobs))))  # type: ignore[arg-type]  # _run gives object; each is its job's Result
    finally:
        _JOBS = ()
