"""The demo catalogue a reader of the seeds would recognise, loaded twice without change."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.choices import SessionStatus, Theme
from courses.models import CentrePage, CoursePage, CurriculumPage, Module, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())


def test_demo_catalogue_has_the_promised_breadth(demo):
    centres = CentrePage.objects.live()
    assert centres.count() >= 6
    assert len(set(centres.values_list("time_zone", flat=True))) >= 6
    assert {"jclec", "cifal-jeju"} <= set(centres.values_list("slug", flat=True))
    titles = set(CurriculumPage.objects.values_list("title", flat=True))
    assert {
        "Immigration Liaison Officer Programme",
        "Protection Training Manual",
        "Interviewing Techniques for Persons with Specific Needs",
    } <= titles
    assert any("Frontline Border Officers" in title for title in titles)
    assert Module.objects.count() >= 20
    courses = CoursePage.objects.live()
    assert courses.count() >= 25
    assert set(courses.values_list("theme", flat=True)) == set(Theme.values)


def test_demo_sessions_cover_past_open_and_cancelled(demo):
    now = timezone.now()
    sessions = list(Session.objects.all())
    assert len(sessions) >= 60
    assert any(s.ends_at < now for s in sessions)
    assert sum(s.is_open_for_nominations(now) for s in sessions) >= 5
    assert sum(s.status == SessionStatus.CANCELLED for s in sessions) >= 3
    assert any(s.capacity <= 6 for s in sessions)
    assert any(s.quotas.exists() for s in sessions)
    assert Module.objects.exclude(deliveries__course__live=True).exists()


def test_loading_twice_changes_nothing(demo):
    before = sorted(Session.objects.values_list("pk", "updated_at", "sequence"))
    pages = CoursePage.objects.count(), CentrePage.objects.count(), Module.objects.count()
    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())
    assert sorted(Session.objects.values_list("pk", "updated_at", "sequence")) == before
    assert (CoursePage.objects.count(), CentrePage.objects.count(), Module.objects.count()) == pages
