from django.urls import path

from . import feeds

app_name = "calendar"
urlpatterns = [
    path("sessions/<int:pk>.ics", feeds.session_feed, name="session_feed"),
    path("courses/<int:page_id>.ics", feeds.course_feed, name="course_feed"),
    path("centres/<int:page_id>.ics", feeds.centre_feed, name="centre_feed"),
    path("catalogue.ics", feeds.catalogue_feed, name="catalogue_feed"),
]
