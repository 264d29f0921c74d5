"""Load step, published contract: JSON Schemas generated from the typed models.

The models are the only definition of a record; these schemas are derived from them for
editors (``# yaml-language-server: $schema=...`` on each data file's first line) and for
people who reuse the data. They are never written by hand.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from pydantic import BaseModel

from . import COLLECTIONS, Campaign

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_file(collection: str) -> str:
    """The file name of a collection's schema, e.g. 'deployments.schema.json'."""
    return f"{collection}.schema.json"


def header_line(collection: str) -> str:
    """The first line every data file must carry, pointing editors to its schema."""
    prefix = "../" if collection == "campaign" else "../../"
    return f"# yaml-language-server: $schema={prefix}schemas/{schema_file(collection)}"


def json_schemas() -> dict[str, dict[str, Any]]:
    """Collection name (and 'campaign') -> its JSON Schema, generated from the model (once
    per process: pydantic takes about 50 ms, and every export asks ten times; each caller gets
    its own copy)."""
    return copy.deepcopy(_json_schemas())


@cache
def _json_schemas() -> dict[str, dict[str, Any]]:
    models: dict[str, type[BaseModel]] = {**COLLECTIONS, "campaign": Campaign}
    schemas: dict[str, dict[str, Any]] = {}
    for name, model in models.items():
        schema = model.model_json_schema()
        # The model's own title ("Deployment") would otherwise replace ours.
        schema.pop("title", None)
        schemas[name] = {
            "$schema": SCHEMA_DIALECT,
            "$comment": "Generated from scripts/watched/models by `make schemas`; do not edit.",
            "title": f"Watched {name} record",
            **schema,
        }
    return schemas


def schema_files() -> dict[str, str]:
    """Path under the project root ('schemas/deployments.schema.json') -> its exact text."""
    return {
        f"schemas/{schema_file(name)}": json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        for name, schema in json_schemas().items()
    }
