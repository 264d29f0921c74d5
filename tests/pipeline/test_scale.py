"""Scale guards (not timed): pages must not grow with the number of records.

Builds the real site from fake datasets of 200 and 2,000 deployments and compares them. The
timed benchmark at up to 15,000 deployments is `make bench`; these tests only guard its shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support import copy_project
from watched.pipeline.build import Project, build
from watched.tools.fake import deployment_id, generate

SMALL, LARGE = 200, 2_000
SAMPLE_RECORDS = (0, 1, 57, 199)
AGENCY_0 = (
    "Fakeville 1 Police Department (fictional)"  # present at both sizes, generated identically
)
# What a reader downloads to search (only once they open search) must stay under 3.3 MB at
# 15,000 deployments: 3 MB of titles and places, plus the ranking boost that puts a
# deployment's page above the sources that mention its place (about 10 bytes per entry).
SEARCH_BYTES_PER_DEPLOYMENT = int(3.3 * 1024 * 1024) // 15_000


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    built: dict[int, Path] = {}
    for n in (SMALL, LARGE):
        folder = tmp_path_factory.mktemp(f"scale-{n}")
        data = generate(n, seed=1, data_dir=folder / "fake-data")
        project: Project = copy_project(folder / "project", data)
        build(project)
        built[n] = project.site
    return built


def _html_pages(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}


@pytest.mark.build
@pytest.mark.parametrize("index", SAMPLE_RECORDS)
def test_a_deployment_page_does_not_grow_with_the_dataset(
    sites: dict[int, Path], index: int
) -> None:
    page = f"deployments/{deployment_id(index)}/index.html"
    small = (sites[SMALL] / page).stat().st_size
    large = (sites[LARGE] / page).stat().st_size
    assert abs(large - small) <= 0.10 * small, (
        f"{page}: {small:,} B at {SMALL}, {large:,} B at {LARGE}"
    )


@pytest.mark.build
def test_no_page_grows_much_with_the_dataset(sites: dict[int, Path]) -> None:
    small, large = _html_pages(sites[SMALL]), _html_pages(sites[LARGE])
    biggest_small = max(small.values())
    name, biggest_large = max(large.items(), key=lambda item: item[1])
    assert biggest_large <= 1.25 * biggest_small, (
        f"the biggest page at {LARGE:,} deployments is {name} ({biggest_large:,} B), "
        f"{biggest_large / biggest_small:.1f} times the biggest at {SMALL:,} ({biggest_small:,} B)"
    )


@pytest.mark.build
def test_the_search_index_grows_by_a_bounded_amount_per_deployment(sites: dict[int, Path]) -> None:
    sizes = {n: (site / "search" / "search_index.json").stat().st_size for n, site in sites.items()}
    per_deployment = (sizes[LARGE] - sizes[SMALL]) / (LARGE - SMALL)
    assert per_deployment <= SEARCH_BYTES_PER_DEPLOYMENT, (
        f"the search index grows {per_deployment:,.0f} B per deployment; at most "
        f"{SEARCH_BYTES_PER_DEPLOYMENT} B keeps it under 3.3 MB at 15,000"
    )
    entries = json.loads((sites[LARGE] / "search" / "search_index.json").read_text("utf-8"))["docs"]
    sample = f"deployments/{deployment_id(0)}/"
    found = [entry for entry in entries if entry["location"] == sample]
    assert [entry["title"] for entry in found] == [AGENCY_0], (
        "a deployment must stay findable by agency"
    )
    # The page's own heading is the agency alone (the status line must not run into it).
    html = (sites[LARGE] / sample / "index.html").read_text("utf-8")
    assert re.search(r"<h1[^>]*>([^<]*)</h1>", html).group(1) == AGENCY_0
