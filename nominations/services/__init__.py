"""Writes on officials, training needs and nominations (shared/STYLE.md: views, admin
actions and commands only call these)."""

from .common import LOG_ACTIONS, acting_member, nomination_action
from .needs import need_create, need_transition, need_update
from .nominations import (
    nomination_create,
    nomination_resend_link,
    nomination_transition,
    nominations_rank,
    nominations_submit_drafts,
    quota_used,
    seats_taken,
    session_fill_from_waitlist,
    session_release_cancelled,
    status_counts,
)
from .officials import official_register, official_reset_calendar_token, official_update

__all__ = [
    "LOG_ACTIONS",
    "acting_member",
    "need_create",
    "need_transition",
    "need_update",
    "nomination_action",
    "nomination_create",
    "nomination_resend_link",
    "nomination_transition",
    "nominations_rank",
    "nominations_submit_drafts",
    "official_register",
    "official_reset_calendar_token",
    "official_update",
    "quota_used",
    "seats_taken",
    "session_fill_from_waitlist",
    "session_release_cancelled",
    "status_counts",
]
