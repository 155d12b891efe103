"""Public pages of sessions."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .selectors import public_sessions


def session_detail(request, pk):
    """One session: dates at the venue, seats, quotas and whether nominations are open now."""
    session = get_object_or_404(public_sessions().prefetch_related("quotas__member"), pk=pk)
    now = timezone.now()
    return render(
        request,
        "courses/session_detail.html",
        {
            "session": session,
            "course": session.course,
            "open_now": session.is_open_for_nominations(now),
            "quotas": sorted(session.quotas.all(), key=lambda q: q.member.name),
        },
    )
