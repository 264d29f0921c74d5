"""Contributor step, before load: a new record file from its annotated template.

``make new KIND=deployment ID=some-agency-system`` writes ``data/deployments/<id>.yaml``:
the schema header line, then the template in ``scaffold_templates/<kind>.yaml``, a comment
above every field. Required fields are left empty on purpose, so an unfilled file fails
``make validate`` with one message per field still to fill in. It never overwrites a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic_core import PydanticCustomError

from ..models import BY_NAME, REGISTRY
from ..models.fields import check_slug
from ..models.schema import header_line

TEMPLATES = Path(__file__).resolve().parent / "scaffold_templates"
ID_PLACEHOLDER = "__ID__"
KINDS = {collection.singular: collection.name for collection in REGISTRY}
"""Kind as typed on the command line ('deployment') -> its folder under data/."""

USAGE = f"usage: make new KIND=deployment ID=some-agency-system  (KIND: {', '.join(sorted(KINDS))})"


class ScaffoldRefused(Exception):
    """The file was not written; the message says why and what to do instead."""


@dataclass(frozen=True)
class Scaffolded:
    path: Path
    collection: str


def collection_of(kind: str) -> str:
    """'deployment' or 'deployments' -> 'deployments'."""
    if kind in KINDS:
        return KINDS[kind]
    if kind in BY_NAME:
        return kind
    raise ScaffoldRefused(f"KIND must be one of {', '.join(sorted(KINDS))}; got {kind!r}")


def template_text(collection: str, record_id: str) -> str:
    """The text of a new record: header line, annotated fields, the id filled in."""
    body = (TEMPLATES / f"{BY_NAME[collection].singular}.yaml").read_text("utf-8")
    return header_line(collection) + "\n" + body.replace(ID_PLACEHOLDER, record_id)


def scaffold(data_dir: Path, kind: str, record_id: str) -> Scaffolded:
    collection = collection_of(kind)
    try:
        check_slug(record_id)
    except PydanticCustomError as error:
        raise ScaffoldRefused(
            f"ID {error.message()}; it becomes the file name and the page address"
        ) from None
    folder = data_dir / collection
    path = folder / f"{record_id}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        # Exclusive creation: a record someone is editing is never replaced, even in a race.
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(template_text(collection, record_id))
    except FileExistsError:
        raise ScaffoldRefused(
            f"{collection}/{record_id}.yaml already exists; edit it, or choose another ID"
        ) from None
    return Scaffolded(path, collection)
