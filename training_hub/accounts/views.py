"""Sign-in, lockout and the per-role portal."""

import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from ..portal import render_portal_panels
from ..roles import Role
from ..scopes import scope_for

# One message for every failed sign-in, whether or not the account exists.
LOGIN_FAILED = _("That username and password did not match. Check both and try again.")
LOGIN_LOCKED = _(
    "Too many failed sign-ins for this username from your address. "
    "Wait a few minutes, or reset your password."
)
NO_ROLE = _("Your account has no role yet. Ask the Regional Support Office to assign one.")


class HubAuthenticationForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": LOGIN_FAILED}


class LoginView(auth_views.LoginView):
    form_class = HubAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self):
        """Where the person was going, in the language kept on their account."""
        url = super().get_success_url()
        language = getattr(self.request.user, "language", "") or settings.LANGUAGE_CODE
        return translate_url(url, language)


class HubPasswordResetForm(PasswordResetForm):
    """Django's reset, which also reaches a trainee whose account has no password yet: the
    focal point registered the address, and the e-mail proves the person holds it, as the
    invitation's link does. Other accounts without a usable password stay out."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        for user in users:
            # As Django's: the address must match once both are normalised, not only by the
            # database's case folding (a look-alike letter must not receive the link).
            same = _folded(email) == _folded(user.email)
            if same and (user.has_usable_password() or user.role == Role.TRAINEE):
                yield user

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # In the language the person chose, as every e-mail of ours (the link too).
        with translation.override(context["user"].language or settings.LANGUAGE_CODE):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


def _folded(text):
    return unicodedata.normalize("NFKC", text).casefold()


class PasswordResetView(auth_views.PasswordResetView):
    form_class = HubPasswordResetForm


def lockout_response(request, credentials=None, *args, **kwargs):
    """Axes calls this instead of authenticating a locked-out username/address pair."""
    form = HubAuthenticationForm(request, data=request.POST or None)
    form.is_valid = lambda: False  # never authenticate while locked out
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_message": LOGIN_LOCKED},
        status=429,
    )


PORTAL_TEMPLATES = {
    Role.RSO: "training_hub/portal_rso.html",
    Role.DIRECTOR: "training_hub/portal_director.html",
    Role.FOCAL_POINT: "training_hub/portal_focal_point.html",
    Role.TRAINEE: "training_hub/portal_trainee.html",
}


@login_required
@cache_control(private=True, no_store=True)
def portal(request):
    """The landing page after sign-in: what this role does, and the panels apps add for it."""
    scope = scope_for(request.user)
    template = PORTAL_TEMPLATES.get(scope.role)
    if template is None:
        return render(request, "training_hub/portal_none.html", {"message": NO_ROLE})
    context = {
        "scope": scope,
        "role_label": Role(scope.role).label,
        "panels": render_portal_panels(request, scope),
    }
    return render(request, template, context)
