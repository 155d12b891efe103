"""A director publishes a course and a session through the admin, the RSO approves, the
course reaches the catalogue and its feed, and a changed date reaches subscribers."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import TaskState

from courses.models import CoursePage, Session
from tests.browser import Visit
from tests.factories import PASSWORD, make_curriculum

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/portal/")


def _feed(page, base_url, course):
    response = page.request.get(f"{base_url}/calendar/courses/{course.pk}.ics")
    assert response.ok
    return response.text()


def test_director_publishes_rso_approves_and_subscribers_see_the_change(
    page, live_server, request, director, rso, jclec
):
    curriculum = make_curriculum(codes=("RIT-01", "RIT-02"), title="Frontline induction")
    module = curriculum.modules.get(code="RIT-01")
    base = live_server.url
    visit = Visit.for_test(page, live_server, request)

    # The director drafts a course below their centre and submits it for approval.
    _sign_in(page, base, "director.jclec")
    visit.open(
        f"/admin/pages/add/courses/coursepage/{jclec.pk}/", "new-course", accessibility=False
    )
    page.locator("#id_title").fill("Detecting fraudulent travel documents")
    page.locator("#id_summary").fill("Hands-on examination of passports and visas.")
    page.locator("#id_theme").select_option("early_detection")
    page.locator("#id_level").select_option("intermediate")
    page.locator("#id_delivery_mode").select_option("residential")
    page.get_by_label("Document examination").check()
    page.get_by_role("checkbox", name="English", exact=True).check()
    page.locator("#id_audience").fill("Immigration and border officers")
    page.locator("#id_duration_days").fill("5")
    page.get_by_role("button", name=re.compile("Add modules delivered", re.I)).click()
    page.locator("#id_course_modules-0-module").select_option(str(module.pk))
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Submit to RSO approval", re.I)).click()
    page.wait_for_load_state()
    visit.check("submitted", accessibility=False)
    course = CoursePage.objects.get(title="Detecting fraudulent travel documents")
    assert not course.live
    assert course.current_workflow_state is not None

    # The RSO approves; approval publishes the course.
    _sign_in(page, base, "rso")
    visit.open(f"/admin/pages/{course.pk}/edit/", "review", accessibility=False)
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile(r"^Approve and publish$", re.I)).click()
    page.wait_for_load_state()
    course.refresh_from_db()
    assert course.live
    # The moderation history shows who submitted and who approved.
    visit.open(f"/admin/pages/{course.pk}/history/", "moderation-history", accessibility=False)
    history = page.locator("main").inner_text()
    assert "RSO approval" in history and "director.jclec" in history
    approved = TaskState.objects.get(status=TaskState.STATUS_APPROVED)  # the only approval
    assert approved.finished_by == rso

    # The director schedules a session; it shows in the catalogue and the course feed.
    today = timezone.localdate()
    start = today + dt.timedelta(days=100)
    _sign_in(page, base, "director.jclec")
    visit.open("/admin/snippets/courses/session/add/", "new-session", accessibility=False)
    page.locator("#id_course").select_option(str(course.pk))
    page.locator("#id_time_zone").select_option("Asia/Jakarta")
    page.locator("#id_starts_at").fill(f"{start:%Y-%m-%d} 09:00")
    page.locator("#id_ends_at").fill(f"{start + dt.timedelta(days=4):%Y-%m-%d} 17:00")
    page.locator("#id_venue").fill("JCLEC campus")
    page.locator("#id_city").fill("Semarang")
    page.locator("#id_capacity").fill("24")
    page.locator("#id_default_quota").fill("2")
    page.locator("#id_nominations_open_at").fill(f"{today - dt.timedelta(days=20):%Y-%m-%d} 09:00")
    page.locator("#id_nominations_close_at").fill(f"{start - dt.timedelta(days=30):%Y-%m-%d} 17:00")
    page.locator("#id_status").select_option("open")
    page.get_by_role("button", name=re.compile(r"^Save$", re.I)).first.click()
    page.wait_for_load_state()
    visit.check("session-saved", accessibility=False)
    session = Session.objects.get(course=course)

    visit.open("/catalogue/?theme=early_detection", "catalogue")
    assert "Detecting fraudulent travel documents" in page.locator("main").inner_text()
    feed = _feed(page, base, course)
    assert f"UID:session-{session.pk}@" in feed.replace("\r\n ", "")
    assert "SEQUENCE:0" in feed and f"DTSTART;TZID=Asia/Jakarta:{start:%Y%m%d}T090000" in feed

    # The director moves the session by a week: subscribers receive an update.
    visit.open(
        f"/admin/snippets/courses/session/edit/{session.pk}/", "edit-session", accessibility=False
    )
    moved = start + dt.timedelta(days=7)
    page.locator("#id_starts_at").fill(f"{moved:%Y-%m-%d} 09:00")
    page.locator("#id_ends_at").fill(f"{moved + dt.timedelta(days=4):%Y-%m-%d} 17:00")
    page.get_by_role("button", name=re.compile(r"^Save$", re.I)).first.click()
    page.wait_for_load_state()
    feed = _feed(page, base, course)
    assert "SEQUENCE:1" in feed and f"DTSTART;TZID=Asia/Jakarta:{moved:%Y%m%d}T090000" in feed
    assert f"UID:session-{session.pk}@" in feed.replace("\r\n ", "")
