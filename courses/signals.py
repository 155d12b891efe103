"""What the course domain announces after a write commits, and the page-move receiver.

Apps above `courses` (nominations, search) connect to these instead of being called from
here, so dependencies keep running one way.
"""

from django.dispatch import Signal
from wagtail.signals import post_page_move

# Sent after commit by the services: centre=, course=, session= and created=; session_saved
# also sends previous= (the old values of the fields that changed) and user=.
centre_saved = Signal()
course_saved = Signal()
session_saved = Signal()


def course_moved(sender, instance, parent_page_after, **kwargs):
    from .models import CoursePage

    # Wagtail moves a plain Page, so CoursePage.save() does not run: update the row here.
    CoursePage.objects.filter(pk=instance.pk).update(centre_id=parent_page_after.pk)


def connect():
    from .models import CoursePage

    post_page_move.connect(course_moved, sender=CoursePage, dispatch_uid="course_moved")
