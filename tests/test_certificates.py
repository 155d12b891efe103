"""Public verification of a certificate: by code (typed, or the printed address the QR code
holds), as a page or JSON, by uploading its PDF; rate limited per client; unknown and
malformed codes answered alike. And the scoped downloads: PDF and Open Badge."""

import hashlib
import html
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from certificates import badges, services
from certificates.views import (
    CODE_NOT_FOUND,
    FILE_MATCHES,
    FILE_UNKNOWN,
    NOT_A_PDF,
    TOO_LARGE,
    TOO_MANY,
)
from tests.factories import issue, make_user
from training_hub.roles import Role

pytestmark = pytest.mark.django_db
URL = "/certificates/verify/"


@pytest.fixture
def certificate(completed, director, certificate_template):
    return issue(completed, user=director)


@pytest.fixture
def pdf(certificate):
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def test_valid_code_shows_the_holder_as_typed_in_any_case(client, certificate):
    code = certificate.code.lower().replace("-", " ")
    html = client.get(URL, {"code": code}).content.decode()
    assert "Valid certificate" in html and "ស្រីពេជ្រ សុខ" in html and "Dewi Lestari" in html
    assert "Countering people smuggling networks" in html and "Centre JCLEC" in html


def test_the_printed_address_shows_the_verdict(client, certificate):
    response = client.get(services.verify_url(certificate.code).split("8000", 1)[1])
    assert response.status_code == 200
    assert "Valid certificate" in response.content.decode()


def test_json_gives_the_same_and_only_that(client, certificate):
    data = client.get(f"{URL}{certificate.code}/", {"format": "json"}).json()
    assert data["status"] == "valid" and data["name"] == "ស្រីពេជ្រ សុខ"
    assert data["course"] == "Countering people smuggling networks"
    assert data["starts_on"] == certificate.starts_on.isoformat()
    assert set(data) == {
        "code", "status", "name", "name_latin", "course", "starts_on", "ends_on", "centre",
        "issued_on", "revoked_on", "revocation_reason",
    }  # fmt: skip
    assert "trainee.id@example.org" not in json.dumps(data)


def test_revoked_certificate_says_so_with_date_and_reason(client, certificate, rso):
    services.certificate_revoke(certificate=certificate, user=rso, reason="Issued in error")
    html = client.get(URL, {"code": certificate.code}).content.decode()
    assert "was revoked on" in html and "Issued in error" in html
    assert "Valid certificate" not in html
    data = client.get(f"{URL}{certificate.code}/?format=json").json()
    assert data["status"] == "revoked" and data["revocation_reason"] == "Issued in error"


def test_a_reissued_certificate_points_to_its_replacement(client, certificate, director):
    new = services.certificate_reissue(certificate=certificate, user=director, reason="Typo")
    html = client.get(URL, {"code": certificate.code}).content.decode()
    assert "was revoked on" in html and new.code in html


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ-ZZZZ", "12", "abcd-efgh-jklm-nnnn", "<script>"])
def test_unknown_and_malformed_codes_get_the_same_answer(client, certificate, code):
    response = client.get(URL, {"code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert str(CODE_NOT_FOUND) in html and "Dewi" not in html and "ស្រីពេជ្រ" not in html
    data = client.get(URL, {"code": code, "format": "json"})
    assert data.status_code == 404 and data.json() == {"status": "not_found"}


def test_empty_form_shows_no_error(client):
    html = client.get(URL).content.decode()
    assert "errorlist" not in html


def test_guessing_codes_is_throttled_per_client(client, settings, certificate):
    settings.TRAINING_HUB_VERIFY_RATE = "5/m"
    cache.clear()
    for n in range(5):
        assert client.get(URL, {"code": f"ZZZZ-ZZZZ-ZZZ{n + 2}"}).status_code == 200
    limited = client.get(URL, {"code": certificate.code})
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert str(TOO_MANY) in limited.content.decode() and "Dewi" not in limited.content.decode()
    assert client.get(URL, {"code": "x", "format": "json"}).status_code == 429
    # Another client is not held back.
    other = client.get(URL, {"code": certificate.code}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200 and "Valid certificate" in other.content.decode()


def test_the_form_alone_is_not_counted(client, settings):
    settings.TRAINING_HUB_VERIFY_RATE = "2/m"
    cache.clear()
    for _ in range(5):
        assert client.get(URL).status_code == 200


# --- by uploading the PDF ------------------------------------------------------------------


def _upload(client, data, name="certificate.pdf"):
    return client.post(f"{URL}file/", {"file": SimpleUploadedFile(name, data, "application/pdf")})


def test_the_issued_pdf_is_recognised(client, certificate, pdf):
    html = _upload(client, pdf).content.decode()
    assert str(FILE_MATCHES) in html and certificate.code in html
    assert "signature is intact" in html


def test_a_changed_pdf_is_not(client, certificate, pdf):
    at = pdf.index(b"/Title (") + len(b"/Title (")
    changed = pdf[:at] + bytes([pdf[at] ^ 1]) + pdf[at + 1 :]
    html = _upload(client, changed).content.decode()
    assert str(FILE_UNKNOWN) in html and certificate.code not in html
    assert "does not hold" in html


def test_a_file_that_is_not_a_pdf_gets_a_clear_message(client, certificate):
    response = _upload(client, b"GIF89a not a certificate", "photo.pdf")
    assert response.status_code == 400
    assert str(NOT_A_PDF) in html.unescape(response.content.decode())


def test_a_file_over_ten_megabytes_gets_a_clear_message(client, certificate):
    response = _upload(client, b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1))
    assert response.status_code == 413 and str(TOO_LARGE) in response.content.decode()


def test_uploads_are_throttled_too(client, settings, pdf):
    settings.TRAINING_HUB_VERIFY_RATE = "2/m"
    cache.clear()
    assert _upload(client, pdf).status_code == 200
    assert _upload(client, pdf).status_code == 200
    assert _upload(client, pdf).status_code == 429


# --- downloads -----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["pdf/", "badge.jwt", "badge.json"])
def test_downloads_per_role(
    client, certificate, suffix, trainee, focal_point, director, rso, other_trainee,
    other_focal_point, other_director,
):  # fmt: skip
    url = f"/certificates/{certificate.pk}/{suffix}"
    allowed = (trainee, focal_point, director, rso)
    refused = (other_trainee, other_focal_point, other_director, make_user(Role.TRAINEE))
    for user in allowed:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert "no-store" in response["Cache-Control"]
        # Not response.close(): it ends the request, and with it the test's connection.
    for user in refused:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404, user
        body = b"".join(response) if response.streaming else response.content
        assert b"Lestari" not in body and "ស្រីពេជ្រ".encode() not in body
    client.logout()
    assert client.get(url).status_code == 404


def test_the_downloaded_pdf_is_the_issued_one(client, certificate, trainee, pdf):
    client.force_login(trainee)
    response = client.get(f"/certificates/{certificate.pk}/pdf/")
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == certificate.sha256 and body == pdf
    assert f"certificate-{certificate.code}.pdf" in response["Content-Disposition"]


def test_the_open_badge_verifies_with_the_issuers_published_key(client, certificate, trainee):
    client.force_login(trainee)
    token = client.get(f"/certificates/{certificate.pk}/badge.jwt").content.decode()
    client.logout()
    keys = client.get("/certificates/issuer/jwks.json").json()["keys"]
    claims = badges.verify_token(token, keys[0])
    credential = claims["vc"]
    assert "OpenBadgeCredential" in credential["type"]
    assert claims["iss"] == credential["issuer"]["id"] == badges.issuer_id()
    assert credential["credentialSubject"]["achievement"]["name"] == certificate.training_title
    assert credential["credentialStatus"]["id"].endswith(f"/{certificate.code}/?format=json")
    profile = client.get("/certificates/issuer/").json()
    assert profile["id"] == badges.issuer_id() and profile["publicKey"].endswith("jwks.json")
    # A changed payload does not verify.
    header, payload, signature = token.split(".")
    forged = ".".join(
        [header, payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB"), signature]
    )
    with pytest.raises(Exception):  # noqa: B017 (jwcrypto raises several kinds)
        badges.verify_token(forged, keys[0])
