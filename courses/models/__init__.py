"""The course domain's models: vocabularies, pages (centres, curricula, courses), sessions."""

from .pages import (
    CentreIndexPage,
    CentrePage,
    CourseModule,
    CoursePage,
    CurriculumIndexPage,
    CurriculumPage,
    Module,
    PublishedQuerySet,
)
from .sessions import Session, SessionQuerySet, SessionQuota, open_for_nominations_q
from .vocabularies import TIME_ZONE_CHOICES, TIME_ZONES, Language, Topic

__all__ = [
    "TIME_ZONES",
    "TIME_ZONE_CHOICES",
    "CentreIndexPage",
    "CentrePage",
    "CourseModule",
    "CoursePage",
    "CurriculumIndexPage",
    "CurriculumPage",
    "Language",
    "Module",
    "PublishedQuerySet",
    "Session",
    "SessionQuerySet",
    "SessionQuota",
    "Topic",
    "open_for_nominations_q",
]
