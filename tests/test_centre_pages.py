"""Directors draft their own centre's pages only; the RSO approves before anything goes live."""

import pytest
from wagtail.models import Workflow

from tests.factories import make_course

pytestmark = pytest.mark.django_db


def test_director_edits_own_centre_pages_but_not_another_centres(client, director, jclec, jeju):
    own = make_course(jclec, title="Own course")
    foreign = make_course(jeju, title="Foreign course")
    client.force_login(director)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{jclec.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{foreign.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{jeju.pk}/edit/").status_code in (302, 403)
    response = client.get(f"/admin/pages/add/courses/coursepage/{jeju.pk}/")
    assert response.status_code in (302, 403)


def test_director_cannot_publish_directly(client, director, jclec):
    course = make_course(jclec, title="Needs approval", publish=False)
    client.force_login(director)
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    assert "Submit to RSO approval" in html


def test_courses_and_centres_go_through_the_rso_approval_workflow(jclec):
    course = make_course(jclec, publish=False)
    assert course.get_workflow() == Workflow.objects.get(name="RSO approval")
    assert jclec.get_workflow() == Workflow.objects.get(name="RSO approval")


def test_course_page_shows_what_it_teaches(client, jclec):
    from tests.factories import make_curriculum, make_session

    module = make_curriculum(codes=("PTM-X1",)).modules.get()
    course = make_course(
        jclec,
        title="Protection basics",
        modules=[module],
        topics=("refugee-protection",),
        languages=("en", "th"),
    )
    make_session(course)
    html = client.get(course.url).content.decode()
    for text in (
        "Protection basics",
        "PTM-X1",
        "Refugee protection",
        "Thai",
        "Semarang",
        f"/calendar/courses/{course.pk}.ics",
    ):
        assert text in html


def test_module_listed_twice_is_refused_on_the_module_row(client, rso, jclec):
    from tests.factories import make_curriculum

    module = make_curriculum(codes=("DUP-1",)).modules.get()
    course = make_course(jclec, title="Twice")
    client.force_login(rso)
    data = {
        "title": "Twice",
        "slug": course.slug,
        "summary": "s",
        "theme": "prevention",
        "level": "foundation",
        "delivery_mode": "online",
        "languages": [1],
        "audience": "Officers",
        "duration_days": "3",
        "currency": "USD",
        "course_modules-TOTAL_FORMS": "2",
        "course_modules-INITIAL_FORMS": "0",
        "course_modules-MIN_NUM_FORMS": "0",
        "course_modules-MAX_NUM_FORMS": "1000",
        "course_modules-0-module": str(module.pk),
        "course_modules-0-ORDER": "1",
        "course_modules-1-module": str(module.pk),
        "course_modules-1-ORDER": "2",
    }
    response = client.post(f"/admin/pages/{course.pk}/edit/", data)
    assert response.status_code == 200
    assert "DUP-1 Module DUP-1 is listed more than once." in response.content.decode()
    assert course.course_modules.count() == 0
