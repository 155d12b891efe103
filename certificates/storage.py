"""Where issued PDFs are kept: a storage of their own (`STORAGES["certificates"]`), never
served as media; a PDF leaves only through the scoped download view."""

from django.core.files.storage import storages


def certificate_storage():
    return storages["certificates"]
