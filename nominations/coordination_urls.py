"""The RSO's coordination (matching, funding, gaps), and the dashboard and reports that a
focal point also sees for their own member. Mounted at /coordination/."""

from django.urls import path

from .views import coordination, dashboard, reports

app_name = "coordination"

urlpatterns = [
    # The RSO and focal points (their own member).
    path("", dashboard.dashboard, name="dashboard"),
    path("charts.css", dashboard.charts_css, name="charts_css"),
    path("reports/", reports.reports, name="reports"),
    path("reports/<slug:report>.<str:fmt>", reports.export, name="export"),
    # The RSO's.
    path("matching/", coordination.matching_list, name="matching"),
    path("needs/<id:pk>/", coordination.need_match, name="need"),
    path("gaps/", coordination.gaps, name="gaps"),
    path("funding/", coordination.funding, name="funding"),
    path("funding/sessions/<id:pk>/", coordination.session_funding, name="session_funding"),
    path("funding/pledges/new/", coordination.pledge_create, name="pledge_create"),
    path("funding/pledges/<id:pk>/", coordination.pledge_detail, name="pledge"),
    path("funding/donors/new/", coordination.donor_create, name="donor_create"),
    path("funding/rates/new/", coordination.rate_create, name="rate_create"),
    path(
        "funding/allocations/<id:pk>/release/",
        coordination.allocation_release,
        name="allocation_release",
    ),
]
