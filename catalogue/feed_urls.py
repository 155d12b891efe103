from django.urls import path, register_converter

from . import feeds


class IdConverter:
    """A database id: like <int:>, but at most 18 digits, so it always fits a 64-bit column.

    A longer number does not match the route (a 404), instead of reaching the database
    as an integer it cannot hold (an OverflowError, a 500).
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")

app_name = "calendar"
urlpatterns = [
    path("sessions/<id:pk>.ics", feeds.session_feed, name="session_feed"),
    path("courses/<id:page_id>.ics", feeds.course_feed, name="course_feed"),
    path("centres/<id:page_id>.ics", feeds.centre_feed, name="centre_feed"),
    path("catalogue.ics", feeds.catalogue_feed, name="catalogue_feed"),
]
