"""The demo catalogue a reader of the seeds would recognise, loaded twice without change."""

import datetime as dt
import io
import zoneinfo
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from courses.choices import SessionStatus, Theme
from courses.models import CentrePage, CoursePage, CurriculumPage, Module, Session
from tests.factories import make_user
from training_hub.demo import catalogue
from training_hub.demo.catalogue import DemoCatalogueError, load_demo_catalogue, relative_day
from training_hub.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())


def test_demo_catalogue_has_the_promised_breadth(demo):
    # English pages (their translations are counted in test_content_translation.py).
    centres = CentrePage.objects.live().sources()
    assert centres.count() == 7
    assert len(set(centres.values_list("time_zone", flat=True))) == 7
    assert {"jclec", "cifal-jeju"} <= set(centres.values_list("slug", flat=True))
    titles = set(CurriculumPage.objects.sources().values_list("title", flat=True))
    assert len(titles) == 4
    assert {
        "Immigration Liaison Officer Programme",
        "Protection Training Manual",
        "Interviewing Techniques for Persons with Specific Needs",
    } <= titles
    assert any("Frontline Border Officers" in title for title in titles)
    assert Module.objects.count() == 24
    assert Module.objects.exclude(deliveries__course__live=True).count() == 2
    courses = CoursePage.objects.live().sources()
    assert courses.count() == 31
    assert set(courses.values_list("theme", flat=True)) == set(Theme.values)


def test_demo_sessions_cover_every_status_at_the_venue_s_hours(demo):
    now = timezone.now()
    sessions = list(Session.objects.all())
    assert len(sessions) == 70
    assert Counter(s.status for s in sessions) == {
        SessionStatus.COMPLETED: 27,
        SessionStatus.RUNNING: 1,
        SessionStatus.OPEN: 24,
        SessionStatus.CLOSED: 4,
        SessionStatus.PLANNED: 10,
        SessionStatus.CANCELLED: 4,
    }
    assert sum(s.is_open_for_nominations(now) for s in sessions) == 24
    assert all(s.ends_at < now for s in sessions if s.status == SessionStatus.COMPLETED)
    assert any(s.capacity <= 6 for s in sessions)
    assert any(s.quotas.exists() for s in sessions)
    assert {(s.wall_start.time(), s.wall_end.time()) for s in sessions} == {
        (dt.time(9), dt.time(17))
    }
    assert all(s.time_zone == s.course.centre.time_zone for s in sessions)


def test_loading_twice_changes_nothing(demo):
    before = sorted(Session.objects.values_list("pk", "updated_at", "sequence"))
    pages = CoursePage.objects.count(), CentrePage.objects.count(), Module.objects.count()
    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())
    assert sorted(Session.objects.values_list("pk", "updated_at", "sequence")) == before
    assert (CoursePage.objects.count(), CentrePage.objects.count(), Module.objects.count()) == pages


def test_dates_count_from_the_load_day():
    # The load day must be today: a session's status is checked against the clock.
    rso = make_user(Role.RSO)
    today = timezone.localdate()
    assert load_demo_catalogue(user=rso, today=today) == 70
    assert load_demo_catalogue(user=rso, today=today) == 0
    # "+45d", nominations "-10d" to "+31d", for a five-day course at JCLEC (Asia/Jakarta).
    session = Session.objects.get(
        course__slug="countering-people-smuggling-networks", status=SessionStatus.OPEN
    )
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")

    def at(days, hour):
        return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), jakarta)

    assert session.starts_at == at(45, 9)
    assert session.ends_at == at(49, 17)
    assert session.nominations_open_at == at(-10, 9)
    assert session.nominations_close_at == at(31, 17)


def test_a_malformed_relative_date_is_refused_naming_its_entry(tmp_path, monkeypatch):
    text = catalogue.CATALOGUE.read_text(encoding="utf-8")
    broken = tmp_path / "catalogue.toml"
    broken.write_text(text.replace('start = "+45d"', 'start = "in 45 days"', 1), encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE", broken)
    with pytest.raises(DemoCatalogueError) as refused:
        load_demo_catalogue(user=make_user(Role.RSO))
    message = str(refused.value)
    assert "course 'countering-people-smuggling-networks', session 3, start" in message
    assert "'in 45 days'" in message
    # Refused as a whole: nothing of the load is kept.
    assert not CentrePage.objects.exists() and not Session.objects.exists()


@pytest.mark.parametrize("value", ["45d", "+45", "+4.5d", "+45 d", "+45dd", " -40d", "", 45])
def test_relative_day_refuses_anything_but_a_signed_number_of_days(value):
    with pytest.raises(DemoCatalogueError, match="courses.toml: here"):
        relative_day(value, today=dt.date(2030, 1, 15), where="courses.toml: here")


def test_relative_day_counts_both_ways():
    today = dt.date(2030, 1, 15)
    assert relative_day("+45d", today=today, where="x") == dt.date(2030, 3, 1)
    assert relative_day("-40d", today=today, where="x") == dt.date(2029, 12, 6)
    assert relative_day("+0d", today=today, where="x") == today


def test_a_demo_course_page_prints_its_summary_once(client, demo):
    course = CoursePage.objects.published().order_by("title").first()
    html = client.get(course.url).content.decode()
    assert html.count(escape(course.summary)) == 1
