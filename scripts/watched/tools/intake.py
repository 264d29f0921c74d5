"""Maintainer step, before load: an accepted "Report a deployment" issue -> draft records.

``python -m watched intake ISSUE`` reads an issue made with the form in
``.github/ISSUE_TEMPLATE/1-report-a-deployment.yml``: either its body saved as a file, or the
JSON of ``gh issue view N --json body`` (``title``, ``number`` and ``url`` are used when
present). It writes, from the annotated templates of ``make new``:

- ``data/deployments/<agency-system>.yaml`` with every field the report answers filled in;
- ``data/sources/<publisher-date>.yaml`` for each link under "Sources", with its address and
  whatever the line says of publisher and date.

Where a person must decide (the agency's kind, the coordinates, the date of the status, the
title of each source, the day it was checked) the value is ``TODO``, which fails validation
with a located message. Then it validates the data and prints the problems, so the
maintainer works down that list. It never overwrites a file, and it adds no fact the report
does not state: the reporter's words stay theirs until a maintainer checks them against the
sources.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..pipeline.problems import Problem
from .scaffold import template_text

TODO = "TODO"
FORM = (
    Path(__file__).resolve().parents[3] / ".github" / "ISSUE_TEMPLATE" / "1-report-a-deployment.yml"
)
NO_RESPONSE = "_No response_"
URL = re.compile(r"https?://[^\s)>\]]+")
DATE = re.compile(r"\b(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b")
AGENCY_KINDS = {  # words in an agency's name -> its kind; anything else is for a person to decide
    "sheriff": "sheriff",
    "police": "police",
    "fusion": "fusion-center",
    "state patrol": "state",
    "highway patrol": "state",
    "fbi": "federal",
    "federal": "federal",
}


class IntakeRefused(Exception):
    """Nothing was written; the message says why."""


@dataclass
class Draft:
    files: dict[str, str] = field(default_factory=dict)  # path relative to data/ -> text
    notes: list[str] = field(default_factory=list)


def slug(text: str, limit: int = 60) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")
    return words[:limit].rstrip("-") or "unnamed"


def form_fields(form: Path = FORM) -> dict[str, str]:
    """The form's field labels -> ids, as GitHub writes them as headings into the body."""
    document = yaml.safe_load(form.read_text("utf-8"))
    return {item["attributes"]["label"]: item["id"] for item in document["body"] if "id" in item}


def read_issue(text: str) -> dict[str, str]:
    """The issue's body (and title, number, url when given as ``gh issue view --json``)."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            issue = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise IntakeRefused(f"the file must be an issue body or gh's JSON: {error}") from None
        if not isinstance(issue, dict) or not isinstance(issue.get("body"), str):
            raise IntakeRefused(
                'the JSON must have a "body" (gh issue view N --json body,title,url)'
            )
        return {key: str(value) for key, value in issue.items() if value is not None}
    return {"body": text}


def answers(body: str, fields: dict[str, str]) -> dict[str, str]:
    """Each ``### Label`` section of the body, keyed by the form's field id."""
    found: dict[str, str] = {}
    for section in re.split(r"^### ", body.replace("\r\n", "\n"), flags=re.MULTILINE)[1:]:
        label, _, value = section.partition("\n")
        if label.strip() in fields:
            value = value.strip()
            found[fields[label.strip()]] = "" if value == NO_RESPONSE else value
    missing = [
        label for label, key in fields.items() if key in ("agency", "sources") and key not in found
    ]
    if missing:
        raise IntakeRefused(
            f"the issue must be made with the form {FORM.name}: no section {', '.join(map(repr, missing))}"
        )
    return found


def _scalar(value: str) -> str:
    """A YAML scalar on one line, quoted when needed (a value never becomes YAML syntax)."""
    return (
        yaml.safe_dump(value, default_style=None, width=10**6, allow_unicode=True)
        .removesuffix("\n...\n")
        .strip()
    )


def _set(text: str, key: str, value: str, indent: str = "") -> str:
    """Fill the template line ``<indent><key>:`` (empty, or a default) with ``value``."""
    pattern = re.compile(rf"^{indent}{re.escape(key)}:.*$", re.MULTILINE)
    if not pattern.search(text):
        raise AssertionError(f"the template has no line {indent}{key}:")
    # A hint goes on its own line above: text after ' #' on the value's line would be a
    # comment the validator refuses (it silently drops words from a plain value).
    value, _, hint = value.partition("  # ")
    line = f"{indent}# {hint}\n{indent}{key}: {value}" if hint else f"{indent}{key}: {value}"
    return pattern.sub(lambda _: line, text, count=1)


def source_drafts(lines: str, taken: set[str]) -> dict[str, dict[str, str]]:
    """One draft per link: id -> {url, publisher, published}. "(Publisher, 2019-03-14)" after a
    link is read as its publisher and date; anything missing is TODO."""
    drafts: dict[str, dict[str, str]] = {}
    for line in lines.splitlines():
        match = URL.search(line)
        if not match:
            continue
        url = match.group(0).rstrip(".,;")
        rest = line[match.end() :].strip(" -–—()")
        date = DATE.search(rest)
        publisher = rest[: date.start()].strip(" ,;-–—()") if date else rest.strip(" ,;-–—()")
        host = re.sub(r"^www\.", "", url.split("/")[2])
        base = slug(f"{publisher or host} {date.group(1) if date else ''}")
        record_id, n = base, 2
        while record_id in taken or record_id in drafts:
            record_id, n = f"{base}-{n}", n + 1
        drafts[record_id] = {
            "url": url,
            "publisher": publisher,
            "published": date.group(1) if date else "",
        }
    return drafts


def draft(issue: dict[str, str], data_dir: Path) -> Draft:
    found = answers(issue["body"], form_fields())
    result = Draft()
    taken = {path.stem for path in (data_dir / "sources").glob("*.yaml")}
    sources = source_drafts(found.get("sources", ""), taken)
    if not sources:
        result.notes.append(
            "the report links no source: add the sources before publishing anything"
        )
    for record_id, values in sources.items():
        text = template_text("sources", record_id)
        text = _set(text, "title", f"{TODO}  # the document's title, exactly as published")
        text = _set(
            text, "publisher", _scalar(values["publisher"]) if values["publisher"] else TODO
        )
        text = _set(text, "url", _scalar(values["url"]))
        if values["published"]:
            text = _set(text, "published", values["published"])
        text = _set(text, "accessed", f"{TODO}  # the day you read it")
        text = _set(text, "kind", f"{TODO}  # news, government, court, primary-document, ...")
        result.files[f"sources/{record_id}.yaml"] = text

    agency = found.get("agency", "").strip()
    system_name = found.get("system", "").strip()
    systems = {path.stem for path in (data_dir / "systems").glob("*.yaml")}
    system = slug(system_name) if system_name else ""
    record_id = slug(f"{agency} {system_name}" if system_name else agency, 80)
    text = template_text("deployments", record_id)
    text = _set(text, "agency", _scalar(agency) if agency else TODO)
    lowered = agency.lower()
    kind = next((k for word, k in AGENCY_KINDS.items() if word in lowered), None)
    text = _set(
        text,
        "agency_kind",
        kind or f"{TODO}  # police, sheriff, city, county, state, federal, fusion-center, other",
    )
    place, _, region = (
        found.get("place", "").rpartition(",")
        if "," in found.get("place", "")
        else (found.get("place", ""), "", "")
    )
    text = _set(text, "place", _scalar(place.strip()) if place.strip() else TODO, indent="  ")
    if region.strip():
        text = _set(text, "region", _scalar(region.strip()), indent="  ")
    level = "county" if "county" in place.lower() else "state" if kind == "state" else None
    text = _set(text, "level", level or f"{TODO}  # city, county, state, national", indent="  ")
    text = _set(
        text,
        "coordinates",
        f"{{lat: {TODO}, lon: {TODO}}}  # decimal degrees of the place",
        indent="  ",
    )
    if not system_name:
        text = _set(text, "system", "unknown")
    elif system in systems:
        text = _set(text, "system", system)
    else:
        text = _set(
            text,
            "system",
            f"{TODO}  # no system record {system!r} for {_scalar(system_name)}: make new KIND=system",
        )
    status = found.get("status", "").strip()
    text = _set(text, "value", status or TODO, indent="  ")
    text = _set(
        text, "as_of", f"{TODO}  # the date the sources say this status was true", indent="  "
    )
    ids = "[" + ", ".join(sources) + "]"
    text = re.sub(r"^  sources: \[\]$", f"  sources: {ids}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^sources: \[\]$", f"sources: {ids}", text, count=1, flags=re.MULTILINE)
    facts = found.get("facts", "").strip()
    summary = (
        yaml.safe_dump(
            {"summary": facts},
            width=88,
            allow_unicode=True,
            default_style="|" if "\n" in facts else None,
        ).strip()
        if facts
        else f"summary: {TODO}"
    )
    text = re.sub(
        r"^summary:$",
        lambda _: (
            "# TODO: the reporter's words; check each claim against the sources and shorten\n"
            + summary
        ),
        text,
        count=1,
        flags=re.MULTILINE,
    )
    text = _set(
        text, "oversight_note", f"{TODO}  # or list the oversight bodies above and delete this line"
    )
    text = _set(
        text, "last_verified", f"{TODO}  # the day you checked every claim against its sources"
    )
    if issue.get("url") or issue.get("number"):
        where = issue.get("url") or f"issue #{issue['number']}"
        text = text.replace(
            "\nid: ", f"\n# Drafted from {where} by python -m watched intake.\nid: ", 1
        )
    conflicts = found.get("conflicts", "").strip()
    if conflicts and conflicts.lower() not in ("none", "no", "n/a", "-"):
        result.notes.append(f"the reporter declared a conflict of interest: {conflicts}")
    result.files[f"deployments/{record_id}.yaml"] = text
    return result


def write_draft(result: Draft, data_dir: Path) -> list[Path]:
    """Write every file of the draft, or none: refuses when any of them exists."""
    existing = [name for name in result.files if (data_dir / name).exists()]
    if existing:
        raise IntakeRefused(f"data/{existing[0]} already exists; edit it instead")
    written = []
    for name, text in result.files.items():
        path = data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        written.append(path)
    return written


def problems_in(problems: list[Problem], written: list[str], root: Path) -> list[Problem]:
    """The problems located in the drafted files (the rest of data/ was valid before), and
    every TODO the validator cannot see (a TODO title is still text)."""
    found = [p for p in problems if p.path in written]
    lines = {(p.path, p.line) for p in found}
    for name in written:
        for number, line in enumerate((root / name).read_text("utf-8").splitlines(), start=1):
            column = line.find(f": {TODO}")
            if column >= 0 and not line.lstrip().startswith("#") and (name, number) not in lines:
                key = line[:column].strip()
                found.append(
                    Problem(
                        name,
                        number,
                        column + 3,
                        f"{key} must be filled in (TODO marks a decision for a person)",
                    )
                )
    return sorted(found)
