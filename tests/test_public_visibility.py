"""One public path: a course behind a login restriction, a draft, or below a restricted
centre is on no public surface, while a published one is on every one of them."""

import pytest
from wagtail.models import PageViewRestriction

from courses.choices import SessionStatus
from tests.factories import make_course, make_curriculum, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(jclec, jeju):
    curriculum = make_curriculum(codes=("VIS-01",), title="Visibility programme")
    module = curriculum.modules.get()
    public = make_course(jclec, title="Open course PUBLIC-1", modules=[module])
    restricted = make_course(jclec, title="Restricted course SECRET-1", modules=[module])
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    draft = make_course(jclec, title="Draft course SECRET-2", modules=[module], publish=False)
    PageViewRestriction.objects.create(page=jeju, restriction_type=PageViewRestriction.LOGIN)
    below = make_course(jeju, title="Course below restricted centre SECRET-3", modules=[module])
    sessions = {
        course.pk: make_session(course, status=SessionStatus.OPEN)
        for course in (public, restricted, draft, below)
    }
    return {
        "curriculum": curriculum,
        "public": public,
        "hidden": [restricted, draft, below],
        "sessions": sessions,
        "jclec": jclec,
        "jeju": jeju,
    }


def _listing_urls(world):
    return [
        "/catalogue/",
        "/catalogue/?open=on",
        world["jclec"].url,
        world["curriculum"].url,
        "/api/courses",
        "/api/sessions",
        "/calendar/catalogue.ics",
        f"/calendar/centres/{world['jclec'].pk}.ics",
    ]


def test_every_public_list_shows_the_published_course_and_none_of_the_hidden(client, world):
    for url in _listing_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "PUBLIC-1" in body, url
        for secret in ("SECRET-1", "SECRET-2", "SECRET-3"):
            assert secret not in body, (url, secret)


def test_every_public_detail_of_a_hidden_course_is_not_found(client, world):
    public = world["public"]
    public_session = world["sessions"][public.pk]
    assert client.get(f"/api/courses/{public.pk}").status_code == 200
    assert client.get(f"/calendar/courses/{public.pk}.ics").status_code == 200
    assert client.get(f"/sessions/{public_session.pk}/").status_code == 200
    for course in world["hidden"]:
        session = world["sessions"][course.pk]
        for url in (
            f"/api/courses/{course.pk}",
            f"/api/sessions/{session.pk}",
            f"/calendar/courses/{course.pk}.ics",
            f"/calendar/sessions/{session.pk}.ics",
            f"/sessions/{session.pk}/",
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert course.title not in response.content.decode(), url


def test_a_restricted_centre_and_its_feed_are_not_public(client, world):
    assert client.get(f"/calendar/centres/{world['jeju'].pk}.ics").status_code == 404
    assert "SECRET-3" not in client.get("/centres/").content.decode()
