"""Members loaded by migration, and demo data that can be loaded twice."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from courses.models import CentrePage
from training_hub.demo import DEMO_LOGINS, DEMO_PASSWORD
from training_hub.models import Member, User
from training_hub.roles import Role

pytestmark = pytest.mark.django_db
MEMBERS_CSV = Path(__file__).parent.parent / "training_hub" / "data" / "bali_process_members.csv"


def test_every_listed_member_is_loaded_with_its_code():
    with MEMBERS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 49
    loaded = dict(Member.objects.values_list("code", "name"))
    for row in rows:
        assert loaded[row["code"]] == row["name"]
    assert Member.objects.get(code="TR").name == "Türkiye"
    assert Member.objects.get(code="UNHCR").kind == Member.Kind.ORGANISATION


def test_demo_data_is_idempotent_and_prints_a_login_per_role(client):
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    counts = (User.objects.count(), CentrePage.objects.count(), Certificate.objects.count())
    call_command("load_demo_data", stdout=StringIO())
    assert (User.objects.count(), CentrePage.objects.count(), Certificate.objects.count()) == counts
    for username in DEMO_LOGINS.values():
        assert username in out.getvalue()
        response = client.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302 and response["Location"] == "/portal/"
        client.logout()


def test_demo_centres_are_created_by_the_rso_and_given_to_their_directors():
    call_command("load_demo_data", stdout=StringIO())
    rso = User.objects.get(username=DEMO_LOGINS[Role.RSO])
    assert {centre.latest_revision.user for centre in CentrePage.objects.all()} == {rso}
    for username, slug in (("director.jclec", "jclec"), ("director.jeju", "cifal-jeju")):
        director = User.objects.get(username=username)
        assert list(director.centres.values_list("slug", flat=True)) == [slug]
