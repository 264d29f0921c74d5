"""Validate step, result: the ``Dataset``, every record typed and every reference resolved.

Renderers and exporters receive only this object. It offers the records sorted by id (so
output never depends on file-system order) and the reverse links a reader needs: which
concerns a capability raises, which deployments use it, which pages cite a source.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models import (
    BY_NAME,
    REGISTRY,
    UNKNOWN_SYSTEM,
    Campaign,
    Capability,
    Concern,
    Deployment,
    Incident,
    Policy,
    Source,
    State,
    System,
)
from ..models.records import Record
from ..models.walk import cited_sources


@dataclass(frozen=True)
class Citation:
    """A record that cites a source: its collection and id."""

    collection: str
    id: str
    title: str


@dataclass
class Dataset:
    sources: dict[str, Source]
    systems: dict[str, System]
    capabilities: dict[str, Capability]
    concerns: dict[str, Concern]
    deployments: dict[str, Deployment]
    policies: dict[str, Policy]
    incidents: dict[str, Incident]
    states: dict[str, State]
    campaign: Campaign
    build_date: dt.date
    concerns_by_capability: dict[str, list[Concern]] = field(default_factory=dict)
    deployments_by_capability: dict[str, list[Deployment]] = field(default_factory=dict)
    deployments_by_concern: dict[str, list[Deployment]] = field(default_factory=dict)
    deployments_by_system: dict[str, list[Deployment]] = field(default_factory=dict)
    deployments_by_policy: dict[str, list[Deployment]] = field(default_factory=dict)
    deployments_by_region: dict[str, list[Deployment]] = field(default_factory=dict)
    """Deployments by their jurisdiction's region (a state's name), in id order."""
    incidents_by_deployment: dict[str, list[Incident]] = field(default_factory=dict)
    incidents_by_concern: dict[str, list[Incident]] = field(default_factory=dict)
    policies_by_concern: dict[str, list[Policy]] = field(default_factory=dict)
    searched_by: dict[str, list[Deployment]] = field(default_factory=dict)
    """Deployment id -> the deployments that run searches through it."""
    citations: dict[str, list[Citation]] = field(default_factory=dict)

    def system_of(self, deployment: Deployment) -> System | None:
        if deployment.system == UNKNOWN_SYSTEM:
            return None
        return self.systems[deployment.system]

    def collection(self, name: str) -> dict[str, Any]:
        records: dict[str, Any] = getattr(self, name)
        return records


def title_of(collection: str, record: object) -> str:
    """The human title of any record, as used in links and page titles (the registry's
    ``title_field``: a deployment's agency, a source's or an incident's title, else the name)."""
    return BY_NAME[collection].title_of(record)


def build_date(records: Iterable[object] = ()) -> dt.date:
    """The date the site speaks from: SOURCE_DATE_EPOCH if set, else the newest verification
    date in the data. Never the clock, so the same data always renders the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    dates = [
        getattr(record, name).earliest
        for record in records
        for name in ("last_verified", "accessed", "as_of")
        if getattr(record, name, None) is not None
    ]
    return max(dates, default=dt.date(2018, 5, 22))


def assemble(records: Mapping[str, Mapping[str, Record]], campaign: Campaign) -> Dataset:
    """The Dataset of validated records ({collection: {id: record}}) and the campaign."""

    def sorted_models(collection: str) -> dict[str, Any]:
        bucket = records.get(collection, {})
        return {key: bucket[key] for key in sorted(bucket)}

    everything: list[object] = [r for bucket in records.values() for r in bucket.values()]
    data = Dataset(
        **{collection.name: sorted_models(collection.name) for collection in REGISTRY},
        campaign=campaign,
        build_date=build_date([*everything, campaign]),
    )
    by_capability: dict[str, list[Concern]] = defaultdict(list)
    for concern in data.concerns.values():
        for capability_id in concern.capabilities:
            by_capability[capability_id].append(concern)
    data.concerns_by_capability = dict(by_capability)

    indexes: dict[str, dict[str, list[Deployment]]] = {
        name: defaultdict(list) for name in ("capability", "concern", "system", "policy")
    }
    for deployment in data.deployments.values():
        indexes["system"][deployment.system].append(deployment)
        for capability_id in deployment.capabilities:
            indexes["capability"][capability_id].append(deployment)
        for concern_id in deployment.concerns:
            indexes["concern"][concern_id].append(deployment)
        for policy_id in deployment.policies:
            indexes["policy"][policy_id].append(deployment)
    data.deployments_by_capability = dict(indexes["capability"])
    data.deployments_by_concern = dict(indexes["concern"])
    data.deployments_by_system = dict(indexes["system"])
    data.deployments_by_policy = dict(indexes["policy"])
    by_region: dict[str, list[Deployment]] = defaultdict(list)
    for deployment in data.deployments.values():
        if deployment.jurisdiction.region:
            by_region[deployment.jurisdiction.region].append(deployment)
    data.deployments_by_region = dict(by_region)

    searched_by: dict[str, list[Deployment]] = defaultdict(list)
    for deployment in data.deployments.values():
        for relation in deployment.searches_through:
            searched_by[relation.deployment].append(deployment)
    data.searched_by = dict(searched_by)
    incidents_by_deployment: dict[str, list[Incident]] = defaultdict(list)
    incidents_by_concern: dict[str, list[Incident]] = defaultdict(list)
    for incident in sorted(data.incidents.values(), key=lambda i: (i.date.earliest, i.id)):
        incidents_by_deployment[incident.deployment].append(incident)
        for concern_id in incident.concerns:
            incidents_by_concern[concern_id].append(incident)
    data.incidents_by_deployment = dict(incidents_by_deployment)
    data.incidents_by_concern = dict(incidents_by_concern)
    policies_by_concern: dict[str, list[Policy]] = defaultdict(list)
    for policy in data.policies.values():
        for concern_id in policy.concerns:
            policies_by_concern[concern_id].append(policy)
    data.policies_by_concern = dict(policies_by_concern)

    citations: dict[str, list[Citation]] = defaultdict(list)
    for collection in (c.name for c in REGISTRY if c.name != "sources"):
        bucket = records.get(collection, {})
        for record_id in sorted(bucket):
            record = bucket[record_id]
            cited = sorted({source_id for _, source_id in cited_sources(record)})
            for source_id in cited:
                citations[source_id].append(
                    Citation(collection, record_id, title_of(collection, record))
                )
    for _, source_id in cited_sources(campaign):
        if not any(c.collection == "campaign" for c in citations[source_id]):
            citations[source_id].append(Citation("campaign", "take-action", "Take action"))
    data.citations = dict(citations)
    return data
