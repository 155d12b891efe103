"""The admin's certificates: templates (the RSO's and each director's centres'), with a
preview on sample data; issued certificates (a director's centres', every one for the
RSO) with revoke and re-issue; and the issuing screens of a session (admin_views.py)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from nominations.viewsets.scoped import (
    ReadOnlyViewSet,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedInspectView,
)
from training_hub.viewsets import ServiceSaveMixin

from . import admin_views, selectors, services
from .forms import CertificateTemplateForm
from .models import Certificate, CertificateTemplate
from .pdf import fonts, render
from .permissions import TEMPLATE_POLICY
from .samples import sample_content

# --- templates -----------------------------------------------------------------------------


class TemplateSaveMixin(ServiceSaveMixin):
    """Saves through `services.template_save`; its refusals are the form's errors."""

    def save_instance(self):
        template = self.form.save(commit=False)
        services.template_save(template=template, user=self.request.user)
        return template


class ScopedTemplateObject:
    """Another centre's template is answered as if it did not exist."""

    def get_queryset(self):
        return selectors.templates_editable_by(self.request.user)


class TemplateCreateView(TemplateSaveMixin, generic.CreateView):
    pass


class TemplateEditView(ScopedTemplateObject, TemplateSaveMixin, generic.EditView):
    @cached_property
    def header_buttons(self):
        url = reverse("certificate_templates:preview", args=[self.object.pk])
        return [HeaderButton(_("Preview (PDF)"), url=url, icon_name="view")]


class TemplateDeleteView(ScopedTemplateObject, generic.DeleteView):
    pass


class TemplateIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.templates_visible_to(self.request.user)


def preview(request, pk):
    """The template laid out with sample data, as a PDF shown in the browser."""
    template = get_object_or_404(selectors.templates_visible_to(request.user), pk=pk)
    try:
        pdf = render.render(template, sample_content())
    except (render.LayoutError, fonts.FontMissing) as error:
        return HttpResponse(str(error), content_type="text/plain; charset=utf-8", status=422)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="preview-{template.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


class CertificateTemplateViewSet(ModelViewSet):
    """Certificate templates: the page, background, logos, signatories and wording."""

    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templates")
    url_prefix = "certificate-templates"
    url_namespace = "certificate_templates"
    permission_policy = TEMPLATE_POLICY
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = TemplateIndexView
    add_view_class = TemplateCreateView
    edit_view_class = TemplateEditView
    delete_view_class = TemplateDeleteView
    edit_handler = ObjectList(CertificateTemplate.panels, base_form_class=CertificateTemplateForm)
    list_display = [
        "name",
        Column("centre", label=_("Centre"), accessor="centre"),
        Column("page_size", label=_("Page"), accessor="get_page_size_display"),
        Column("orientation", label=_("Orientation"), accessor="get_orientation_display"),
        DateColumn("updated_at", label=_("Updated")),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(usage_url_name=None, history_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in ("usage", "history", "history_results")
        ] + [path("preview/<int:pk>/", preview, name="preview")]


# --- issued certificates -------------------------------------------------------------------


def _session_label(certificate):
    if certificate.starts_on:
        return f"{certificate.training_title} — {certificate.starts_on:%d %b %Y}"
    return certificate.training_title


class CertificateInspectView(ScopedInspectView):
    """The certificate as issued, its download, and revoke / re-issue for who may."""

    template_name = "certificates/admin/inspect.html"

    def extra_fields(self):
        certificate = self.object
        modules = " · ".join(
            f"{module['code']} {module['title']} ({module['hours']} h)"
            for module in certificate.modules
        )
        return [
            (_("Modules"), modules or "–"),
            (_("Status"), certificate.get_status_display()),
            (_("SHA-256 of the PDF"), certificate.sha256 or "–"),
            (_("Replaces"), certificate.replaces.code if certificate.replaces else "–"),
            (
                _("Replaced by"),
                certificate.replaced_by.code if hasattr(certificate, "replaced_by") else "–",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(admin_views.certificate_actions_context(self.request, self.object))
        return context

    def post(self, request, *args, **kwargs):
        admin_views.apply_certificate_action(request, self.object)
        return redirect(self.inspect_url())


class CertificateIndexView(ScopedIndexView):
    """The certificates, and the way to the sessions whose certificates are to be issued."""

    @cached_property
    def header_buttons(self):
        url = reverse("certificates_admin:sessions")
        return [
            *super().header_buttons,
            HeaderButton(_("Issue certificates"), url=url, icon_name="plus"),
        ]


class CertificateViewSet(ReadOnlyViewSet):
    """Issued certificates of the user's centres (every one for the RSO)."""

    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Issued")
    url_prefix = "certificates"
    url_namespace = "certificates_admin"
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    history_view_class = ScopedHistoryView
    list_display = [
        "code",
        TitleColumn(
            "name_on_certificate",
            label=_("Name"),
            accessor="names",
            get_url=lambda certificate: reverse(
                "certificates_admin:inspect", args=[certificate.pk]
            ),
        ),
        Column("training_title", label=_("Session"), accessor=_session_label),
        Column("centre_name", label=_("Centre")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("issued_on", label=_("Issued"), sort_key="issued_on"),
    ]
    ordering = ["-issued_on", "code"]
    inspect_view_fields = [
        "code",
        "name_on_certificate",
        "name_latin",
        "training_title",
        "hours",
        "starts_on",
        "ends_on",
        "centre_name",
        "city",
        "issued_on",
        "issued_by",
        "revoked_on",
        "revocation_reason",
    ]
    list_export = [
        "code",
        "name_on_certificate",
        "name_latin",
        "training_title",
        "starts_on",
        "ends_on",
        "centre_name",
        "issued_on",
        "get_status_display",
        "revoked_on",
    ]
    export_headings = {
        "code": _("Code"),
        "name_on_certificate": _("Name"),
        "name_latin": _("Name as in the passport"),
        "training_title": _("Course"),
        "starts_on": _("First day"),
        "ends_on": _("Last day"),
        "centre_name": _("Centre"),
        "issued_on": _("Issued on"),
        "get_status_display": _("Status"),
        "revoked_on": _("Revoked on"),
    }
    export_filename = "certificates"

    def visible(self, user):
        return selectors.certificates_managed_by(user)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("sessions/", admin_views.IssueSessionsView.as_view(), name="sessions"),
            path("sessions/<int:pk>/", admin_views.IssueSessionView.as_view(), name="session"),
        ]


class CertificatesGroup(ViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full-inverse"
    menu_order = 230
    items = (CertificateViewSet, CertificateTemplateViewSet)
