"""The collection registry: every entry names fields its model has, and the files it promises exist."""

from __future__ import annotations

import pytest

from support import ROOT
from watched.models import REGISTRY
from watched.models.records import Status
from watched.models.registry import IN_USE, IN_USE_OR_PAUSED, MAY_BE_IN_USE

PACKAGE = ROOT / "scripts" / "watched"
NAMES = [collection.name for collection in REGISTRY]


def test_names_and_singulars_are_unique() -> None:
    assert len(set(NAMES)) == len(NAMES)
    assert len({c.singular for c in REGISTRY}) == len(REGISTRY)


@pytest.mark.parametrize("collection", REGISTRY, ids=NAMES)
def test_fields_it_names_exist_on_its_model(collection) -> None:
    fields = collection.model.model_fields
    assert collection.title_field in fields
    for name in (collection.events, collection.status):
        assert name is None or name in fields
    for name in collection.reference_fields:
        assert name in fields
    for reference in collection.references:
        assert reference.field in fields
        assert reference.target in NAMES


@pytest.mark.parametrize("collection", REGISTRY, ids=NAMES)
def test_its_templates_exist(collection) -> None:
    templates = PACKAGE / "pipeline" / "render" / "templates"
    assert (templates / f"{collection.singular}.html.j2").is_file()
    assert (PACKAGE / "tools" / "scaffold_templates" / f"{collection.singular}.yaml").is_file()


def test_status_groups_are_nested_deployment_statuses() -> None:
    statuses = set(Status.model_fields["value"].annotation.__args__)
    assert set(IN_USE) < set(IN_USE_OR_PAUSED) < set(MAY_BE_IN_USE) <= statuses
    assert "ended" not in MAY_BE_IN_USE and "banned" not in MAY_BE_IN_USE
