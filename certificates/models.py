import secrets

from django.conf import settings
from django.db import models

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_certificate_code():
    """A 12-character code, grouped for reading aloud: XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """Proof that a trainee completed a training; anyone can verify it by its code."""

    code = models.CharField(max_length=14, unique=True, default=new_certificate_code)
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    name_on_certificate = models.CharField(max_length=200)
    training_title = models.CharField(max_length=255)
    centre_name = models.CharField(max_length=255)
    issued_on = models.DateField()
    revoked_on = models.DateField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-issued_on", "code"]

    def __str__(self):
        return f"{self.code} — {self.name_on_certificate}"

    @property
    def is_revoked(self):
        return self.revoked_on is not None
