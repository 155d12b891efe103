"""Issuing, bulk issuing, revoking and re-issuing certificates through the services, and
saving templates: the rules, what is kept, what is refused (and then nothing is saved)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.choices import (
    CERTIFICATE_ISSUED,
    CERTIFICATE_REISSUED,
    CERTIFICATE_REVOKED,
    RunStatus,
)
from certificates.exceptions import AlreadyIssued, NotAllowed, RuleBroken
from certificates.models import CODE_BITS, Certificate, CertificateTemplate, IssueRun
from certificates.placeholders import (
    MISSING_PLACEHOLDER,
    TAG_NOT_ALLOWED,
    TAG_NOT_CLOSED,
    UNKNOWN_PLACEHOLDER,
)
from certificates.selectors import normalise_code
from tests.factories import (
    complete,
    issue,
    make_certificate_template,
    make_course,
    make_official,
    make_session,
    nominate,
)

pytestmark = pytest.mark.django_db


def test_a_completed_nomination_gets_a_certificate_that_keeps_what_it_certified(
    completed, director, certificate_template
):
    certificate = issue(completed, user=director)
    assert certificate.name_on_certificate == "ស្រីពេជ្រ សុខ"
    assert certificate.name_latin == "Dewi Lestari"
    assert certificate.training_title == "Countering people smuggling networks"
    assert certificate.centre_name == "Centre JCLEC"
    assert certificate.starts_on == completed.session.wall_start.date()
    assert len(certificate.sha256) == 64 and certificate.pdf.name.endswith(".pdf")
    assert ModelLogEntry.objects.filter(action=CERTIFICATE_ISSUED).count() == 1
    # A later edit of the course changes nothing issued.
    course = completed.session.course
    course.title = "Renamed course"
    course.save_revision().publish()
    certificate.refresh_from_db()
    assert certificate.training_title == "Countering people smuggling networks"


def test_the_code_has_sixty_random_bits_in_a_typable_form(
    completed, director, certificate_template
):
    code = issue(completed, user=director).code
    assert CODE_BITS >= 60
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert normalise_code(code.lower().replace("-", " ")) == code


def test_a_nomination_that_is_not_completed_is_refused(
    jclec, director, focal_point, certificate_template
):
    session = make_session(make_course(jclec))
    nomination = nominate(session, make_official(focal_point=focal_point))
    with pytest.raises(RuleBroken) as error:
        issue(nomination, user=director)
    assert "has not completed" in error.value.messages[0]
    assert not Certificate.objects.exists()


def test_a_second_valid_certificate_is_refused(completed, director, certificate_template):
    first = issue(completed, user=director)
    with pytest.raises(AlreadyIssued) as error:
        issue(completed, user=director)
    assert first.code in error.value.messages[0]
    assert Certificate.objects.count() == 1


def test_the_database_holds_one_valid_certificate_per_trainee_and_session(
    completed, director, certificate_template
):
    first = issue(completed, user=director)
    copy = Certificate.objects.get(pk=first.pk)
    copy.pk, copy.code = None, "ZZZZ-ZZZZ-ZZZ2"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    # A revoked one does not count.
    first.revoked_on, first.revocation_reason = first.issued_on, "test"
    first.save()
    copy.save()


def test_another_centres_director_may_not_issue(completed, other_director, certificate_template):
    with pytest.raises(NotAllowed):
        issue(completed, user=other_director)
    assert not Certificate.objects.exists()


def test_without_a_template_the_director_is_told_to_add_one(completed, director):
    with pytest.raises(RuleBroken) as error:
        issue(completed, user=director)
    assert error.value.messages == [str(services.NO_TEMPLATE)]


def test_revocation_keeps_the_record_with_date_and_reason(
    completed, director, rso, certificate_template
):
    certificate = issue(completed, user=director)
    revoked = services.certificate_revoke(
        certificate=certificate, user=rso, reason="Issued in error"
    )
    assert revoked.is_revoked and revoked.revocation_reason == "Issued in error"
    assert revoked.revoked_by == rso and revoked.revoked_on is not None
    with pytest.raises(RuleBroken):
        services.certificate_revoke(certificate=revoked, user=rso, reason="again")
    with pytest.raises(RuleBroken) as error:
        services.certificate_revoke(certificate=certificate, user=rso, reason="  ")
    assert error.value.messages == [str(services.REASON_REQUIRED)]
    assert ModelLogEntry.objects.filter(action=CERTIFICATE_REVOKED).count() == 1


def test_a_reissue_makes_a_new_code_linked_to_the_old_one_which_is_revoked(
    completed, director, certificate_template
):
    old = issue(completed, user=director)
    official = completed.official
    official.native_name = "ស្រីពេជ្រ សុខា"
    official.save()
    new = services.certificate_reissue(certificate=old, user=director, reason="Name corrected")
    old.refresh_from_db()
    assert new.code != old.code and new.replaces == old and old.replaced_by == new
    assert old.is_revoked and new.code in old.revocation_reason
    assert new.name_on_certificate == "ស្រីពេជ្រ សុខា" and not new.is_revoked
    assert new.sha256 != old.sha256
    assert ModelLogEntry.objects.filter(action=CERTIFICATE_REISSUED).count() == 1


def test_a_bulk_issue_certifies_every_completed_trainee_once_and_counts_its_progress(
    jclec, director, focal_point, certificate_template, django_capture_on_commit_callbacks
):
    session = make_session(make_course(jclec), capacity=30, default_quota=10)
    nominations = [
        complete(nominate(session, make_official(focal_point=focal_point)), director=director)
        for _ in range(4)
    ]
    issue(nominations[0], user=director)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.session_issue_certificates(session=session, user=director)
    run.refresh_from_db()  # the in-process task ran on commit
    assert run.status == RunStatus.FINISHED
    assert (run.total, run.issued, run.skipped, run.failed) == (3, 3, 0, 0)
    assert Certificate.objects.filter(session=session, revoked_on__isnull=True).count() == 4
    with pytest.raises(RuleBroken) as error:
        services.session_issue_certificates(session=session, user=director)
    assert error.value.messages == [str(services.NOTHING_TO_ISSUE)]
    assert IssueRun.objects.count() == 1


def test_a_bulk_issue_of_another_centres_session_is_refused(
    completed, other_director, certificate_template
):
    with pytest.raises(NotAllowed):
        services.session_issue_certificates(session=completed.session, user=other_director)
    assert not IssueRun.objects.exists()


# --- templates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ("<p>{{ trainee }} {{ course }} {{ nickname }}</p>", UNKNOWN_PLACEHOLDER),
        ("<p>{{ course }}</p>", MISSING_PLACEHOLDER),
        ("<p>{{ trainee }} {{ course }}", TAG_NOT_CLOSED),
        ('<p>{{ trainee }} {{ course }}</p><img src="http://example.org/x.png">', TAG_NOT_ALLOWED),
    ],
)
def test_a_template_with_bad_wording_is_refused_with_the_reason(rso, jclec, wording, message):
    with pytest.raises(ValidationError) as error:
        make_certificate_template(centre=jclec, user=rso, wording=wording)
    reason = str(message).split("%")[0]
    assert any(text.startswith(reason) for text in error.value.messages), error.value.messages
    assert not CertificateTemplate.objects.exists()


def test_a_template_too_long_for_one_page_is_refused(rso, jclec):
    wording = "<p>{{ trainee }} {{ course }}</p>" + "<p>Lorem ipsum dolor sit amet.</p>" * 80
    with pytest.raises(ValidationError) as error:
        make_certificate_template(centre=jclec, user=rso, wording=wording)
    assert "pages" in error.value.messages[0]
    assert not CertificateTemplate.objects.exists()


def test_a_director_keeps_to_their_centres_templates(director, jclec, jeju):
    with pytest.raises(NotAllowed):
        make_certificate_template(centre=jeju, user=director)
    with pytest.raises(NotAllowed):
        make_certificate_template(centre=None, user=director)
    assert make_certificate_template(centre=jclec, user=director).centre == jclec
