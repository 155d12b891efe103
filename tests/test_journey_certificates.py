"""The certificates journey in a real Chromium, axe-checked on the site's pages: a director
issues the certificates of a completed session in bulk; a trainee downloads theirs from
the portal; a stranger verifies it by code, by its QR code and by uploading the PDF; the
RSO revokes it, and its verification page says so."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from tests import pdf_tools
from tests.browser import Visit
from tests.conftest import service_missing
from tests.factories import (
    PASSWORD,
    complete,
    make_certificate_template,
    make_course,
    make_official,
    make_session,
    nominate,
    official_for,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAMES = ("Nguyễn Thị Lan", "ស្រីពេជ្រ សុខ", "กัญญา ศรีสวัสดิ์", "Siti Rahma")


def test_director_issues_in_bulk_trainee_downloads_stranger_verifies_rso_revokes(
    page, live_server, request, settings, tmp_path, jclec, director, rso, trainee, focal_point
):
    if pdf_tools.missing_tools():
        service_missing(f"{', '.join(pdf_tools.missing_tools())} (run scripts/system-deps.sh)")
    # The printed address and the QR code point at this server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    make_certificate_template(centre=jclec, user=rso, name="JCLEC certificate")
    course = make_course(jclec, title="Countering people smuggling networks")
    session = make_session(course, capacity=10, default_quota=5)
    own = official_for(trainee, native_name="Dewi Lestari")
    officials = [own] + [
        make_official(focal_point=focal_point, name=f"Official {n}", native_name=name)
        for n, name in enumerate(NAMES)
    ]
    for official in officials:
        complete(nominate(session, official), director=director)
    visit = Visit.for_test(page, live_server, request)

    # The director finds the session and issues its five certificates at once.
    visit.sign_in("director.jclec", PASSWORD)
    visit.open("/portal/", "director-portal")
    page.locator("a[href^='/admin/certificates/sessions/']", has_text=course.title).click()
    page.wait_for_load_state()
    visit.check("session-to-issue", accessibility=False)
    expect(page.get_by_role("heading", name="5 completed trainees")).to_be_visible()
    page.get_by_role("button", name="Issue all 5 missing certificates").click()
    page.wait_for_load_state()
    visit.check("issued", accessibility=False)
    expect(page.locator("#run")).to_contain_text("5 of 5 done: 5 issued")
    assert Certificate.objects.filter(session=session, revoked_on__isnull=True).count() == 5
    page.context.clear_cookies()

    # The trainee downloads theirs from the portal.
    certificate = Certificate.objects.get(session=session, trainee=trainee)
    visit.sign_in("trainee.id", PASSWORD)
    visit.open("/portal/", "trainee-portal")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"PDF of certificate {certificate.code}").click()
    pdf_path = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == certificate.sha256
    page.context.clear_cookies()

    # A stranger verifies it by its code, typed as people type.
    visit.open("/certificates/verify/", "verify")
    page.get_by_label("Certificate code").fill(certificate.code.lower().replace("-", " "))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()
    visit.check("verified-by-code")
    expect(page.get_by_role("heading", name="Valid certificate")).to_be_visible()
    expect(page.locator(".verdict")).to_contain_text("Countering people smuggling networks")

    # By the QR code printed on it.
    (address,) = pdf_tools.qr_codes(pdf_tools.raster(pdf, dpi=150))
    assert address.startswith(live_server.url)
    visit.open(address.removeprefix(live_server.url), "verified-by-qr")
    expect(page.get_by_role("heading", name="Valid certificate")).to_be_visible()
    expect(page.locator(".verdict")).to_contain_text("Dewi Lestari")

    # By uploading the PDF.
    page.get_by_label("The certificate's PDF").set_input_files(str(pdf_path))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    visit.check("verified-by-file")
    expect(page.locator("#file-verdict")).to_contain_text("exactly the PDF that was issued")
    expect(page.locator("#file-verdict")).to_contain_text("signature is intact")

    # The RSO revokes it.
    visit.sign_in("rso", PASSWORD)
    visit.open(f"/admin/certificates/inspect/{certificate.pk}/", "inspect", accessibility=False)
    page.get_by_label("Reason").fill("Issued in error")
    page.get_by_role("button", name="Revoke", exact=True).click()
    page.wait_for_load_state()
    visit.check("revoked", accessibility=False)
    page.context.clear_cookies()

    # Its verification page says so.
    visit.open(f"/certificates/verify/{certificate.code}/", "verify-revoked")
    expect(
        page.get_by_role("heading", name=re.compile("This certificate was revoked on"))
    ).to_be_visible()
    expect(page.locator(".verdict")).to_contain_text("Issued in error")
