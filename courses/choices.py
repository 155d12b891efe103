"""Fixed vocabularies of the catalogue, and which session status may follow which."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """The four pillars of the RSO work plan."""

    EARLY_DETECTION = "early_detection", _("Early detection")
    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    MIGRATION_MANAGEMENT = "migration_management", _("Migration management")


class Level(models.TextChoices):
    FOUNDATION = "foundation", _("Foundation")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    TRAINER = "trainer", _("Train-the-trainer")


class DeliveryMode(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for nominations")
    CLOSED = "closed", _("Nominations closed")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class FundingStatus(models.TextChoices):
    FUNDED = "funded", _("Funded")
    PARTIAL = "partial", _("Partially funded")
    NOT_FUNDED = "not_funded", _("Not funded")


def funding_status_for(*, needed, covered):
    """The funding status of a session or a training need: what it costs (`needed`) against
    what donors' allocations cover (`covered`), both in the same currency. Nothing to pay
    (no cost per participant: "the cost is covered") is funded."""
    if needed <= 0 or covered >= needed:
        return FundingStatus.FUNDED
    if covered > 0:
        return FundingStatus.PARTIAL
    return FundingStatus.NOT_FUNDED


S = SessionStatus
# Which status a session may move to from each status (staying put is always allowed).
SESSION_TRANSITIONS = {
    S.PLANNED: {S.OPEN, S.CANCELLED},
    S.OPEN: {S.CLOSED, S.CANCELLED},
    S.CLOSED: {S.OPEN, S.RUNNING, S.CANCELLED},
    S.RUNNING: {S.COMPLETED, S.CANCELLED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}
