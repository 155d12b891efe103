"""What changes the course index: a course, a centre or a curriculum published,
unpublished, moved or deleted; a view restriction added or removed; a session saved or
cancelled; a topic, language or member renamed; an acronym edited. Each enqueues the sync of the
courses it touches once the transaction commits (nothing when no Elasticsearch is set)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from courses import signals as course_signals
from courses.models import CourseModule, CoursePage, CurriculumPage, Language, Topic
from training_hub.localization import in_default_locale
from training_hub.models import Member

from . import services, synonyms, tasks


def _sync_after_commit(course_ids):
    course_ids = sorted(set(course_ids))
    if not course_ids:
        return
    transaction.on_commit(services.catalogue_changed)
    if services.elasticsearch_enabled():
        transaction.on_commit(partial(tasks.sync_courses.enqueue, course_ids))


def courses_under(page):
    """The courses a change of `page` touches: itself and those below it, or the courses
    delivering a curriculum's modules. A translation (or an alias) touches its source's: the
    index holds a source course with what its translations say."""
    page = page.specific if type(page) is Page else page
    source = getattr(page, "source_page", page)
    if source is None:
        return []
    page = source
    if isinstance(page, CurriculumPage):
        deliveries = CourseModule.objects.filter(module__curriculum=page)
        return list(deliveries.values_list("course_id", flat=True))
    return list(CoursePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def page_changed(sender, instance, **kwargs):
    _sync_after_commit(courses_under(instance))


def course_deleted(sender, instance, **kwargs):
    # A deleted translation changes its source's document.
    sources = CoursePage.objects.sources().filter(translation_key=instance.translation_key)
    _sync_after_commit([instance.pk, *sources.values_list("pk", flat=True)])


def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _sync_after_commit(courses_under(page))


def session_saved(sender, session, **kwargs):
    # Sent after commit already (courses.signals).
    services.catalogue_changed()
    if services.elasticsearch_enabled():
        tasks.sync_courses.enqueue([session.course_id])


def vocabulary_changed(sender, instance, **kwargs):
    # A translated name (a topic in Thai) is on the courses of its source.
    sources = sender.objects.filter(in_default_locale(), translation_key=instance.translation_key)
    _sync_after_commit(
        pk for source in sources for pk in source.courses.values_list("pk", flat=True)
    )


def member_changed(sender, instance, **kwargs):
    # A country's name is on its centres' courses and in the country facet.
    _sync_after_commit(
        CoursePage.objects.filter(centre__country=instance).values_list("pk", flat=True)
    )


def acronyms_changed(sender, instance, **kwargs):
    synonyms.forget()
    transaction.on_commit(services.catalogue_changed)
    if services.elasticsearch_enabled():
        transaction.on_commit(tasks.apply_synonyms.enqueue)


def connect():
    from .models import Acronym

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"search_{signal_name(signal)}")
    post_delete.connect(course_deleted, sender=CoursePage, dispatch_uid="search_course_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{signal_name(signal)}",
        )
        signal.connect(
            acronyms_changed, sender=Acronym, dispatch_uid=f"search_acronym_{signal_name(signal)}"
        )
    for model in (Topic, Language):
        post_save.connect(vocabulary_changed, sender=model, dispatch_uid=f"search_{model.__name__}")
    post_save.connect(member_changed, sender=Member, dispatch_uid="search_member")
    course_signals.session_saved.connect(session_saved, dispatch_uid="search_session_saved")


def signal_name(signal):
    return {
        page_published: "published",
        page_unpublished: "unpublished",
        post_page_move: "moved",
        post_save: "saved",
        post_delete: "deleted",
    }[signal]
