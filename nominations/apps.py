"""Training needs and nominations of officials to sessions: the workflow, quotas, waitlists
and notifications.

May import `training_hub` and `courses`; `certificates` imports it.
"""

from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
