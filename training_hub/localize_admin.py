"""wagtail-localize's admin views, answered only inside the user's scope.

wagtail-localize lets anyone holding `submit_translation` translate *any* page, update any
translation source (and publish its translations), list every translation in its report and
read any snippet model through its API. These views run in front of its own (routed before
Wagtail's admin URLs in training_hub/urls.py), with these rules:

- a page is translated (submitted, synced, converted back to an alias) by whoever may edit
  it: a director their own centre and its courses, in every language; the RSO everything;
- a translation is edited, exported and imported (PO files), previewed or stopped by whoever
  may edit its page in the target language (a centre's editor group reaches the centre's
  translations: courses/services.py); snippets (topics, languages) are the RSO's;
- publishing a translation needs the publish permission on it (directors never have it);
- the report and the snippet API span every centre: the RSO's alone;
- anything else answers as for an id that does not exist (404), naming nothing.

An uploaded PO file is read first (training_hub/po_files.py): bad syntax or a translation
that loses or adds a placeholder is refused naming the line, and nothing of it is kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import (
    convert,
    edit_translation,
    report,
    snippets_api,
    submit_translations,
    update_translations,
)

from .po_files import NO_FILE, POFileRefused, read_po
from .scopes import scope_for


def _may_edit(user, instance):
    """Pages: Wagtail's edit permission on that page (in its language's tree). Snippets:
    the RSO's."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    return scope_for(user).sees_everything


def _translation_in_scope(request, translation_id):
    translation = get_object_or_404(Translation, pk=translation_id)
    try:
        target = translation.get_target_instance()
    except Exception as error:  # the target was deleted: as if the translation were gone
        raise Http404 from error
    if not _may_edit(request.user, target):
        raise Http404
    return translation, target


def _scoped_translation_view(view):
    """`view(request, translation_id, ...)` for a translation whose target is in scope."""

    def scoped(request, translation_id, *args, **kwargs):
        _translation_in_scope(request, translation_id)
        return view(request, translation_id, *args, **kwargs)

    return require_admin_access(scoped)


def _rso_only(view):
    def scoped(request, *args, **kwargs):
        if not scope_for(request.user).sees_everything:
            raise Http404
        return view(request, *args, **kwargs)

    return require_admin_access(scoped)


_submit_page = submit_translations.SubmitPageTranslationView.as_view()


def submit_page_translation(request, page_id):
    """Translate a page the user may edit (an alias's source, as wagtail-localize asks)."""
    page = get_object_or_404(Page, pk=page_id)
    if not _may_edit(request.user, page.specific):
        raise Http404
    return _submit_page(request, page_id=page_id)


_update = update_translations.UpdateTranslationsView.as_view()


def update_page_translations(request, translation_source_id):
    """Sync a source's translations; publishing them needs the publish permission on each."""
    source = get_object_or_404(TranslationSource, pk=translation_source_id)
    try:
        instance = source.get_source_instance()
    except Exception as error:
        raise Http404 from error
    if not _may_edit(request.user, instance):
        raise Http404
    if request.method == "POST" and request.POST.get("publish_translations"):
        for translation in source.translations.filter(enabled=True):
            target = translation.get_target_instance()
            if (
                isinstance(target, Page)
                and not target.permissions_for_user(request.user).can_publish()
            ):
                raise PermissionDenied
    return _update(request, translation_source_id=translation_source_id)


def convert_to_alias(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not _may_edit(request.user, page.specific):
        raise Http404
    return convert.convert_to_alias(request, page_id)


@require_POST
def upload_pofile(request, translation_id):
    """wagtail-localize's import of a PO file, after the file passed `read_po`: a refused
    file changes nothing, and the editor says which lines are wrong."""
    _translation, _target = _translation_in_scope(request, translation_id)
    upload = request.FILES.get("file")
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    if upload is None:
        messages.error(request, NO_FILE)
        return redirect(next_url)
    try:
        read_po(upload.read())
    except POFileRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect(next_url)
    upload.seek(0)
    with transaction.atomic():
        return edit_translation.upload_pofile(request, translation_id)


def _page(route, view, name):
    return path(f"admin/localize/{route}", require_admin_access(view), name=name)


urlpatterns = [
    _page("submit/page/<int:page_id>/", submit_page_translation, "scoped_submit_page"),
    path(
        "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        _rso_only(submit_translations.SubmitSnippetTranslationView.as_view()),
    ),
    _page("update/<int:translation_source_id>/", update_page_translations, "scoped_update"),
    path(
        "admin/localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
        _scoped_translation_view(edit_translation.edit_string_translation),
    ),
    path(
        "admin/localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
        _scoped_translation_view(edit_translation.edit_override),
    ),
    path(
        "admin/localize/translate/<int:translation_id>/pofile/download/",
        _scoped_translation_view(edit_translation.download_pofile),
    ),
    path(
        "admin/localize/translate/<int:translation_id>/pofile/upload/",
        require_admin_access(upload_pofile),
    ),
    path(
        "admin/localize/translate/<int:translation_id>/machine_translate/",
        _scoped_translation_view(edit_translation.machine_translate),
    ),
    path(
        "admin/localize/translate/<int:translation_id>/preview/",
        _scoped_translation_view(edit_translation.preview_translation),
    ),
    path(
        "admin/localize/translate/<int:translation_id>/preview/<str:mode>/",
        _scoped_translation_view(edit_translation.preview_translation),
    ),
    path(
        "admin/localize/translate/<int:translation_id>/disable/",
        _scoped_translation_view(edit_translation.stop_translation),
    ),
    _page("page/<int:page_id>/convert_to_alias/", convert_to_alias, "scoped_convert_to_alias"),
    path(
        "admin/localize/reports/translations/",
        _rso_only(report.TranslationsReportView.as_view()),
    ),
    path(
        "admin/localize/reports/translations/results/",
        _rso_only(report.TranslationsReportView.as_view(results_only=True)),
    ),
    path(
        "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/",
        _rso_only(snippets_api.SnippetViewSet.as_view({"get": "list"})),
    ),
    path(
        "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
        _rso_only(snippets_api.SnippetViewSet.as_view({"get": "retrieve"})),
    ),
]
