"""Fixed vocabularies of the catalogue, and which session status may follow which."""

from django.db import models


class Theme(models.TextChoices):
    """The four pillars of the RSO work plan."""

    EARLY_DETECTION = "early_detection", "Early detection"
    PREVENTION = "prevention", "Prevention"
    PROTECTION = "protection", "Protection"
    MIGRATION_MANAGEMENT = "migration_management", "Migration management"


class Level(models.TextChoices):
    FOUNDATION = "foundation", "Foundation"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    TRAINER = "trainer", "Train-the-trainer"


class DeliveryMode(models.TextChoices):
    RESIDENTIAL = "residential", "Residential"
    ONLINE = "online", "Online"
    BLENDED = "blended", "Blended"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open for nominations"
    CLOSED = "closed", "Nominations closed"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class FundingStatus(models.TextChoices):
    FUNDED = "funded", "Funded"
    PARTIAL = "partial", "Partially funded"
    NOT_FUNDED = "not_funded", "Not funded"


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
