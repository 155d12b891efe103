"""Donor funding through its services: pledges and rates, allocations to sessions and to
needs, the funding status they compute, the refusals (nothing half-saved), release and a
cancelled session, and the data migration of the hand-typed status."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from courses.choices import FundingStatus
from courses.models import Session
from courses.services import session_save
from nominations import money
from nominations.exceptions import ThemeMismatch
from nominations.models import Allocation, Donor, ExchangeRate, Pledge, TrainingNeed
from nominations.services import (
    allocation_create,
    allocation_release,
    need_link,
    pledge_create,
    rate_record,
)
from nominations.services import funding as funding_service
from nominations.services import matching as matching_service
from tests.factories import (
    make_course_with_cost,
    make_donor,
    make_need,
    make_pledge,
    make_rate,
    make_session,
    member,
)

pytestmark = pytest.mark.django_db

F = FundingStatus


@pytest.fixture
def course(jclec, rso):
    return make_course_with_cost(jclec, cost="500.00", currency="USD", theme="protection")


@pytest.fixture
def session(course):
    # 10 seats at USD 500: USD 5,000 to fund.
    return make_session(course, capacity=10, default_quota=4)


def _status(session):
    return Session.objects.get(pk=session.pk).funding_status


# --- money ----------------------------------------------------------------------------------


def test_minor_units_come_from_the_currency():
    assert money.minor_units("USD") == 2
    assert money.minor_units("JPY") == 0
    assert money.minor_units("VND") == 0
    assert money.minor_units("KWD") == 3
    assert money.quantize(Decimal("10.005"), "USD") == Decimal("10.00")  # half to even
    assert money.quantize(Decimal("10.015"), "USD") == Decimal("10.02")


@pytest.mark.parametrize(
    ("value", "currency", "message"),
    [
        ("-5", "USD", money.NOT_POSITIVE),
        ("0", "USD", money.NOT_POSITIVE),
        ("lots", "USD", money.NOT_A_NUMBER),
        ("NaN", "USD", money.NOT_A_NUMBER),
        ("10.005", "USD", None),
        ("1000.5", "JPY", None),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_saved(rso, value, currency, message):
    donor = make_donor()
    with pytest.raises(ValidationError) as refused:
        pledge_create(
            user=rso,
            donor=donor,
            title="Bad",
            amount=value,
            currency=currency,
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 12, 31),
            themes=["protection"],
        )
    text = " ".join(refused.value.messages)
    assert str(message) in text if message else "decimal places" in text
    assert not Pledge.objects.exists()


def test_a_pledge_period_that_ends_before_it_starts_is_refused(rso):
    with pytest.raises(ValidationError) as refused:
        make_pledge(starts_on=dt.date(2027, 6, 1), ends_on=dt.date(2027, 5, 1))
    assert "must end on or after" in " ".join(refused.value.messages)
    assert not Pledge.objects.exists()


def test_an_unknown_currency_is_refused(rso):
    with pytest.raises(ValidationError):
        make_pledge(currency="XYZ")
    assert not Pledge.objects.exists()


def test_only_the_rso_records_funding(focal_point, director):
    for user in (focal_point, director):
        with pytest.raises(PermissionDenied):
            make_donor(user=user)
    assert not Donor.objects.exists()


def test_a_rate_is_recorded_once_per_day_and_converts_both_ways(rso):
    rate = make_rate("AUD", "USD", "0.65", valid_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        make_rate("AUD", "USD", "0.7", valid_on=dt.date(2026, 1, 1))
    assert ExchangeRate.objects.count() == 1
    on = dt.date(2026, 2, 1)
    assert money.convert(Decimal("100"), "AUD", "USD", on=on).amount == Decimal("65.00")
    back = money.convert(Decimal("65"), "USD", "AUD", on=on)
    assert back.amount == Decimal("100.00") and back.rate == rate
    with pytest.raises(money.NoRate):
        money.convert(Decimal("1"), "AUD", "USD", on=dt.date(2025, 12, 31))  # before the rate


# --- allocations to a session ----------------------------------------------------------------


def test_a_session_is_not_funded_then_partly_then_funded(rso, session):
    assert _status(session) == F.NOT_FUNDED
    pledge = make_pledge(amount="8000.00")
    allocation_create(user=rso, pledge=pledge, session=session, amount="2000.00")
    assert _status(session) == F.PARTIAL
    allocation_create(user=rso, pledge=pledge, session=session, participants=6)
    assert _status(session) == F.FUNDED
    stored = Session.objects.get(pk=session.pk)
    assert stored.funding_covered == Decimal("5000.00")
    assert funding_service.pledge_allocated(pledge) == Decimal("5000.00")


def test_a_course_without_cost_is_funded(jclec, rso):
    from tests.factories import make_course

    session = make_session(make_course(jclec), capacity=10)
    assert _status(session) == F.FUNDED


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"amount": "6000.00"}, "needs only"),
        ({"amount": "-1"}, str(money.NOT_POSITIVE)),
        ({"amount": "abc"}, str(money.NOT_A_NUMBER)),
        ({"amount": "1", "participants": 1}, str(funding_service.AMOUNT_OR_PARTICIPANTS)),
        ({}, str(funding_service.AMOUNT_OR_PARTICIPANTS)),
        ({"participants": "0"}, str(funding_service.PARTICIPANTS_INVALID)),
    ],
)
def test_bad_allocations_are_refused_and_change_nothing(rso, session, kwargs, expected):
    pledge = make_pledge(amount="10000.00")
    with pytest.raises(ValidationError) as refused:
        allocation_create(user=rso, pledge=pledge, session=session, **kwargs)
    assert expected in " ".join(refused.value.messages)
    assert not Allocation.objects.exists()
    assert _status(session) == F.NOT_FUNDED


def test_an_allocation_beyond_the_pledge_is_refused(rso, session):
    pledge = make_pledge(amount="1000.00")
    allocation_create(user=rso, pledge=pledge, session=session, amount="800.00")
    with pytest.raises(ValidationError) as refused:
        allocation_create(user=rso, pledge=pledge, session=session, amount="300.00")
    assert "Only USD 200.00 of this pledge is still free" in refused.value.messages[0]
    assert Allocation.objects.count() == 1


def test_an_allocation_to_a_cancelled_session_is_refused(rso, session):
    session.status = "cancelled"
    session_save(session=session, user=rso)
    with pytest.raises(ValidationError) as refused:
        allocation_create(user=rso, pledge=make_pledge(), session=session, amount="10.00")
    assert refused.value.messages == [str(funding_service.SESSION_CANCELLED)]
    assert not Allocation.objects.exists()


def test_a_currency_without_a_rate_is_refused_then_converted_at_the_recorded_rate(rso, session):
    pledge = make_pledge(amount="10000.00", currency="AUD")
    with pytest.raises(money.NoRate):
        allocation_create(user=rso, pledge=pledge, session=session, amount="1000.00")
    assert not Allocation.objects.exists()
    rate = make_rate("AUD", "USD", "0.6543")
    allocation = allocation_create(user=rso, pledge=pledge, session=session, participants=2)
    # 2 x USD 500 covered; drawn from the pledge at the inverse of the same rate.
    assert allocation.covered == Decimal("1000.00")
    assert allocation.covered_currency == "USD"
    assert allocation.amount == Decimal("1528.35")
    assert allocation.rate == rate
    assert _status(session) == F.PARTIAL


def test_the_pledge_period_and_its_earmarks_must_fit(rso, session):
    later = make_pledge(starts_on=dt.date(2040, 1, 1), ends_on=dt.date(2040, 12, 31))
    with pytest.raises(ValidationError) as refused:
        allocation_create(user=rso, pledge=later, session=session, amount="10.00")
    assert "outside the pledge's period" in refused.value.messages[0]
    prevention = make_pledge(themes=["prevention"])
    with pytest.raises(ValidationError) as refused:
        allocation_create(user=rso, pledge=prevention, session=session, amount="10.00")
    assert "earmarked for Prevention, not Protection" in refused.value.messages[0]
    for_a_member = make_pledge(members=[member("ID")])
    with pytest.raises(ValidationError):
        allocation_create(user=rso, pledge=for_a_member, session=session, amount="10.00")
    assert not Allocation.objects.exists()
    fits = make_pledge(themes=["protection", "prevention"])
    allocation_create(user=rso, pledge=fits, session=session, amount="10.00")


def test_a_release_gives_the_amount_back(rso, session):
    pledge = make_pledge(amount="5000.00")
    allocation = allocation_create(user=rso, pledge=pledge, session=session, amount="5000.00")
    assert _status(session) == F.FUNDED
    allocation_release(user=rso, allocation=allocation, reason="Donor moved it")
    assert _status(session) == F.NOT_FUNDED
    assert funding_service.pledge_allocated(pledge) == 0
    with pytest.raises(ValidationError):
        allocation_release(user=rso, allocation=allocation)


def test_a_raised_capacity_lowers_the_status(rso, session):
    allocation_create(user=rso, pledge=make_pledge(), session=session, amount="5000.00")
    assert _status(session) == F.FUNDED
    session = Session.objects.get(pk=session.pk)
    session.capacity = 20
    session_save(session=session, user=rso)
    assert _status(session) == F.PARTIAL


def test_a_new_cost_per_participant_recomputes_the_status(rso, session, course):
    allocation_create(user=rso, pledge=make_pledge(), session=session, amount="5000.00")
    course.cost_per_participant = Decimal("1000.00")
    course.save_revision(user=rso).publish(user=rso)
    assert _status(session) == F.PARTIAL


# --- needs -------------------------------------------------------------------------------------


def test_a_need_is_linked_then_funded_and_its_session_with_it(
    rso, session, focal_point, django_capture_on_commit_callbacks
):
    need = make_need("ID", focal_point=focal_point, theme="protection", officials=4)
    pledge = make_pledge(amount="3000.00", members=[member("ID")])
    with pytest.raises(ValidationError) as refused:
        allocation_create(user=rso, pledge=pledge, need=need, participants=4)
    assert refused.value.messages == [str(funding_service.NEED_NOT_MATCHED)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        need = need_link(user=rso, need=need, session=session)
    assert need.status == "matched" and need.funding_status == F.NOT_FUNDED
    assert any("is matched" in m.subject and m.to == [focal_point.email] for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        allocation_create(user=rso, pledge=pledge, need=need, participants=4)
    need.refresh_from_db()
    assert need.funding_status == F.FUNDED
    assert need.funding_covered == Decimal("2000.00")
    # Its four officials take four of the session's ten seats: partly funded.
    assert _status(session) == F.PARTIAL
    assert any("Funding for your training need" in m.subject for m in mail.outbox)


def test_a_session_of_another_theme_is_a_warning_the_rso_confirms(rso, session, focal_point):
    need = make_need("ID", focal_point=focal_point, theme="prevention")
    with pytest.raises(ThemeMismatch) as warned:
        need_link(user=rso, need=need, session=session)
    assert "asked for Prevention" in warned.value.messages[0]
    assert TrainingNeed.objects.get(pk=need.pk).status == "open"
    need = need_link(user=rso, need=need, session=session, confirm_theme=True)
    assert need.matched_session_id == session.pk


def test_a_cancelled_session_releases_its_funding_and_opens_its_needs(
    rso, session, focal_point, django_capture_on_commit_callbacks
):
    need = make_need("ID", focal_point=focal_point, theme="protection", officials=2)
    need_link(user=rso, need=need, session=session)
    pledge = make_pledge()
    allocation_create(user=rso, pledge=pledge, session=session, amount="1000.00")
    allocation_create(user=rso, pledge=pledge, need=need, participants=2)
    session = Session.objects.get(pk=session.pk)
    session.status = "cancelled"
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session, user=rso)
    assert not Allocation.objects.filter(session=session, status="active").exists()
    need.refresh_from_db()
    assert need.status == "open" and need.matched_session_id is None
    # The need keeps its allocation for its next match.
    assert need.allocations.filter(status="active").count() == 1


def test_a_focal_point_cannot_link(focal_point, director, session):
    need = make_need("ID", focal_point=focal_point)
    with pytest.raises(PermissionDenied):
        need_link(user=focal_point, need=need, session=session)
    with pytest.raises(PermissionDenied):
        matching_service.need_link(user=director, need=need, session=session)


def test_rate_record_refuses_a_rate_of_zero(rso):
    with pytest.raises(ValidationError):
        rate_record(
            user=rso, currency="AUD", quote_currency="USD", rate="0", valid_on=dt.date(2026, 1, 1)
        )


# --- the data migration ----------------------------------------------------------------------


def test_the_typed_status_becomes_allocations_of_a_placeholder_pledge(rso, course, jclec):
    funded, partial, none = (make_session(course, capacity=10) for _ in range(3))
    Session.objects.filter(pk=funded.pk).update(funding_status="funded")
    Session.objects.filter(pk=partial.pk).update(funding_status="partial")
    migration = importlib.import_module("nominations.migrations.0005_funding_from_typed_status")
    migration.forwards(apps, None)
    assert _status(funded) == F.FUNDED
    assert _status(partial) == F.PARTIAL
    assert _status(none) == F.NOT_FUNDED
    donor = Donor.objects.get(name=migration.LEGACY_DONOR)
    pledge = donor.pledges.get()
    assert pledge.amount == Decimal("7500.00")  # 5,000 for the funded one, half of 5,000
    assert Allocation.objects.filter(pledge=pledge).count() == 2
    assert timezone.localdate() <= pledge.ends_on


def test_a_withdrawn_need_gives_its_funding_back(rso, session, focal_point):
    from nominations.services import need_transition

    need = make_need("ID", focal_point=focal_point, theme="protection", officials=2)
    need_link(user=rso, need=need, session=session)
    pledge = make_pledge(amount="1000.00")
    allocation_create(user=rso, pledge=pledge, need=need, participants=2)
    assert _status(session) == F.PARTIAL
    need_transition(need=need, to="withdrawn", user=focal_point)
    assert funding_service.pledge_allocated(pledge) == 0
    assert _status(session) == F.NOT_FUNDED
