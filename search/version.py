"""The catalogue's version: pages and labels built from search results (the anonymous
catalogue, the facets' names) are cached under it, and every change that reaches the index
raises it, so they are built again at once in this process; other processes' caches expire
by their own timeout."""

from django.core.cache import cache

VERSION_KEY = "search:catalogue-version"


def catalogue_version():
    return cache.get_or_set(VERSION_KEY, 1, None)


def catalogue_changed():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
