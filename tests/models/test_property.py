"""Property-based tests: no YAML a contributor can write makes the validator crash.

Random bytes, random YAML documents and random mutations of valid records must all end as
either a record or located problems (line and column at least 1, a message), never an
exception.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import FIXTURES
from watched.models import COLLECTIONS
from watched.pipeline.load import load_file
from watched.pipeline.yamlfile import YamlProblem, parse

VALID = FIXTURES / "valid"
RECORDS = sorted(VALID.glob("*/*.yaml"))
YAML_CHARACTERS = list(":-[]{}#&*!|>'\"%@`,? \t\n") + [
    "\u00e9",
    "\u202e",
    "\x00",
    "yes",
    "no",
    "<<",
    "---",
]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_located(problems) -> None:
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message.strip()


def check_file(tmp_path: Path, collection: str, raw: bytes) -> None:
    file = tmp_path / "record.yaml"
    file.write_bytes(raw)
    loaded, problems = load_file(file, "data/record.yaml", collection, COLLECTIONS[collection])
    assert loaded is not None or problems
    assert_located(problems)


@SETTINGS
@given(raw=st.binary(max_size=2000))
def test_random_bytes_never_crash_the_parser(raw):
    try:
        parse(raw)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(
        ["yes", "no", "on", "2017", "2017-13", "2020-06-10", "javascript:alert(1)", "<script>"]
    ),
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "agency",
                    "status",
                    "value",
                    "as_of",
                    "sources",
                    "figures",
                    "timeline",
                    "jurisdiction",
                    "coordinates",
                    "lat",
                    "title",
                    "url",
                    "x",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@SETTINGS
@given(document=documents, collection=st.sampled_from(sorted(COLLECTIONS)))
def test_random_yaml_documents_never_crash_the_validator(tmp_path_factory, document, collection):
    raw = yaml.safe_dump(document, allow_unicode=True).encode("utf-8")
    check_file(tmp_path_factory.mktemp("doc"), collection, raw)


@st.composite
def mutated_records(draw):
    path = draw(st.sampled_from(RECORDS))
    text = path.read_text("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "replace-line"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(YAML_CHARACTERS)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 12)) :]
        else:
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            if action == "duplicate-line":
                lines.insert(index, lines[index])
            else:
                pieces = draw(
                    st.lists(st.sampled_from(YAML_CHARACTERS + list("abc019")), max_size=12)
                )
                lines[index] = "".join(pieces)
            text = "\n".join(lines)
    return path.parent.name, text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(mutated=mutated_records())
def test_mutated_records_never_crash_the_validator(tmp_path_factory, mutated):
    collection, raw = mutated
    check_file(tmp_path_factory.mktemp("mutant"), collection, raw)
