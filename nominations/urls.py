"""The front-end screens of the nominations: the focal point's and the trainee's."""

from django.urls import path

from .views import focal_point, trainee

app_name = "nominations"

urlpatterns = [
    # Focal point (the RSO may open them too, for any member).
    path("sessions/", focal_point.open_sessions, name="sessions"),
    path("sessions/<id:pk>/", focal_point.session_nominations, name="session"),
    path("officials/", focal_point.officials, name="officials"),
    path("officials/new/", focal_point.official_create, name="official_create"),
    path("officials/<id:pk>/", focal_point.official_edit, name="official_edit"),
    path("needs/", focal_point.needs, name="needs"),
    path("needs/new/", focal_point.need_create, name="need_create"),
    path("needs/<id:pk>/", focal_point.need_edit, name="need_edit"),
    path("needs/<id:pk>/withdraw/", focal_point.need_withdraw, name="need_withdraw"),
    # One nomination: its status, next moves and history (focal point, trainee, RSO).
    path("<id:pk>/", focal_point.nomination_detail, name="detail"),
    path("<id:pk>/move/", focal_point.nomination_move, name="move"),
    path("<id:pk>/link/", focal_point.nomination_resend_link, name="resend_link"),
    # Trainee.
    path("confirm/<str:token>/", trainee.confirm, name="confirm"),
    path("confirm/<str:token>/again/", trainee.confirm_again, name="confirm_again"),
    path("calendar/", trainee.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", trainee.calendar_feed, name="calendar_feed"),
]
