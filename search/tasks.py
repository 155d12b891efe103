"""Background work of the search: keeping the course index in step with the database.

Enqueued after the transaction that changed the data has committed (`receivers.py`), so a
rolled-back save never reaches the index. Arguments are plain ids, as a task queue stores
them."""

from django_tasks import task


@task()
def sync_courses(course_ids):
    """Index these courses as they are now (deleting those no longer public)."""
    from . import indexing

    indexing.sync_courses(course_ids)
    return len(course_ids)


@task()
def apply_synonyms():
    """Give the live index the acronyms as the RSO left them."""
    from . import indexing

    indexing.apply_synonyms()
