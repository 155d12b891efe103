"""Scoped reads of centres."""

from training_hub.scopes import scope_for

from .models import CentrePage


def centres_managed_by(user):
    """Centres `user` may manage: all for the RSO, their own for a director, none else."""
    return scope_for(user).restrict(
        CentrePage.objects.select_related("country").order_by("title"), centre="pk"
    )
