"""Local development: SQLite and database search by default, debug on."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
