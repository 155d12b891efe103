"""Loads the demo translations of `translations.toml` through the translation service, as
the RSO, published. Safe to run twice: a translation that exists is left as it is."""

import tomllib
from pathlib import Path

from django.db import transaction

from courses.models import CentrePage, CoursePage, Language, Topic
from courses.translations import content_translate
from training_hub.localization import in_default_locale

TRANSLATIONS = Path(__file__).with_name("translations.toml")
PAGES = {"centre": CentrePage, "course": CoursePage}


def _translated(instance, language):
    return (
        type(instance)
        ._default_manager.filter(
            translation_key=instance.translation_key, locale__language_code=language
        )
        .exclude(pk=instance.pk)
        .filter(**({"alias_of__isnull": True} if hasattr(instance, "alias_of_id") else {}))
        .exists()
    )


def _translate(instance, language, texts, *, user):
    if _translated(instance, language):
        return 0
    content_translate(instance=instance, language=language, user=user, texts=texts, publish=True)
    return 1


@transaction.atomic
def load_demo_translations(*, user):
    """Create the missing demo translations as `user` (the RSO); returns how many."""
    with TRANSLATIONS.open("rb") as handle:
        data = tomllib.load(handle)
    created = 0
    for entry in data["pages"]:
        page = PAGES[entry["kind"]].objects.sources().get(slug=entry["slug"])
        for language, texts in entry["texts"].items():
            created += _translate(page, language, texts, user=user)
    vocabularies = ((Topic, "slug", "topics"), (Language, "code", "languages"))
    for model, key, section in vocabularies:
        for value, names in data[section].items():
            row = model.objects.filter(in_default_locale()).get(**{key: value})
            for language, name in names.items():
                created += _translate(row, language, {"name": name}, user=user)
    return created
