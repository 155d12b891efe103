"""E-mails of the RSO's coordination to a member's focal points: their training need was
linked to a session or a course, or a donor's pledge now funds it. Sent by the tasks of
`tasks.py` after the transaction that caused them has committed, in each recipient's
language; only the focal points of the need's own member receive them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Allocation, TrainingNeed
from .money import money
from .notifications import Mail, _deliver, _site, focal_points_of

NEED_MATCHED = _("Your training need “%(title)s” is matched")
NEED_FUNDED = _("Funding for your training need “%(title)s”")


def _need(need_id):
    return (
        TrainingNeed.objects.select_related(
            "member", "matched_session__course__centre", "matched_course__centre"
        )
        .filter(pk=need_id)
        .first()
    )


def _send(need, subject, template, context):
    sent = 0
    for focal in focal_points_of(need.member_id):
        mail = Mail(focal, focal.email, subject, {"title": need.title})
        context = {
            **context,
            "need": need,
            "needs_url": _site(reverse("nominations:needs")),
            "session_url": _site(reverse("session_detail", args=[need.matched_session_id]))
            if need.matched_session_id
            else "",
        }
        sent += _deliver(mail, template, context)
    return sent


def send_need_matched(need_id):
    need = _need(need_id)
    if need is None or need.priced_by is None:
        return 0
    return _send(need, NEED_MATCHED, "need_matched", {})


def send_need_funded(allocation_id):
    allocation = (
        Allocation.objects.select_related("pledge__donor__member").filter(pk=allocation_id).first()
    )
    if allocation is None or allocation.need_id is None:
        return 0
    need = _need(allocation.need_id)
    context = {
        "allocation": allocation,
        "donor": str(allocation.pledge.donor),
        "covered": money(allocation.covered, allocation.covered_currency),
        "status": need.get_funding_status_display(),
    }
    return _send(need, NEED_FUNDED, "need_funded", context)
