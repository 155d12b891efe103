"""Writes on officials, training needs and nominations (shared/STYLE.md: views, admin
actions and commands only call these)."""

from .common import LOG_ACTIONS as NOMINATION_LOG_ACTIONS
from .common import acting_member, nomination_action
from .funding import (
    FUNDING_LOG_ACTIONS,
    allocation_create,
    allocation_release,
    donor_create,
    pledge_create,
    rate_record,
)
from .matching import MATCHING_LOG_ACTIONS, need_link
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

LOG_ACTIONS = {**NOMINATION_LOG_ACTIONS, **FUNDING_LOG_ACTIONS, **MATCHING_LOG_ACTIONS}

__all__ = [
    "allocation_create",
    "allocation_release",
    "donor_create",
    "need_link",
    "pledge_create",
    "rate_record",
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
