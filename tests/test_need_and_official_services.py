"""The services of training needs and officials: refusals leave the caller's instance as it
was, an unknown status is a named refusal, and the one-time key of a need's form holds when
two requests with it arrive at once."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from nominations.choices import NeedStatus
from nominations.exceptions import MoveNotAllowed, RuleBroken
from nominations.models import PERIOD_INVERTED, Official, TrainingNeed
from nominations.services import need_transition, need_update, official_update
from nominations.services import needs as need_services
from nominations.services.common import NEED_MOVE_REFUSED, OFFICIAL_EMAIL_TAKEN
from tests.factories import make_need, make_official

pytestmark = pytest.mark.django_db


def test_an_unknown_need_status_is_refused_by_name(focal_point, rso):
    need = make_need(focal_point=focal_point)
    for user in (focal_point, rso):
        with pytest.raises(MoveNotAllowed) as refused:
            need_transition(need=need, to="gone", user=user)
        assert refused.value.messages == [
            str(NEED_MOVE_REFUSED % {"old": NeedStatus.OPEN.label, "new": "gone"})
        ]
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_a_refused_need_edit_leaves_the_callers_need_as_stored(focal_point):
    need = make_need(focal_point=focal_point, title="Document fraud")
    with pytest.raises(ValidationError) as refused:
        need_update(
            user=focal_point,
            need=need,
            title="Changed",
            preferred_from=need.preferred_until,
            preferred_until=need.preferred_from,
        )
    assert refused.value.messages == [str(PERIOD_INVERTED)]
    assert need.title == "Document fraud"
    assert TrainingNeed.objects.get(pk=need.pk).title == "Document fraud"


def test_a_saved_need_edit_returns_the_saved_need(focal_point):
    need = make_need(focal_point=focal_point, title="Document fraud")
    saved = need_update(user=focal_point, need=need, title="Document fraud at airports")
    assert saved.title == "Document fraud at airports"
    assert TrainingNeed.objects.get(pk=need.pk).title == "Document fraud at airports"


def test_a_refused_official_edit_leaves_the_callers_official_as_stored(focal_point):
    first = make_official(focal_point=focal_point, name="Dewi Sari", email="dewi@example.org")
    second = make_official(focal_point=focal_point, name="Budi Santoso", email="budi@example.org")
    with pytest.raises(RuleBroken) as refused:
        official_update(user=focal_point, official=second, email="DEWI@example.org")
    assert refused.value.message_dict["email"] == [
        str(OFFICIAL_EMAIL_TAKEN % {"name": first.passport_name, "email": "DEWI@example.org"})
    ]
    assert second.email == "budi@example.org"
    assert Official.objects.get(pk=second.pk).email == "budi@example.org"


def test_two_posts_of_one_need_form_at_once_make_one_need(focal_point, monkeypatch):
    """The second request read no need for the key before the first committed: its save
    breaks the key's unique constraint, and it answers with the first one's need."""
    key = uuid.uuid4()
    first = make_need(focal_point=focal_point, title="Interviewing", submission_key=key)
    looked_up = []
    real_lookup = need_services._need_for_key

    def not_yet_committed(submission_key, member):
        looked_up.append(submission_key)
        return None if len(looked_up) == 1 else real_lookup(submission_key, member)

    monkeypatch.setattr(need_services, "_need_for_key", not_yet_committed)
    again = make_need(focal_point=focal_point, title="Interviewing", submission_key=key)
    assert again.pk == first.pk
    assert looked_up == [key, key]
    assert TrainingNeed.objects.filter(submission_key=key).count() == 1
    # The refused insert was rolled back to its savepoint: the transaction goes on.
    assert make_need(focal_point=focal_point, title="Another").pk != first.pk
