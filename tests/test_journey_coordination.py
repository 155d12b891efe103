"""The coordination journey on the demo data, in a real Chromium, axe-checked on every page:
the RSO looks at the dashboard (every chart drawn, a table beside each), finds an open
need on the matching page, links it to its best session and funds it from a pledge, and
sees the funding status of the need and of the session change; the member's focal point
then finds the match and its funding on their needs, and their own dashboard."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Session
from nominations.models import TrainingNeed
from tests.browser import Visit
from training_hub.demo import DEMO_PASSWORD, load_demo_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEED = "Following the money of smuggling networks"  # Indonesia's, open, on Prevention


def test_rso_links_a_need_to_a_session_and_a_pledge_focal_point_sees_it(page, live_server, request):
    load_demo_data()
    visit = Visit.for_test(page, live_server, request)

    visit.sign_in("rso", DEMO_PASSWORD)
    visit.open("/coordination/", "dashboard")
    for figure in ("needs", "seats", "funding", "nominations"):
        section = page.locator(f'[data-figure="{figure}"]')
        expect(section.locator("svg[role=img]").first).to_be_visible()
        expect(section.locator("table").first).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(8)
    page.get_by_label("From").fill("2020-01-01")
    page.get_by_label("Until").fill("2019-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("must end on or after the day it starts")
    visit.check("dashboard-inverted-period")

    visit.open("/coordination/matching/", "matching")
    page.get_by_role("link", name=NEED).click()
    visit.check("need")
    need = TrainingNeed.objects.get(title=NEED)
    assert need.status == "open" and need.funding_status == "not_funded"
    best = page.locator(".matches").first.locator(".match").first
    best.locator("summary").click()
    expect(best.locator(".reasons")).to_contain_text("Same theme: Prevention")
    best.get_by_role("button", name=re.compile("Link the need to this")).click()
    expect(page.get_by_role("status")).to_contain_text("is linked to")
    expect(page.locator("[data-need-status]")).to_have_text("Matched")
    visit.check("linked")
    need.refresh_from_db()
    session = Session.objects.get(pk=need.matched_session_id)
    assert session.funding_status == "not_funded"

    page.get_by_label(re.compile("Counter-smuggling and trafficking fund")).check()
    page.get_by_label("Participants").fill(str(need.officials))
    page.get_by_role("button", name="Fund the need").click()
    expect(page.get_by_role("status")).to_contain_text("now funds")
    expect(page.locator("[data-funding]")).to_contain_text("Funded")
    visit.check("funded")
    session.refresh_from_db()
    assert session.funding_status == "partial"
    visit.open(f"/coordination/funding/sessions/{session.pk}/", "session-funding")
    expect(page.locator("[data-funding]")).to_have_text("Partially funded")
    page.get_by_role("button", name="Sign out").click()

    visit.sign_in("focal.id", DEMO_PASSWORD)
    visit.open("/nominations/needs/", "focal-point-needs")
    row = page.locator(f'[data-need="{need.pk}"]')
    expect(row.locator("[data-status]")).to_have_text("Matched")
    expect(row.locator("[data-match]")).to_contain_text(session.course.title)
    expect(row.locator("[data-funding]")).to_have_text("Funded")
    visit.open("/coordination/", "focal-point-dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordination dashboard: Indonesia")
    expect(page.get_by_role("combobox", name="Member")).to_have_count(0)
