"""Render step, call to action: the letters behind the ``mailto:`` links, and the facts a
council handout prints.

Four texts, each built from the records at build time and readable on the page before
sending: one letter per deployment (to its oversight bodies; the ask fits its status and who
decides: a council or board, the state legislature, or Congress and the agency's inspector
general), one per state (to the reader's state legislators), one on Take action (to the
reader's own council or county board) and a public-records request per deployment (FOIA for
a federal agency, else the state's law, named and cited from the state's record). Each has
marked places for the writer's name and address; a letter's facts are the record's own, each
numbered to its source address in a short "Sources" block at the end.

Links are encoded per RFC 6068 (every reserved character percent-encoded, line breaks as
CRLF), so no text in the data can add a recipient, a header or break out of the attribute.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from ...models import Deployment, State
from ...models.labels import label, place
from ...models.records import Status
from ...models.registry import MAY_BE_IN_USE
from ..dataset import Dataset

NAME = "[YOUR NAME]"
ADDRESS = "[YOUR STREET ADDRESS, CITY AND ZIP CODE]"
REASON = "[OPTIONAL: ONE OR TWO SENTENCES ON WHY THIS MATTERS TO YOU]"
PLACEHOLDERS = (NAME, ADDRESS, REASON)
"""Marked in capitals and brackets so no one sends them by mistake; pages highlight them."""
_PLACEHOLDER = re.compile("(" + "|".join(re.escape(p) for p in PLACEHOLDERS) + ")")

HOUSE_FINDER = "https://www.house.gov/representatives/find-your-representative"
SENATE_CONTACTS = "https://www.senate.gov/senators/senators-contact.htm"
"""The official pages where anyone finds their own members of Congress."""

STALE_AFTER_YEARS = 2
"""A status known only from a report older than this is said to be the latest we found."""
LETTER_FIGURES = 1
LETTER_INCIDENTS = 1
"""Few facts in a letter: the mailto: link must stay short enough for every mail program."""

LOCAL_BODIES = ("city-council", "county-board", "police-commission", "other")


@dataclass(frozen=True)
class Fact:
    """One statement from a record, with the ids of the sources the record gives for it."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Letter:
    """A letter ready to send: recipients (bare e-mail addresses, may be empty), official pages
    to send it through when no address is known ((link text, address) pairs), what to do when
    there is neither, subject and body."""

    to: tuple[str, ...]
    contact_pages: tuple[tuple[str, str], ...]
    subject: str
    body: str
    where_to_send: str = ""

    @property
    def href(self) -> str:
        return mailto(self.to, self.subject, self.body)

    @property
    def paragraphs(self) -> list[list[str]]:
        """The body as paragraphs of lines, for showing it on the page."""
        return [paragraph.split("\n") for paragraph in self.body.strip().split("\n\n")]

    @property
    def shown(self) -> list[list[Markup]]:
        """The paragraphs as HTML lines, with the writer's placeholders in ``<mark>``."""
        return [[mark_placeholders(line) for line in paragraph] for paragraph in self.paragraphs]


def mark_placeholders(text: str) -> Markup:
    """HTML-escaped text with every placeholder wrapped in ``<mark>`` (the placeholders are
    in brackets and escape to themselves, so they are found in the escaped text)."""
    return Markup(_PLACEHOLDER.sub(r"<mark>\g<0></mark>", html.escape(text, quote=True)))


_UNRESERVED = string.ascii_letters + string.digits + "_.-~"
_RESERVED_ASCII = "%" + "".join(
    chr(code) for code in range(128) if chr(code) not in _UNRESERVED + "%"
)
"""Every ASCII character quote() escapes, '%' first: each escape adds a '%'."""


def _quote_all(text: str) -> str:
    """``quote(text, safe="")``, faster for ASCII text: a letter's few reserved characters
    are each replaced in one pass (quote maps every byte through a Python call)."""
    if not text.isascii():
        return quote(text, safe="")
    for character in _RESERVED_ASCII:
        if character in text:
            text = text.replace(character, f"%{ord(character):02X}")
    return text


def mailto(recipients: Iterable[str], subject: str, body: str) -> str:
    """A ``mailto:`` URL; recipients are bare addresses (already validated by the models)."""
    to = ",".join(quote(address, safe="@") for address in recipients)
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{to}?subject={_quote_all(subject)}&body={_quote_all(crlf)}"


def letter_recipients(deployment: Deployment) -> list[str]:
    return [
        body.contact.removeprefix("mailto:")
        for body in deployment.oversight
        if body.contact.startswith("mailto:")
    ]


# ---------------------------------------------------------------- facts


def is_stale(status: Status, build_date: dt.date) -> bool:
    """True when every day the status date may mean is more than two years before the build."""
    try:
        limit = build_date.replace(year=build_date.year - STALE_AFTER_YEARS)
    except ValueError:  # 29 February
        limit = build_date.replace(year=build_date.year - STALE_AFTER_YEARS, day=28)
    return status.as_of.latest < limit


def status_as_of(status: Status, build_date: dt.date) -> str:
    """'17 November 2017, the latest report we found' when that is old, else the date."""
    when = status.as_of.human()
    return f"{when}, the latest report we found" if is_stale(status, build_date) else when


def _amount(value: float) -> str:
    return (
        f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    )


def _system_words(deployment: Deployment, data: Dataset) -> str:
    system = data.system_of(deployment)
    if system is None:
        return "face recognition"
    named = system.name if system.vendor in system.name else f"{system.name}, {system.vendor}"
    return f"face recognition ({named})"


def deployment_facts(
    deployment: Deployment,
    data: Dataset,
    figures: int = LETTER_FIGURES,
    incidents: int = LETTER_INCIDENTS,
    events: int = 0,
) -> list[Fact]:
    """What the record states, each with its sources: the status first, then figures, the
    documented harms and the latest timeline events, as many of each as asked."""
    status = deployment.status
    note = f" ({status.note})" if status.note else ""
    facts = [
        Fact(
            f"Public sources report on {_system_words(deployment, data)} at {deployment.agency} "
            f"in {place(deployment.jurisdiction)}. The latest status they record: "
            f"{label(status.value)}, as of {status_as_of(status, data.build_date)}{note}.",
            status.sources,
        )
    ]
    for figure in deployment.figures[:figures]:
        value = _amount(figure.value)
        if figure.value_max is not None:
            value += f" to {_amount(figure.value_max)}"
        if figure.approximate:
            value = "about " + value
        unit = f" {figure.unit}" if figure.unit else ""
        qualifier = f" ({figure.note})" if figure.note else ""
        facts.append(
            Fact(
                f"{figure.label}: {value}{unit}{qualifier}, as of {figure.as_of.human()}.",
                figure.sources,
            )
        )
    for incident in data.incidents_by_deployment.get(deployment.id, [])[:incidents]:
        facts.append(
            Fact(
                f"{incident.title} ({incident.date.human()}); outcome: {label(incident.outcome.value)}, "
                f"as of {incident.outcome.as_of.human()}.",
                incident.outcome.sources or incident.sources,
            )
        )
    if events:
        for event in sorted(deployment.timeline, key=lambda e: e.date)[-events:]:
            facts.append(
                Fact(f"{event.date.human()}: {' '.join(event.text.split())}", event.sources)
            )
    return facts


def numbered(facts: Sequence[Fact]) -> tuple[list[tuple[str, int]], list[str]]:
    """Each fact with the number of its source (the first the record gives), and the source
    ids in numbered order (each once)."""
    order: list[str] = []
    lines = []
    for fact in facts:
        source = fact.sources[0]
        if source not in order:
            order.append(source)
        lines.append((fact.text, order.index(source) + 1))
    return lines, order


def _facts_and_sources(facts: Sequence[Fact], data: Dataset) -> tuple[str, str]:
    lines, order = numbered(facts)
    text = " ".join(f"{fact} [{number}]" for fact, number in lines)
    sources = "\n".join(
        f"[{n}] {data.sources[s].title} ({data.sources[s].publisher}): {data.sources[s].url}"
        for n, s in enumerate(order, 1)
    )
    return text, "Sources:\n" + sources


def _signature() -> str:
    return f"Sincerely,\n{NAME}\n{ADDRESS}"


def _intro(where: str = "") -> str:
    return f"My name is {NAME} and I live at {ADDRESS}{where}. {REASON}"


# ---------------------------------------------------------------- who decides, and the ask


def is_federal(deployment: Deployment) -> bool:
    return deployment.agency_kind == "federal" or deployment.jurisdiction.level == "national"


def is_state_system(deployment: Deployment) -> bool:
    return not is_federal(deployment) and (
        deployment.agency_kind == "state" or deployment.jurisdiction.level == "state"
    )


def decider(deployment: Deployment) -> str:
    """Who the letter is for: 'congress', 'state' (legislators) or 'local'."""
    return (
        "congress"
        if is_federal(deployment)
        else "state"
        if is_state_system(deployment)
        else "local"
    )


def ask(deployment: Deployment) -> str:
    """The one request of the letter (and of the handout): it fits the status and who decides."""
    status = deployment.status.value
    agency = deployment.agency
    who = decider(deployment)
    if who == "congress":
        if status in ("ended", "banned"):
            return (
                f"This use has ended. I ask you, my Representative and Senators, to pass a law so "
                f"that {agency} cannot start using face recognition again without a public debate "
                "in Congress and written limits, and I ask the agency's inspector general to "
                "audit how it was used and publish the findings."
            )
        if status == "proposed":
            return (
                f"I ask you, my Representative and Senators, to vote no on funding face "
                f"recognition for {agency} until Congress has debated it in public and set "
                "written limits, and I ask the agency's inspector general to review the plan."
            )
        if status == "unknown":
            return (
                f"I ask you, my Representative and Senators, to find out whether {agency} still "
                "uses face recognition and, if it does, to require it to stop until Congress has "
                "debated it in public and set written limits, and I ask the agency's inspector "
                "general to audit how it has been used and publish the findings."
            )
        return (
            f"I ask you, my Representative and Senators, to require {agency} to stop using face "
            "recognition until Congress has debated it in public and set written limits, and I "
            "ask the agency's inspector general to audit how it has been used and publish the "
            "findings."
        )
    body = "the legislature" if who == "state" else "this body"
    rules = (
        f"put it to a public vote in {body}, with written rules published beforehand"
        if who == "local"
        else "hold public hearings and vote on it, with written rules published beforehand"
    )
    if status == "proposed":
        return f"I ask you to vote no on face recognition for {agency}."
    if status in ("ended", "banned"):
        law = "a state law" if who == "state" else "a law"
        return (
            f"I understand that this use has ended. I ask you to pass {law} so that {agency} "
            "cannot start using face recognition again without a public debate and a vote."
        )
    if status == "paused":
        return f"I ask you to keep {agency}'s use of face recognition paused and, before any restart, to {rules}."
    if status == "unknown":
        return (
            f"I ask you to find out and tell the public whether {agency} still uses face "
            f"recognition and, if it does, to pause it and {rules}."
        )
    extra = (
        (
            ", and to support a community-control law so that the public decides on "
            "surveillance technology before it is acquired"
        )
        if who == "local"
        else ""
    )
    return f"I ask you to pause {agency}'s use of face recognition and {rules}{extra}."


def _greeting(deployment: Deployment) -> str:
    who = decider(deployment)
    if who == "congress":
        inspectors = [b.name for b in deployment.oversight if b.kind == "inspector-general"]
        return "Dear Members of Congress" + (
            f" and {' and '.join(inspectors)}," if inspectors else ","
        )
    if who == "state":
        return "Dear state legislators,"
    bodies = [body.name for body in deployment.oversight if body.kind in LOCAL_BODIES]
    return f"Dear members of {' and '.join(bodies)}," if bodies else "Dear representatives,"


def _contact_pages(deployment: Deployment, state: State | None) -> tuple[tuple[str, str], ...]:
    who = decider(deployment)
    pages: list[tuple[str, str]] = []
    if who == "congress":
        pages += [
            ("Find your Representative (house.gov)", HOUSE_FINDER),
            ("Contact your Senators (senate.gov)", SENATE_CONTACTS),
        ]
        pages += [
            (f"the official contact page of {b.name}", b.contact)
            for b in deployment.oversight
            if b.kind == "inspector-general" and not b.contact.startswith("mailto:")
        ]
        return tuple(pages)
    if who == "state" and state is not None and state.legislature is not None:
        pages.append(
            (
                f"Find your own legislators ({state.legislature.name})",
                state.legislature.find_legislator,
            )
        )
    pages += [
        (f"the official contact page of {b.name}", b.contact)
        for b in deployment.oversight
        if not b.contact.startswith("mailto:") and (b.kind != "state-legislature" or not pages)
    ]
    return tuple(dict.fromkeys(pages))


def letter_text(deployment: Deployment, data: Dataset) -> tuple[str, str]:
    """(subject, body) of the letter about one deployment."""
    facts, sources = _facts_and_sources(deployment_facts(deployment, data), data)
    body = "\n\n".join(
        (_greeting(deployment), _intro(), facts, ask(deployment), _signature(), sources)
    )
    subject = f"{data.campaign.letter.subject}: {deployment.agency}"
    return subject, body + "\n"


def deployment_letter(deployment: Deployment, data: Dataset, state: State | None = None) -> Letter:
    subject, body = letter_text(deployment, data)
    where = {
        "congress": "Your members of Congress take messages through their own official "
        "contact forms.",
        "state": "Your state legislature's official website lists your own legislators.",
        "local": "The official website of the city or county names its council or board and "
        "how to reach it.",
    }[decider(deployment)]
    return Letter(
        tuple(letter_recipients(deployment)),
        _contact_pages(deployment, state),
        subject,
        body,
        where,
    )


def letter_link(deployment: Deployment, data: Dataset) -> str:
    return deployment_letter(deployment, data).href


# ---------------------------------------------------------------- the state and local letters


def state_letter(state: State, deployments: Sequence[Deployment], data: Dataset) -> Letter:
    """To the reader's own state legislators: what the records show in the state, and a law."""
    in_use = [d for d in deployments if d.status.value in MAY_BE_IN_USE]
    shown = (in_use or list(deployments))[:3]
    if deployments:
        named = "; ".join(
            f"{d.agency} ({label(d.status.value)}, as of {d.status.as_of.human()}) [{n}]"
            for n, d in enumerate(shown, 1)
        )
        facts = (
            f"Public sources record {len(deployments)} use(s) of face recognition by government "
            f"agencies in {state.name}, {len(in_use)} of them in use, piloted, paused or of "
            f"unknown status at the last report, including: {named}."
        )
    else:
        facts = (
            f"I have found no public record of face recognition use by agencies in {state.name}; "
            "that may only mean that no one has asked."
        )
    law_ask = (
        "I ask you to support a state law that stops government agencies from using face "
        "surveillance, or at least requires a public debate, a vote by elected officials, "
        "written rules, a warrant and regular public reports before any use."
    )
    parts = ["Dear state legislators,", _intro(f", in {state.name}"), facts, law_ask, _signature()]
    if shown:
        parts.append(
            "Sources:\n"
            + "\n".join(
                f"[{n}] {data.sources[d.status.sources[0]].title} "
                f"({data.sources[d.status.sources[0]].publisher}): {data.sources[d.status.sources[0]].url}"
                for n, d in enumerate(shown, 1)
            )
        )
    pages = (
        (
            (
                f"Find your own legislators ({state.legislature.name})",
                state.legislature.find_legislator,
            ),
        )
        if state.legislature
        else ()
    )
    subject = f"Face recognition by government agencies in {state.name}"
    return Letter(
        (),
        pages,
        subject,
        "\n\n".join(parts) + "\n",
        "Your state legislature's official website lists your own legislators.",
    )


def local_letter(data: Dataset) -> Letter:
    """The Take action letter: to the reader's own council or county board."""
    campaign = data.campaign.letter
    local_ask = (
        "I ask you to publish an inventory of the surveillance technology our local agencies "
        "use or can reach through other agencies, face recognition included, and to adopt a "
        "community-control law (CCOPS) so that no agency acquires or uses such technology "
        "without a public hearing, written rules and a vote of this body."
    )
    body = "\n\n".join(
        (
            "Dear members of the council,",
            _intro(),
            campaign.opening.strip(),
            local_ask,
            campaign.closing.strip(),
            _signature(),
        )
    )
    return Letter(
        (),
        (),
        campaign.subject,
        body + "\n",
        "Your city's or county's official website gives the address of its council or board.",
    )


# ---------------------------------------------------------------- public records


def records_law(deployment: Deployment, state: State | None) -> str:
    """The law a request to this agency is made under, named and cited when we know it."""
    if is_federal(deployment):
        return "the Freedom of Information Act, 5 U.S.C. 552"
    if state is not None and state.records_law is not None:
        return f"the {state.records_law.name} ({state.records_law.citation})"
    return "your state's public records law"


def records_request(deployment: Deployment, state: State | None, data: Dataset) -> Letter:
    """A public-records request to the agency itself: under the federal Freedom of Information
    Act for a federal agency, else under its state's public-records law (named and cited from
    the state's record, when we have it)."""
    system = data.system_of(deployment)
    what = (
        f"face recognition, including {system.name} ({system.vendor})"
        if system
        else "face recognition"
    )
    items = "\n".join(
        (
            f"1. Contracts, purchase orders, invoices and agreements for {what}.",
            "2. Use policies, procedures, training materials and rules that govern its use.",
            "3. Audit logs of its use, and any audit or review of that use.",
            (
                "4. Search counts: records of how many face searches were run, by year, by whom and "
                "for what kind of case, including searches run for or through other agencies."
            ),
            "5. Records of any error, complaint or wrongful identification linked to its use.",
        )
    )
    office = "FOIA officer" if is_federal(deployment) else "public records officer"
    body = "\n\n".join(
        (
            f"To the {office} of {deployment.agency},",
            (
                f"Under {records_law(deployment, state)}, I request copies of the following records, "
                f"created or received since 1 January 2015, about the agency's use of {what}:"
            ),
            items,
            (
                "I ask that the records be provided in electronic form. If any part is withheld, "
                "please cite the exemption and release the rest. If fees will exceed $25, please tell "
                "me first; as the request is in the public interest, I ask that fees be waived."
            ),
            _signature(),
        )
    )
    subject = f"Public records request: face recognition at {deployment.agency}"
    where = (
        "Send it to the agency's FOIA office: its website names one and often has a request form."
        if is_federal(deployment)
        else "Send it to the agency's public-records office: its website names one and often "
        "has a request form."
    )
    return Letter((), (), subject, body + "\n", where)
