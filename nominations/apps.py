from django.apps import AppConfig


class NominationsConfig(AppConfig):
    """Training needs and nominations of officials to sessions."""

    name = "nominations"
