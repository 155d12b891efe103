from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Curricula and modules, sessions (offerings) and their iCalendar feeds."""

    name = "courses"
