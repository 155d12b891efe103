"""The test suite: fast hashing, mail kept in memory, SQLite unless DATABASE_URL is given."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_VERBOSE = False
# The catalogue searches the database unless a test asks for the node (tests/search_index.py):
# the suite's other tests must not depend on an index they did not build.
ELASTICSEARCH_URL = None
TRAINING_HUB_SEARCH_INDEX_PREFIX = "test_training_hub_"
