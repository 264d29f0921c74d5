"""Security rules across records: reserved ids, dates later than the build, links in prose;
and the write step's generic guard against two outputs at one path."""

from __future__ import annotations

import pytest

from support import FIXTURES, edit
from support import run_rule as run
from watched.pipeline import rules
from watched.pipeline.write import WriteRefused, check_outputs, merge_outputs

VALID = FIXTURES / "valid"
DEPLOYMENT = "deployments/example-county-sheriff-facefinder.yaml"


@pytest.mark.parametrize("reserved", sorted(rules.RESERVED_IDS))
def test_ids_that_are_generated_names_are_refused(data, reserved):
    source = data / DEPLOYMENT
    target = source.with_name(f"{reserved}.yaml")
    source.rename(target)
    edit(
        data,
        f"deployments/{reserved}.yaml",
        "id: example-county-sheriff-facefinder",
        f"id: '{reserved}'",
    )
    [(path, line, column, message)] = run(rules.ids_must_not_collide_with_generated_pages, data)
    assert (path, line, column) == (f"data/deployments/{reserved}.yaml", 2, 5)
    assert message.startswith(f"id '{reserved}' must not be one of the names the site uses")


@pytest.mark.parametrize(
    ("relative", "old", "new", "where"),
    [
        (
            DEPLOYMENT,
            "last_verified: 2026-01-15",
            "last_verified: 2100-12-31",
            "last_verified (2100-12-31) must not be later",
        ),
        (
            "sources/fake-report-one.yaml",
            "accessed: ",
            "accessed: 2100-01-01\n#",
            "accessed (2100-01-01) must not be later",
        ),
        (
            DEPLOYMENT,
            "verified_on: 2026-01-15",
            "verified_on: 2099-01-01",
            "verified_on (2099-01-01) must not be later",
        ),
    ],
)
def test_verification_dates_must_not_be_in_the_future(data, monkeypatch, relative, old, new, where):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1770000000")  # 2026-02-02
    edit(data, relative, old, new)
    problems = run(rules.past_dates_must_not_be_in_the_future, data)
    assert len(problems) == 1 and problems[0][0] == f"data/{relative}"
    assert (
        problems[0][3].startswith(where)
        and f"({rules.validation_date().isoformat()})" in problems[0][3]
    )


def test_the_build_date_is_the_epoch_or_today_whichever_is_later(monkeypatch):
    import datetime as dt

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100-01-01
    assert rules.validation_date() == dt.date(2100, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert rules.validation_date() == dt.date.today()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert rules.validation_date() == dt.date.today()


def test_past_event_kinds_must_not_be_in_the_future_but_scheduled_ones_may(data, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1770000000")
    text = (data / DEPLOYMENT).read_text()
    line = (
        next(i for i, text_line in enumerate(text.splitlines(), 1) if "kind: ended" in text_line)
        - 1
    )
    edit(data, DEPLOYMENT, "    kind: ended", "    kind: ended\n#")
    file = data / DEPLOYMENT
    lines = file.read_text().splitlines()
    lines[line - 1] = "  - date: 2030-01-01"
    file.write_text("\n".join(lines) + "\n")
    [(_, at, _, message)] = run(rules.past_dates_must_not_be_in_the_future, data)
    assert at == line and message.startswith(
        "a 'ended' event (2030-01-01) must not be later than the build date"
    )
    file.write_text(file.read_text().replace("kind: ended", "kind: hearing"))
    assert run(rules.past_dates_must_not_be_in_the_future, data) == []


@pytest.mark.parametrize(
    "link",
    [
        "[x](../methodology.md)",
        "[x](/about/)",
        "[x](http://example.org/)",
        "[x](javascript:alert(1))",
        "<a href='data:text/html,x'>x</a>",
        "![t](https://tracker.example/p.gif)",
        "[x](#source-1)",
        "[x][r]\n\n  [r]: ftp://example.org/",
        "<a href='vbscript:x'>x</a>",
        "[x](//evil.example/)",
    ],
)
def test_links_in_prose_must_be_absolute_https(data, link):
    edit(
        data,
        DEPLOYMENT,
        "summary: A fictional sheriff's office searched booking photos with FaceFinder.",
        f"summary: |\n  Text {link}\n",
    )
    problems = run(rules.links_in_prose_must_be_absolute_https, data)
    assert problems, link
    path, line, _, message = problems[0]
    assert (path, line) == (f"data/{DEPLOYMENT}", 19)
    assert message.startswith(
        ("links in prose must be absolute https://", "prose must not contain images")
    )


def test_https_and_mailto_links_in_prose_are_accepted(data):
    edit(
        data,
        DEPLOYMENT,
        "    text: It adopted a fictional use policy.",
        "    text: It adopted [a policy](https://example.org/policy) ([mail](mailto:clerk@example.org)).",
    )
    assert run(rules.links_in_prose_must_be_absolute_https, data) == []


@pytest.mark.parametrize(
    "paths",
    [
        ["docs/deployments/x.md", "docs/deployments/x/index.html"],  # a page and a redirect page
        ["generated/sources/x.md", "generated/sources/x/index.html"],  # where pages render now
        ["docs/deployments/index.md", "docs/deployments.md"],
        ["docs/a/B.md", "docs/a/b.md"],  # case-insensitive file systems
        ["docs/map.md", "docs/map.md/x.json"],
        ["docs/a/../b.md"],
        ["../outside.md"],
    ],
)
def test_write_refuses_two_outputs_at_one_place(paths):
    with pytest.raises(WriteRefused):
        check_outputs(paths)


def test_merging_outputs_refuses_a_path_produced_twice():
    assert merge_outputs({"a": "1"}, {"b": "2"}) == {"a": "1", "b": "2"}
    with pytest.raises(WriteRefused, match="produced twice"):
        merge_outputs({"docs/x.md": "1"}, {"docs/x.md": "2"})


def test_write_tree_leaves_nothing_when_outputs_collide(tmp_path):
    from watched.pipeline.write import write_tree

    with pytest.raises(WriteRefused):
        write_tree(
            tmp_path,
            {"docs/sources/x.md": "a", "docs/sources/x/index.html": "b"},
            tmp_path / ".build",
        )
    assert not (tmp_path / "docs").exists()
