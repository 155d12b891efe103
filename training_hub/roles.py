"""The roles a user can hold; each decides the scope of every query the user makes."""

from django.db import models


class Role(models.TextChoices):
    RSO = "rso", "RSO coordinator"
    DIRECTOR = "director", "Training director"
    FOCAL_POINT = "focal_point", "National focal point"
    TRAINEE = "trainee", "Trainee"


# Roles that work in the Wagtail admin (record-level scoping applies there too); focal
# points and trainees only use the front-end portal.
ADMIN_GROUPS = {
    Role.RSO: "RSO coordinators",
    Role.DIRECTOR: "Training directors",
}
