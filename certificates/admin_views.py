"""The admin's issuing screens: the sessions of one's centres with completed trainees, one
session's trainees with their certificates (issue one, or all as a background task whose
progress the page shows), and the revoke / re-issue actions of a certificate's page.

Everything is read through `selectors` (another centre's session is a 404) and every
write goes through `services`; a refusal is shown as a message and changes nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from courses.selectors import sessions_managed_by

from . import selectors, services
from .forms import ReasonForm, TemplateChoiceForm
from .models import Certificate
from .permissions import CERTIFICATE_POLICY

ISSUED = _("Certificate %(code)s issued to %(name)s.")
RUN_STARTED = _("Issuing %(count)s certificates. This page shows the progress; you may leave it.")
RUN_ALREADY = _("Certificates for this session are already being issued.")
REVOKED = _("Certificate %(code)s is revoked.")
REISSUED = _("Certificate %(code)s replaces %(old)s, which is revoked.")
NO_SUCH_ACTION = _("Choose one of the actions offered.")
# Seconds between two refreshes of a session's page while its certificates are issued.
REFRESH_SECONDS = 2


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error.args[0]) if error.args else str(_("This is not allowed."))


class IssueSessionsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Sessions of the user's centres with completed trainees, and how many hold one."""

    model = Certificate
    any_permission_required = ["view"]
    permission_policy = CERTIFICATE_POLICY
    template_name = "certificates/admin/sessions.html"
    header_icon = "doc-full-inverse"
    page_title = _("Issue certificates")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("certificates_admin:index"), "label": _("Certificates")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for session in selectors.sessions_with_completed_nominations(self.request.user)[:200]:
            nominations = list(selectors.completed_nominations(self.request.user, session))
            rows.append(
                {
                    "session": session,
                    "completed": len(nominations),
                    "certified": sum(1 for n in nominations if n.has_certificate),
                }
            )
        context["rows"] = rows
        return context


class IssueSessionView(IssueSessionsView):
    """One session's completed trainees: issue one, or every missing one in bulk."""

    template_name = "certificates/admin/session.html"

    @cached_property
    def session(self):
        return get_object_or_404(sessions_managed_by(self.request.user), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Issue certificates")

    def get_page_subtitle(self):
        return str(self.session)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("certificates_admin:index"), "label": _("Certificates")},
            {"url": reverse("certificates_admin:sessions"), "label": _("Issue certificates")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    @cached_property
    def templates(self):
        return selectors.templates_for_session(self.request.user, self.session)

    def get_context_data(self, **kwargs):
        context = super(IssueSessionsView, self).get_context_data(**kwargs)
        nominations = list(selectors.completed_nominations(self.request.user, self.session))
        certificates = {
            c.nomination_id: c
            for c in Certificate.objects.filter(
                nomination__in=[n.pk for n in nominations], revoked_on__isnull=True
            )
        }
        for nomination in nominations:
            nomination.certificate = certificates.get(nomination.pk)
        run = selectors.runs_of(self.request.user, self.session).first()
        context.update(
            session=self.session,
            nominations=nominations,
            missing=sum(1 for n in nominations if n.certificate is None),
            run=run,
            refresh=REFRESH_SECONDS if run is not None and run.is_active else None,
            form=kwargs.get("form") or TemplateChoiceForm(templates=self.templates),
            has_templates=self.templates.exists(),
            add_template_url=reverse("certificate_templates:add"),
            sessions_url=reverse("certificates_admin:sessions"),
        )
        return context

    def post(self, request, *args, **kwargs):
        back = reverse("certificates_admin:session", args=[self.session.pk])
        form = TemplateChoiceForm(request.POST, templates=self.templates)
        if not form.is_valid():
            messages.error(request, services.NO_TEMPLATE)
            return redirect(back)
        template = form.cleaned_data["template"]
        action = request.POST.get("action", "")
        try:
            if action == "issue_all":
                run = services.session_issue_certificates(
                    session=self.session, user=request.user, template=template
                )
                run.refresh_from_db()
                messages.success(request, RUN_STARTED % {"count": run.total})
            elif action.startswith("issue-") and action[6:].isdigit():
                nomination = get_object_or_404(
                    selectors.completed_nominations(request.user, self.session),
                    pk=int(action[6:]),
                )
                certificate = services.certificate_issue(
                    nomination=nomination, user=request.user, template=template
                )
                messages.success(
                    request,
                    ISSUED % {"code": certificate.code, "name": certificate.names},
                )
            else:
                messages.error(request, NO_SUCH_ACTION)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        return redirect(back)


# --- one certificate: revoke, re-issue -----------------------------------------------------


def certificate_actions_context(request, certificate):
    may_change = (
        not certificate.is_revoked
        and selectors.certificates_managed_by(request.user).filter(pk=certificate.pk).exists()
    )
    return {
        "may_change": may_change,
        "reason_form": ReasonForm(),
        "pdf_url": reverse("certificates:pdf", args=[certificate.pk]) if certificate.pdf else "",
        "badge_url": reverse("certificates:badge", args=[certificate.pk]),
        "verify_url": reverse("certificates:verify_code", args=[certificate.code]),
        "session_url": (
            reverse("certificates_admin:session", args=[certificate.session_id])
            if certificate.session_id
            else ""
        ),
    }


def apply_certificate_action(request, certificate):
    """Revoke or re-issue `certificate` through the services; a message says what came of it."""
    action = request.POST.get("action", "")
    form = ReasonForm(request.POST)
    if action not in ("revoke", "reissue"):
        messages.error(request, NO_SUCH_ACTION)
        return None
    if not form.is_valid():
        messages.error(request, services.REASON_REQUIRED)
        return None
    reason = form.cleaned_data["reason"]
    try:
        if action == "revoke":
            revoked = services.certificate_revoke(
                certificate=certificate, user=request.user, reason=reason
            )
            messages.success(request, REVOKED % {"code": revoked.code})
            return revoked
        new = services.certificate_reissue(
            certificate=certificate, user=request.user, reason=reason
        )
        messages.success(request, REISSUED % {"code": new.code, "old": certificate.code})
        return new
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    return None
