"""The coordination dashboard: four figures, each a chart (server-side SVG) with its table
beside it, over a period; the RSO sees every member or one, a focal point their own."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from training_hub.roles import Role
from training_hub.scopes import scope_for

from .. import charts
from .. import dashboard as figures
from ..funding_forms import DashboardForm

NEEDS_DESC = _("Stacked bars: for each member, its training needs in the period by theme.")
SEATS_DESC = _("For each quarter, the officials asked for and the seats offered on %(theme)s.")
FUNDING_DESC = _("Bars: funding pledged, allocated and still needed, in thousands of %(currency)s.")
NOMINATED_DESC = _("Stacked bars: for each quarter, nominations by the nominees' gender.")
COMPLETED_DESC = _("Stacked bars: for each quarter, completions by the trainees' gender.")


def period_and_member(request):
    """The dashboard's and the reports' filter form, and the `Scope` it gives `request.user`
    (a focal point's member is always their own; an invalid form shows the default)."""
    form = DashboardForm(request.GET or None)
    if scope_for(request.user).role == Role.FOCAL_POINT:
        del form.fields["member"]
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    scope = figures.scope_of(
        request.user, start=data.get("start"), end=data.get("end"), member=data.get("member")
    )
    return form, scope


def _charts(scope):
    needs = figures.needs_by_theme_and_member(scope)
    seats = figures.seats_by_theme_and_quarter(scope)
    money = figures.funding(scope)
    nominated, completed, quarters, detail = figures.nominations_over_time(scope)
    return {
        "needs": (
            needs,
            charts.svg(
                "stacked",
                key="needs",
                title=needs.caption,
                description=NEEDS_DESC,
                x_labels=needs.labels,
                series=needs.series(),
                x_label_rotation=30 if len(needs.rows) > 6 else 0,
            ),
        ),
        "seats": [
            (
                table,
                charts.svg(
                    "bar",
                    key=f"seats-{index}",
                    title=table.caption,
                    description=SEATS_DESC % {"theme": theme},
                    x_labels=table.labels,
                    series=table.series(),
                    width=480,
                    height=300,
                    x_label_rotation=35,
                ),
            )
            for index, (theme, table) in enumerate(seats.items())
        ],
        "funding": (
            money,
            charts.svg(
                "horizontal",
                key="funding",
                title=money.caption,
                description=FUNDING_DESC % {"currency": money.columns[0]},
                # pygal draws a horizontal chart's first bar at the bottom.
                x_labels=money.labels[::-1],
                series=[
                    (money.columns[0], [round(float(row[1][0]) / 1000) for row in money.rows][::-1])
                ],
                show_legend=False,
                height=240,
            ),
        ),
        "nominated": (
            nominated,
            charts.svg(
                "stacked",
                key="nominated",
                title=nominated.caption,
                description=NOMINATED_DESC,
                x_labels=nominated.labels,
                series=nominated.series(),
                x_label_rotation=35,
            ),
        ),
        "completed": (
            completed,
            charts.svg(
                "stacked",
                key="completed",
                title=completed.caption,
                description=COMPLETED_DESC,
                x_labels=completed.labels,
                series=completed.series(),
                x_label_rotation=35,
            ),
        ),
        "quarters": quarters,
        "detail": detail,
    }


@login_required
@never_cache
def dashboard(request):
    """Every figure with its table, for the period (and member) asked."""
    role = scope_for(request.user).role
    if role not in (Role.RSO, Role.FOCAL_POINT):
        raise Http404
    form, scope = period_and_member(request)
    context = {
        "form": form,
        "scope": scope,
        "is_rso": role == Role.RSO,
        **_charts(scope),
    }
    return render(
        request,
        "nominations/coordination/dashboard.html",
        context,
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def charts_css(request):
    """The charts' styles (pygal's, for every chart), as a file of the site (CSP: 'self')."""
    response = HttpResponse(charts.stylesheet(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
