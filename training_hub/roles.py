"""The roles a user can hold; each decides the scope of every query the user makes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RSO = "rso", _("RSO coordinator")
    DIRECTOR = "director", _("Training director")
    FOCAL_POINT = "focal_point", _("National focal point")
    TRAINEE = "trainee", _("Trainee")


# Roles that work in the Wagtail admin (record-level scoping applies there too); focal
# points and trainees only use the front-end portal.
ADMIN_GROUPS = {
    Role.RSO: "RSO coordinators",
    Role.DIRECTOR: "Training directors",
}
