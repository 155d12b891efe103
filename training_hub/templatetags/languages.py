"""The same page in every language: for the switcher and the hreflang alternates."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from ..localization import untranslated

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """[{code, name, url, current}] of the request's page in each language; empty for a page
    whose URL is the same in every language (the admin, feeds): it has no alternates."""
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    versions = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    if len({version["url"] for version in versions}) == 1:
        return []
    return versions


@register.simple_tag(takes_context=True)
def untranslated_note(context):
    """The note for a page shown in English in another language's interface, or ""."""
    return untranslated(context.get("page"))
