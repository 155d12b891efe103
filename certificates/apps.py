from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """Attendance and results, certificates and their public verification."""

    name = "certificates"
