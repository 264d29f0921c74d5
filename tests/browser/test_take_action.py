"""The call to action in a real browser (Debian's chromium through Playwright), with and
without JavaScript: each letter's mailto: link read back from the page (recipients, subject,
body with the writer's placeholders and the ask that fits the status and who decides), the
federal letter to Congress, the Take action and state letters, the copy button and the state
jump box that JavaScript adds, and every council handout printed to PDF on one A4 and one
US Letter page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from support import ROOT
from watched.pipeline.export.published import site_url
from watched.pipeline.render.letter import ADDRESS, HOUSE_FINDER, NAME, REASON, SENATE_CONTACTS

pytestmark = pytest.mark.browser

PRIVACY = "Nothing is sent until you send it, and Watched never sees it."
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def read_mailto(href: str) -> tuple[list[str], str, str]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert set(query) == {"subject", "body"}
    recipients = [unquote(r) for r in parts.path.split(",") if r]
    return recipients, query["subject"][0], query["body"][0]


def first_letter(page, button: str) -> tuple[list[str], str, str]:
    link = page.locator('a[href^="mailto:"]').filter(has_text=button)
    assert link.count() == 1 and link.is_visible()
    return read_mailto(link.get_attribute("href"))


def pdf_pages(pdf: bytes) -> int:
    return len(_PDF_PAGE.findall(pdf))


def _clean(seen) -> None:
    assert seen.outside == [], f"requests left 127.0.0.1: {seen.outside}"
    assert seen.errors == [], f"console errors: {seen.errors}"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_deployment_letter_reads_back_with_recipient_and_ask(visit, real_site, javascript):
    seen = visit(real_site, "/deployments/lapd-face-recognition/", javascript=javascript)
    _clean(seen)
    page = seen.page
    to, subject, body = first_letter(page, "Write a letter about Los Angeles Police Department")
    assert to == ["policecommission@lapd.online"]
    assert subject.endswith(": Los Angeles Police Department")
    assert "\r\n" in body and "\n" not in body.replace("\r\n", "")
    for placeholder in (NAME, ADDRESS, REASON):
        assert placeholder in body
    assert (
        "I ask you to pause Los Angeles Police Department's use of face recognition and put it to a public vote"
        in body
    )
    assert "\r\nSources:\r\n[1] " in body
    letter = page.locator(".letter-actions").first
    assert PRIVACY in letter.inner_text()
    assert page.locator("details.letter mark", has_text="[YOUR NAME]").count() >= 1
    copy = page.get_by_role("button", name="Copy the letter")
    assert copy.count() == (2 if javascript else 0)  # the letter and the records request
    handout = page.get_by_role("link", name="Print a handout for your council")
    assert handout.get_attribute("href") == "../../handouts/lapd-face-recognition.html"
    request = page.get_by_role(
        "link", name="Write a records request to Los Angeles Police Department"
    )
    _, _, request_body = read_mailto(request.get_attribute("href"))
    assert "California Public Records Act (Cal. Gov. Code § 7920.000 et seq." in request_body
    for asked in ("Contracts", "Use policies", "Audit logs", "Search counts"):
        assert asked in request_body


def test_ended_deployment_asks_for_a_law(visit, real_site):
    seen = visit(real_site, "/deployments/seattle-police-clearview-ai/", javascript=False)
    to, _, body = first_letter(seen.page, "Write a letter about Seattle Police Department")
    assert to == ["council@seattle.gov"]
    assert "I understand that this use has ended. I ask you to pass a law so that" in body


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_federal_letter_asks_congress_and_sends_through_official_pages(
    visit, real_site, javascript
):
    seen = visit(real_site, "/deployments/air-force-clearview-ai/", javascript=javascript)
    _clean(seen)
    page = seen.page
    to, _, body = first_letter(page, "Write a letter about United States Air Force")
    assert to == []
    assert body.startswith(
        "Dear Members of Congress and Department of Defense Office of Inspector General,"
    )
    # its status is unknown: find out, and stop it if it is in use
    assert (
        "I ask you, my Representative and Senators, to find out whether United States Air Force still uses"
        in body
    )
    assert "to require it to stop until Congress has debated it in public" in body
    assert "inspector general to audit" in body
    steps = page.locator(".letter-actions").first
    assert (
        steps.get_by_role("link", name="Find your Representative (house.gov)").get_attribute("href")
        == HOUSE_FINDER
    )
    assert (
        steps.get_by_role("link", name="Contact your Senators (senate.gov)").get_attribute("href")
        == SENATE_CONTACTS
    )
    assert page.locator("details.letter").first.get_attribute("open") is not None  # ready to copy
    status = page.locator(".status-line").inner_text()
    assert "as of February 2022, the latest report we found" in status


def test_copy_button_copies_exactly_the_letter(browser, real_site):
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"], service_workers="block"
    )
    try:
        page = context.new_page()
        page.goto(real_site.url("/deployments/air-force-clearview-ai/"))
        href = page.get_by_role(
            "link", name="Write a letter about United States Air Force"
        ).get_attribute("href")
        _, subject, body = read_mailto(href)
        page.get_by_role("button", name="Copy the letter").first.click()
        page.get_by_role("status").filter(has_text="Copied").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"Subject: {subject}\n\n" + body.replace("\r\n", "\n")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_take_action_letter(visit, real_site, javascript):
    seen = visit(real_site, "/take-action/", javascript=javascript)
    _clean(seen)
    page = seen.page
    to, _, body = first_letter(page, "Write to your council or county board")
    assert to == []
    assert body.startswith("Dear members of the council,")
    assert NAME in body and ADDRESS in body
    assert "publish an inventory of the surveillance technology" in body and "(CCOPS)" in body
    assert PRIVACY in page.locator(".letter-actions").first.inner_text()
    assert page.get_by_role("link", name="your state's page").get_attribute("href") == "../states/"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_state_page_letter_and_who_decides(visit, real_site, javascript):
    seen = visit(real_site, "/states/arizona/", javascript=javascript)
    _clean(seen)
    page = seen.page
    to, subject, body = first_letter(page, "Write to your legislators in Arizona")
    assert to == [] and subject == "Face recognition by government agencies in Arizona"
    assert body.startswith("Dear state legislators,")
    assert f"I live at {ADDRESS}, in Arizona." in body
    assert "Arizona Department of Public Safety (in use, as of 17 November 2017) [1]" in body
    assert "I ask you to support a state law" in body
    finder = page.locator(".letter-actions").get_by_role(
        "link", name="Find your own legislators (Arizona State Legislature)"
    )
    assert finder.get_attribute("href") == "https://www.azleg.gov/findmylegislator"
    assert (
        "Arizona Public Records Law (A.R.S. § 39-121 et seq.)"
        in page.locator("article").inner_text()
    )
    if javascript:
        from axe_playwright_python.sync_playwright import Axe

        assert Axe().run(page).response["violations"] == []
    assert PRIVACY in page.locator(".letter-actions").first.inner_text()


def test_state_without_records_still_has_a_letter(visit, real_site):
    seen = visit(real_site, "/states/montana/", javascript=False)
    _, _, body = first_letter(seen.page, "Write to your legislators in Montana")
    assert "I have found no public record of face recognition use by agencies in Montana" in body
    # Every state record names its legislature now: the letter is sent through its finder.
    assert (
        "Find your own legislators (Montana Legislature)"
        in seen.page.locator(".letter-actions").inner_text()
    )


def test_states_index_jumps_to_a_typed_state_with_js_and_lists_them_without(visit, real_site):
    plain = visit(real_site, "/states/", javascript=False).page
    assert plain.get_by_role("textbox").count() == 0
    assert plain.locator(".md-content table a").count() == 51
    from axe_playwright_python.sync_playwright import Axe

    seen = visit(real_site, "/states/")
    _clean(seen)
    page = seen.page
    assert Axe().run(page).response["violations"] == []
    box = page.get_by_role("combobox", name="Go to your state:")
    box.fill("new m")
    page.get_by_role("button", name="Go").click()
    page.wait_for_url(re.compile(r"/states/new-mexico/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Face recognition in New Mexico"
    page.go_back()
    page.get_by_role("combobox", name="Go to your state:").fill("new")
    page.get_by_role("button", name="Go").click()
    assert "Several states start with that" in page.get_by_role("status").inner_text()


def test_every_handout_prints_on_one_page_without_the_sites_chrome(visit, real_site):
    from axe_playwright_python.sync_playwright import Axe

    ids = sorted(p.stem for p in (ROOT / "data" / "deployments").glob("*.yaml"))
    seen = visit(real_site, "/deployments/lapd-face-recognition/")
    page = seen.page
    # The page counter can count: the deployment page itself prints on several pages.
    assert pdf_pages(page.pdf(format="Letter")) > 1
    page.get_by_role("link", name="Print a handout for your council").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/handouts/lapd-face-recognition.html")
    assert page.locator(".md-header, .md-sidebar, .md-footer, nav").count() == 0
    assert page.locator("svg.qr").is_visible()
    assert Axe().run(page).response["violations"] == []
    for deployment_id in ids:
        page.goto(real_site.url(f"/handouts/{deployment_id}.html"))
        text = page.locator("main").inner_text()
        assert "What we ask" in text and "Sources" in text and "I ask you" in text
        assert site_url(f"deployments/{deployment_id}/") in text
        for paper in ("A4", "Letter"):
            assert pdf_pages(page.pdf(format=paper)) == 1, (deployment_id, paper)
    _clean(seen)
