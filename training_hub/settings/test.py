"""The test suite: fast hashing, mail kept in memory, SQLite unless DATABASE_URL is given."""

import atexit
import shutil
import tempfile
from pathlib import Path

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
# Issued PDFs of the suite go to a folder of this run, removed when it ends.
TRAINING_HUB_PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="training-hub-test-private-"))
atexit.register(shutil.rmtree, TRAINING_HUB_PRIVATE_MEDIA_ROOT, True)
STORAGES = {
    **STORAGES,  # noqa: F405
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(TRAINING_HUB_PRIVATE_MEDIA_ROOT), "base_url": None},
    },
}
