"""Render step, open data: one JSON file per collection, with references resolved.

``data/<collection>.json`` holds every record exactly as its published record schema
describes it, plus four derived keys (``DERIVED``): the record's page, its suggested citation,
the records it links to (id, name, page) and every source it cites (title, publisher, address).
The shape of each file is itself published as a JSON Schema built from the record schema, so
the two cannot drift apart.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ...models import BY_NAME
from ...models.schema import SCHEMA_DIALECT, json_schemas, schema_file
from ...models.walk import citation_numbers
from ..dataset import Dataset, title_of
from .published import (
    COLLECTIONS,
    DATA_FOLDER,
    EXPORT_VERSION,
    LICENCE,
    campaign_citation,
    citation,
    record_url,
    site_url,
)

_PAGE = {
    "type": "string",
    "format": "uri",
    "pattern": "^https?://",
}  # http: a local build's own address
_NULLABLE_TEXT = {"type": ["string", "null"]}
REFERENCE = {
    "type": "object",
    "description": "Another Watched record this one links to.",
    "additionalProperties": False,
    "required": ["id", "name", "page"],
    "properties": {
        "id": {"type": "string", "description": "The linked record's id."},
        "name": {"type": "string", "description": "Its name (an agency, for a deployment)."},
        "vendor": {"type": "string", "description": "For a system: who sells it."},
        "page": {**_PAGE, "description": "Its page on Watched."},
    },
}
SOURCE_REFERENCE = {
    "type": "object",
    "description": "A source the record cites, anywhere in it, in the order a reader meets it.",
    "additionalProperties": False,
    "required": ["id", "title", "publisher", "author", "published", "url", "archive_url", "page"],
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "publisher": {"type": "string"},
        "author": _NULLABLE_TEXT,
        "published": {**_NULLABLE_TEXT, "description": "2017, 2017-12 or 2017-12-01, or null."},
        "url": {"type": "string", "format": "uri", "description": "The document itself."},
        "archive_url": {**_NULLABLE_TEXT, "description": "An archived copy, if any."},
        "page": {**_PAGE, "description": "The source's page on Watched."},
    },
}
DERIVED: dict[str, dict[str, Any]] = {
    "page": {**_PAGE, "description": "The record's page on Watched."},
    "citation": {
        "type": "string",
        "description": "A suggested citation: a source is cited as its document, any other "
        "record as its page on Watched (see the data page).",
    },
    "linked_records": {
        "type": "object",
        "description": "The records this one names by id, resolved to their id, name and page, "
        "under the name of the field that names them (for a deployment: system, capabilities, "
        "concerns, policies, searches_through, incidents; system is null when no source names one; "
        "an incident: deployment, concerns; a policy: concerns). A capability also lists "
        "the concerns that name it.",
        "additionalProperties": {
            "anyOf": [
                {"$ref": "#/$defs/WatchedReference"},
                {"type": "null"},
                {"type": "array", "items": {"$ref": "#/$defs/WatchedReference"}},
            ]
        },
    },
    "cited_sources": {
        "type": "array",
        "description": "Every source the record cites, anywhere in it, with its title, "
        "publisher and address.",
        "items": {"$ref": "#/$defs/WatchedSourceReference"},
    },
}
"""Keys added to every exported record, beside the fields of its record schema."""


def data_file(collection: str) -> str:
    return f"{DATA_FOLDER}/{collection}.json"


def export_schema_file(collection: str) -> str:
    return f"{DATA_FOLDER}/schemas/{collection}.export.schema.json"


def record_schema_file(collection: str) -> str:
    return f"{DATA_FOLDER}/schemas/{schema_file(collection)}"


def _reference(collection: str, record_id: str, record: object) -> dict[str, Any]:
    reference = {
        "id": record_id,
        "name": title_of(collection, record),
        "page": record_url(collection, record_id),
    }
    for name in BY_NAME[collection].reference_fields:
        reference[name] = getattr(record, name)
    return reference


def _references(
    data: Dataset, collection: str, ids: tuple[str, ...] | list[str]
) -> list[dict[str, Any]]:
    records = data.collection(collection)
    return [
        _reference(collection, record_id, records[record_id]) for record_id in dict.fromkeys(ids)
    ]


REVERSE_LINKS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "deployments": (("incidents", "incidents", "incidents_by_deployment"),),
    "capabilities": (("concerns", "concerns", "concerns_by_capability"),),
}
"""Links a record does not hold but readers follow back: collection -> (key, the linking
collection, the ``Dataset`` index that lists its records by the linked id)."""


def linked_records(data: Dataset, collection: str, record: Any) -> dict[str, Any]:
    """The records ``record`` names, resolved; keyed by the naming field (the registry's
    ``references``; the unknown system is null)."""
    linked: dict[str, Any] = {}
    for reference in BY_NAME[collection].references:
        ids = reference.ids(record)
        if reference.single(record):
            linked[reference.field] = (
                None
                if ids[0] == reference.unknown
                else _reference(reference.target, ids[0], data.collection(reference.target)[ids[0]])
            )
        else:
            linked[reference.field] = _references(data, reference.target, ids)
    for key, source, index in REVERSE_LINKS.get(collection, ()):
        linking = getattr(data, index).get(record.id, [])
        linked[key] = _references(data, source, [other.id for other in linking])
    return linked


def cited_sources(data: Dataset, record: Any) -> list[dict[str, Any]]:
    listed = []
    for source_id in citation_numbers(record):
        source = data.sources[source_id]
        listed.append(
            {
                "id": source_id,
                "title": source.title,
                "publisher": source.publisher,
                "author": source.author,
                "published": source.published.iso() if source.published else None,
                "url": source.url,
                "archive_url": source.archive_url,
                "page": record_url("sources", source_id),
            }
        )
    return listed


def export_record(data: Dataset, collection: str, record: Any) -> dict[str, Any]:
    return {
        **record.model_dump(mode="json"),
        "page": record_url(collection, record.id),
        "citation": citation(collection, record),
        "linked_records": linked_records(data, collection, record),
        "cited_sources": cited_sources(data, record),
    }


def _meta(data: Dataset, collection: str, count: int) -> dict[str, Any]:
    return {
        "collection": collection,
        "export_version": EXPORT_VERSION,
        "generated_from": data.build_date.isoformat(),
        "record_count": count,
        "licence": LICENCE,
        "documentation": site_url(f"{DATA_FOLDER}/"),
        "schema": site_url(export_schema_file(collection)),
        "record_schema": site_url(record_schema_file(collection)),
    }


def collection_document(data: Dataset, collection: str) -> dict[str, Any]:
    if collection == "campaign":
        record = {
            **data.campaign.model_dump(mode="json"),
            "page": site_url("take-action/"),
            "citation": campaign_citation(data),
            "cited_sources": cited_sources(data, data.campaign),
        }
        return {"meta": _meta(data, collection, 1), "record": record}
    records = [
        export_record(data, collection, record) for record in data.collection(collection).values()
    ]
    return {"meta": _meta(data, collection, len(records)), "records": records}


META_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "collection",
        "export_version",
        "generated_from",
        "record_count",
        "licence",
        "documentation",
        "schema",
        "record_schema",
    ],
    "properties": {
        "collection": {"type": "string"},
        "export_version": {"type": "string", "pattern": r"^\d+\.\d+$"},
        "generated_from": {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "description": "The date the data speaks from (never the clock).",
        },
        "record_count": {"type": "integer", "minimum": 0},
        "licence": {"type": "object", "required": ["name", "url"]},
        "documentation": _PAGE,
        "schema": _PAGE,
        "record_schema": _PAGE,
    },
}


def export_schema(collection: str) -> dict[str, Any]:
    """The JSON Schema of ``data/<collection>.json``, derived from the record schema."""
    record_schema = copy.deepcopy(json_schemas()[collection])
    defs = record_schema.pop("$defs", {})
    for name in ("WatchedReference", "WatchedSourceReference", "WatchedRecord"):
        assert name not in defs, f"a model is called {name}; rename the export definition"
    record_schema.pop("$schema")
    derived = (
        DERIVED
        if collection != "campaign"
        else {key: value for key, value in DERIVED.items() if key != "linked_records"}
    )
    record_schema["properties"].update(copy.deepcopy(derived))
    record_schema["required"] = [*record_schema.get("required", []), *derived]
    defs.update(
        WatchedRecord=record_schema,
        WatchedReference=REFERENCE,
        WatchedSourceReference=SOURCE_REFERENCE,
    )
    body_key = "record" if collection == "campaign" else "records"
    body = (
        {"$ref": "#/$defs/WatchedRecord"}
        if collection == "campaign"
        else {"type": "array", "items": {"$ref": "#/$defs/WatchedRecord"}}
    )
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": site_url(export_schema_file(collection)),
        "title": f"Watched open data: {collection}",
        "type": "object",
        "additionalProperties": False,
        "required": ["meta", body_key],
        "properties": {"meta": META_SCHEMA, body_key: body},
        "$defs": defs,
    }


def to_json(value: Any, compact: bool = False) -> str:
    """Sorted keys, UTF-8 text, final newline: byte-stable output. Data files are compact:
    at 15,000 deployments indenting would double their size, and Python's JSON encoder only
    runs at C speed without it."""
    if compact:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_json(data: Dataset) -> dict[str, str]:
    files: dict[str, str] = {}
    schemas = json_schemas()
    for collection in (*COLLECTIONS, "campaign"):
        files[data_file(collection)] = to_json(collection_document(data, collection), compact=True)
        files[export_schema_file(collection)] = to_json(export_schema(collection))
        files[record_schema_file(collection)] = to_json(schemas[collection])
    return files
