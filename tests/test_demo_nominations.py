"""The demo nominations: every status of a need and of a nomination, a full session with its
waitlist open, completed trainees on a session that is over; the quota and capacity rules
hold, and loading twice creates nothing."""

import io
import unicodedata
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.choices import SessionStatus
from courses.models import Session
from nominations.choices import (
    LIVE_STATUSES,
    QUOTA_STATUSES,
    SEAT_STATUSES,
    NeedStatus,
    NominationStatus,
)
from nominations.models import Nomination, Official, TrainingNeed
from tests.factories import make_user
from training_hub.demo import DEMO_PASSWORD
from training_hub.demo import nominations as demo_nominations
from training_hub.demo.catalogue import load_demo_catalogue
from training_hub.demo.nominations import DemoNominationsError, load_demo_nominations
from training_hub.models import User
from training_hub.roles import Role

pytestmark = pytest.mark.django_db

N = NominationStatus
OFFICIAL_LOGINS = ["dewi.sari@imigrasi.example.org", "kanya.srisawat@immigration.example.org"]


def _load():
    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def demo():
    _load()


def _snapshot():
    return {
        "nominations": sorted(Nomination.objects.values_list("pk", "status", "version")),
        "officials": Official.objects.count(),
        "needs": sorted(TrainingNeed.objects.values_list("pk", "status")),
        "users": User.objects.count(),
        "seats": sorted(Session.objects.values_list("pk", "seats_taken", "status")),
        "log": ModelLogEntry.objects.count(),
    }


def test_every_status_a_full_session_s_waitlist_and_completed_trainees_are_there(client, demo):
    assert set(Nomination.objects.values_list("status", flat=True)) == set(N.values)
    assert set(TrainingNeed.objects.values_list("status", flat=True)) == set(NeedStatus.values)
    # Several scripts, each official with their name in it.
    scripts = {
        unicodedata.name(char).split()[0]
        for name in Official.objects.values_list("native_name", flat=True)
        for char in name
        if char.isalpha()
    }
    assert {"LATIN", "THAI", "KHMER"} <= scripts
    assert Official.objects.filter(native_name__contains="ễ").exists()  # Vietnamese
    assert not Official.objects.filter(native_name="").exists()
    members = set(Official.objects.values_list("member__code", flat=True))
    assert members == {"ID", "TH", "VN", "KH", "PH"}

    # A full session that still takes nominations, its waitlist open, says so.
    now = timezone.now()
    full = [
        s
        for s in Session.objects.filter(nominations__status=N.WAITLISTED).distinct()
        if s.is_full and s.is_open_for_nominations(now)
    ]
    assert full, "no full session with a waitlist that still takes nominations"
    assert full[0].nominations.filter(status=N.WAITLISTED).count() >= 2
    html = client.get(f"/sessions/{full[0].pk}/").content.decode()
    assert '<dd data-seats-left="0">Full, waitlist open</dd>' in html

    # Completed trainees sat a session that is over, stored as the catalogue stores those;
    # they were submitted in its window, decided and confirmed before it started.
    completed = Nomination.objects.filter(status=N.COMPLETED).select_related("session")
    assert completed.count() >= 3
    for nomination in completed:
        session = nomination.session
        assert session.ends_at < now
        assert session.status == SessionStatus.COMPLETED
        assert session.nominations_open_at <= nomination.submitted_at
        assert nomination.submitted_at < session.nominations_close_at
        assert nomination.decided_at < session.starts_at
        assert nomination.confirmed_at is None or nomination.confirmed_at < session.starts_at


def _assert_seats_and_quotas_obey_the_rules():
    sessions = Session.objects.filter(nominations__isnull=False).distinct()
    assert sessions.count() >= 4
    for session in sessions.prefetch_related("quotas"):
        seated = session.nominations.filter(status__in=SEAT_STATUSES).count()
        assert session.seats_taken == seated <= session.capacity, session
        counted = (
            session.nominations.filter(status__in=QUOTA_STATUSES)
            .values("member")
            .annotate(n=Count("pk"))
        )
        for row in counted:
            nomination = session.nominations.filter(member=row["member"]).first()
            assert row["n"] <= session.quota_for(nomination.member), (session, nomination.member)
        live = Counter(
            session.nominations.filter(status__in=LIVE_STATUSES).values_list("official", flat=True)
        )
        assert max(live.values()) == 1
    # Every nomination is of the nominating member's official.
    assert not Nomination.objects.exclude(official__member=F("member")).exists()


def test_the_rules_hold_and_loading_twice_creates_nothing(demo):
    _assert_seats_and_quotas_obey_the_rules()
    before = _snapshot()
    assert before["nominations"]
    _load()
    assert _snapshot() == before
    _assert_seats_and_quotas_obey_the_rules()


def test_officials_with_a_login_sign_in_and_hold_places_in_several_statuses(client, demo):
    for username in OFFICIAL_LOGINS:
        response = client.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        statuses = set(
            Nomination.objects.filter(official__user__username=username).values_list(
                "status", flat=True
            )
        )
        assert {N.CONFIRMED, N.ACCEPTED, N.COMPLETED} <= statuses
        client.logout()
    # Officials without one keep the unusable password they were registered with.
    assert not User.objects.get(username="agus.setiawan@imigrasi.example.org").has_usable_password()


def test_a_session_the_catalogue_lacks_is_refused_naming_its_entry(tmp_path, monkeypatch):
    text = demo_nominations.NOMINATIONS.read_text(encoding="utf-8")
    broken = tmp_path / "nominations.toml"
    broken.write_text(text.replace('start = "+80d"', 'start = "+81d"', 1), encoding="utf-8")
    monkeypatch.setattr(demo_nominations, "NOMINATIONS", broken)
    rso = make_user(Role.RSO)
    load_demo_catalogue(user=rso)
    with pytest.raises(DemoNominationsError) as refused:
        load_demo_nominations(user=rso, password="x")
    message = str(refused.value)
    assert "session 3 (identity-management-and-document-security, +81d)" in message
    assert "catalogue.toml has no session" in message
    # Refused as a whole: nothing of the load is kept, not even the sessions loaded before.
    assert not Official.objects.exists() and not TrainingNeed.objects.exists()
    assert not Nomination.objects.exists()


# Committed as `make run` commits, so that the e-mails go out (after commit) during the load.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_loading_the_demo_keeps_its_e_mails_and_says_how_many(mailoutbox):
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    (line,) = [line for line in out.getvalue().splitlines() if "e-mail(s)" in line]
    assert int(line.split(" wrote ")[1].split()[0]) > 0
    assert mailoutbox == []
