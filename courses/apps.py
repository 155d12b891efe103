"""The domain core: centres of excellence, curricula and modules, course pages, sessions and
quotas, their transitions and write services, and the iCalendar builder.

May import `training_hub` only. Apps above it (nominations, certificates, search, catalogue)
import it and listen to `courses.signals`; it never imports them.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.db.models.signals import post_migrate, post_save
        from wagtail.signals import page_published

        from training_hub.signals import user_scope_changed

        from . import services, setup, signals
        from .models import CentreIndexPage, CentrePage

        signals.connect()
        # A new cost per participant changes what its sessions need, hence their funding.
        page_published.connect(
            services.course_published_refresh_funding,
            sender=self.get_model("CoursePage"),
            dispatch_uid="course_funding",
        )
        post_migrate.connect(setup.ensure_course_pages, sender=self)
        user_scope_changed.connect(setup.sync_director_groups, dispatch_uid="director_groups")
        for model in (CentreIndexPage, CentrePage):
            uid = f"translated_{model.__name__}"
            post_save.connect(setup.page_translated, sender=model, dispatch_uid=uid)
