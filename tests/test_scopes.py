"""The scope policy: what each role may see, through the selectors every app uses."""

import pytest
from django.contrib.auth.models import AnonymousUser

from certificates.models import Certificate
from certificates.selectors import certificates_visible_to
from courses.selectors import centres_managed_by
from tests.factories import make_superuser, make_user
from training_hub.models import User
from training_hub.roles import Role
from training_hub.scopes import NO_SCOPE, scope_for
from training_hub.selectors import officials_visible_to, people_visible_to

pytestmark = pytest.mark.django_db


def _certificate(trainee, code):
    return Certificate.objects.create(
        code=code,
        trainee=trainee,
        name_on_certificate=trainee.get_full_name(),
        training_title="Protection training",
        centre_name="JCLEC",
        issued_on="2026-05-01",
    )


def test_rso_sees_every_centre_and_person(rso, jclec, jeju, trainee, other_trainee):
    assert set(centres_managed_by(rso)) == {jclec, jeju}
    assert {trainee, other_trainee} <= set(people_visible_to(rso))


def test_superuser_has_the_rso_scope(jclec, jeju):
    assert set(centres_managed_by(make_superuser())) == {jclec, jeju}


def test_director_sees_only_their_centres(director, jclec, jeju):
    assert list(centres_managed_by(director)) == [jclec]


def test_director_of_two_centres_sees_both(jclec, jeju):
    both = make_user(Role.DIRECTOR, centres=[jclec, jeju])
    assert set(centres_managed_by(both)) == {jclec, jeju}


def test_focal_point_sees_only_their_members_officials(focal_point, trainee, other_trainee):
    assert list(officials_visible_to(focal_point)) == [trainee]
    assert other_trainee not in people_visible_to(focal_point)


def test_focal_point_manages_no_centre(focal_point, jclec):
    assert not centres_managed_by(focal_point).exists()


def test_trainee_sees_only_themself(trainee, other_trainee):
    assert list(people_visible_to(trainee)) == [trainee]


def test_certificates_follow_the_scope(trainee, other_trainee, focal_point, rso, director):
    own = _certificate(trainee, "AAAA-BBBB-CCCC")
    other = _certificate(other_trainee, "DDDD-EEEE-FFFF")
    assert list(certificates_visible_to(trainee)) == [own]
    assert list(certificates_visible_to(focal_point)) == [own]
    assert set(certificates_visible_to(rso)) == {own, other}
    # Directors reach certificates through their sessions, which do not exist yet: none.
    assert not certificates_visible_to(director).exists()


def test_anonymous_and_inactive_users_see_nothing(trainee, jclec):
    assert scope_for(AnonymousUser()) is NO_SCOPE
    assert not people_visible_to(AnonymousUser()).exists()
    trainee.is_active = False
    trainee.save()
    assert not people_visible_to(User.objects.get(pk=trainee.pk)).exists()


def test_user_without_role_sees_nothing(jclec):
    nobody = make_user("")
    assert not people_visible_to(nobody).exists()
    assert not centres_managed_by(nobody).exists()


def test_unnamed_path_denies_by_default(focal_point, trainee):
    # A selector that forgets the member path must not leak: the focal point sees nothing.
    assert not scope_for(focal_point).restrict(User.objects.all(), person="pk").exists()


def test_allows_checks_one_record(focal_point, trainee, other_trainee):
    scope = scope_for(focal_point)
    assert scope.allows(trainee, member="member")
    assert not scope.allows(other_trainee, member="member")
