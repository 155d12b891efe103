from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class TrainingHubConfig(AppConfig):
    """The project app: members, users and roles, the home page and the site chrome."""

    name = "training_hub"
    verbose_name = "Training Hub"
    default = True

    def ready(self):
        from django.db.models.signals import post_migrate

        from .signals import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)


class TrainingHubUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with our role, member and centre fields."""

    user_viewset = "training_hub.viewsets.UserViewSet"
