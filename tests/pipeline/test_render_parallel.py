"""Large datasets render in several processes; the files must be exactly those of a one-process render."""

from __future__ import annotations

from watched.pipeline import build as pipeline
from watched.pipeline.validate import validate
from watched.tools.fake import generate


def test_parallel_render_writes_the_same_files_as_sequential(tmp_path, monkeypatch):
    # A low threshold crosses into parallel rendering without generating a thousand records.
    monkeypatch.setattr(pipeline, "PARALLEL_RENDER_FROM", 40)
    data_dir = generate(pipeline.PARALLEL_RENDER_FROM, seed=3, data_dir=tmp_path / "data")
    dataset = validate(data_dir, tmp_path).dataset
    assert dataset is not None and len(dataset.deployments) >= pipeline.PARALLEL_RENDER_FROM

    parallel = pipeline.render_outputs(dataset)
    monkeypatch.setattr(pipeline, "PARALLEL_RENDER_FROM", 10**9)
    sequential = pipeline.render_outputs(dataset)

    assert list(parallel) == list(sequential)  # same paths, in the same order
    assert parallel == sequential
    assert sum(path.startswith("generated/deployments/") for path in parallel) >= len(
        dataset.deployments
    )
