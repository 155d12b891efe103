"""One journey per role in a real Chromium: sign in, land on the portal, see only one's scope."""

import pytest

from certificates.models import Certificate
from tests.browser import Visit
from tests.factories import PASSWORD

# serialized_rollback: the flush after each test must restore the migrated members and pages.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _text(page):
    return page.locator("main").inner_text()


def test_rso_sees_every_centre(page, live_server, request, rso, jclec, jeju):
    visit = Visit.for_test(page, live_server, request)
    visit.open("/", "home")
    visit.sign_in("rso", PASSWORD)
    assert page.url == live_server.url + "/portal/"
    text = _text(page)
    assert "RSO coordinator portal" in text
    assert "Centre JCLEC" in text and "Centre CIFAL Jeju" in text
    assert page.get_by_role("link", name="Open the administration").is_visible()


def test_director_sees_only_their_centre(page, live_server, request, director, jeju):
    visit = Visit.for_test(page, live_server, request)
    visit.sign_in("director.jclec", PASSWORD)
    text = _text(page)
    assert "Training director portal" in text
    assert "Centre JCLEC" in text
    assert "CIFAL Jeju" not in text


def test_focal_point_sees_only_their_countrys_officials(
    page, live_server, request, focal_point, trainee, other_trainee
):
    visit = Visit.for_test(page, live_server, request)
    visit.sign_in("focal.id", PASSWORD)
    text = _text(page)
    assert "National focal point portal" in text
    assert "Dewi Lestari" in text
    assert "Nattaya" not in text


def test_trainee_sees_own_certificate_and_anyone_can_verify_it(
    page, live_server, request, trainee, other_trainee
):
    for person, code in ((trainee, "JCLE-CDEM-7K4P"), (other_trainee, "THAI-CERT-2345")):
        Certificate.objects.create(
            code=code,
            trainee=person,
            name_on_certificate=person.get_full_name(),
            training_title="Frontline border officer induction",
            centre_name="JCLEC",
            issued_on="2026-06-12",
        )
    visit = Visit.for_test(page, live_server, request)
    visit.sign_in("trainee.id", PASSWORD)
    text = _text(page)
    assert "Trainee portal" in text
    assert "JCLE-CDEM-7K4P" in text and "THAI-CERT-2345" not in text

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    visit.open("/certificates/verify/", "verify-form")
    page.get_by_label("Certificate code").fill("jcle-cdem-7k4p")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()
    visit.check("verify-result")
    assert "Valid certificate" in _text(page) and "Dewi Lestari" in _text(page)


def test_wrong_password_keeps_the_visitor_out(page, live_server, request, trainee):
    visit = Visit.for_test(page, live_server, request)
    visit.sign_in("trainee.id", "wrong-password")
    assert page.url.startswith(live_server.url + "/accounts/login/")
    assert "did not match" in _text(page)
    visit.open("/portal/", "portal-redirects-to-sign-in")
    assert "/accounts/login/" in page.url


def test_visitor_browses_catalogue_curriculum_course_and_session(page, live_server, request, jclec):
    from tests.factories import make_course, make_curriculum, make_session

    curriculum = make_curriculum(codes=("ITSN-01", "ITSN-02"), title="Interviewing techniques")
    course = make_course(
        jclec,
        title="Interviewing children on the move",
        theme="protection",
        modules=list(curriculum.modules.all()),
        topics=("interviewing",),
    )
    session = make_session(course)
    visit = Visit.for_test(page, live_server, request)
    visit.open("/catalogue/", "catalogue")
    page.get_by_label("Protection").check()
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_load_state()
    visit.check("catalogue-filtered")
    assert "theme=protection" in page.url
    assert "Interviewing children on the move" in _text(page)
    page.get_by_role("link", name="Interviewing children on the move").click()
    page.wait_for_load_state()
    visit.check("course")
    assert "ITSN-01" in _text(page)
    visit.open(f"/sessions/{session.pk}/", "session")
    assert "Open for nominations now" in _text(page)
    assert "Not taking nominations now" not in _text(page)
    visit.open(curriculum.url, "curriculum")
    assert "Interviewing children on the move" in _text(page)
    visit.open(jclec.url, "centre")
    visit.open("/curricula/", "curricula")
