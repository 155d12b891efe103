"""Writes on centres of excellence."""

from django.db import transaction

from .models import CentreIndexPage, CentrePage


@transaction.atomic
def centre_create(*, user, title, slug, country, city, time_zone, acronym="", description=""):
    """Create and publish a centre page under the centres index.

    Side effects: adds the page, saves a revision by `user` and publishes it.
    """
    index = CentreIndexPage.objects.get()
    centre = CentrePage(
        title=title,
        slug=slug,
        acronym=acronym,
        country=country,
        city=city,
        time_zone=time_zone,
        description=description,
    )
    centre.full_clean(exclude=["path", "depth"])
    index.add_child(instance=centre)
    centre.save_revision(user=user).publish(user=user)
    return centre
