"""Large datasets are loaded on several cores; the outcome must equal the one-core outcome."""

from __future__ import annotations

from watched.pipeline import load
from watched.pipeline.validate import validate
from watched.tools.fake import deployment_id, generate


def test_parallel_loading_reports_the_same_problems_as_sequential(tmp_path, monkeypatch):
    # A low threshold crosses into parallel loading without generating thousands of files.
    threshold = 60
    monkeypatch.setattr(load, "PARALLEL_FROM", threshold)
    data = generate(threshold, seed=7, data_dir=tmp_path / "data")
    broken = data / "deployments" / f"{deployment_id(45)}.yaml"
    broken.write_text(broken.read_text("utf-8").replace("agency:", "agancy:", 1), "utf-8")
    (data / "deployments" / "tabs.yaml").write_text("id: tabs\n\tagency: x\n", "utf-8")

    parallel = validate(data, tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 10**9)
    sequential = validate(data, tmp_path)

    assert parallel.file_count == sequential.file_count > threshold
    assert [str(p) for p in parallel.problems] == [str(p) for p in sequential.problems]
    messages = [p.message for p in parallel.problems]
    assert "field 'agancy' is not allowed here; did you mean 'agency'?" in messages
    assert "indentation must use spaces, not tabs" in messages
