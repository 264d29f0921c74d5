"""Loading one record: model errors become 'field must …' messages at the right line."""

from __future__ import annotations

import pytest

from support import DEPLOYMENT, load_text, messages
from watched.models.schema import header_line
from watched.pipeline.load import load_data


def test_a_valid_record_loads(tmp_path):
    loaded, problems = load_text(tmp_path, DEPLOYMENT)
    assert problems == []
    assert loaded.record.figures[0].value == 300000
    assert loaded.where("figures", 0, "value") == (18, 12)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # unknown field, with a hint
        (
            "agency: X Sheriff",
            "agancy: X Sheriff",
            [(3, 1, "field 'agancy' is not allowed here; did you mean 'agency'?")],
        ),
        # a missing field: where to add it (after the field it follows in the templates)
        # and, for a list of allowed values or a group of fields, what it holds
        ("agency: X Sheriff\n", "", [(2, 1, "field 'agency' must be given: add it after 'id'")]),
        (
            "agency_kind: sheriff\n",
            "",
            [
                (
                    3,
                    1,
                    (
                        "field 'agency_kind' must be given: add it after 'agency', with one of police, "
                        "sheriff, city, county, state, federal, fusion-center, other"
                    ),
                )
            ],
        ),
        ("id: x-sheriff\n", "", [(2, 1, "field 'id' must be given: add it before 'agency'")]),
        (
            "status:\n  value: active\n  as_of: 2020\n  sources: [s]\n",
            "",
            [
                (
                    10,
                    1,
                    "field 'status' must be given: add it after 'system', with the fields value, as_of, sources",
                )
            ],
        ),
        (
            "  value: active\n",
            "",
            [
                (
                    12,
                    3,
                    (
                        "field 'value' must be given in status: add it before 'as_of', with one of proposed, "
                        "pilot, active, paused, ended, banned, unknown"
                    ),
                )
            ],
        ),
        (
            "    value: 300000",
            "    valeu: 300000",
            [(18, 5, "field 'figures[0].valeu' is not allowed here; did you mean 'value'?")],
        ),
        (
            "    value: 300000\n",
            "",
            [(17, 5, "field 'value' must be given in figures[0]: add it after 'label'")],
        ),
        # YAML 1.1 booleans are not booleans
        (
            "    as_of: 2017\n",
            "    as_of: 2017\n    approximate: yes\n",
            [
                (
                    20,
                    18,
                    "figures[0].approximate must be true or false, got 'yes' (words like yes/no/on/off are not accepted)",
                )
            ],
        ),
        # vocabularies, with a hint
        (
            "  value: active",
            "  value: activ",
            [
                (
                    12,
                    10,
                    "status.value must be one of proposed, pilot, active, paused, ended, banned, unknown; got 'activ'; did you mean 'active'?",
                )
            ],
        ),
        # numbers written as text
        (
            "    value: 300000",
            "    value: 300,000",
            [
                (
                    18,
                    12,
                    "figures[0].value must be a number written without quotes or commas, like 300000",
                )
            ],
        ),
        # dates
        (
            "  as_of: 2020",
            "  as_of: 2020-13-01",
            [(13, 10, "status.as_of month must be between 01 and 12, got '2020-13-01'")],
        ),
        (
            "last_verified: 2026-01-01",
            "last_verified: 2026-01",
            [(22, 16, "last_verified must be a full date like 2026-11-01 (year, month and day)")],
        ),
        # claims must cite
        (
            "  sources: [s]\nsummary",
            "  sources: []\nsummary",
            [(14, 12, "status.sources must list at least 1 item(s)")],
        ),
        # shapes
        (
            "system: unknown",
            "system: [a, b]",
            [(10, 9, "system must be text, not a list or mapping")],
        ),
        (
            "agency: X Sheriff",
            "agency: 5",
            [(3, 9, "agency must be text, got the number 5; put it in quotes")],
        ),
        (
            "agency: X Sheriff",
            "agency: <script>alert(1)</script>",
            [(3, 9, "agency must not contain '<' or '>' (no HTML in names and titles)")],
        ),
        (
            "agency: X Sheriff",
            'agency: "X\\u202eSheriff"',
            [(3, 9, "agency must not contain the invisible control character U+202E")],
        ),
        (
            "id: x-sheriff",
            "id: X_Sheriff",
            [
                (
                    2,
                    5,
                    "id must be a lowercase slug of letters, digits and single hyphens (like 'orlando-police-rekognition'), got 'X_Sheriff'",
                )
            ],
        ),
        (
            "  coordinates: {lat: 45.5, lon: -123.0}",
            "  coordinates: {lat: 95, lon: -123.0}",
            [(9, 22, "jurisdiction.coordinates.lat must be between -90 and 90")],
        ),
    ],
)
def test_model_problems_are_located_and_phrased_as_rules(tmp_path, old, new, expected):
    assert old in DEPLOYMENT
    assert messages(tmp_path, DEPLOYMENT.replace(old, new, 1)) == expected


SOURCE = """\
id: s
title: A title
publisher: A publisher
url: https://example.org/a
accessed: 2026-01-01
kind: news
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "url: javascript:alert(1)",
            "url must be an http:// or https:// address with no spaces, got 'javascript:alert(1)'",
        ),
        (
            "url: ftp://example.org/file",
            "url must be an http:// or https:// address with no spaces, got 'ftp://example.org/file'",
        ),
        (
            "url: https://exa mple.org",
            "url must be an http:// or https:// address with no spaces, got 'https://exa mple.org'",
        ),
        (
            "url: data:text/html,hi",
            "url must be an http:// or https:// address with no spaces, got 'data:text/html,hi'",
        ),
    ],
)
def test_urls_must_be_http_or_https(tmp_path, line, expected):
    found = messages(
        tmp_path, SOURCE.replace("url: https://example.org/a", line), collection="sources"
    )
    assert [message for _, _, message in found] == [expected]


def test_quotes_are_limited_to_25_words(tmp_path):
    quote = " ".join(["word"] * 26)
    found = messages(tmp_path, SOURCE + f"quote: {quote}\n", collection="sources")
    assert found == [
        (
            8,
            8,
            "quote must be a short quote of at most 25 words, it has 26; say the rest in your own words",
        )
    ]


def test_missing_schema_header_is_reported_with_the_line_to_add(tmp_path):
    loaded, problems = load_text(tmp_path, SOURCE, collection="sources", header=False)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 1, f"first line must be '{header_line('sources')}' so editors can check the file")
    ]
    assert loaded is not None  # still checked by the cross-record rules


def test_data_folder_layout_problems(tmp_path):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "notes").mkdir()
    (data / "sources" / "a.yml").write_text("id: a\n")
    (data / "sources" / "b.txt").write_text("hello\n")
    result = load_data(data, tmp_path)
    assert [(p.path, p.message) for p in sorted(result.problems)] == [
        (
            "data/campaign.yaml",
            "data/campaign.yaml must exist: it holds the call to action for every page",
        ),
        (
            "data/notes",
            "data/ must hold only campaign.yaml and the folders sources/, systems/, capabilities/, concerns/, deployments/, policies/, incidents/, states/",
        ),
        ("data/sources/a.yml", "file name must end in .yaml, not .yml"),
        ("data/sources/b.txt", "sources/ must hold only .yaml files, one record each"),
    ]


def test_symbolic_links_are_refused_unread(tmp_path):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("token: hunter2\n")
    (data / "sources" / "leak.yaml").symlink_to(secret)
    (data / "campaign.yaml").symlink_to(secret)
    result = load_data(data, tmp_path)
    assert [(p.path, p.message) for p in sorted(result.problems)] == [
        ("data/campaign.yaml", "file must be a regular file, not a symbolic link"),
        ("data/sources/leak.yaml", "file must be a regular file, not a symbolic link"),
    ]
    assert not any("hunter2" in p.message for p in result.problems)
