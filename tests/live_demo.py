"""The demo site for a module of browser tests: the demo data loaded once and served by a
live server of the module's own, then the database put back as the migrations left it.

pytest-django's `live_server` makes each test transactional, and a transactional test
flushes the database when it ends: the demo (ten seconds to load) would have to be loaded
again for every test. Here the module's tests share it instead, and write only what each
one needs on top of it (their own sessions, officials and nominations)."""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX


def _snapshot_migrated():
    """What `_back_to_migrated` restores. pytest-django serializes it only when a collected
    test asks for serialized rollbacks; when none does, nothing has flushed the database yet
    and it still holds what the migrations made."""
    for alias in connections:
        connection = connections[alias]
        if getattr(connection, "_test_serialized_contents", None) is None:
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


def _back_to_migrated():
    """Flush every test database and restore the rows the migrations made (members, the
    root pages, content types): the state a serialized-rollback test starts from."""
    for alias in connections:
        connection = connections[alias]
        call_command(
            "flush",
            database=alias,
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,
            verbosity=0,
        )
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@contextmanager
def _test_databases():
    """pytest-django makes the test databases only when a collected test is marked for the
    database; these tests are not (they share one per module), so a run of them alone gets
    its own here. Never the configured database: the demo would replace its rows."""
    from django.test.utils import setup_databases, teardown_databases

    def missing():
        # Once set up, a server database's NAME is the test name itself ("test_<name>"), which
        # `_get_test_db_name()` would prefix again; SQLite's in-memory name stays the same.
        return {
            alias
            for alias in connections
            if connections[alias].settings_dict["NAME"]
            != connections[alias].creation._get_test_db_name()
            and not str(connections[alias].settings_dict["NAME"]).startswith(TEST_DATABASE_PREFIX)
        }

    aliases = missing()
    old_config = (
        setup_databases(verbosity=0, interactive=False, aliases=aliases) if aliases else None
    )
    assert not missing(), f"not a test database: {missing()}"
    try:
        yield
    finally:
        if old_config is not None:
            teardown_databases(old_config, verbosity=0)


@contextmanager
def demo_server(django_db_blocker):
    """Yields a started live server over the demo data; the database is open to the tests
    while it runs."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), _test_databases():
        _snapshot_migrated()
        _back_to_migrated()
        call_command("load_demo_data", verbosity=0, stdout=io.StringIO())
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            _back_to_migrated()
