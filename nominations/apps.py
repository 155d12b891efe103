"""Training needs and nominations of officials to sessions: the workflow, quotas, waitlists
and notifications.

May import `training_hub` and `courses`; `certificates` imports it.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self):
        from . import receivers

        receivers.connect()
