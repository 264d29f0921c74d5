"""The YAML-mistake examples in CONTRIBUTING.md ("How errors read") are what the validator
prints today, for the same mistakes made in a copy of the real data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support import ROOT
from watched.pipeline.validate import validate

GUIDE = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
DEPLOYMENT = "deployments/arizona-dps-face-recognition.yaml"
SOURCE_HEADER = "# yaml-language-server: $schema=../../schemas/sources.schema.json\nid: example\n"
SOURCE_REST = "publisher: Example\nurl: https://example.org/a\naccessed: 2026-01-15\nkind: news\n"


def deployment_as_example(data: Path, change) -> None:
    text = (
        (data / DEPLOYMENT)
        .read_text("utf-8")
        .replace("id: arizona-dps-face-recognition", "id: example", 1)
    )
    (data / "deployments" / "example.yaml").write_text(change(text), "utf-8")


def source_with_title(title_line: str):
    def write(data: Path) -> None:
        (data / "sources" / "example.yaml").write_text(
            SOURCE_HEADER + title_line + "\n" + SOURCE_REST, "utf-8"
        )

    return write


def dash_without_space(text: str) -> str:
    return re.sub(
        r"^sources: \[azcentral-2017-dps-face-recognition, azmirror-2019-adot-limits-fed-access, .*\]$",
        "sources:\n  - azcentral-2017-dps-face-recognition\n  -aclu-2018-amazon-rekognition",
        text,
        flags=re.MULTILINE,
    )


def copied(data: Path) -> None:
    deployment_as_example(data, lambda text: text)
    shutil.copy(data / "deployments" / "example.yaml", data / "deployments" / "example-copy.yaml")


MISTAKES = {
    "3-space indent": lambda data: deployment_as_example(
        data, lambda text: text.replace("\n  value: active\n", "\n   value: active\n", 1)
    ),
    "-item": lambda data: deployment_as_example(data, dash_without_space),
    "colon": source_with_title("title: Face recognition: a report"),
    "curly quotes": source_with_title("title: “Face recognition: a report”"),
    "unclosed quote": source_with_title('title: "A report'),
    "# in a title": source_with_title("title: Springfield police #1 user of face recognition"),
    "missing field": lambda data: deployment_as_example(
        data, lambda text: text.replace("agency_kind: police\n", "")
    ),
    "copied record": copied,
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_example_in_the_guide_is_the_one_message_for_its_mistake(tmp_path, mistake):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    MISTAKES[mistake](data)
    printed = [str(problem) for problem in validate(data, tmp_path).problems]
    assert len(printed) == 1, printed
    assert printed[0] in GUIDE, f"CONTRIBUTING.md no longer shows: {printed[0]}"
