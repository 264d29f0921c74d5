"""Validate step, orchestration: load every file, check every record, run the cross-record
rules, and either return the assembled ``Dataset`` or every problem found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..models import Campaign, Record
from .dataset import Dataset, assemble
from .load import load_data
from .problems import Problem, in_order
from .rules import Records, check_all


@dataclass
class Outcome:
    dataset: Dataset | None
    problems: list[Problem]
    file_count: int


def validate(
    data_dir: Path, display_root: Path | None = None, *, assemble_dataset: bool = True
) -> Outcome:
    """All problems in ``data_dir``, or none and (unless not wanted) the assembled Dataset."""
    loaded = load_data(data_dir, display_root)
    records = Records.of(loaded.records, loaded.broken)
    problems = loaded.problems + check_all(records)
    if problems or records.campaign is None:
        return Outcome(None, in_order(problems), loaded.file_count)
    if not assemble_dataset:
        return Outcome(None, [], loaded.file_count)
    return Outcome(dataset_of(records), [], loaded.file_count)


def dataset_of(records: Records) -> Dataset:
    """The Dataset of records that passed every check (the campaign among them)."""
    # Collection items are Records (the campaign is kept apart): narrowing, not filtering.
    models = {
        name: {key: item.record for key, item in bucket.items() if isinstance(item.record, Record)}
        for name, bucket in records.by_collection.items()
    }
    assert records.campaign is not None
    campaign = records.campaign.record
    assert isinstance(campaign, Campaign)  # the campaign file loads as the Campaign model
    return assemble(models, campaign)
