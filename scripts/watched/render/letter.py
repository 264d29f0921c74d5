"""Render step, call to action: the pre-filled letter behind a deployment's ``mailto:`` link.

The letter is built from the record's own facts and ``data.campaign.letter``; the link is
encoded per RFC 6068 (every reserved character percent-encoded, line breaks as CRLF), so no
text in the data can add a recipient, a header or break out of the attribute.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from ..dataset import Dataset
from ..models import Deployment

MAX_SOURCES_IN_LETTER = 3


def mailto(recipients: Iterable[str], subject: str, body: str) -> str:
    """A ``mailto:`` URL; recipients are bare addresses (already validated by the models)."""
    to = ",".join(quote(address, safe="@") for address in recipients)
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{to}?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"


def letter_recipients(deployment: Deployment) -> list[str]:
    return [
        body.contact.removeprefix("mailto:")
        for body in deployment.oversight
        if body.contact.startswith("mailto:")
    ]


def letter_text(deployment: Deployment, data: Dataset) -> tuple[str, str]:
    """(subject, body) of the letter about one deployment."""
    campaign = data.campaign.letter
    system = data.system_of(deployment)
    place = deployment.jurisdiction.place
    if deployment.jurisdiction.region:
        place = f"{place}, {deployment.jurisdiction.region}"
    what = f"face recognition ({system.name}, {system.vendor})" if system else "face recognition"
    facts = (
        f"Public sources listed below report on {what} at {deployment.agency} in {place}. "
        f"The status they record: {deployment.status.value}, as of {deployment.status.as_of.human()}."
    )
    cited = [data.sources[source_id] for source_id in deployment.sources[:MAX_SOURCES_IN_LETTER]]
    sources = "\n".join(f"- {source.title} ({source.publisher}): {source.url}" for source in cited)
    body = "\n\n".join(
        part for part in (campaign.opening, facts, f"Sources:\n{sources}", campaign.closing) if part
    )
    subject = f"{campaign.subject}: {deployment.agency}"
    return subject, body + "\n\n"


def letter_link(deployment: Deployment, data: Dataset) -> str:
    subject, body = letter_text(deployment, data)
    return mailto(letter_recipients(deployment), subject, body)
