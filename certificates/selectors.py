"""Reads of certificates: public verification by code, and scoped lists."""

import re

from training_hub.scopes import scope_for

from .models import CODE_ALPHABET, Certificate

_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")


def normalise_code(text):
    """Accept the code as people type it: any case, spaces or no dashes."""
    compact = re.sub(r"[\s-]", "", text or "").upper()
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}" if len(compact) == 12 else compact


def certificate_by_code(code):
    """The certificate with this code, or None; the code is public, nothing else is needed."""
    code = normalise_code(code)
    if not _CODE_RE.match(code):
        return None
    return Certificate.objects.filter(code=code).first()


def certificates_visible_to(user):
    return scope_for(user).restrict(
        Certificate.objects.select_related("trainee__member"),
        member="trainee__member",
        person="trainee",
    )
