"""Two (or six) people press "issue" for the same trainee at once, on PostgreSQL: exactly
one valid certificate comes out, every other request is refused with a message, and no
PDF file is left behind for the refused ones.

The threads lay their PDFs out, then meet at a barrier and write together. The service
locks the nomination and checks again inside the transaction; the partial unique
constraint (one valid certificate per trainee and session) holds even when that check is
skipped. The control drops the constraint and skips the check: the race then makes
duplicates, so the test can fail.
"""

import threading

import pytest
from django.db import IntegrityError, connection, connections

from certificates.exceptions import AlreadyIssued
from certificates.models import Certificate
from certificates.services import issuing
from certificates.storage import certificate_storage

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 6
CONSTRAINT = "one_valid_certificate_per_trainee_and_session"


def _race(nomination, user, monkeypatch):
    barrier = threading.Barrier(THREADS)
    original = issuing.new_certificate

    def rendered_then_wait(*args, **kwargs):
        made = original(*args, **kwargs)
        barrier.wait(timeout=60)
        return made

    monkeypatch.setattr(issuing, "new_certificate", rendered_then_wait)
    outcomes = []

    def run():
        try:
            issuing.certificate_issue(nomination=nomination, user=user)
            outcomes.append("issued")
        except AlreadyIssued:
            outcomes.append("refused")
        except IntegrityError:
            outcomes.append("integrity")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return sorted(outcomes)


def _valid(nomination):
    return Certificate.objects.filter(nomination=nomination, revoked_on__isnull=True).count()


def _files():
    storage = certificate_storage()
    found = []

    def walk(folder):
        folders, files = storage.listdir(folder)
        found.extend(f"{folder}/{name}".lstrip("/") for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}".lstrip("/"))

    walk("")
    return found


def test_pressing_issue_at_once_gives_one_certificate(
    completed, director, certificate_template, monkeypatch
):
    before = set(_files())
    outcomes = _race(completed, director, monkeypatch)
    assert outcomes == ["issued"] + ["refused"] * (THREADS - 1)
    assert _valid(completed) == 1
    certificate = Certificate.objects.get(nomination=completed)
    assert set(_files()) - before == {certificate.pdf.name}


def test_the_constraint_holds_without_the_services_check(
    completed, director, certificate_template, monkeypatch
):
    monkeypatch.setattr(issuing, "check_none_valid", lambda nomination: None)
    before = set(_files())
    outcomes = _race(completed, director, monkeypatch)
    assert outcomes == ["integrity"] * (THREADS - 1) + ["issued"]
    assert _valid(completed) == 1
    assert len(set(_files()) - before) == 1


def test_control_without_the_constraint_the_race_makes_duplicates(
    completed, director, certificate_template, monkeypatch
):
    table = Certificate._meta.db_table
    monkeypatch.setattr(issuing, "check_none_valid", lambda nomination: None)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{CONSTRAINT}"')
    try:
        outcomes = _race(completed, director, monkeypatch)
        assert outcomes == ["issued"] * THREADS
        assert _valid(completed) == THREADS
    finally:
        Certificate.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f'CREATE UNIQUE INDEX "{CONSTRAINT}" ON "{table}" (trainee_id, session_id) '
                "WHERE revoked_on IS NULL"
            )
