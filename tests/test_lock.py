"""The lock, requirements.txt, is what `make` installs (with --require-hashes) and what
Dependabot's pip updater reads and regenerates with pip-compile. It must pin every dependency
pyproject.toml declares (runtime and the dev extra), at a version the declared range allows,
with hashes, and say how it was made, so a Dependabot update re-runs the same command."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from support import ROOT

LOCK = ROOT / "requirements.txt"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+) \\$", re.MULTILINE)


def pins() -> dict[str, Version]:
    return {
        canonicalize_name(m["name"]): Version(m["version"])
        for m in PIN.finditer(LOCK.read_text("utf-8"))
    }


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [
        Requirement(line)
        for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    ]


def test_the_lock_pins_every_declared_dependency_within_its_range():
    locked = pins()
    assert len(locked) > 20
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, (
            f"{requirement.name} is in pyproject.toml but not in requirements.txt: run make lock"
        )
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements.txt pins {requirement.name}=={locked[name]}, outside {requirement.specifier}: run make lock"
        )


def test_every_pin_has_a_hash_and_the_header_names_the_command():
    text = LOCK.read_text("utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    pinned = [block for block in blocks if PIN.match(block)]
    assert len(pinned) == len(pins())
    assert all("--hash=sha256:" in block for block in pinned)
    header = text.split("\n", 6)[4]
    assert "pip-compile" in header and "--generate-hashes" in header
    assert "--output-file=requirements.txt" in header and header.endswith("pyproject.toml")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert (
        "--require-hashes -r requirements.txt" in makefile
        and "-o requirements.txt pyproject.toml" in makefile
    )


def test_the_checker_would_catch_a_missing_pin(monkeypatch):
    real = pins()
    monkeypatch.setattr(
        f"{__name__}.pins", lambda: {k: v for k, v in real.items() if k != "mkdocs"}
    )
    try:
        test_the_lock_pins_every_declared_dependency_within_its_range()
    except AssertionError as error:
        assert "mkdocs is in pyproject.toml but not in requirements.txt" in str(error)
    else:
        raise AssertionError("a lock without mkdocs passed")
