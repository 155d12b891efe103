"""Keeps a course's `centre` in step with its parent page when the page is moved."""

from wagtail.signals import post_page_move


def course_moved(sender, instance, parent_page_after, **kwargs):
    from .models import CoursePage

    # Wagtail moves a plain Page, so CoursePage.save() does not run: update the row here.
    CoursePage.objects.filter(pk=instance.pk).update(centre_id=parent_page_after.pk)


def connect():
    from .models import CoursePage

    post_page_move.connect(course_moved, sender=CoursePage, dispatch_uid="course_moved")
