"""Cross-record rules: each rule finds its violation, at the right place, and nothing in
valid data. Every test starts from the valid fixture dataset and breaks one thing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import FIXTURES, edit
from support import run_rule as run
from watched.pipeline import rules
from watched.pipeline.rules import RULES

VALID = FIXTURES / "valid"
DEPLOYMENT = "deployments/example-county-sheriff-facefinder.yaml"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_every_rule_accepts_the_valid_dataset(rule, data):
    assert run(rule, data) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_every_rule_states_itself_as_a_requirement(rule):
    assert rule.__doc__ and " must " in rule.__doc__


def test_id_must_equal_file_name(data):
    edit(data, DEPLOYMENT, "id: example-county-sheriff-facefinder", "id: example-county")
    assert run(rules.id_must_equal_file_name, data) == [
        (
            "data/" + DEPLOYMENT,
            2,
            5,
            (
                "id must equal the file name: id is 'example-county' but the file is "
                "example-county-sheriff-facefinder.yaml; rename the file or change the id"
            ),
        ),
    ]


def test_former_ids_must_not_collide(data):
    edit(
        data,
        "deployments/sampleton-police-unknown.yaml",
        "id: sampleton-police-unknown",
        "id: sampleton-police-unknown\nformer_ids: [example-sheriff-facefinder, example-county-sheriff-facefinder]",
    )
    assert run(rules.ids_must_be_unique, data) == [
        (
            "data/deployments/sampleton-police-unknown.yaml",
            3,
            14,
            (
                "former id 'example-sheriff-facefinder' must belong to one record only; "
                "'example-county-sheriff-facefinder' also claims it"
            ),
        ),
        (
            "data/deployments/sampleton-police-unknown.yaml",
            3,
            42,
            "former id 'example-county-sheriff-facefinder' must not be the id of another record in deployments/",
        ),
    ]


def test_cited_sources_must_exist(data):
    edit(
        data,
        DEPLOYMENT,
        "    text: It adopted a fictional use policy.\n    sources: [fake-report-one]",
        "    text: It adopted a fictional use policy.\n    sources: [fake-report-on, nowhere]",
    )
    assert run(rules.cited_sources_must_exist, data) == [
        (
            "data/" + DEPLOYMENT,
            28,
            15,
            "source 'fake-report-on' must exist as data/sources/fake-report-on.yaml; did you mean 'fake-report-one'?",
        ),
        ("data/" + DEPLOYMENT, 28, 31, "source 'nowhere' must exist as data/sources/nowhere.yaml"),
    ]


def test_references_must_resolve(data):
    edit(data, DEPLOYMENT, "capabilities: [fake-face-search]", "capabilities: [fake-face-serch]")
    edit(data, DEPLOYMENT, "system: fakecorp-facefinder", "system: fakecorp")
    edit(
        data,
        "concerns/fake-misidentification.yaml",
        "capabilities: [fake-face-search, fake-person-tracking]",
        "capabilities: [fake-face-search, tracking]",
    )
    assert sorted(run(rules.references_must_resolve, data)) == [
        (
            "data/concerns/fake-misidentification.yaml",
            12,
            34,
            "capability 'tracking' must exist as data/capabilities/tracking.yaml",
        ),
        ("data/" + DEPLOYMENT, 11, 9, "system 'fakecorp' must exist as data/systems/fakecorp.yaml"),
        (
            "data/" + DEPLOYMENT,
            46,
            16,
            "capability 'fake-face-serch' must exist as data/capabilities/fake-face-serch.yaml; did you mean 'fake-face-search'?",
        ),
    ]


def test_unknown_system_is_allowed_without_a_record(data):
    edit(data, DEPLOYMENT, "system: fakecorp-facefinder", "system: unknown")
    assert run(rules.references_must_resolve, data) == []


def test_lists_of_ids_must_not_repeat(data):
    edit(
        data,
        DEPLOYMENT,
        "concerns: [fake-misidentification]",
        "concerns: [fake-misidentification, fake-misidentification]",
    )
    assert run(rules.lists_of_ids_must_not_repeat, data) == [
        ("data/" + DEPLOYMENT, 47, 36, "concerns must not list 'fake-misidentification' twice"),
    ]


def test_deployment_dates_must_be_in_order(data):
    edit(data, DEPLOYMENT, "started: 2017", "started: 2021")
    assert run(rules.deployment_dates_must_be_in_order, data) == [
        ("data/" + DEPLOYMENT, 18, 8, "started (2021) must not be after ended (2020-06-10)"),
        (
            "data/" + DEPLOYMENT,
            14,
            10,
            "started (2021) must not be after status.as_of (2020-06-10)",
        ),
    ]


def test_partial_dates_in_the_same_period_are_in_order(data):
    edit(data, DEPLOYMENT, "started: 2017", "started: 2020")
    assert run(rules.deployment_dates_must_be_in_order, data) == []


def test_ended_deployments_must_say_when(data):
    edit(data, DEPLOYMENT, "ended: 2020-06-10\n", "")
    assert run(rules.ended_deployments_must_say_when, data) == [
        (
            "data/" + DEPLOYMENT,
            13,
            10,
            "deployment with status 'ended' must give 'ended:' (the date, as precise as known)",
        ),
    ]


def test_source_must_be_published_before_accessed(data):
    edit(data, "sources/fake-statute.yaml", "published: 2020", "published: 2027")
    assert run(rules.source_must_be_published_before_accessed, data) == [
        (
            "data/sources/fake-statute.yaml",
            6,
            12,
            "published (2027) must not be after accessed (2026-01-15)",
        ),
    ]


def test_policy_milestones_must_be_in_order(data):
    edit(data, "policies/sampleton-fake-ban.yaml", "  - date: 2019-05\n", "  - date: 2019-08\n")
    assert run(rules.policy_milestones_must_be_in_order, data) == [
        (
            "data/policies/sampleton-fake-ban.yaml",
            26,
            11,
            "introduced (2019-08) must not be after passed (2019-06-27)",
        ),
    ]


def test_figure_ranges_must_be_ordered(data):
    edit(data, DEPLOYMENT, "    value_max: 12", "    value_max: 3")
    assert run(rules.figure_ranges_must_be_ordered, data) == [
        ("data/" + DEPLOYMENT, 42, 16, "value_max (3) must not be smaller than value (6)"),
    ]


def test_jurisdiction_must_be_given_except_for_model_laws(data):
    edit(data, "policies/fake-model-law.yaml", "type: model-law", "type: ban")
    assert run(rules.jurisdiction_must_be_given_except_for_model_laws, data) == [
        (
            "data/policies/fake-model-law.yaml",
            4,
            7,
            "policy must give 'jurisdiction:' (only model laws may leave it out)",
        ),
    ]


# ---------------------------------------------------------------- one mistake, one problem


def all_problems(data: Path) -> list[tuple[str, int, int, str]]:
    from watched.pipeline.validate import validate

    return [(p.path, p.line, p.column, p.message) for p in validate(data, data.parent).problems]


def test_a_cited_source_with_a_problem_of_its_own_is_reported_once_there(data):
    # fake-report-one is cited 30 times; a bad url in it is one problem, not 31.
    edit(
        data,
        "sources/fake-report-one.yaml",
        "url: https://example.org/fake-report-one",
        "url: example.org/fake-report-one",
    )
    assert all_problems(data) == [
        (
            "data/sources/fake-report-one.yaml",
            6,
            6,
            "url must be an http:// or https:// address with no spaces, got 'example.org/fake-report-one'",
        ),
    ]


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        # a record that is not valid YAML, or misses a field, still exists for the records citing it
        (
            "systems/fakecorp-facefinder.yaml",
            "id: fakecorp-facefinder\n",
            "id: fakecorp-facefinder\n  bad: indent\n",
        ),
        (
            "capabilities/fake-face-search.yaml",
            "id: fake-face-search\n",
            "id: fake-face-search\nsurprise: field\n",
        ),
        ("deployments/example-county-sheriff-facefinder.yaml", "agency_kind: sheriff\n", ""),
    ],
)
def test_references_to_a_record_with_problems_are_not_problems(data, relative, old, new):
    edit(data, relative, old, new)
    found = all_problems(data)
    assert len(found) == 1, found
    assert found[0][0] == "data/" + relative


def test_a_reference_to_a_missing_file_is_still_a_problem_beside_a_broken_record(data):
    edit(
        data,
        "sources/fake-report-one.yaml",
        "url: https://example.org/fake-report-one",
        "url: nowhere",
    )
    edit(data, DEPLOYMENT, "capabilities: [fake-face-search]", "capabilities: [fake-face-serch]")
    assert [(path, message.split(";")[0]) for path, _, _, message in all_problems(data)] == [
        (
            "data/sources/fake-report-one.yaml",
            "url must be an http:// or https:// address with no spaces, got 'nowhere'",
        ),
        (
            "data/" + DEPLOYMENT,
            "capability 'fake-face-serch' must exist as data/capabilities/fake-face-serch.yaml",
        ),
    ]


def test_problems_are_listed_by_stage_syntax_then_fields_then_across_records(data):
    edit(
        data,
        "systems/fakecorp-facefinder.yaml",
        "id: fakecorp-facefinder\n",
        "id: fakecorp-facefinder\n  bad: indent\n",
    )
    edit(
        data,
        "capabilities/fake-face-search.yaml",
        "id: fake-face-search\n",
        "id: fake-face-search\nsurprise: field\n",
    )
    edit(
        data,
        "concerns/fake-misidentification.yaml",
        "capabilities: [fake-face-search, fake-person-tracking]",
        "capabilities: [fake-face-search, tracking]",
    )
    assert [path for path, *_ in all_problems(data)] == [
        "data/systems/fakecorp-facefinder.yaml",  # YAML syntax: the file cannot be read
        "data/capabilities/fake-face-search.yaml",  # a field: the record cannot be checked
        "data/concerns/fake-misidentification.yaml",  # across records
    ]


def test_a_copied_record_with_the_original_id_names_the_original(data):
    # The copy sorts before the original ('-' before '.'), and is still the one reported.
    original = data / DEPLOYMENT
    shutil.copy(original, original.with_name("example-county-sheriff-facefinder-copy.yaml"))
    assert all_problems(data) == [
        (
            "data/deployments/example-county-sheriff-facefinder-copy.yaml",
            2,
            5,
            (
                "id 'example-county-sheriff-facefinder' must be unique: "
                "data/deployments/example-county-sheriff-facefinder.yaml also uses it; "
                "change it to 'example-county-sheriff-facefinder-copy', this file's name"
            ),
        ),
    ]


def test_two_files_claiming_one_id_neither_named_by_it(data):
    original = data / DEPLOYMENT
    text = original.read_text("utf-8").replace(
        "id: example-county-sheriff-facefinder", "id: shared-id"
    )
    original.with_name("first-copy.yaml").write_text(text, "utf-8")
    original.with_name("second-copy.yaml").write_text(text, "utf-8")
    found = all_problems(data)
    assert (
        "data/deployments/second-copy.yaml",
        2,
        5,
        (
            "id 'shared-id' must be unique: data/deployments/first-copy.yaml also uses it; "
            "change it to 'second-copy', this file's name"
        ),
    ) in found
    assert (
        "data/deployments/first-copy.yaml",
        2,
        5,
        (
            "id must equal the file name: id is 'shared-id' but the file is first-copy.yaml; "
            "rename the file or change the id"
        ),
    ) in found
