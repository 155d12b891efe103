"""What every template of the site and the admin may read: the mechanism's identity."""

from django.core.cache import cache
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject

from .models import SiteIdentity

DEFAULT_LOGO = "training_hub/emblem.svg"
CACHE_KEY = "training_hub:identity"


class Identity:
    """The site identity with the logo's URL (the built-in emblem when none is chosen)."""

    def __init__(self, identity):
        self.short_name = identity.short_name
        self.full_name = identity.full_name
        self.office = identity.office
        self.logo_url = (
            identity.logo.get_rendition("height-96").url if identity.logo else static(DEFAULT_LOGO)
        )


def current_identity():
    """Kept in the cache (every page reads it); a save of the identity or an image forgets it."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = Identity(SiteIdentity.load())
        cache.set(CACHE_KEY, found, None)
    return found


def forget_identity(**kwargs):
    cache.delete(CACHE_KEY)


def identity(request):
    return {"identity": SimpleLazyObject(current_identity)}
