from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalogue import feed_urls
from catalogue import views as catalogue_views
from catalogue.api import api
from certificates import urls as certificate_urls

from . import (
    converters,  # noqa: F401  (registers <id:> before any app's URLs)
    localize_admin,
    views,
)
from .accounts import views as account_views
from .viewsets import scoped_page_chosen_multiple

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Before Wagtail's admin URLs, so that these answer instead of Wagtail's views.
    path("admin/logout/", views.AdminLogoutView.as_view()),
    # Wagtail's view has no hook to scope it: a director must not read other centres' drafts.
    path("admin/choose-page/chosen-multiple/", scoped_page_chosen_multiple),
    path("admin/reports/site-history/", views.SiteHistoryView.as_view()),
    path("admin/reports/site-history/results/", views.SiteHistoryView.as_view(results_only=True)),
    path("admin/reports/page-types-usage/", views.PageTypesUsageView.as_view()),
    path(
        "admin/reports/page-types-usage/results/",
        views.PageTypesUsageView.as_view(results_only=True),
    ),
    # Explorer pages outside a director's sections (their centre, in every language).
    path("admin/pages/<int:parent_page_id>/", views.explore),
    path("admin/pages/<int:parent_page_id>/results/", views.explore_results),
    path(
        "admin/pages/workflow/confirm_cancellation/<int:page_id>/",
        views.confirm_workflow_cancellation,
    ),
    # wagtail-localize's views, inside the user's scope (before its own, which it replaces).
    *localize_admin.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Machines' URLs: the same in every language.
    path("calendar/", include(feed_urls)),
    path("api/", api.urls),
    path("i18n/setlang/", views.set_language, name="set_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# People's pages: /th/..., /id/..., /vi/...; English has no prefix, so its URLs stay as they
# were. The language of these pages is the URL's (`set_language` moves between them).
urlpatterns += i18n_patterns(
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("portal/", account_views.portal, name="portal"),
    path("certificates/", include(certificate_urls)),
    path("nominations/", include("nominations.urls")),
    path("coordination/", include("nominations.coordination_urls")),
    path("sessions/<id:pk>/", catalogue_views.session_detail, name="session_detail"),
    path("catalogue/", include("catalogue.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler403 = "training_hub.views.permission_denied"
handler404 = "training_hub.views.page_not_found"
handler500 = "training_hub.views.server_error"
