"""Render step, open data: ``data/deployments.geojson``, one point per deployment (RFC 7946).

Coordinates are [longitude, latitude] in WGS 84, as RFC 7946 requires; the point is the map
marker of the deployment's jurisdiction, not the address of a camera. Properties are the flat
columns a map layer needs; everything else is in ``deployments.json``.
"""

from __future__ import annotations

from typing import Any

from ...models.schema import SCHEMA_DIALECT
from ..dataset import Dataset
from .json_api import to_json
from .published import DATA_FOLDER, LICENCE, citation, record_url, site_url

GEOJSON_FILE = f"{DATA_FOLDER}/deployments.geojson"
GEOJSON_SCHEMA_FILE = f"{DATA_FOLDER}/schemas/deployments.geojson.schema.json"

_TEXT = {"type": "string"}
_MAYBE_TEXT = {"type": ["string", "null"]}
_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
PROPERTIES: dict[str, dict[str, Any]] = {
    "id": {**_TEXT, "description": "The deployment's id, as in deployments.json."},
    "page": {**_TEXT, "description": "Its page on Watched."},
    "agency": {**_TEXT, "description": "The agency using the system."},
    "agency_kind": {
        **_TEXT,
        "description": "police, sheriff, city, county, state, federal, fusion-center or other.",
    },
    "place": {**_TEXT, "description": "City, county or agency seat the marker stands for."},
    "region": {**_MAYBE_TEXT, "description": "State or province, or null."},
    "level": {**_TEXT, "description": "city, county, state or national."},
    "system_id": {**_TEXT, "description": "The system's id; 'unknown' when no source names it."},
    "system_name": {**_MAYBE_TEXT, "description": "The system's name, or null when unknown."},
    "status": {
        **_TEXT,
        "description": "proposed, pilot, active, paused, ended, banned or unknown.",
    },
    "status_as_of": {**_DATE, "description": "The date the status was true."},
    "last_verified": {**_DATE, "description": "The date the record was last checked."},
    "citation": {**_TEXT, "description": "A suggested citation."},
}
"""The properties of every feature: documented on the data page, checked by the schema."""


def feature(data: Dataset, deployment: Any) -> dict[str, Any]:
    system = data.system_of(deployment)
    where = deployment.jurisdiction
    return {
        "type": "Feature",
        "id": deployment.id,
        "geometry": {
            "type": "Point",
            "coordinates": [where.coordinates.lon, where.coordinates.lat],
        },
        "properties": {
            "id": deployment.id,
            "page": record_url("deployments", deployment.id),
            "agency": deployment.agency,
            "agency_kind": deployment.agency_kind,
            "place": where.place,
            "region": where.region,
            "level": where.level,
            "system_id": deployment.system,
            "system_name": system.name if system else None,
            "status": deployment.status.value,
            "status_as_of": deployment.status.as_of.iso(),
            "last_verified": deployment.last_verified.iso(),
            "citation": citation("deployments", deployment),
        },
    }


def geojson_schema() -> dict[str, Any]:
    """A JSON Schema of this file: RFC 7946 points with exactly ``PROPERTIES``."""
    point = {
        "type": "object",
        "required": ["type", "coordinates"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": "Point"},
            "coordinates": {
                "type": "array",
                "description": "[longitude, latitude] in WGS 84 (RFC 7946).",
                "prefixItems": [
                    {"type": "number", "minimum": -180, "maximum": 180},
                    {"type": "number", "minimum": -90, "maximum": 90},
                ],
                "minItems": 2,
                "maxItems": 2,
            },
        },
    }
    properties = {
        "type": "object",
        "additionalProperties": False,
        "required": list(PROPERTIES),
        "properties": PROPERTIES,
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": site_url(GEOJSON_SCHEMA_FILE),
        "title": "Watched open data: deployments as GeoJSON",
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "id", "geometry", "properties"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"const": "Feature"},
                        "id": {"type": "string"},
                        "geometry": point,
                        "properties": properties,
                    },
                },
            },
        },
    }


def render_geojson(data: Dataset) -> dict[str, str]:
    collection = {
        "type": "FeatureCollection",
        # Foreign members (RFC 7946 section 6.1): GeoJSON readers ignore them.
        "licence": LICENCE,
        "generated_from": data.build_date.isoformat(),
        "features": [feature(data, deployment) for deployment in data.deployments.values()],
    }
    return {
        GEOJSON_FILE: to_json(collection, compact=True),
        GEOJSON_SCHEMA_FILE: to_json(geojson_schema()),
    }
