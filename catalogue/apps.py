from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """Centres of excellence, course pages and the public catalogue."""

    name = "catalogue"

    def ready(self):
        from . import signals

        signals.connect()
