"""Certificates: templates, PDFs, signing, public verification and revocation.

May import `training_hub`, `courses` and `nominations`; nothing imports it.
"""

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
