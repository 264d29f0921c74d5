"""Test and benchmark data (not a pipeline step): clearly fake but valid data/ folders of any size.

``generate(n, seed, folder)`` writes a complete data/ folder: ``n`` deployments and, in
proportion, the sources, systems, capabilities, concerns and policies they cite, plus a
campaign. Every name says "(fictional)" or "Fictional", every place is a made-up town, every
link points at example.org, and every file passes the real validator.

Each record is drawn from its own random stream, seeded by (seed, collection, index), and only
cites records whose index is no higher than its own allows. So deployment 42 is byte for byte
the same file whether the dataset holds 200 or 15,000 deployments, which lets the scale tests
compare one page across sizes.

Fake data never ships: generate it only into temporary folders (the generator refuses a
folder that is not empty).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..models.places import state_slug
from ..models.schema import header_line

TOWNS = (
    "Fakeville",
    "Sampleton",
    "Mockford",
    "Testburg",
    "Dummyton",
    "Exampleport",
    "Placeholder Falls",
    "Notaplace",
    "Pretendale",
    "Imaginaria",
)
# Fake towns in real states, near each state's middle, so map markers land on land.
STATES = (
    ("Oregon", 44.0, -120.5),
    ("California", 37.2, -119.5),
    ("Texas", 31.5, -99.3),
    ("Florida", 28.6, -82.4),
    ("New York", 42.9, -75.5),
    ("Illinois", 40.0, -89.2),
    ("Ohio", 40.3, -82.8),
    ("Georgia", 32.7, -83.4),
    ("Michigan", 43.7, -84.7),
    ("Arizona", 34.3, -111.7),
    ("Colorado", 39.0, -105.5),
    ("Washington", 47.4, -120.5),
    ("Pennsylvania", 40.9, -77.8),
    ("Tennessee", 35.9, -86.4),
    ("Missouri", 38.4, -92.5),
    ("Minnesota", 46.3, -94.3),
    ("Kansas", 38.5, -98.4),
    ("Utah", 39.3, -111.7),
)
AGENCY_KINDS = ("police", "sheriff", "city", "county", "state")
STATUSES = ("active", "active", "active", "pilot", "ended", "paused", "proposed", "unknown")
SOURCE_KINDS = ("news", "government", "primary-document", "academic", "advocacy", "court")
CAPABILITY_NAMES = (
    "face search in photo collections",
    "live face tracking",
    "crowd scanning",
    "identity verification",
    "video archive search",
    "watchlist alerts",
)
CONCERN_NAMES = (
    "misidentification",
    "chilling of protest",
    "secret use",
    "unequal error rates",
    "mission creep",
    "data breaches",
)
POLICY_TYPES = ("ban", "moratorium", "regulation", "community-control")
ACCESSED = "2026-01-15"
VERIFIED = "2025-12-01"

# How many records of each kind a dataset of n deployments holds.
BASE_SYSTEMS, DEPLOYMENTS_PER_SYSTEM = 4, 500
BASE_TOPICS, DEPLOYMENTS_PER_TOPIC = 5, 1000
BASE_POLICIES, DEPLOYMENTS_PER_POLICY = 2, 50
DEPLOYMENTS_PER_SOURCE = 3
BASE_SOURCES = 3


def system_count(n: int) -> int:
    return BASE_SYSTEMS + n // DEPLOYMENTS_PER_SYSTEM


def topic_count(n: int) -> int:
    """Capabilities and concerns alike."""
    return BASE_TOPICS + n // DEPLOYMENTS_PER_TOPIC


def policy_count(n: int) -> int:
    return BASE_POLICIES + n // DEPLOYMENTS_PER_POLICY


def source_count(n: int) -> int:
    return BASE_SOURCES + -(-n // DEPLOYMENTS_PER_SOURCE)


def source_id(index: int) -> str:
    return f"fake-source-{index:05d}"


def system_id(index: int) -> str:
    return f"fakecorp-facefinder-{index}"


def capability_id(index: int) -> str:
    return f"fake-capability-{index}"


def concern_id(index: int) -> str:
    return f"fake-concern-{index}"


def policy_id(index: int) -> str:
    return f"fake-policy-{index:04d}"


def deployment_id(index: int) -> str:
    return f"{_town(index).lower().replace(' ', '-')}-{index:05d}-{AGENCY_KINDS[index % len(AGENCY_KINDS)]}"


def _town(index: int) -> str:
    return f"{TOWNS[index % len(TOWNS)]} {index // len(TOWNS) + 1}"


def _rng(seed: int, collection: str, index: int) -> random.Random:
    return random.Random(f"watched-fake:{seed}:{collection}:{index}")


def _date(rng: random.Random, year: int) -> str:
    """A partial date in that year, as precise as a source might be: 2019, 2019-04 or 2019-04-17."""
    precision = rng.random()
    if precision < 0.2:
        return f"{year}"
    if precision < 0.5:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _jurisdiction(rng: random.Random, place: str, level: str) -> dict[str, Any]:
    region, lat, lon = rng.choice(STATES)
    return {
        "place": place,
        "region": region,
        "level": level,
        "coordinates": {
            "lat": round(lat + rng.uniform(-1.0, 1.0), 3),
            "lon": round(lon + rng.uniform(-1.5, 1.5), 3),
        },
    }


def _cited(index: int) -> list[str]:
    """The sources of deployment ``index``: its own report and, for some, a neighbour's."""
    own = BASE_SOURCES + index // DEPLOYMENTS_PER_SOURCE
    return [source_id(own)] if index % 4 else [source_id(own), source_id(index % BASE_SOURCES)]


# ---------------------------------------------------------------- one record of each kind


def fake_source(seed: int, index: int) -> dict[str, Any]:
    rng = _rng(seed, "sources", index)
    year = rng.randint(2012, 2025)
    record = {
        "id": source_id(index),
        "title": f"Fictional report no. {index} on a made-up face recognition program",
        "publisher": f"The {rng.choice(TOWNS)} Gazette (fictional)",
        "url": f"https://example.org/fake-sources/{index}",
        "published": _date(rng, year),
        "accessed": ACCESSED,
        "kind": rng.choice(SOURCE_KINDS),
    }
    if rng.random() < 0.3:
        record["archive_url"] = f"https://example.org/fake-archive/{index}"
    if rng.random() < 0.3:
        record["quote"] = "A short fictional quote, invented for tests and benchmarks."
    return record


def fake_system(seed: int, index: int) -> dict[str, Any]:
    rng = _rng(seed, "systems", index)
    launched = rng.randint(2010, 2018)
    return {
        "id": system_id(index),
        "name": f"FaceFinder {index} (fictional)",
        "vendor": f"FakeCorp {index} (fictional)",
        "url": f"https://example.org/fake-systems/{index}",
        "summary": f"FaceFinder {index} is a fictional face recognition product, invented for "
        "tests and benchmarks. No such product exists.",
        "history": [
            {
                "date": _date(rng, launched),
                "kind": "launched",
                "text": f"FakeCorp {index} launched the fictional product.",
                "sources": [source_id(index % BASE_SOURCES)],
            },
        ],
        "sources": [source_id(index % BASE_SOURCES)],
        "last_verified": VERIFIED,
    }


def fake_capability(seed: int, index: int) -> dict[str, Any]:
    rng = _rng(seed, "capabilities", index)
    name = CAPABILITY_NAMES[index % len(CAPABILITY_NAMES)]
    offers = []
    for system in sorted(rng.sample(range(BASE_SYSTEMS), 2)):
        offer: dict[str, Any] = {
            "system": system_id(system),
            "detail": f"FaceFinder {system} offers fictional {name}.",
            "status": rng.choice(("available", "available", "restricted")),
            "as_of": str(rng.randint(2018, 2025)),
            "sources": [source_id(system % BASE_SOURCES)],
        }
        if rng.random() < 0.5:
            offer["figures"] = [
                {
                    "label": "Faces per collection",
                    "value": rng.randint(1, 50) * 1_000_000,
                    "approximate": True,
                    "as_of": str(rng.randint(2016, 2024)),
                    "sources": [source_id(system % BASE_SOURCES)],
                }
            ]
        offers.append(offer)
    return {
        "id": capability_id(index),
        "name": f"Fictional {name} ({index})",
        "summary": f"A fictional capability, {name}, described only for tests and benchmarks.",
        "how_it_works": "Invented explanation, first paragraph.\n\nInvented explanation, second paragraph.",
        "systems": offers,
        "sources": [source_id(index % BASE_SOURCES)],
        "last_verified": VERIFIED,
    }


def fake_concern(seed: int, index: int) -> dict[str, Any]:
    rng = _rng(seed, "concerns", index)
    name = CONCERN_NAMES[index % len(CONCERN_NAMES)]
    return {
        "id": concern_id(index),
        "name": f"Fictional {name} ({index})",
        "summary": f"A fictional concern, {name}, described only for tests and benchmarks.",
        "who_bears_it": "Fictional residents of fictional towns.",
        "evidence": [
            {
                "date": _date(rng, rng.randint(2015, 2024)),
                "text": "A fictional audit found a fictional problem.",
                "sources": [source_id(index % BASE_SOURCES)],
            },
        ],
        "capabilities": [capability_id(c) for c in sorted(rng.sample(range(BASE_TOPICS), 2))],
        "sources": [source_id(index % BASE_SOURCES)],
        "last_verified": VERIFIED,
    }


def fake_policy(seed: int, index: int) -> dict[str, Any]:
    rng = _rng(seed, "policies", index)
    cited = [source_id(index % BASE_SOURCES)]
    if index == 0:
        return {
            "id": policy_id(index),
            "name": "Fictional model ordinance",
            "type": "model-law",
            "status": {"value": "model", "as_of": "2020", "sources": cited},
            "covers": "Any fictional surveillance technology.",
            "summary": "A fictional model law, invented for tests and benchmarks.",
            "sources": cited,
            "last_verified": VERIFIED,
        }
    kind = POLICY_TYPES[index % len(POLICY_TYPES)]
    place = f"{rng.choice(TOWNS)} {index}"
    year = rng.randint(2015, 2023)
    return {
        "id": policy_id(index),
        "name": f"{place} face surveillance {kind} (fictional)",
        "type": kind,
        "status": {
            "value": rng.choice(("enacted", "in-force")),
            "as_of": f"{year + 1}-01-01",
            "sources": cited,
        },
        "jurisdiction": _jurisdiction(rng, place, "city"),
        "covers": "Fictional city departments, with fictional exceptions.",
        "summary": f"A fictional {kind}, invented for tests and benchmarks.",
        "events": [
            {"date": f"{year}-03", "kind": "introduced", "text": "Introduced.", "sources": cited},
            {"date": f"{year}-06-15", "kind": "passed", "text": "Passed.", "sources": cited},
            {
                "date": f"{year + 1}-01-01",
                "kind": "effective",
                "text": "Took effect.",
                "sources": cited,
            },
        ],
        "sources": cited,
        "last_verified": VERIFIED,
    }


def fake_deployment(seed: int, index: int) -> dict[str, Any]:
    rng = _rng(seed, "deployments", index)
    kind = AGENCY_KINDS[index % len(AGENCY_KINDS)]
    place = _town(index)
    agency = {
        "police": f"{place} Police Department (fictional)",
        "sheriff": f"{place} County Sheriff's Office (fictional)",
        "city": f"City of {place} (fictional)",
        "county": f"{place} County (fictional)",
        "state": f"{place} State Patrol (fictional)",
    }[kind]
    level = {"sheriff": "county", "county": "county", "state": "state"}.get(kind, "city")
    systems_known = BASE_SYSTEMS + index // DEPLOYMENTS_PER_SYSTEM
    system = "unknown" if index % 10 == 9 else system_id(rng.randrange(systems_known))
    topics_known = BASE_TOPICS + index // DEPLOYMENTS_PER_TOPIC
    cited = _cited(index)
    started_year = rng.randint(2010, 2022)
    started = _date(rng, started_year)
    status = rng.choice(STATUSES)
    record: dict[str, Any] = {
        "id": deployment_id(index),
        "agency": agency,
        "agency_kind": kind,
        "jurisdiction": _jurisdiction(rng, place, level),
        "system": system,
        "status": {"value": status, "as_of": f"{started_year + 3}-12-31", "sources": cited},
        "started": started,
    }
    timeline = [
        {
            "date": started,
            "kind": "started",
            "text": f"The fictional {kind} agency began using face recognition.",
            "sources": cited,
        }
    ]
    if status == "ended":
        record["ended"] = f"{started_year + 2}-06"
        timeline.append(
            {
                "date": record["ended"],
                "kind": "ended",
                "text": "The fictional program ended.",
                "sources": cited,
            }
        )
    record["summary"] = (
        f"A fictional {kind} agency in {place} uses face recognition. This record was generated "
        "for tests and benchmarks; it describes no real agency."
    )
    record["timeline"] = timeline
    if rng.random() < 0.5:
        low = rng.randint(1, 900) * 1000
        record["figures"] = [
            {
                "label": "Photos searched",
                "value": low,
                "value_max": low * 2,
                "approximate": True,
                "as_of": str(started_year + 1),
                "sources": cited,
            }
        ]
    record["capabilities"] = [capability_id(c) for c in sorted(rng.sample(range(topics_known), 2))]
    record["concerns"] = [concern_id(c) for c in sorted(rng.sample(range(topics_known), 2))]
    if index % 3 == 0:
        record["policies"] = [policy_id(1 + index // DEPLOYMENTS_PER_POLICY)]
    record["oversight"] = [
        {
            "name": f"{place} Council (fictional)",
            "kind": "city-council",
            "role": "approves the fictional budget",
            "contact": f"https://example.org/fake-oversight/{index}",
            "verified_on": VERIFIED,
        }
    ]
    record["sources"] = cited
    record["last_verified"] = VERIFIED
    return record


def fake_incident(seed: int, index: int) -> dict[str, Any]:
    """One fictional incident per 100 deployments, tied to every 100th deployment."""
    rng = _rng(seed, "incidents", index)
    cited = [source_id(index % BASE_SOURCES)]
    year = rng.randint(2016, 2024)
    return {
        "id": f"fake-incident-{index:05d}",
        "title": f"A fictional person wrongfully arrested ({index})",
        "kind": "wrongful-arrest",
        "date": f"{year}-05-02",
        "deployment": deployment_id(index * 100),
        "summary": "A fictional search named the wrong fictional person.",
        "outcome": {"value": "charges-dropped", "as_of": f"{year}-08", "sources": cited},
        "events": [
            {"date": f"{year}-05-02", "kind": "arrest", "text": "Arrested.", "sources": cited}
        ],
        "concerns": [concern_id(index % BASE_TOPICS)],
        "sources": cited,
        "last_verified": VERIFIED,
    }


def fake_state(seed: int, index: int) -> dict[str, Any]:
    """The states the fake towns are in, each with a fictional legislature page."""
    name = STATES[index][0]
    return {
        "id": state_slug(name),
        "name": name,
        "legislature": {
            "name": f"{name} Legislature (fictional page)",
            "find_legislator": f"https://example.org/fake-legislature/{index}",
            "verified_on": VERIFIED,
        },
        "last_verified": VERIFIED,
    }


def fake_campaign() -> dict[str, Any]:
    return {
        "headline": "Fictional campaign headline",
        "banner": "Fictional banner: this site is built from fake benchmark data.",
        "ask": "Fictional ask, for tests and benchmarks.",
        "as_of": ACCESSED,
        "actions": [
            {
                "id": "contact-decision-makers",
                "title": "Contact decision makers",
                "text": "Fictional action text.",
            }
        ],
        "letter": {
            "subject": "Fictional subject",
            "opening": "Fictional opening.",
            "closing": "Fictional closing.",
        },
        "sources": [source_id(0)],
    }


# ---------------------------------------------------------------- writing


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # base chosen at runtime (libyaml if present)
    """Writes every value out in full, as a contributor would: no '&anchors' or '*aliases'."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _write(path: Path, collection: str, record: dict[str, Any]) -> None:
    body = yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(f"{header_line(collection)}\n{body}", encoding="utf-8", newline="\n")


def generate(n_deployments: int, seed: int, data_dir: Path) -> Path:
    """Write a fake data/ folder with ``n_deployments`` deployments into ``data_dir``."""
    if n_deployments < 1:
        raise ValueError("n_deployments must be at least 1")
    if data_dir.exists() and any(data_dir.iterdir()):
        raise FileExistsError(f"{data_dir} is not empty; fake data goes only into a fresh folder")
    counts: dict[str, tuple[int, Callable[[int, int], dict[str, Any]]]] = {
        "sources": (source_count(n_deployments), fake_source),
        "systems": (system_count(n_deployments), fake_system),
        "capabilities": (topic_count(n_deployments), fake_capability),
        "concerns": (topic_count(n_deployments), fake_concern),
        "policies": (policy_count(n_deployments), fake_policy),
        "deployments": (n_deployments, fake_deployment),
        "incidents": ((n_deployments + 99) // 100, fake_incident),
        "states": (len(STATES), fake_state),
    }
    for collection, (count, make) in counts.items():
        folder = data_dir / collection
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(count):
            record = make(seed, index)
            _write(folder / f"{record['id']}.yaml", collection, record)
    _write(data_dir / "campaign.yaml", "campaign", fake_campaign())
    return data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m watched fake", description=__doc__.splitlines()[0]
    )
    parser.add_argument("deployments", type=int)
    parser.add_argument("folder", type=Path, help="a new or empty folder (never the real data/)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.deployments, args.seed, args.folder)
    print(f"wrote {args.deployments} fake deployments to {args.folder}")
    return 0
