"""Path converters every app's URLs use; registered once, by importing this module."""

from django.urls import register_converter


class IdConverter:
    """A database id: like <int:>, but at most 18 digits, so it always fits a 64-bit column.

    A longer number does not match the route (a 404), instead of reaching the database
    as an integer it cannot hold (an OverflowError, a 500).
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
