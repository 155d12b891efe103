"""Record-level rules in the Wagtail admin: who may edit members and accounts."""

import pytest

from training_hub.models import FOCAL_POINT_NEEDS_MEMBER, Member, User
from training_hub.roles import ADMIN_GROUPS, Role
from training_hub.services import DIRECTOR_NEEDS_CENTRE

pytestmark = pytest.mark.django_db

MEMBERS_URL = "/admin/snippets/training_hub/member/"


def test_rso_can_edit_a_member(client, rso):
    client.force_login(rso)
    fiji = Member.objects.get(code="FJ")
    response = client.post(
        f"{MEMBERS_URL}edit/{fiji.pk}/",
        {"code": "FJ", "name": "Republic of Fiji", "kind": "state", "is_active": "on"},
    )
    assert response.status_code == 302
    fiji.refresh_from_db()
    assert fiji.name == "Republic of Fiji"


def test_member_edit_refuses_a_malformed_state_code(client, rso):
    client.force_login(rso)
    fiji = Member.objects.get(code="FJ")
    response = client.post(
        f"{MEMBERS_URL}edit/{fiji.pk}/",
        {"code": "FJI", "name": "Fiji", "kind": "state", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "two-letter ISO 3166 code" in response.content.decode()
    fiji.refresh_from_db()
    assert fiji.code == "FJ"


@pytest.mark.parametrize("fixture", ["director", "focal_point", "trainee"])
def test_others_cannot_edit_members(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    fiji = Member.objects.get(code="FJ")
    response = client.post(
        f"{MEMBERS_URL}edit/{fiji.pk}/",
        {"code": "FJ", "name": "Changed", "kind": "state", "is_active": "on"},
    )
    assert response.status_code in (302, 403)
    fiji.refresh_from_db()
    assert fiji.name == "Fiji"


def _user_form(**overrides):
    data = {
        "username": "new.director",
        "email": "new.director@example.org",
        "first_name": "New",
        "last_name": "Director",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
        "role": Role.DIRECTOR,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_rso_creates_a_director_with_a_centre_and_the_group_follows(client, rso, jclec):
    client.force_login(rso)
    response = client.post("/admin/users/new/", _user_form(centres=[jclec.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="new.director")
    assert list(created.centres.all()) == [jclec]
    assert set(created.groups.values_list("name", flat=True)) == {
        ADMIN_GROUPS[Role.DIRECTOR],
        f"Centre editors: {jclec.slug}",
    }


def test_director_without_centre_is_refused_on_the_centres_field(client, rso, jclec):
    client.force_login(rso)
    response = client.post("/admin/users/new/", _user_form())
    assert response.status_code == 200
    assert str(DIRECTOR_NEEDS_CENTRE) in response.content.decode()
    assert not User.objects.filter(username="new.director").exists()


def test_focal_point_without_member_is_refused(client, rso):
    client.force_login(rso)
    response = client.post("/admin/users/new/", _user_form(role=Role.FOCAL_POINT))
    assert response.status_code == 200
    assert str(FOCAL_POINT_NEEDS_MEMBER) in response.content.decode()
    assert not User.objects.filter(username="new.director").exists()


def test_directors_cannot_manage_accounts(client, director):
    client.force_login(director)
    response = client.get("/admin/users/")
    assert response.status_code in (302, 403)
