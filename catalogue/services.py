"""Writes on centres of excellence and their course pages."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission

from .models import CentreIndexPage, CentrePage, CourseModule, CoursePage

# What a director may do on their centre's pages: draft and submit, never publish.
DIRECTOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")


def centre_editor_group_name(centre):
    return f"Centre editors: {centre.slug}"


def centre_ensure_editor_group(*, centre):
    """The group whose members may draft pages below `centre`; created when missing."""
    group, _ = Group.objects.get_or_create(name=centre_editor_group_name(centre))
    for codename in DIRECTOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=centre, permission=permission)
    return group


@transaction.atomic
def centre_create(*, user, title, slug, country, city, time_zone, acronym="", **fields):
    """Create and publish a centre page under the centres index.

    Side effects: adds the page, saves a revision by `user`, publishes it, and creates the
    centre's editor group for its directors.
    """
    index = CentreIndexPage.objects.get()
    centre = CentrePage(
        title=title,
        slug=slug,
        acronym=acronym,
        country=country,
        city=city,
        time_zone=time_zone,
        **fields,
    )
    centre.full_clean(exclude=["path", "depth"])
    index.add_child(instance=centre)
    centre.save_revision(user=user).publish(user=user)
    centre_ensure_editor_group(centre=centre)
    return centre


@transaction.atomic
def course_create(*, user, centre, modules=(), topics=(), languages=(), publish=True, **fields):
    """Create a course page below `centre`, with its modules, topics and languages.

    Side effects: adds the page and a revision by `user`; publishes it when `publish` (the
    demo data and the RSO), otherwise leaves a draft to go through the approval workflow.
    """
    course = CoursePage(live=publish, **fields)
    course.topics = list(topics)
    course.languages = list(languages)
    course.course_modules = [
        CourseModule(module=module, sort_order=i) for i, module in enumerate(modules)
    ]
    course.full_clean(exclude=["path", "depth"])
    centre.add_child(instance=course)
    revision = course.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return course
