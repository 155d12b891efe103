"""The Django project: settings, URLs, the home page, members (states and organisations),
users, roles and scopes, the portal and the site chrome.

Imports no other app, except in the project's wiring (urls.py, settings, management commands,
the demo loader). Apps add their portal panels through `portal.PORTAL_PANELS_HOOK`.
"""

from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class TrainingHubConfig(AppConfig):
    name = "training_hub"
    verbose_name = "Training Hub"
    default = True

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.images import get_image_model

        from .context_processors import forget_identity
        from .models import HomePage, SiteIdentity
        from .signals import ensure_role_groups, home_translated

        post_migrate.connect(ensure_role_groups, sender=self)
        post_save.connect(home_translated, sender=HomePage, dispatch_uid="home_translated")
        # The identity's logo is an image: its rendition's URL changes with the image.
        for model in (SiteIdentity, get_image_model()):
            post_save.connect(forget_identity, sender=model, dispatch_uid=f"identity_{model}")
            post_delete.connect(forget_identity, sender=model, dispatch_uid=f"identity-{model}")


class TrainingHubUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with our role, member and centre fields."""

    user_viewset = "training_hub.viewsets.UserViewSet"
