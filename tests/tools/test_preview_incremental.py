"""The preview's incremental steps give exactly what the full pipeline gives: the same
problems (or Dataset) after every edit, reading only the files that changed, and the same
generated files after rendering only what an edit can change (``depends``)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

from support import FIXTURES, edit
from watched.models import BY_NAME
from watched.pipeline import rules
from watched.pipeline.build import render_outputs
from watched.pipeline.dataset import Dataset
from watched.pipeline.problems import ValidationFailed
from watched.pipeline.render.timeline import events_by_year
from watched.pipeline.validate import validate
from watched.tools.depends import affected_records, changed_records, owner
from watched.tools.fake import generate
from watched.tools.incremental import ONE_RECORD_RULES, Outputs, Records


def full(data_dir: Path) -> Dataset | list[object]:
    """What ``validate`` says: the Dataset, or the problems."""
    outcome = validate(data_dir, data_dir.parent)
    return outcome.dataset if outcome.dataset is not None else outcome.problems


def incremental(records: Records) -> Dataset | list[object]:
    try:
        return records.validate()
    except ValidationFailed as failure:
        return list(failure.problems)


def same(a: Dataset | list[object], b: Dataset | list[object]) -> bool:
    if isinstance(a, Dataset) and isinstance(b, Dataset):
        return render_outputs(a) == render_outputs(b)
    return a == b


def test_every_one_record_rule_is_a_rule():
    assert set(ONE_RECORD_RULES) <= set(rules.RULES)
    assert len(set(rules.RULES) - set(ONE_RECORD_RULES)) >= 1  # the rules across records


def test_the_broken_fixture_gives_the_same_problems(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "broken", data)
    records = Records(data, tmp_path)
    problems = incremental(records)
    assert isinstance(problems, list) and problems
    assert problems == full(data)
    assert incremental(records) == problems and records.read == 0  # nothing read again


def test_only_changed_files_are_read_and_the_result_follows_each_edit(data):
    records = Records(data, data.parent)
    assert isinstance(incremental(records), Dataset)
    files = records.read
    assert files > 10
    assert isinstance(incremental(records), Dataset) and records.read == 0

    deployment = "deployments/example-county-sheriff-facefinder.yaml"
    steps = [
        ("agency: Example County Sheriff", "agency: Renamed Sheriff"),  # still valid
        ("agency:", "agancy:"),  # a problem in the record alone
        ("agancy:", "agency:"),  # fixed
        ("system: fakecorp-facefinder", "system: no-such-system"),  # a problem across records
        ("system: no-such-system", "system: fakecorp-facefinder"),
    ]
    for old, new in steps:
        edit(data, deployment, old, new)
        result = incremental(records)
        assert records.read == 1
        assert same(result, full(data)), (old, new)

    (data / "sources" / "fake-statute.yaml").unlink()  # cited elsewhere: problems elsewhere
    result = incremental(records)
    assert records.read == 0 and isinstance(result, list) and result == full(data)


def test_record_pages_are_found_by_their_path():
    assert owner("deployments/x.md") == ("deployments", "x")
    assert owner("sources/s/cited-by/2.md") == ("sources", "s")
    assert owner("map.md") is None and owner("timeline/2019.md") is None
    assert owner("deployments/index.md") == ("deployments", "index")  # no record has that id


def _mutations(path: Path, text: str, data: Dataset):
    """Edits a contributor makes: a title, a place, a system, a status, an event's year;
    removing the file and copying it under a new id."""
    field = BY_NAME[path.parent.name].title_field
    found = re.search(rf"^{field}: *(.*)$", text, re.MULTILINE)
    if found:
        value = found.group(1)
        changed = value[0] + "Edited " + value[1:] if value[:1] in "\"'" else "Edited " + value
        yield "title", text[: found.start(1)] + changed + text[found.end(1) :]
    found = re.search(r"^(\s+region: *)(.*)$", text, re.MULTILINE)
    if found:
        other = next(s.name for s in data.states.values() if s.name != found.group(2).strip("'\""))
        yield "region", text[: found.start(2)] + other + text[found.end(2) :]
    found = re.search(r"^system: *(.*)$", text, re.MULTILINE)
    if found:
        other = next(s for s in [*data.systems, "unknown"] if s != found.group(1))
        yield "system", text[: found.start(1)] + other + text[found.end(1) :]
    found = re.search(r"^(  value: *)(\w+)$", text, re.MULTILINE)
    if found:
        other = next(v for v in ("active", "paused", "banned") if v != found.group(2))
        yield "status", text[: found.start(2)] + other + text[found.end(2) :]
    found = re.search(r"^\s*- date: *(\S+)$", text, re.MULTILINE)
    if found:
        years = sorted(events_by_year(data))
        # Its first event to a year before all others (the year after it links the new year;
        # the record's old year may lose its last event), and into the newest year.
        for kind, year in (("new year", years[0] - 1), ("other year", years[-1])):
            yield kind, text[: found.start(1)] + str(year) + text[found.end(1) :]
    yield "remove", None
    yield "copy", text.replace(f"id: {path.stem}", f"id: zz-copy-{path.stem}")


def _check_every_edit(data_dir: Path, every: int = 1) -> Counter[str]:
    """Apply each mutation to each ``every``-th record file (and undo it); after each valid
    edit, the incremental outputs must equal a full render. Returns how many of each kind
    were compared."""
    records = Records(data_dir, data_dir.parent)
    dataset = records.validate()
    outputs = Outputs.of(dataset)
    assert outputs.files() == render_outputs(dataset)
    compared: Counter[str] = Counter()
    for path in sorted(data_dir.glob("*/*.yaml"))[::every]:
        text = path.read_text("utf-8")
        for kind, changed in list(_mutations(path, text, dataset)):
            copy = path.with_name(f"zz-copy-{path.name}")
            if kind == "remove":
                path.unlink()
            elif kind == "copy":
                copy.write_text(changed, "utf-8")
            else:
                path.write_text(changed, "utf-8")
            result = incremental(records)
            if isinstance(result, Dataset):
                after = outputs.pages_after(result).exports_after().files()
                expected = render_outputs(result)
                wrong = sorted(
                    p for p in expected.keys() | after.keys() if expected.get(p) != after.get(p)
                )
                assert not wrong, f"{kind} of {path.name}: {wrong[:5]}"
                compared[kind] += 1
            path.write_text(text, "utf-8")
            copy.unlink(missing_ok=True)
            assert isinstance(incremental(records), Dataset)  # as before the edit: same outputs
    return compared


def test_rendering_only_what_an_edit_changes_gives_the_full_render(data):
    """Every record of the fixture (which uses every field), every kind of edit."""
    compared = _check_every_edit(data)
    assert compared.total() >= 20
    assert compared["new year"] and compared["other year"] and compared["region"], compared


def test_rendering_only_what_an_edit_changes_on_fake_data(tmp_path):
    """Fake data has many records naming each other: places, systems, sources shared."""
    data = generate(30, seed=5, data_dir=tmp_path / "data")
    compared = _check_every_edit(data, every=12)
    assert compared.total() >= 8
    assert compared["new year"] and compared["region"], compared


def test_an_edit_renders_few_pages(data):
    """Renaming an agency renders its page and what names it or it names, not every page."""
    records = Records(data, data.parent)
    before = records.validate()
    outputs = Outputs.of(before)
    edit(data, "deployments/sampleton-police-unknown.yaml", "agency: ", "agency: Renamed ")
    after = records.validate()
    changed = changed_records(before, after)
    assert changed == {("deployments", "sampleton-police-unknown")}
    affected = affected_records(before, after, changed)
    assert ("sources", "fake-report-one") in affected  # it lists the pages citing it
    assert ("policies", "sampleton-fake-ban") in affected  # same state
    assert ("incidents", "fake-wrongful-arrest") not in affected  # at another agency
    assert ("policies", "fake-model-law") not in affected
    pages = outputs.pages_after(after)
    assert 0 < pages.rendered < len(outputs.files())
    # Of the summaries in parts, only those listing the record are rendered again: it has no
    # dated event (every year of the timeline is kept), and its state's directory pages.
    kept = {part for part, files in pages.summaries.items() if files is outputs.summaries.get(part)}
    years = {part for name, part in outputs.summaries if name == "timeline" and part is not None}
    assert years and {("timeline", year) for year in years} <= kept
    assert ("directory", "florida") not in kept and ("timeline", None) not in kept
