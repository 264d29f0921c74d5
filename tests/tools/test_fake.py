"""The fake-data generator: valid under the real validator, deterministic, and clearly fake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from watched.pipeline.validate import validate
from watched.tools.fake import deployment_id, generate, policy_count, source_count, topic_count

URL = re.compile(r"(?:https?://|mailto:)[^\s'\"]+")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*.yaml"))
    }


@pytest.fixture(scope="module")
def fake_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(120, seed=7, data_dir=tmp_path_factory.mktemp("fake") / "data")


def test_generated_data_validates_with_zero_problems(fake_data: Path) -> None:
    outcome = validate(fake_data, fake_data.parent)
    assert [str(problem) for problem in outcome.problems] == []
    assert outcome.dataset is not None
    assert len(outcome.dataset.deployments) == 120


def test_every_collection_is_proportional_to_the_deployments(fake_data: Path) -> None:
    counts = {
        folder.name: len(list(folder.glob("*.yaml")))
        for folder in fake_data.iterdir()
        if folder.is_dir()
    }
    assert counts["deployments"] == 120
    assert counts["sources"] == source_count(120) > 40
    assert counts["policies"] == policy_count(120) >= 4
    assert counts["capabilities"] == counts["concerns"] == topic_count(120)
    assert counts["systems"] >= 4


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(
    fake_data: Path, tmp_path: Path
) -> None:
    again = generate(120, seed=7, data_dir=tmp_path / "again")
    other = generate(120, seed=8, data_dir=tmp_path / "other")
    assert _files(again) == _files(fake_data)
    assert _files(other).keys() == _files(fake_data).keys()
    assert _files(other) != _files(fake_data)


def test_a_record_does_not_depend_on_the_size_of_the_dataset(
    fake_data: Path, tmp_path: Path
) -> None:
    small = generate(30, seed=7, data_dir=tmp_path / "small")
    for index in (0, 1, 17, 29):
        name = f"deployments/{deployment_id(index)}.yaml"
        assert (small / name).read_bytes() == (fake_data / name).read_bytes()


def test_every_name_is_marked_fictional_and_every_link_goes_to_example_org(fake_data: Path) -> None:
    for path in fake_data.rglob("*.yaml"):
        text = path.read_text("utf-8")
        record = yaml.safe_load(text)
        for field in ("agency", "vendor", "publisher"):
            if field in record:
                assert "(fictional)" in record[field], (path.name, field)
        if "name" in record and path.parent.name != "states":  # states have real names
            assert "fictional" in record["name"].lower(), path.name
        for link in URL.findall(text):
            assert link.startswith(("https://example.org/", "mailto:")) and "example.org" in link, (
                link
            )
        assert "&" not in text and "*id" not in text, "no YAML anchors or aliases"


def test_it_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "campaign.yaml").write_text("real data\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate(5, seed=1, data_dir=tmp_path / "data")
    assert (tmp_path / "data" / "campaign.yaml").read_text("utf-8") == "real data\n"
