"""Each role lands on its own portal and sees only what its scope allows."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.factories import make_user
from training_hub.accounts.views import NO_ROLE

pytestmark = pytest.mark.django_db


def _portal(client, user):
    client.force_login(user)
    response = client.get(reverse("portal"))
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("portal"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_rso_portal_lists_every_centre_and_member(client, rso, jclec, jeju):
    html = _portal(client, rso)
    assert "RSO coordinator portal" in html
    assert "Centre JCLEC" in html and "Centre CIFAL Jeju" in html
    assert "Afghanistan" in html and "United Nations Office on Drugs and Crime" in html


def test_director_portal_shows_only_their_centre(client, director, jeju):
    html = _portal(client, director)
    assert "Training director portal" in html
    assert "Centre JCLEC" in html
    assert "Centre CIFAL Jeju" not in html


def test_focal_point_portal_shows_only_their_officials(client, focal_point, trainee, other_trainee):
    html = _portal(client, focal_point)
    assert "National focal point portal" in html
    assert "Officials of Indonesia" in html
    assert "Dewi Lestari" in html
    assert "Nattaya" not in html


def test_trainee_portal_shows_only_their_certificates(client, trainee, other_trainee):
    for person, code in ((trainee, "AAAA-BBBB-CCCC"), (other_trainee, "DDDD-EEEE-FFFF")):
        Certificate.objects.create(
            code=code,
            trainee=person,
            name_on_certificate=person.get_full_name(),
            training_title=f"Course for {person.username}",
            centre_name="JCLEC",
            issued_on="2026-05-01",
        )
    html = _portal(client, trainee)
    assert "Trainee portal" in html
    assert "AAAA-BBBB-CCCC" in html
    assert "DDDD-EEEE-FFFF" not in html


def test_account_without_role_is_told_what_to_do(client, db):
    html = _portal(client, make_user(""))
    assert NO_ROLE.replace("'", "&#x27;") in html


@pytest.mark.parametrize(
    ("fixture", "offered"),
    [("rso", True), ("director", True), ("focal_point", False), ("trainee", False)],
)
def test_only_the_rso_and_directors_are_offered_the_administration(
    client, request, fixture, offered
):
    html = _portal(client, request.getfixturevalue(fixture))
    assert ('href="/admin/">Open the administration</a>' in html) is offered
    assert ("Open the administration" in html) is offered


@pytest.mark.parametrize("fixture", ["focal_point", "trainee"])
def test_focal_points_and_trainees_cannot_open_the_admin(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("fixture", ["rso", "director"])
def test_rso_and_directors_can_open_the_admin(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/admin/").status_code == 200


def test_director_portal_lists_only_their_centres_sessions(client, director, jclec, jeju):
    from tests.factories import make_course, make_session

    make_session(make_course(jclec, title="Semarang course"))
    make_session(make_course(jeju, title="Jeju course"), tz="Asia/Seoul")
    html = _portal(client, director)
    assert "Semarang course" in html and "Jeju course" not in html
