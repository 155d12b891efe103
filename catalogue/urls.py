from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.catalogue, name="index"),
    path("suggest/", views.suggest, name="suggest"),
]
