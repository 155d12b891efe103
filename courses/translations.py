"""The write service for translated content: a centre, course or curriculum page (with its
modules), a topic or a language, in Thai, Bahasa Indonesia or Vietnamese.

The admin's translation editor (wagtail-localize, scoped by training_hub/localize_admin.py)
does the same through its own views; this service is what the demo data, the factories and
any script use. Both keep the strings in wagtail-localize's translation memory and write the
translated page from them, so an editor opened later shows what the service wrote.
"""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from training_hub.po_files import placeholder_problems
from training_hub.scopes import scope_for

from .exceptions import NotAllowed, NotYourCentre
from .services import DIRECTORS_CANNOT_PUBLISH, NOT_YOUR_CENTRE, RSO_ONLY

NOT_A_TARGET_LANGUAGE = _("“%(language)s” is not a language content is translated into.")
NOT_A_SOURCE = _("Only a page written in English is translated; this one is a translation.")
UNKNOWN_TEXT = _("“%(field)s” is not a text of this page that can be translated.")
PARAGRAPHS = _("“%(field)s” has %(expected)s paragraph(s) to translate; %(given)s were given.")

TRANSLATION_SAVED = "courses.translation.save"
LOG_ACTIONS = {TRANSLATION_SAVED: _("Translation saved")}


def target_languages():
    """The content languages other than English."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _check_permission(instance, user, publish):
    if isinstance(instance, Page):
        # On the English page: who may edit it may translate it, into every language.
        permissions = (instance.source_page or instance).permissions_for_user(user)
        if not permissions.can_edit():
            raise NotYourCentre(NOT_YOUR_CENTRE)
        if publish and not permissions.can_publish():
            raise NotAllowed(DIRECTORS_CANNOT_PUBLISH)
    elif not scope_for(user).sees_everything:
        raise NotAllowed(RSO_ONLY)


def _segments_by_field(source, instance):
    """{field: [string segments in order]}, a module's fields named by its code
    ("modules.M-1.title") rather than by its translation key."""
    modules = instance.modules.all() if hasattr(instance, "modules") else ()
    codes = {str(module.translation_key): module.code for module in modules}
    found = defaultdict(list)
    segments = source.stringsegment_set.select_related("context", "string").order_by("order")
    for segment in segments:
        path = segment.context.path
        parts = path.split(".")
        if len(parts) == 3 and parts[1] in codes:
            path = f"{parts[0]}.{codes[parts[1]]}.{parts[2]}"
        found[path].append(segment)
    return found


@transaction.atomic
def content_translate(*, instance, language, user, texts, publish=False):
    """Translate `instance` into `language`: `texts` maps a field ("title", "summary",
    "modules.M-1.title", ...) to its text, or to a list of texts for a field written in
    several paragraphs. Fields left out keep their English text until translated.

    A page's translation is saved as a draft unless `publish` (the RSO's); a topic's or a
    language's is saved at once. Refuses a user who may not edit the page (a director's own
    centre and its courses; snippets are the RSO's), a page that is not a source, an unknown
    field, and a text that loses or adds a placeholder of its source. Side effects: creates
    the translated page or snippet (and, for a page, aliases of its untranslated parents),
    keeps the strings in the translation memory, logs the change; publishing a page sends
    Wagtail's `page_published` (the search index listens).
    """
    _check_permission(instance, user, publish)
    if language not in target_languages():
        raise ValidationError(NOT_A_TARGET_LANGUAGE % {"language": language})
    if isinstance(instance, Page) and not instance.is_source:
        raise ValidationError(NOT_A_SOURCE)
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    by_field = _segments_by_field(source, instance)
    locale = Locale.objects.get(language_code=language)
    problems = []
    rows = []
    for field, value in texts.items():
        segments = by_field.get(field)
        if not segments:
            raise ValidationError(UNKNOWN_TEXT % {"field": field})
        values = [value] if isinstance(value, str) else list(value)
        if len(values) != len(segments):
            raise ValidationError(
                PARAGRAPHS % {"field": field, "expected": len(segments), "given": len(values)}
            )
        for segment, text in zip(segments, values, strict=True):
            problems += placeholder_problems(segment.string.data, text, line=field)
            rows.append((segment, text))
    if problems:
        raise ValidationError(problems)
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment, text in rows:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
                "has_error": False,
                "field_error": "",
            },
        )
    is_page = isinstance(instance, Page)
    # A page is saved as a draft here and published below, in this transaction (wagtail-
    # localize would publish after commit); a snippet has no draft.
    translation.save_target(user=user, publish=not is_page)
    target = translation.get_target_instance()
    if is_page and publish:
        # Checked on the source above; the user's cached page permissions may predate the
        # tree this translation has just been placed in.
        target.get_latest_revision().publish(user=user, skip_permission_checks=True)
        target.refresh_from_db()
    log(instance=target, action=TRANSLATION_SAVED, user=user, data={"language": language})
    return target
