from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/file/", views.verify_file, name="verify_file"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
    path("<id:pk>/pdf/", views.download_pdf, name="pdf"),
    path("<id:pk>/badge.jwt", views.download_badge, name="badge"),
    path("<id:pk>/badge.json", views.download_badge_json, name="badge_json"),
    path("issuer/", views.issuer, name="issuer"),
    path("issuer/jwks.json", views.jwks, name="jwks"),
]
