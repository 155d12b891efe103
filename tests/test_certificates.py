"""Public verification of a certificate by its code."""

import pytest

from certificates.models import Certificate
from certificates.views import CODE_MALFORMED, CODE_NOT_FOUND

pytestmark = pytest.mark.django_db
URL = "/certificates/verify/"


@pytest.fixture
def certificate(trainee):
    return Certificate.objects.create(
        code="JCLE-CDEM-7K4P",
        trainee=trainee,
        name_on_certificate="Dewi Lestari",
        training_title="Frontline border officer induction",
        centre_name="JCLEC",
        issued_on="2026-06-12",
    )


def test_valid_code_shows_the_holder_as_typed_in_any_case(client, certificate):
    html = client.get(URL, {"code": "jcle cdem 7k4p"}).content.decode()
    assert "Valid certificate" in html and "Dewi Lestari" in html


def test_revoked_certificate_says_so(client, certificate):
    certificate.revoked_on = "2026-07-01"
    certificate.revocation_reason = "Issued in error"
    certificate.save()
    html = client.get(URL, {"code": certificate.code}).content.decode()
    assert "revoked on 1 July 2026" in html and "Valid certificate" not in html


def test_unknown_code_is_reported_on_the_field(client, certificate):
    html = client.get(URL, {"code": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
    assert str(CODE_NOT_FOUND) in html and "Dewi" not in html


def test_malformed_code_is_reported(client):
    html = client.get(URL, {"code": "12"}).content.decode()
    assert str(CODE_MALFORMED) in html


def test_empty_form_shows_no_error(client):
    html = client.get(URL).content.decode()
    assert "errorlist" not in html
