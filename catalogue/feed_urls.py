from django.urls import path

import training_hub.converters  # noqa: F401  (registers <id:>)

from . import feeds

app_name = "calendar"
urlpatterns = [
    path("sessions/<id:pk>.ics", feeds.session_feed, name="session_feed"),
    path("courses/<id:page_id>.ics", feeds.course_feed, name="course_feed"),
    path("centres/<id:page_id>.ics", feeds.centre_feed, name="centre_feed"),
    path("catalogue.ics", feeds.catalogue_feed, name="catalogue_feed"),
]
