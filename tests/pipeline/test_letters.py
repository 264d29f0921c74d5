"""The call to action: every letter's mailto: link read back (RFC 6068), its recipients, the
ask that fits the status and who decides, the record's own facts with their sources, the
writer's marked details, the public-records request's law, the deployment status said to be
old when it is, and the council handouts (one per deployment, QR code to its page)."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
import segno

from support import FIXTURES, ROOT
from support import validated as load
from watched.models.dates import PartialDate
from watched.pipeline.export.handouts import qr_svg, render_handouts
from watched.pipeline.export.published import record_url
from watched.pipeline.render.letter import (
    ADDRESS,
    HOUSE_FINDER,
    NAME,
    REASON,
    SENATE_CONTACTS,
    decider,
    deployment_letter,
    is_stale,
    letter_link,
    letter_text,
    local_letter,
    mailto,
    mark_placeholders,
    records_request,
    state_letter,
    status_as_of,
)
from watched.pipeline.render.pages import render_pages


@pytest.fixture(scope="module")
def fixture_data():
    return load(FIXTURES / "valid")


@pytest.fixture(scope="module")
def real_data():
    return load(ROOT / "data")


def parse_mailto(url: str) -> tuple[list[str], dict[str, list[str]]]:
    """A mailto: URL read back per RFC 6068: recipients, and each header field's values."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    recipients = [unquote(r) for r in parts.path.split(",") if r]
    return recipients, parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)


def with_status(deployment, value, **update):
    return deployment.model_copy(
        update={
            "status": deployment.status.model_copy(update={"value": value}),
            **update,
        }
    )


# ---------------------------------------------------------------- RFC 6068


def test_mailto_round_trips_subject_and_body_with_crlf():
    url = mailto(
        ["clerk+fr@example.org", "b@example.org"], "A & B = C? 100%", "Line one\nLine two: é #3"
    )
    to, query = parse_mailto(url)
    assert to == ["clerk+fr@example.org", "b@example.org"]
    assert query == {"subject": ["A & B = C? 100%"], "body": ["Line one\r\nLine two: é #3"]}
    assert " " not in url and "\n" not in url and "+" not in url.split("?", 1)[1]


def test_mailto_text_cannot_add_headers_or_recipients():
    url = mailto([], "x&cc=spy@example.org", "y\r\nbcc: spy@example.org&to=spy@example.org")
    to, query = parse_mailto(url)
    assert to == []
    assert set(query) == {"subject", "body"}
    assert query["subject"] == ["x&cc=spy@example.org"]
    assert re.fullmatch(r"mailto:\?subject=[A-Za-z0-9%._~-]*&body=[A-Za-z0-9%._~-]*", url)


@pytest.mark.parametrize(
    "text", ["".join(map(chr, range(128))), "Line one\r\nLine two: \u00e9 #3 \u2014 100%", ""]
)
def test_mailto_quotes_ascii_text_exactly_as_urllib_does(text):
    """The ASCII shortcut (one str.translate) gives urllib's quote(text, safe="") exactly."""
    crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")
    expected = f"mailto:?subject={quote(text, safe='')}&body={quote(crlf, safe='')}"
    assert mailto([], text, text) == expected


# ---------------------------------------------------------------- the deployment letter


def test_letter_is_built_from_the_records_facts(fixture_data):
    deployment = fixture_data.deployments["example-county-sheriff-facefinder"]
    subject, body = letter_text(deployment, fixture_data)
    assert subject == "Fictional subject: Example County Sheriff (fictional)"
    assert body == (
        "Dear members of Example County Board of Commissioners (fictional) and Example County "
        "Clerk (fictional),\n\n"
        f"My name is {NAME} and I live at {ADDRESS}. {REASON}\n\n"
        "Public sources report on face recognition (FaceFinder (fictional), FakeCorp "
        "(fictional)) at Example County Sheriff (fictional) in Example County, Oregon. The "
        "latest status they record: ended, as of 10 June 2020, the latest report we found "
        "(fictional program ended). [1] Booking photos indexed: about 300,000 (fictional), as "
        "of June 2017. [1] A fictional person wrongfully arrested in Example County (3 February "
        "2019); outcome: settled, as of May 2021. [1]\n\n"
        "I understand that this use has ended. I ask you to pass a law so that Example County "
        "Sheriff (fictional) cannot start using face recognition again without a public debate "
        "and a vote.\n\n"
        f"Sincerely,\n{NAME}\n{ADDRESS}\n\n"
        "Sources:\n[1] Fictional report on face recognition in Example County (Example Gazette "
        "(fictional)): https://example.org/fake-report-one\n"
    )
    to, query = parse_mailto(letter_link(deployment, fixture_data))
    assert to == ["clerk@example.org"]  # only the mailto: contact; a web page is not an address
    assert query["body"] == [body.replace("\n", "\r\n")]
    letter = deployment_letter(deployment, fixture_data)
    assert letter.contact_pages == (
        (
            "the official contact page of Example County Board of Commissioners (fictional)",
            "https://example.org/board",
        ),
    )


def test_letter_without_oversight_has_no_recipient_and_says_where_to_send(fixture_data):
    deployment = fixture_data.deployments["sampleton-police-unknown"]
    letter = deployment_letter(deployment, fixture_data)
    to, query = parse_mailto(letter.href)
    assert to == [] and letter.contact_pages == ()
    assert "official website of the city or county" in letter.where_to_send
    body = query["body"][0]
    assert body.startswith("Dear representatives,")
    assert "I ask you to pause Sampleton Police Department (fictional)'s use" in body


@pytest.mark.parametrize(
    ("status", "kind", "ask"),
    [
        (
            "active",
            "police",
            (
                "I ask you to pause Sampleton Police Department (fictional)'s use of "
                "face recognition and put it to a public vote in this body, with written "
                "rules published beforehand, and to support a community-control law"
            ),
        ),
        ("pilot", "police", "I ask you to pause"),
        (
            "paused",
            "police",
            "I ask you to keep Sampleton Police Department (fictional)'s use of face recognition paused",
        ),
        ("unknown", "police", "I ask you to find out and tell the public whether"),
        ("ended", "police", "I ask you to pass a law so that"),
        ("banned", "police", "I ask you to pass a law so that"),
        ("proposed", "police", "I ask you to vote no on face recognition"),
        ("active", "state", "hold public hearings and vote on it, with written rules"),
        ("ended", "state", "I ask you to pass a state law so that"),
        ("active", "federal", "I ask you, my Representative and Senators, to require"),
        ("ended", "federal", "I ask you, my Representative and Senators, to pass a law so that"),
        (
            "unknown",
            "federal",
            "to find out whether Sampleton Police Department (fictional) still uses",
        ),
        ("proposed", "federal", "to vote no on funding face recognition"),
    ],
)
def test_the_ask_fits_the_status_and_who_decides(fixture_data, status, kind, ask):
    deployment = with_status(
        fixture_data.deployments["sampleton-police-unknown"], status, agency_kind=kind
    )
    _, body = letter_text(deployment, fixture_data)
    assert ask in body
    paragraphs = body.split("\n\n")
    assert sum("I ask you" in p for p in paragraphs) == 1
    expected = {
        "police": "Dear representatives,",
        "state": "Dear state legislators,",
        "federal": "Dear Members of Congress,",
    }[kind]
    assert paragraphs[0] == expected
    if kind == "federal":
        assert "inspector general" in body


def test_federal_letter_goes_to_congress_and_the_inspector_general(real_data):
    deployment = real_data.deployments["air-force-clearview-ai"]
    letter = deployment_letter(deployment, real_data)
    assert decider(deployment) == "congress"
    assert letter.to == ()
    assert letter.contact_pages == (
        ("Find your Representative (house.gov)", HOUSE_FINDER),
        ("Contact your Senators (senate.gov)", SENATE_CONTACTS),
        (
            "the official contact page of Department of Defense Office of Inspector General",
            "https://www.dodhotline.dodig.mil/",
        ),
    )
    assert letter.body.startswith(
        "Dear Members of Congress and Department of Defense Office of Inspector General,"
    )
    assert "I live in this community" not in letter.body


def test_state_system_letter_goes_to_the_states_legislators(real_data):
    deployment = real_data.deployments["arizona-mvd-face-recognition"]
    arizona = real_data.states["arizona"]
    letter = deployment_letter(deployment, real_data, arizona)
    assert decider(deployment) == "state"
    assert letter.contact_pages[0] == (
        "Find your own legislators (Arizona State Legislature)",
        "https://www.azleg.gov/findmylegislator",
    )
    assert letter.body.startswith("Dear state legislators,")


# ---------------------------------------------------------------- facts and their sources


def test_every_real_letter_reads_back_with_its_records_recipients_facts_and_sources(real_data):
    kinds = {"address": 0, "page": 0, "neither": 0}
    for deployment in real_data.deployments.values():
        state = real_data.states.get(
            (deployment.jurisdiction.region or "").lower().replace(" ", "-")
        )
        letter = deployment_letter(deployment, real_data, state)
        to, query = parse_mailto(letter.href)
        addresses = [
            b.contact[len("mailto:") :]
            for b in deployment.oversight
            if b.contact.startswith("mailto:")
        ]
        assert to == addresses, deployment.id
        assert query["subject"] == [letter.subject] and query["body"] == [
            letter.body.replace("\n", "\r\n")
        ]
        body = query["body"][0].replace("\r\n", "\n")
        for placeholder in (NAME, ADDRESS, REASON):
            assert placeholder in body
        facts, sources = body.split("\n\n")[2], body.split("\nSources:\n")[1]
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", facts)}
        listed = re.findall(r"^\[(\d+)\] .*: (https?://\S+)$", sources, re.MULTILINE)
        assert cited == {int(n) for n, _ in listed} and cited, deployment.id
        record_urls = {real_data.sources[s].url for s in real_data.sources}
        assert all(url in record_urls for _, url in listed)
        assert deployment.status.as_of.human() in facts
        if decider(deployment) == "congress":
            assert HOUSE_FINDER in dict(map(reversed, letter.contact_pages))
        kinds["address" if to else "page" if letter.contact_pages else "neither"] += 1
        assert len(letter.href) < 4000, (deployment.id, len(letter.href))
    assert sum(kinds.values()) == len(real_data.deployments)


@pytest.mark.parametrize(
    ("as_of", "stale"),
    [
        ("2024-12-01", True),
        ("2024-12-02", False),
        ("2024-11", True),
        ("2024-12", False),
        ("2024", False),
        ("2023", True),
        ("2016", True),
    ],
)
def test_a_status_older_than_two_years_is_said_to_be_the_latest_report(fixture_data, as_of, stale):
    deployment = fixture_data.deployments["sampleton-police-unknown"]
    status = deployment.status.model_copy(update={"as_of": PartialDate.parse(as_of)})
    build = dt.date(2026, 12, 2)
    assert is_stale(status, build) is stale
    expected = PartialDate.parse(as_of).human() + (", the latest report we found" if stale else "")
    assert status_as_of(status, build) == expected


def test_the_deployment_page_says_when_the_status_is_old(fixture_data):
    pages = render_pages(fixture_data)  # built 15 January 2026
    old = pages["deployments/example-county-sheriff-facefinder.md"]  # as of 10 June 2020
    # Compare the text a reader sees (the page is HTML; prose from data is written as inert
    # character references by render/text.py).
    assert (
        "</span> as of 10 June 2020, the latest report we found (fictional program ended)"
        in html.unescape(old)
    )
    recent = pages["deployments/sampleton-police-unknown.md"]  # as of July 2019: also old
    assert "as of July 2019, the latest report we found" in html.unescape(recent)
    assert (
        '<a class="md-button" href="../handouts/example-county-sheriff-facefinder.html">'
        "Print a handout for your council</a>" in old
    )


def test_placeholders_are_marked_and_text_escaped():
    assert mark_placeholders(f"I am {NAME} <b>&") == "I am <mark>[YOUR NAME]</mark> &lt;b&gt;&amp;"
    letter = local_letter(load(FIXTURES / "valid"))
    shown = "".join(line for paragraph in letter.shown for line in paragraph)
    assert shown.count("<mark>") == 5  # name and address twice (intro, signature), the reason once
    assert "<mark>[YOUR NAME]</mark>" in shown and "<mark>[OPTIONAL" in shown


# ---------------------------------------------------------------- state, local, records


def test_state_letter_names_the_records_and_sends_through_the_legislature(fixture_data):
    oregon = fixture_data.states["oregon"]
    deployments = [fixture_data.deployments["example-county-sheriff-facefinder"]]
    letter = state_letter(oregon, deployments, fixture_data)
    assert letter.to == ()
    assert letter.contact_pages == (
        (
            "Find your own legislators (Oregon State Legislature)",
            "https://example.org/find-your-legislator",
        ),
    )
    assert (
        "record 1 use(s) of face recognition by government agencies in Oregon, 0 of them"
        in letter.body
    )
    assert "Example County Sheriff (fictional) (ended, as of 10 June 2020) [1]" in letter.body
    assert letter.body.rstrip().endswith(
        "[1] Fictional report on face recognition in Example County "
        "(Example Gazette (fictional)): https://example.org/fake-report-one"
    )
    florida = state_letter(fixture_data.states["florida"], [], fixture_data)
    assert (
        "I have found no public record of face recognition use by agencies in Florida"
        in florida.body
    )
    assert florida.contact_pages == () and "legislature's official website" in florida.where_to_send


def test_take_action_letter_asks_for_an_inventory_and_a_vote(fixture_data):
    letter = local_letter(fixture_data)
    _, query = parse_mailto(letter.href)
    body = query["body"][0]
    assert body.startswith("Dear members of the council,")
    assert "publish an inventory of the surveillance technology" in body and "(CCOPS)" in body
    assert NAME in body and ADDRESS in body


def test_records_request_names_the_law_and_asks_for_the_records(fixture_data):
    deployment = fixture_data.deployments["example-county-sheriff-facefinder"]
    request = records_request(deployment, fixture_data.states["oregon"], fixture_data)
    assert "Under the Fictional Public Records Law (FRS 1.1 to 1.9), I request" in request.body
    assert (
        request.subject
        == "Public records request: face recognition at Example County Sheriff (fictional)"
    )
    for asked in ("Contracts", "Use policies", "Audit logs", "Search counts"):
        assert asked in request.body
    unknown = records_request(deployment, None, fixture_data)
    assert "Under your state's public records law, I request" in unknown.body
    federal = records_request(
        deployment.model_copy(update={"agency_kind": "federal"}), None, fixture_data
    )
    assert "Under the Freedom of Information Act, 5 U.S.C. 552, I request" in federal.body
    assert federal.body.startswith("To the FOIA officer of")


def test_every_letter_marks_the_writers_details(fixture_data):
    deployment = fixture_data.deployments["example-county-sheriff-facefinder"]
    for letter in (
        deployment_letter(deployment, fixture_data),
        state_letter(fixture_data.states["oregon"], [deployment], fixture_data),
        local_letter(fixture_data),
        records_request(deployment, None, fixture_data),
    ):
        assert NAME in letter.body and ADDRESS in letter.body


# ---------------------------------------------------------------- handouts


def test_a_handout_per_deployment_with_facts_sources_ask_and_qr(real_data):
    handouts = render_handouts(real_data)
    assert set(handouts) == {f"handouts/{d}.html" for d in real_data.deployments}
    page = handouts["handouts/washington-county-sheriff-rekognition.html"]
    deployment = real_data.deployments["washington-county-sheriff-rekognition"]
    url = record_url("deployments", deployment.id)
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert '<link rel="stylesheet" href="../assets/handout.css">' in page
    assert (
        "I ask you to pass a law so that Washington County Sheriff&#39;s Office cannot start"
        in page
    )
    assert "Washington County Board of Commissioners (county board)" in page
    for source_id in deployment.status.sources[:1]:
        assert real_data.sources[source_id].url in page
    assert qr_svg(url, f"QR code: {url}") in page and url in page


def test_the_qr_code_encodes_the_address_with_a_quiet_zone() -> None:
    url = record_url("deployments", "washington-county-sheriff-rekognition")
    svg = str(qr_svg(url, "QR code"))
    width, height = segno.make(url, error="m").symbol_size(border=2)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    assert f'viewBox="0 0 {width} {height}"' in svg and 'class="qr"' in svg
    assert "<title>QR code</title>" in svg and "<script" not in svg


def test_handout_text_from_data_is_escaped(tmp_path, fixture_data):
    hostile = fixture_data.deployments["sampleton-police-unknown"].model_copy(
        update={"agency": '<script>alert(1)</script> "x"'}
    )
    data = fixture_data
    original = dict(data.deployments)
    data.deployments["sampleton-police-unknown"] = hostile
    try:
        page = render_handouts(data)["handouts/sampleton-police-unknown.html"]
    finally:
        data.deployments.clear()
        data.deployments.update(original)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
