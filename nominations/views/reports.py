"""The period reports: shown as tables (the first rows) and exported whole as CSV or XLSX.
The RSO sees every member or one; a focal point their own member only."""

from itertools import islice

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from training_hub.roles import Role
from training_hub.scopes import scope_for

from .. import exports
from ..period_reports import REPORTS
from .dashboard import period_and_member

SHOWN_ROWS = 50


def _allowed(request):
    if scope_for(request.user).role not in (Role.RSO, Role.FOCAL_POINT):
        raise Http404


@login_required
@never_cache
def reports(request):
    _allowed(request)
    form, scope = period_and_member(request)
    shown = [
        (report, list(islice(report.rows(scope), SHOWN_ROWS + 1))) for report in REPORTS.values()
    ]
    context = {
        "form": form,
        "scope": scope,
        "reports": [(report, rows[:SHOWN_ROWS], len(rows) > SHOWN_ROWS) for report, rows in shown],
        "query": request.GET.urlencode(),
        "is_rso": scope_for(request.user).role == Role.RSO,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "nominations/coordination/reports.html", context, status=status)


@login_required
@never_cache
def export(request, report, fmt):
    _allowed(request)
    if report not in REPORTS or fmt not in exports.CONTENT_TYPES:
        raise Http404
    _form, scope = period_and_member(request)
    chosen = REPORTS[report]
    who = scope.member.code if scope.member else "all"
    filename = f"{chosen.slug}-{who}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}"
    rows = chosen.rows(scope)
    if fmt == "csv":
        return exports.csv_response(filename, chosen.headings, rows)
    return exports.xlsx_response(filename, chosen.title, chosen.headings, rows)
