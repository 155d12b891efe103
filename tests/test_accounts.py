"""Sign-in, lockout, password reset and sign-out."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD
from training_hub.accounts.views import LOGIN_FAILED, LOGIN_LOCKED

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_lands_on_the_portal(client, focal_point):
    response = _login(client, "focal.id", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal")


def test_wrong_password_and_unknown_account_look_the_same(client, focal_point):
    wrong = _login(client, "focal.id", "not-the-password")
    unknown = _login(client, "nobody.here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert str(LOGIN_FAILED) in wrong.content.decode()
    assert str(LOGIN_FAILED) in unknown.content.decode()
    strip = lambda r: re.sub(r'value="[^"]*"', "", r.content.decode())  # noqa: E731
    assert strip(wrong) == strip(unknown)


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, settings, trainee):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "trainee.id", "guess")
    locked = _login(client, "trainee.id", PASSWORD)
    assert locked.status_code == 429
    assert str(LOGIN_LOCKED) in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_reveal_whether_the_account_exists(client, settings, trainee):
    for username in ("trainee.id", "ghost"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, username, "guess")
    real = _login(client, "trainee.id", "guess")
    ghost = _login(client, "ghost", "guess")
    assert real.status_code == ghost.status_code == 429


def test_password_reset_mails_a_working_link(client, trainee):
    response = client.post(reverse("password_reset"), {"email": trainee.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert done.status_code == 302
    client.logout()
    assert _login(client, "trainee.id", "a-new-long-passphrase").status_code == 302


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing(client, trainee):
    known = client.post(reverse("password_reset"), {"email": trainee.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_sign_out_needs_post_and_ends_the_session(client, trainee):
    client.force_login(trainee)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("portal")).status_code == 302
