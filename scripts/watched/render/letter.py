"""Render step, call to action: the letters behind the ``mailto:`` links.

Three letters, each built from the records at build time and readable on the page before
sending: one per deployment (to its oversight bodies; the ask fits its status and who
decides), one per state (to the reader's state legislators) and one on Take action (to the
reader's own council or county board). Each has marked places for the writer's name and
address, and ends with the sources of the facts it states.

Links are encoded per RFC 6068 (every reserved character percent-encoded, line breaks as
CRLF), so no text in the data can add a recipient, a header or break out of the attribute.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from ..dataset import Dataset
from ..models import Deployment, Source, State
from .labels import label, place

MAX_SOURCES_IN_LETTER = 3
NAME = "[YOUR NAME]"
ADDRESS = "[YOUR STREET ADDRESS, CITY AND ZIP CODE]"
REASON = "[OPTIONAL: ONE OR TWO SENTENCES ON WHY THIS MATTERS TO YOU]"
PLACEHOLDERS = (NAME, ADDRESS, REASON)
"""Marked in capitals and brackets so no one sends them by mistake; pages highlight them."""

IN_USE = ("active", "pilot", "paused", "unknown")


@dataclass(frozen=True)
class Letter:
    """A letter ready to send: recipients (bare e-mail addresses, may be empty), where to send
    it when no address is known (official contact pages), subject and body."""

    to: tuple[str, ...]
    contact_pages: tuple[tuple[str, str], ...]
    subject: str
    body: str

    @property
    def href(self) -> str:
        return mailto(self.to, self.subject, self.body)

    @property
    def paragraphs(self) -> list[list[str]]:
        """The body as paragraphs of lines, for showing it on the page."""
        return [paragraph.split("\n") for paragraph in self.body.strip().split("\n\n")]


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


def _sources_block(sources: Sequence[Source]) -> str:
    lines = [f"- {source.title} ({source.publisher}): {source.url}" for source in sources]
    return "Sources:\n" + "\n".join(lines)


def _signature() -> str:
    return f"Sincerely,\n{NAME}\n{ADDRESS}"


def _is_federal(deployment: Deployment) -> bool:
    return deployment.agency_kind == "federal" or deployment.jurisdiction.level == "national"


def _ask(deployment: Deployment) -> str:
    status = deployment.status.value
    agency = deployment.agency
    if _is_federal(deployment):
        return (
            f"I ask you to use your oversight power: require {agency} to stop using face "
            "recognition until Congress has debated it in public and set written limits, "
            "and ask the agency's inspector general to audit how it has been used."
        )
    if status == "proposed":
        return f"I ask you to vote no on face recognition for {agency}."
    if status in ("ended", "banned"):
        return (
            f"I understand that this use has ended. I ask you to pass a law so that {agency} "
            "cannot start using face recognition again without a public debate and a vote."
        )
    return (
        f"I ask you to pause {agency}'s use of face recognition and put it to a public vote, "
        "with written rules published beforehand, and to support a community-control law so "
        "that the public decides on surveillance technology before it is acquired."
    )


def letter_text(deployment: Deployment, data: Dataset) -> tuple[str, str]:
    """(subject, body) of the letter about one deployment."""
    system = data.system_of(deployment)
    where = place(deployment.jurisdiction)
    what = f"face recognition ({system.name}, {system.vendor})" if system else "face recognition"
    bodies = [body.name for body in deployment.oversight]
    greeting = f"Dear members of {' and '.join(bodies)}," if bodies else "Dear representatives,"
    if _is_federal(deployment):
        greeting = "Dear Members of Congress" + (
            f" and {' and '.join(b.name for b in deployment.oversight if b.kind == 'inspector-general')},"
            if any(b.kind == "inspector-general" for b in deployment.oversight) else ","
        )
    intro = f"My name is {NAME} and I live at {ADDRESS}. {REASON}"
    facts = (
        f"Public sources listed below report on {what} at {deployment.agency} in {where}. "
        f"The latest status they record: {label(deployment.status.value)}, as of "
        f"{deployment.status.as_of.human()}."
    )
    cited = [data.sources[source_id] for source_id in
             dict.fromkeys((*deployment.status.sources, *deployment.sources))][:MAX_SOURCES_IN_LETTER]
    body = "\n\n".join(
        (greeting, intro, facts, _ask(deployment), _sources_block(cited), _signature())
    )
    subject = f"{data.campaign.letter.subject}: {deployment.agency}"
    return subject, body + "\n"


def deployment_letter(deployment: Deployment, data: Dataset) -> Letter:
    subject, body = letter_text(deployment, data)
    pages = tuple(
        (b.name, b.contact) for b in deployment.oversight if not b.contact.startswith("mailto:")
    )
    return Letter(tuple(letter_recipients(deployment)), pages, subject, body)


def letter_link(deployment: Deployment, data: Dataset) -> str:
    return deployment_letter(deployment, data).href


def state_letter(state: State, deployments: Sequence[Deployment], data: Dataset) -> Letter:
    """To the reader's own state legislators: what the records show in the state, and a law."""
    intro = f"My name is {NAME} and I live at {ADDRESS}, in {state.name}. {REASON}"
    in_use = [d for d in deployments if d.status.value in IN_USE]
    if deployments:
        named = ", ".join(d.agency for d in in_use[:5]) or ", ".join(d.agency for d in deployments[:5])
        facts = (
            f"Public sources record {len(deployments)} use(s) of face recognition by government "
            f"agencies in {state.name}, {len(in_use)} of them in use, paused or of unknown status "
            f"at the last report, including: {named}. The record of each, with its sources, "
            "is published by the Watched project."
        )
    else:
        facts = (
            f"I have found no public record of face recognition use by agencies in {state.name}; "
            "that may only mean that no one has asked."
        )
    ask = (
        "I ask you to support a state law that stops government agencies from using face "
        "surveillance, or at least requires a public debate, a vote by elected officials, "
        "written rules, a warrant and regular public reports before any use."
    )
    cited = [
        data.sources[source_id]
        for d in in_use[:MAX_SOURCES_IN_LETTER]
        for source_id in d.status.sources[:1]
    ]
    parts = ["Dear Senator and Representative,", intro, facts, ask]
    if cited:
        parts.append(_sources_block(list(dict.fromkeys(cited))))
    parts.append(_signature())
    pages = ((state.legislature.name, state.legislature.find_legislator),) if state.legislature else ()
    subject = f"Face recognition by government agencies in {state.name}"
    return Letter((), pages, subject, "\n\n".join(parts) + "\n")


def local_letter(data: Dataset) -> Letter:
    """The Take action letter: to the reader's own council or county board."""
    campaign = data.campaign.letter
    intro = f"My name is {NAME} and I live at {ADDRESS}. {REASON}"
    ask = (
        "I ask you to publish an inventory of the surveillance technology our local agencies "
        "use or can reach through other agencies, face recognition included, and to adopt a "
        "community-control law (CCOPS) so that no agency acquires or uses such technology "
        "without a public hearing, written rules and a vote of this body."
    )
    body = "\n\n".join(("Dear members of the council,", intro, campaign.opening.strip(), ask,
                        campaign.closing.strip(), _signature()))
    return Letter((), (), campaign.subject, body + "\n")


def records_request(deployment: Deployment, state: State | None, data: Dataset) -> Letter:
    """A public-records request to the agency itself: under the federal Freedom of Information
    Act for a federal agency, else under its state's public-records law (named and cited from
    the state's record, when we have it)."""
    if _is_federal(deployment):
        law = "the Freedom of Information Act, 5 U.S.C. 552"
    elif state is not None and state.records_law is not None:
        law = f"the {state.records_law.name} ({state.records_law.citation})"
    else:
        law = "the state's public-records law"
    system = data.system_of(deployment)
    what = f"face recognition, including {system.name} ({system.vendor})" if system else "face recognition"
    items = "\n".join((
        f"1. Contracts, purchase orders, invoices and agreements for {what}.",
        "2. Policies, procedures, training materials and rules that govern its use.",
        "3. Records of how often it has been used, by whom and for what kind of case, and any "
        "audits of that use.",
        "4. Records of searches run for or through other agencies, and of any agency given "
        "access to it.",
        "5. Records of any error, complaint or wrongful identification linked to its use.",
    ))
    body = "\n\n".join((
        f"To the public records officer of {deployment.agency},",
        f"Under {law}, I request copies of the following records, created or received since "
        f"1 January 2015, about the agency's use of {what}:",
        items,
        "I ask that the records be provided in electronic form. If any part is withheld, "
        "please cite the exemption and release the rest. If fees will exceed $25, please tell "
        "me first; as the request is in the public interest, I ask that fees be waived.",
        _signature(),
    ))
    subject = f"Public records request: face recognition at {deployment.agency}"
    return Letter((), (), subject, body + "\n")
