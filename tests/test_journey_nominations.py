"""The nomination journey in a real Chromium, axe-checked on every page: a focal point
nominates three officials to a session with a quota of two, so the third goes to the
waitlist; the director accepts two and declines one of them, which promotes the reserve;
the promoted trainee confirms from the e-mailed link and finds the session in their
private calendar feed."""

import re
import urllib.request

import pytest
from django.core import mail
from playwright.sync_api import expect

from courses.calendar import session_uid
from nominations.models import Nomination
from tests.browser import Visit
from tests.factories import PASSWORD, make_course, make_official, make_session

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "a-long-new-passphrase-2026"


def _status_of(page, name):
    return page.get_by_role("row", name=re.compile(name)).get_by_role("cell").nth(3)


def _move(page, visit, nomination, button, label):
    visit.open(f"/nominations/{nomination.pk}/", label)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(nomination.official.passport_name)


def test_focal_point_nominates_director_decides_trainee_confirms(
    page, live_server, request, jclec, director, focal_point
):
    course = make_course(jclec, title="Interviewing persons with specific needs")
    session = make_session(course, capacity=3, default_quota=2)
    names = ("Siti Rahma", "Budi Santoso", "Ayu Lestari")
    officials = [
        make_official(
            focal_point=focal_point, name=name, email=f"{name.split()[0].lower()}@example.org"
        )
        for name in names
    ]
    visit = Visit.for_test(page, live_server, request)

    # The focal point finds the session and nominates three, in order.
    visit.sign_in("focal.id", PASSWORD)
    visit.open("/nominations/sessions/", "open-sessions")
    page.get_by_role("link", name=course.title).click()
    visit.check("session")
    expect(page.locator("[data-quota]")).to_contain_text("2 places: 0 used, 2 left")
    for official in officials:
        page.get_by_label("Official").select_option(label=official.passport_name)
        page.get_by_role("button", name="Nominate now").click()
        expect(page.get_by_role("status")).to_contain_text(official.passport_name)
    visit.check("nominated")
    expect(page.get_by_role("status")).to_contain_text("reserve on the waitlist")
    expect(_status_of(page, "Siti Rahma")).to_have_text("Submitted")
    expect(_status_of(page, "Budi Santoso")).to_have_text("Submitted")
    expect(_status_of(page, "Ayu Lestari")).to_have_text("Waitlisted")
    page.get_by_role("button", name="Sign out").click()

    # The director accepts both submitted nominees, then declines one of them.
    first, second, reserve = (Nomination.objects.get(official=o) for o in officials)
    visit.sign_in("director.jclec", PASSWORD)
    _move(page, visit, first, "Accept", "accept-first")
    _move(page, visit, second, "Accept", "accept-second")
    _move(page, visit, second, "Decline the place", "decline-second")
    visit.check("declined")
    reserve.refresh_from_db()
    assert reserve.status == "accepted"  # promoted into the released seat
    visit.open(f"/nominations/{reserve.pk}/", "promoted")
    expect(page.locator("[data-status]")).to_have_text("Accepted")
    expect(page.get_by_role("row", name=re.compile("Promoted from the waitlist"))).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The promoted trainee confirms from the e-mailed link, choosing a password.
    invitation = next(
        m for m in mail.outbox if m.to == ["ayu@example.org"] and "place" in m.subject
    )
    link = re.search(r"https?://\S+/nominations/confirm/\S+/", invitation.body).group(0)
    page.goto(live_server.url + link[link.index("/nominations/") :])
    visit.check("confirm-link")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Confirm my place").click()
    visit.check("confirmed")
    reserve.refresh_from_db()
    assert reserve.status == "confirmed"

    # Their portal offers a private calendar feed that holds the session.
    visit.open("/nominations/calendar/", "calendar-settings")
    page.get_by_role("button", name=re.compile("Create|New|Make", re.I)).first.click()
    visit.check("calendar-link")
    feed = page.locator("[data-feed-url]").get_attribute("data-feed-url")
    with urllib.request.urlopen(feed) as response:
        body = response.read().decode()
    assert session_uid(session) in body
    assert course.title in body
