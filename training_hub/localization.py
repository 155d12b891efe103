"""Content in several languages: which page is the source, how a page is reached in the
visitor's language, and what a listing shows in that language.

Content is written in English (`settings.LANGUAGE_CODE`) and translated with wagtail-localize.
Every relation (sessions, nominations, directors' centres, the search index) points at the
English page, the *source*. A translation is a page of its own in its language's tree, with
the same slug as its source (slugs are synchronised, never translated), so a page has the
same path in every language: `/th/<path>` is the Thai page when a live Thai translation
exists, and otherwise the English page in the Thai interface, with a note
(`HomePage.route` falls back to the English tree; see `untranslated`).
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

UNTRANSLATED = _("This page has not been translated into %(language)s yet: it is shown in English.")


def default_language():
    return settings.LANGUAGE_CODE


def content_language(code=None):
    """The content language of an interface language (the active one by default): one of
    `WAGTAIL_CONTENT_LANGUAGES` (a pseudo-locale for tests, "en-xa", is English)."""
    code = code or translation.get_language() or settings.LANGUAGE_CODE
    try:
        return get_supported_content_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE


def in_default_locale(prefix=""):
    """The lookup of rows written in the default language (sources), from `prefix`."""
    return Q(**{f"{prefix}locale__language_code": settings.LANGUAGE_CODE})


def sources_q(prefix=""):
    """Pages that are sources: in the default language, and not aliases of another page."""
    return in_default_locale(prefix) & Q(**{f"{prefix}alias_of__isnull": True})


def synchronized(*names):
    """wagtail-localize fields copied from the source and never translated (the slug keeps a
    page's path the same in every language; codes and names of people stay as written)."""
    return [SynchronizedField(name, overridable=False) for name in ("slug", *names)]


def translations_of(objects, language=None):
    """{translation_key: translation} of `objects` (instances of one translatable model) in
    `language` (the active content language by default). For pages, only live translations
    that are not aliases: an alias shows its source's content."""
    language = content_language(language)
    objects = list(objects)
    if not objects or language == settings.LANGUAGE_CODE:
        return {}
    model = type(objects[0])
    rows = model._default_manager.filter(
        translation_key__in={obj.translation_key for obj in objects},
        locale__language_code=language,
    )
    if issubclass(model, Page):
        rows = rows.filter(live=True, alias_of__isnull=True).public()
    return {row.translation_key: row for row in rows}


def localize(objects, language=None):
    """Set on each of `objects` what `obj.localized` answers in `language`: its translation
    there, or itself. One query per model, whatever the number of objects. Returns them."""
    objects = [obj for obj in objects if obj is not None]
    language = content_language(language)
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for group in by_model.values():
        found = translations_of(group, language)
        for obj in group:
            cache = obj.__dict__.setdefault("_localized_in", {})
            cache[language] = found.get(obj.translation_key, obj)
    return objects


class LocalizedMixin:
    """`localized` that reads what `localize()` prepared, and queries only when it did not."""

    @property
    def localized(self):
        cache = self.__dict__.get("_localized_in", {})
        language = content_language()
        if language not in cache:
            localize([self], language)
        return self.__dict__["_localized_in"][language]


class LocalizedPageMixin(LocalizedMixin):
    """What every page of the site shares across languages: synchronised slugs, the source,
    and a URL in the visitor's language for an English page (`/th/<its path>`)."""

    override_translatable_fields = synchronized()

    @property
    def source_page(self):
        """The English page this page translates (itself for an English page), or None
        when it has none (a page created in another language)."""
        cached = self.__dict__.get("_source_page", False)
        if cached is False:
            if self.alias_of_id is not None:
                cached = Page.objects.filter(pk=self.alias_of_id).filter(sources_q()).first()
            else:
                cached = (
                    Page.objects.filter(translation_key=self.translation_key)
                    .filter(sources_q())
                    .first()
                )
            cached = cached.specific if cached is not None else None
            self.__dict__["_source_page"] = cached
        return cached

    @property
    def is_source(self):
        source = self.source_page
        return source is not None and source.pk == self.pk

    def get_url_parts(self, request=None):
        """Wagtail's URL, except that a page of the English tree is addressed in the active
        language (the same path behind its prefix): the visitor stays in their language and
        gets the translation where there is a live one (`HomePage.route`)."""
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None:
            return parts
        active = translation.get_language()
        roots = self._get_relevant_site_root_paths(request)
        tree_language = roots[0].language_code if roots else settings.LANGUAGE_CODE
        if not active or tree_language != settings.LANGUAGE_CODE:
            return parts
        try:
            active = get_supported_language_variant(active)
        except LookupError:
            return parts
        if active == settings.LANGUAGE_CODE:
            return parts
        site_id, root_url, _path = parts
        with translation.override(active):
            path = reverse("wagtail_serve", args=(self.url_path[len(roots[0].root_path) :],))
        return site_id, root_url, path


def route_with_fallback(page, request, path_components, route):
    """`route(request, path_components)` from `page` (the home page of one language); a path
    with no live page in that language is routed in the default language's tree instead."""
    try:
        return route(request, path_components)
    except Http404:
        source = page.source_page
        if source is None or source.pk == page.pk:
            raise
        return source.route(request, path_components)


def untranslated(page):
    """The note for a page shown in the visitor's language but written in another (English,
    for want of a translation), or "" when the page is in the visitor's language."""
    if page is None or not isinstance(page, LocalizedPageMixin):
        return ""
    language = content_language()
    shows_source = page.alias_of_id is not None or language != page.locale.language_code
    if language == settings.LANGUAGE_CODE or not shows_source:
        return ""
    # The language named as its speakers name it (the note is in that language too).
    name = translation.get_language_info(language)["name_local"]
    return UNTRANSLATED % {"language": name}
